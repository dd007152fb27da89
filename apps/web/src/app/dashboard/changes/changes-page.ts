import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { LAW_CHANGE_KIND_LABELS, SECTION_CHANGE_LABELS, type LawListSummary, type WorkspaceChange } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { focusAfterRender } from '../../account/focus';
import { changeHeading, sectionHref } from '../../changes/change-format';
import { PageMeta } from '../../core/page-meta';
import { lawPath } from '../../core/sfs-path';
import { formatDate, formatDateTime } from '../activity/activity-format';
import { DashboardApi } from '../shared/dashboard-api';
import { WorkspaceContext } from '../shared/workspace-context';
import { WorkspaceEvents } from '../shared/workspace-events';
import { type ChangeFilter, NO_CHANGE_FILTER, changeFilterFromQuery, changeFilterToApi, changeFilterToQuery, isChangeFilterActive, validateChangeFilter } from './changes-filters';

const PAGE_SIZE = 25;

/**
 * `/app/:ws/andringar?lista=&lag=&fran=&till=&typ=&kvitterad=` — "Lagändringar":
 * the changes to the workspace's laws, newest first, with the sections and
 * their summaries, the lists they touch, the requirements they flagged
 * "Behöver omprövas", a link to the diff, and "Kvittera" (with an optional
 * comment; not for auditors). New and acknowledged changes arrive live.
 */
