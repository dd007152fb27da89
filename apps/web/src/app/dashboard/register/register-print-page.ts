import { ChangeDetectionStrategy, Component, afterNextRender, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { type CompanyProfile, type LawList, REQUIREMENT_STATUS_LABELS, type Requirement } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { PageMeta } from '../../core/page-meta';
import { formatDate, formatDateTime } from '../activity/activity-format';
import { DashboardApi } from '../shared/dashboard-api';
import { WorkspaceContext } from '../shared/workspace-context';
import { NO_FILTER, groupByLaw } from './register-filters';

/**
 * `/app/:ws/laglista/utskrift?lista=` — the register as an auditor expects it
 * on paper: company, list, date, then per law the reasons and every
 * requirement with Följer / Datum / Granskare / Kommentar / Åtgärd.
 */
@Component({
  selector: 'lg-register-print-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  styleUrl: './register-print-page.css',
  template: `
    <div class="print-tools">
      <a [routerLink]="['/app', context.id(), 'laglista']" [queryParams]="{ lista: listId() }">← Tillbaka till laglistan</a>
      <button class="btn" type="button" (click)="print()" [disabled]="!list()">Skriv ut</button>
    </div>
    @if (error()) {
      <p class="notice" role="alert">{{ error() }}</p>
    } @else if (!list()) {
      <p class="loading" role="status">Hämtar laglistan …</p>
    } @else {
      @let l = list()!;
      <header class="print-head">
        <h1>Laglista: {{ l.name }}</h1>
        <p>
          @if (profile(); as p) {
            <strong>{{ p.name }}</strong>, org.nr {{ p.orgNumber }}<br />
            SNI: {{ sniText() }} · {{ p.employees }} anställda<br />
          }
          Utskriven {{ printedAt }} · {{ requirements().length }} krav i {{ groups().length }} lagar
        </p>
      </header>
      <table class="print-table">
        <thead>
          <tr>
            <th scope="col">Område</th>
            <th scope="col">Lag</th>
            <th scope="col">Krav</th>
            <th scope="col">Ansvarig</th>
            <th scope="col">Följer</th>
            <th scope="col">Datum</th>
            <th scope="col">Granskare</th>
            <th scope="col">Kommentar</th>
            <th scope="col">Åtgärd</th>
          </tr>
        </thead>
        @for (g of groups(); track g.item.id) {
          <tbody>
            <tr class="print-law">
              <th scope="rowgroup" colspan="9">
                {{ g.item.title }} <span class="print-area">({{ g.item.area }})</span>
                <span class="print-reasons">Skäl: {{ g.item.reasons.join(' · ') }}</span>
              </th>
            </tr>
            @for (r of g.requirements; track r.id) {
              <tr>
                <td>{{ r.area }}</td>
                <td>{{ r.ref }}{{ r.sectionLabel ? ' ' + r.sectionLabel : '' }}</td>
                <td>{{ r.title }}</td>
                <td>{{ context.memberName(r.responsibleUserId) ?? r.responsibleName ?? '—' }}</td>
                <td>{{ r.status ? labels[r.status] : 'Ej bedömd' }}</td>
                <td class="nowrap">{{ r.assessedAt ? formatDate(r.assessedAt) : '—' }}</td>
                <td>{{ r.assessedBy ?? '—' }}</td>
                <td>{{ r.motivation ?? '' }}</td>
                <td>{{ r.action ?? '' }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="9">Inga krav registrerade.</td>
              </tr>
            }
          </tbody>
        }
      </table>
      @if (removed().length > 0) {
        <h2>Borttagna lagar</h2>
        <ul>
          @for (item of removed(); track item.id) {
            <li>{{ item.title }} – {{ item.removedReason ?? 'ingen motivering' }}</li>
          }
        </ul>
      }
    }
  `,
})
export class RegisterPrintPage {
  protected readonly context = inject(WorkspaceContext);
  protected readonly labels = REQUIREMENT_STATUS_LABELS;
  protected readonly formatDate = formatDate;
  protected readonly printedAt = formatDateTime(new Date().toISOString());
  protected readonly list = signal<LawList | null>(null);
  protected readonly requirements = signal<Requirement[]>([]);
  protected readonly profile = signal<CompanyProfile | null>(null);
  protected readonly error = signal('');

  private readonly api = inject(DashboardApi);
  private readonly query = toSignal(inject(ActivatedRoute).queryParamMap, { requireSync: true });
  protected readonly listId = computed(() => this.query().get('lista'));
  protected readonly groups = computed(() => groupByLaw(this.list()?.items ?? [], this.requirements(), NO_FILTER));
  protected readonly removed = computed(() => (this.list()?.items ?? []).filter((i) => i.status === 'removed'));
  protected readonly sniText = computed(() => (this.profile()?.sniCodes ?? []).map((s) => `${s.code} ${s.title}`).join(', '));

  constructor() {
    inject(PageMeta).set({ title: 'Laglista – utskrift', noindex: true });
    afterNextRender(() => void this.load());
  }

  private async load(): Promise<void> {
    const ws = this.context.id();
    try {
      const listId = this.listId() ?? (await this.api.lists(ws)).items[0]?.id;
      if (!listId) {
        this.error.set('Arbetsytan har ingen laglista ännu.');
        return;
      }
      const [list, requirements, profile] = await Promise.all([this.api.list(ws, listId), this.api.allRequirements(ws, { listId }), this.api.profile(ws)]);
      this.requirements.set(requirements);
      this.profile.set(profile.profile);
      this.list.set(list);
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    }
  }

  protected print(): void {
    globalThis.print?.();
  }
}
