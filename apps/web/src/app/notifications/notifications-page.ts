import { ChangeDetectionStrategy, Component, afterNextRender, inject, signal } from '@angular/core';
import { DIGEST_FREQUENCIES, DIGEST_FREQUENCY_LABELS, type DigestFrequency, type NotificationPreferences } from '@laglig/contracts';
import { problemText, toProblem } from '../account/api-problem';
import { PageMeta } from '../core/page-meta';
import { DashboardApi } from '../dashboard/shared/dashboard-api';
import { WorkspaceContext } from '../dashboard/shared/workspace-context';
import { NotificationsApi } from './notifications-api';
import { type CriticalCandidate, type ListChoice, buildPreferencesUpdate, criticalCandidates, listChoices } from './preferences-form';

/**
 * `/app/:ws/installningar/aviseringar` — the signed-in user's own e-mail
 * settings for law changes: the default frequency, a frequency per law list
 * of this workspace, and critical laws (mailed at once). Every role may set
 * its own (auditors too): it changes nothing in the workspace.
 */
@Component({
  selector: 'lg-notifications-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Aviseringar</h1>
    <p class="hint">Hur ofta du får e-post om ändringar i lagarna på laglistorna. Inställningarna gäller bara dig.</p>

    @if (loadError()) {
      <p class="notice" role="alert">{{ loadError() }}</p>
    } @else if (!prefs()) {
      <p class="loading" role="status">Hämtar dina inställningar …</p>
    } @else {
      <form class="notification-form" novalidate (submit)="save($event)">
        <fieldset class="field panel">
          <legend>Standard för dina laglistor</legend>
          @for (f of frequencies; track f) {
            <label class="choice">
              <input type="radio" name="standard" [value]="f" [checked]="defaultFrequency() === f" (change)="defaultFrequency.set(f)" />
              {{ labels[f] }}
            </label>
          }
        </fieldset>

        @if (choices().length > 0) {
          <fieldset class="field panel">
            <legend>Per laglista i {{ context.workspace()?.name ?? 'arbetsytan' }}</legend>
            @for (c of choices(); track c.listId) {
              <div class="field">
                <label [for]="'lista-frekvens-' + c.listId">{{ c.name }}</label>
                <select [id]="'lista-frekvens-' + c.listId" (change)="setListFrequency(c.listId, $event)">
                  <option value="" [selected]="c.frequency === ''">Som standard ({{ labels[defaultFrequency()] }})</option>
                  @for (f of frequencies; track f) {
                    <option [value]="f" [selected]="c.frequency === f">{{ labels[f] }}</option>
                  }
                </select>
              </div>
            }
          </fieldset>
        }

        <fieldset class="field panel">
          <legend>Kritiska lagar</legend>
          <p class="help" id="kritiska-hjalp">
            En ändring i en kritisk lag mejlas direkt, hur ofta du än annars får e-post – utom när e-post är avstängd för listan.
          </p>
          @if (candidates().length === 0) {
            <p class="muted">Laglistorna i arbetsytan innehåller inga SFS-författningar ännu.</p>
          } @else {
            <ul class="plain-list critical-list" aria-describedby="kritiska-hjalp">
              @for (c of candidates(); track c.sfs) {
                <li>
                  <label class="choice">
                    <input type="checkbox" [checked]="critical().includes(c.sfs)" (change)="toggleCritical(c.sfs, $event)" />
                    {{ c.title }} <span class="muted">(SFS {{ c.sfs }})</span>
                  </label>
                </li>
              }
            </ul>
          }
        </fieldset>

        <div class="btn-row">
          <button class="btn" type="submit" [disabled]="saving()">{{ saving() ? 'Sparar …' : 'Spara' }}</button>
        </div>
        <div aria-live="polite">
          @if (message()) {
            <p class="success">{{ message() }}</p>
          }
        </div>
        @if (saveError()) {
          <p class="notice" role="alert">{{ saveError() }}</p>
        }
      </form>
    }
  `,
})
export class NotificationsPage {
  protected readonly context = inject(WorkspaceContext);
  protected readonly frequencies = DIGEST_FREQUENCIES;
  protected readonly labels = DIGEST_FREQUENCY_LABELS;

  protected readonly prefs = signal<NotificationPreferences | null>(null);
  protected readonly defaultFrequency = signal<DigestFrequency>('daily');
  protected readonly choices = signal<ListChoice[]>([]);
  protected readonly candidates = signal<CriticalCandidate[]>([]);
  protected readonly critical = signal<string[]>([]);
  protected readonly loadError = signal('');
  protected readonly saveError = signal('');
  protected readonly message = signal('');
  protected readonly saving = signal(false);

  private readonly api = inject(NotificationsApi);
  private readonly dashboard = inject(DashboardApi);

  constructor() {
    inject(PageMeta).set({ title: 'Aviseringar', noindex: true });
    afterNextRender(() => void this.load());
  }

  private async load(): Promise<void> {
    const ws = this.context.id();
    try {
      const [prefs, lists] = await Promise.all([this.api.preferences(), this.dashboard.lists(ws)]);
      const full = await Promise.all(lists.items.map((l) => this.dashboard.list(ws, l.id)));
      this.apply(prefs, lists.items);
      this.candidates.set(criticalCandidates(full));
    } catch (error) {
      this.loadError.set(problemText(toProblem(error)));
    }
  }

  private apply(prefs: NotificationPreferences, lists: ReadonlyArray<{ id: string; name: string }>): void {
    this.prefs.set(prefs);
    this.defaultFrequency.set(prefs.defaultFrequency);
    this.choices.set(listChoices(prefs, this.context.id(), lists));
    this.critical.set([...prefs.criticalSfs]);
  }

  protected setListFrequency(listId: string, event: Event): void {
    const value = (event.target as HTMLSelectElement).value as DigestFrequency | '';
    this.choices.update((list) => list.map((c) => (c.listId === listId ? { ...c, frequency: value } : c)));
  }

  protected toggleCritical(sfs: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.critical.update((list) => (on ? [...new Set([...list, sfs])] : list.filter((s) => s !== sfs)));
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const prefs = this.prefs();
    if (!prefs || this.saving()) return;
    this.saving.set(true);
    this.saveError.set('');
    this.message.set('');
    try {
      const update = buildPreferencesUpdate(prefs, this.context.id(), this.defaultFrequency(), this.choices(), this.candidates(), this.critical());
      const saved = await this.api.savePreferences(update);
      this.apply(saved, this.choices().map((c) => ({ id: c.listId, name: c.name })));
      this.message.set('Dina aviseringar är sparade.');
    } catch (error) {
      this.saveError.set(problemText(toProblem(error)));
    } finally {
      this.saving.set(false);
    }
  }
}