@Component({
  selector: 'lg-changes-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  styleUrl: './changes-page.css',
  template: `
    <h1>Lagändringar</h1>
    <p class="hint">Ändringar i lagarna på arbetsytans laglistor. Kvittera en ändring när ni har gått igenom den; kvitteringen sparas i aktivitetsloggen.</p>

    <form class="filters change-filters" role="search" aria-label="Filtrera lagändringarna" novalidate (submit)="applyFilter($event)">
      <div class="field">
        <label for="andring-lista">Laglista</label>
        <select id="andring-lista" name="lista">
          <option value="" [selected]="filter().listId === ''">Alla laglistor</option>
          @for (l of lists(); track l.id) {
            <option [value]="l.id" [selected]="filter().listId === l.id">{{ l.name }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="andring-lag">Lag (SFS-nummer)</label>
        <input
          id="andring-lag"
          name="lag"
          inputmode="text"
          placeholder="t.ex. 1977:1160"
          maxlength="20"
          [value]="filter().sfs"
          [attr.aria-invalid]="filterErrors().lag ? 'true' : null"
          aria-describedby="andring-lag-fel"
        />
        <p id="andring-lag-fel" class="field-error">{{ filterErrors().lag }}</p>
      </div>
      <div class="field">
        <label for="andring-fran">Från och med</label>
        <input id="andring-fran" name="fran" type="date" [value]="filter().from" [attr.aria-invalid]="filterErrors().fran ? 'true' : null" aria-describedby="andring-fran-fel" />
        <p id="andring-fran-fel" class="field-error">{{ filterErrors().fran }}</p>
      </div>
      <div class="field">
        <label for="andring-till">Till och med</label>
        <input id="andring-till" name="till" type="date" [value]="filter().to" [attr.aria-invalid]="filterErrors().till ? 'true' : null" aria-describedby="andring-till-fel" />
        <p id="andring-till-fel" class="field-error">{{ filterErrors().till }}</p>
      </div>
      <div class="field">
        <label for="andring-typ">Typ</label>
        <select id="andring-typ" name="typ">
          <option value="" [selected]="filter().type === ''">Alla</option>
          <option value="vasentlig" [selected]="filter().type === 'vasentlig'">Väsentliga</option>
          <option value="redaktionell" [selected]="filter().type === 'redaktionell'">Redaktionella</option>
        </select>
      </div>
      <div class="field">
        <label for="andring-kvitterad">Kvittering</label>
        <select id="andring-kvitterad" name="kvitterad">
          <option value="" [selected]="filter().acknowledged === ''">Alla</option>
          <option value="nej" [selected]="filter().acknowledged === 'nej'">Ej kvitterade</option>
          <option value="ja" [selected]="filter().acknowledged === 'ja'">Kvitterade</option>
        </select>
      </div>
      <div class="btn-row">
        <button class="btn" type="submit">Visa</button>
        @if (filtered()) {
          <button class="btn btn-secondary" type="button" (click)="clearFilter()">Rensa filter</button>
        }
      </div>
    </form>

    <div aria-live="polite" class="messages">
      @if (message()) {
        <p class="success">{{ message() }}</p>
      }
    </div>
    @if (error()) {
      <p class="notice" role="alert">{{ error() }}</p>
    }

    @if (loading() && items().length === 0) {
      <p class="loading" role="status">Hämtar lagändringar …</p>
    } @else if (items().length === 0 && !error()) {
      <p>{{ filtered() ? 'Inga lagändringar matchar filtret.' : 'Inga lagändringar har berört arbetsytans laglistor ännu.' }}</p>
    } @else {
      <ol class="change-feed">
        @for (c of views(); track c.id) {
          <li class="change-card panel" [attr.data-change]="c.id" [class.is-acknowledged]="c.acknowledged">
            <article [attr.aria-labelledby]="'andring-' + c.id">
              <h2 class="change-title" [id]="'andring-' + c.id">
                <a [href]="c.lawHref">{{ c.title }}</a>: {{ c.heading }}
              </h2>
              <p class="change-tags">
                <span class="badge" [class.badge-substantive]="c.substantive" [class.badge-editorial]="!c.substantive">{{ c.substantive ? 'Väsentlig' : 'Redaktionell ändring' }}</span>
                <span class="badge" [class.badge-ack]="c.acknowledged" [class.badge-open]="!c.acknowledged">{{ c.acknowledged ? 'Kvitterad' : 'Ej kvitterad' }}</span>
                <span class="muted">{{ c.kindLabel }} · mottagen {{ c.received }}</span>
              </p>
              <dl class="change-facts">
                @if (c.inForce) {
                  <div><dt>Ikraftträdande</dt><dd>{{ c.inForce }}</dd></div>
                }
                @if (c.lists.length > 0) {
                  <div>
                    <dt>Laglistor</dt>
                    <dd>
                      @for (l of c.lists; track l.id; let last = $last) {
                        <a [routerLink]="['/app', context.id(), 'laglista']" [queryParams]="{ lista: l.id, lag: c.sfs }">{{ l.name }}</a>@if (!last) {, }
                      }
                    </dd>
                  </div>
                }
              </dl>
              @if (c.sections.length > 0) {
                <h3 class="change-sub">Ändrade paragrafer</h3>
                <ul class="change-sections">
                  @for (s of c.sections; track s.anchor + s.kind) {
                    <li>
                      @if (s.href) {
                        <a [href]="s.href">{{ s.label }}</a>
                      } @else {
                        <span>{{ s.label }}</span>
                      }
                      <span class="muted"> ({{ s.kindLabel }})</span>
                      @if (s.editorial) {
                        <span class="badge badge-editorial">Redaktionell</span>
                      }
                      @if (s.summary) {
                        <span> – {{ s.summary }}</span>
                      }
                    </li>
                  }
                </ul>
              }
              @if (c.flagged.length > 0) {
                <h3 class="change-sub">Krav som behöver omprövas</h3>
                <ul class="change-flagged">
                  @for (r of c.flagged; track r.id) {
                    <li><a [routerLink]="['/app', context.id(), 'krav', r.id]">{{ r.title }}</a></li>
                  }
                </ul>
              }
              <p class="change-links">
                @if (c.diffUrl) {
                  <a [href]="c.diffUrl">Se ändringarna i lagtexten</a>
                }
                @if (c.cardId) {
                  <a [routerLink]="['/app', context.id(), 'tavla']">Kortet på tavlan</a>
                }
              </p>
              @if (c.acknowledged) {
                <p class="change-ack">
                  Kvitterad av {{ c.acknowledgedBy }} {{ c.acknowledgedAt }}
                  @if (c.comment) {
                    <br /><span class="muted">Kommentar:</span> {{ c.comment }}
                  }
                </p>
              } @else if (context.canEdit()) {
                @if (acknowledging() === c.id) {
                  <form class="inline-form ack-form" novalidate (submit)="acknowledge($event, c.id, ackComment)">
                    <div class="field">
                      <label [for]="'kvittera-kommentar-' + c.id">Kommentar (valfritt)</label>
                      <textarea #ackComment [id]="'kvittera-kommentar-' + c.id" rows="2" maxlength="2000" [attr.aria-describedby]="'kvittera-fel-' + c.id"></textarea>
                      <p class="field-error" [id]="'kvittera-fel-' + c.id">{{ ackError() }}</p>
                    </div>
                    <button class="btn" type="submit" [disabled]="busy()">{{ busy() ? 'Kvitterar …' : 'Kvittera' }}</button>
                    <button class="btn btn-secondary" type="button" (click)="acknowledging.set(null)">Avbryt</button>
                  </form>
                } @else {
                  <p class="btn-row">
                    <button class="btn btn-secondary" type="button" (click)="openAcknowledge(c.id)">Kvittera</button>
                  </p>
                }
              }
            </article>
          </li>
        }
      </ol>
      @if (cursor()) {
        <button class="btn btn-secondary" type="button" (click)="load(false)" [disabled]="loading()">{{ loading() ? 'Hämtar …' : 'Visa äldre' }}</button>
      }
    }
  `,
})
export class ChangesPage {
  protected readonly context = inject(WorkspaceContext);
  protected readonly items = signal<WorkspaceChange[]>([]);
  protected readonly lists = signal<LawListSummary[]>([]);
  protected readonly cursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal('');
  protected readonly message = signal('');
  protected readonly filterErrors = signal<Partial<Record<'lag' | 'fran' | 'till', string>>>({});
  /** The change whose "Kvittera" form is open. */
  protected readonly acknowledging = signal<string | null>(null);
  protected readonly ackError = signal('');
  protected readonly busy = signal(false);

