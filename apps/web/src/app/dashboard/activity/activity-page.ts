import { ChangeDetectionStrategy, Component, DestroyRef, afterNextRender, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { type ActivityEntity, type ActivityEntry, type BoardColumn } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { PageMeta } from '../../core/page-meta';
import { DashboardApi } from '../shared/dashboard-api';
import { WorkspaceContext } from '../shared/workspace-context';
import { WorkspaceEvents } from '../shared/workspace-events';
import { ENTITY_FILTER_LABELS, activityLine, formatDateTime } from './activity-format';

const ENTITY_TYPES = Object.keys(ENTITY_FILTER_LABELS) as ActivityEntity[];

/**
 * `/app/:ws/aktivitet?typ=` — the activity log, newest first: when, who,
 * what, and every field change old → new. Readable by auditors (every role).
 */
@Component({
  selector: 'lg-activity-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './activity-page.css',
  template: `
    <h1>Aktivitet</h1>
    <p class="hint">Alla ändringar i arbetsytan: vem som ändrade vad och när, med det gamla och det nya värdet.</p>
    <div class="field type-filter">
      <label for="aktivitet-typ">Visa</label>
      <select id="aktivitet-typ" (change)="setType($event)">
        <option value="" [selected]="!type()">Allt</option>
        @for (t of types; track t) {
          <option [value]="t" [selected]="type() === t">{{ typeLabels[t] }}</option>
        }
      </select>
    </div>
    @if (error()) {
      <p class="notice" role="alert">{{ error() }}</p>
    }
    @if (loading() && entries().length === 0) {
      <p class="loading" role="status">Hämtar aktivitet …</p>
    } @else if (entries().length === 0 && !error()) {
      <p>Ingen aktivitet ännu.</p>
    } @else {
      <div class="table-scroll">
        <table class="activity">
          <caption class="visually-hidden">Aktivitetslogg, senaste först</caption>
          <thead>
            <tr>
              <th scope="col">När</th>
              <th scope="col">Vem</th>
              <th scope="col">Vad</th>
              <th scope="col">Ändringar</th>
            </tr>
          </thead>
          <tbody>
            @for (line of lines(); track line.id) {
              <tr>
                <td class="nowrap when"><time [attr.datetime]="line.at">{{ formatDateTime(line.at) }}</time></td>
                <td data-label="Vem">{{ line.who }}</td>
                <td data-label="Vad">
                  {{ line.what }}
                  @if (line.subject) {
                    <span class="subject">”{{ line.subject }}”</span>
                  }
                </td>
                <td data-label="Ändringar">
                  @if (line.changes.length > 0) {
                    <ul class="changes">
                      @for (c of line.changes; track c.field) {
                        <li>
                          <span class="field-name">{{ c.label }}: </span><span class="from">{{ c.from }}</span
                          ><span aria-hidden="true"> → </span><span class="visually-hidden"> ändrades till </span>{{ c.to }}
                        </li>
                      }
                    </ul>
                  } @else {
                    <span class="muted">—</span>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (cursor()) {
        <button class="btn btn-secondary" type="button" (click)="load(false)" [disabled]="loading()">{{ loading() ? 'Hämtar …' : 'Visa äldre' }}</button>
      }
    }
  `,
})
export class ActivityPage {
  protected readonly types = ENTITY_TYPES;
  protected readonly typeLabels = ENTITY_FILTER_LABELS;
  protected readonly formatDateTime = formatDateTime;
  protected readonly entries = signal<ActivityEntry[]>([]);
  protected readonly cursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal('');
  private readonly columns = signal<BoardColumn[]>([]);

  private readonly context = inject(WorkspaceContext);
  private readonly api = inject(DashboardApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly query = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly type = computed(() => {
    const t = this.query().get('typ');
    return t && (ENTITY_TYPES as string[]).includes(t) ? (t as ActivityEntity) : null;
  });
  protected readonly lines = computed(() => {
    const columns = this.columns();
    const lookups = {
      memberName: (id: string) => this.context.memberName(id),
      columnName: (id: string) => columns.find((c) => c.id === id)?.name ?? null,
    };
    return this.entries().map((e) => activityLine(e, lookups));
  });
  private seq = 0;

  constructor() {
    inject(PageMeta).set({ title: 'Aktivitet', noindex: true });
    afterNextRender(() => {
      void this.load(true);
      this.api
        .board(this.context.id())
        .then((b) => this.columns.set(b.columns))
        .catch(() => undefined);
    });
    // New changes appear at the top while the page is open.
    const destroyRef = inject(DestroyRef);
    inject(WorkspaceEvents).on(() => this.scheduleRefresh(), destroyRef);
    destroyRef.onDestroy(() => {
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
    });
  }

  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refreshTop();
    }, 1000);
  }

  protected setType(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    void this.router.navigate([], { relativeTo: this.route, queryParams: { typ: value || null }, replaceUrl: true }).then(() => this.load(true));
  }

  /** Adds entries newer than the ones shown, keeping older pages already loaded. */
  private async refreshTop(): Promise<void> {
    const seq = this.seq;
    try {
      const type = this.type();
      const page = await this.api.activity(this.context.id(), { ...(type ? { entityType: type } : {}), limit: 50 });
      if (seq !== this.seq) return;
      this.entries.update((list) => [...page.items.filter((e) => !list.some((x) => x.id === e.id)), ...list]);
    } catch {
      // The next change tries again.
    }
  }

  protected async load(reset: boolean): Promise<void> {
    const seq = ++this.seq;
    this.loading.set(true);
    try {
      const type = this.type();
      const page = await this.api.activity(this.context.id(), { ...(type ? { entityType: type } : {}), cursor: reset ? null : this.cursor(), limit: 50 });
      if (seq !== this.seq) return;
      this.entries.update((list) => (reset ? page.items : [...list, ...page.items.filter((e) => !list.some((x) => x.id === e.id))]));
      this.cursor.set(page.nextCursor);
      this.error.set('');
    } catch (error) {
      if (seq === this.seq) this.error.set(problemText(toProblem(error)));
    } finally {
      if (seq === this.seq) this.loading.set(false);
    }
  }
}