  private readonly api = inject(DashboardApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly query = toSignal(this.route.queryParamMap, { requireSync: true });
  private seq = 0;

  protected readonly filter = computed<ChangeFilter>(() => {
    const q = this.query();
    return changeFilterFromQuery({ lista: q.get('lista'), lag: q.get('lag'), fran: q.get('fran'), till: q.get('till'), typ: q.get('typ'), kvitterad: q.get('kvitterad') });
  });
  protected readonly filtered = computed(() => isChangeFilterActive(this.filter()));
  protected readonly views = computed(() => this.items().map((c) => feedItemView(c, (id) => this.context.memberName(id))));

  constructor() {
    inject(PageMeta).set({ title: 'Lagändringar', noindex: true });
    afterNextRender(() => {
      void this.load(true);
      this.api
        .lists(this.context.id())
        .then((r) => this.lists.set(r.items))
        .catch(() => undefined);
    });
    const destroyRef = inject(DestroyRef);
    const events = inject(WorkspaceEvents);
    events.on((event) => {
      if (event.type === 'change.acknowledged') this.replace(event.data as WorkspaceChange | null);
      else if (event.type === 'change.received') this.scheduleRefresh();
    }, destroyRef);
    events.onReady((reconnected) => {
      if (reconnected) void this.load(true);
    }, destroyRef);
    destroyRef.onDestroy(() => {
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
    });
  }

  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  /** Several changes arrive together after a sync: one reload for the burst. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refreshTop();
    }, 1000);
  }

  private replace(change: WorkspaceChange | null): void {
    if (!change || typeof change.id !== 'string') return;
    this.items.update((list) => list.map((c) => (c.id === change.id ? change : c)));
  }

  /** Adds changes newer than the ones shown (filter applied by the server). */
  private async refreshTop(): Promise<void> {
    const seq = this.seq;
    try {
      const page = await this.api.changes(this.context.id(), changeFilterToApi(this.filter()), null, PAGE_SIZE);
      if (seq !== this.seq) return;
      this.items.update((list) => {
        const fresh = page.items.filter((c) => !list.some((x) => x.id === c.id));
        return [...fresh, ...list.map((c) => page.items.find((x) => x.id === c.id) ?? c)];
      });
    } catch {
      // The next event tries again.
    }
  }

  protected async load(reset: boolean): Promise<void> {
    const seq = ++this.seq;
    this.loading.set(true);
    try {
      const page = await this.api.changes(this.context.id(), changeFilterToApi(this.filter()), reset ? null : this.cursor(), PAGE_SIZE);
      if (seq !== this.seq) return;
      this.items.update((list) => (reset ? page.items : [...list, ...page.items.filter((c) => !list.some((x) => x.id === c.id))]));
      this.cursor.set(page.nextCursor);
      this.error.set('');
    } catch (error) {
      if (seq === this.seq) this.error.set(problemText(toProblem(error)));
    } finally {
      if (seq === this.seq) this.loading.set(false);
    }
  }

  protected applyFilter(event: Event): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => {
      const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      return el?.value ?? '';
    };
    const typed: ChangeFilter = {
      listId: value('lista'),
      sfs: value('lag'),
      from: value('fran'),
      to: value('till'),
      type: value('typ') as ChangeFilter['type'],
      acknowledged: value('kvitterad') as ChangeFilter['acknowledged'],
    };
    const { filter, errors } = validateChangeFilter(typed);
    this.filterErrors.set(errors);
    const first = Object.keys(errors)[0];
    if (first) {
      (form.elements.namedItem(first) as HTMLElement | null)?.focus();
      return;
    }
    this.navigate(filter);
  }

  protected clearFilter(): void {
    this.filterErrors.set({});
    this.navigate(NO_CHANGE_FILTER);
  }

  private navigate(filter: ChangeFilter): void {
    void this.router
      .navigate([], { relativeTo: this.route, queryParams: changeFilterToQuery(filter), replaceUrl: true })
      .then(() => this.load(true));
  }

  protected openAcknowledge(id: string): void {
    this.acknowledging.set(id);
    this.ackError.set('');
    focusAfterRender(this.injector, this.host, `#kvittera-kommentar-${id}`);
  }

  protected async acknowledge(event: Event, id: string, commentInput: HTMLTextAreaElement): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.ackError.set('');
    const comment = commentInput.value.trim();
    try {
      const updated = await this.api.acknowledgeChange(this.context.id(), id, comment || null);
      this.replace(updated);
      this.acknowledging.set(null);
      this.message.set(`Lagändringen i ${updated.title} är kvitterad.`);
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status === 409) {
        const current = (problem.details as { current?: WorkspaceChange } | undefined)?.current;
        if (current) this.replace(current);
        else void this.load(true);
        this.acknowledging.set(null);
        this.error.set('');
        this.message.set(
          current?.acknowledgedBy ? `Ändringen har redan kvitterats av ${current.acknowledgedBy.name}.` : 'Ändringen har redan kvitterats av någon annan.',
        );
      } else {
        this.ackError.set(problemText(problem));
      }
    } finally {
      this.busy.set(false);
    }
  }
}

/** A feed item as the page shows it. */
export function feedItemView(c: WorkspaceChange, memberName: (id: string) => string | null = () => null) {
  return {
    id: c.id,
    sfs: c.sfs,
    title: c.title,
    heading: changeHeading(c),
    kindLabel: LAW_CHANGE_KIND_LABELS[c.kind],
    substantive: c.substantive,
    received: formatDate(c.receivedAt) ?? c.receivedAt,
    inForce: c.inForce ? formatDate(c.inForce) : null,
    lawHref: lawPath(c.sfs),
    lists: c.lists,
    sections: c.sections.map((s) => ({
      anchor: s.anchor,
      kind: s.kind,
      label: s.label,
      kindLabel: SECTION_CHANGE_LABELS[s.kind],
      editorial: s.editorial,
      summary: s.summary,
      href: s.kind === 'repealed' ? null : sectionHref(c.sfs, s.anchor),
    })),
    flagged: c.flaggedRequirements,
    diffUrl: c.diffUrl,
    cardId: c.cardId,
    acknowledged: c.acknowledgedAt !== null,
    acknowledgedBy: c.acknowledgedBy ? (memberName(c.acknowledgedBy.id) ?? c.acknowledgedBy.name) : 'okänd',
    acknowledgedAt: c.acknowledgedAt ? formatDateTime(c.acknowledgedAt) : '',
    comment: c.acknowledgeComment,
  };
}
