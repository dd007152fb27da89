import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { problemText, toProblem } from '../account/api-problem';
import { Session } from '../account/session';
import { PageMeta } from '../core/page-meta';
import { NotificationsApi } from './notifications-api';

/**
 * `/avregistrera?token=` — the unsubscribe link of every change mail. Opening
 * the page changes nothing (mail scanners open links); the visitor confirms
 * with the button, which POSTs the token. Rendered in the browser only.
 */
@Component({
  selector: 'lg-unsubscribe-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  styleUrl: '../account/account.css',
  template: `
    <h1>Avsluta e-post om lagändringar</h1>
    @if (!token()) {
      <p class="notice" role="alert">Länken saknar sin kod. Öppna länken i e-postmeddelandet igen.</p>
    } @else {
      <div aria-live="polite">
        @switch (state()) {
          @case ('done') {
            <p class="success" role="status">Klart! Du får inte längre e-post om lagändringar för {{ description() }}.</p>
            <p>
              Du kan slå på utskicken igen, eller välja hur ofta de kommer, under
              <a [routerLink]="session.signedIn() ? '/app' : '/logga-in'">Aviseringar i din arbetsyta</a>.
            </p>
          }
          @case ('failed') {
            <p class="notice" role="alert">{{ error() }}</p>
          }
        }
      </div>
      @if (state() !== 'done') {
        <p>Vill du sluta få e-post om ändringar i lagarna på din laglista? Bekräfta med knappen.</p>
        <div class="actions">
          <button class="search-button" type="button" (click)="confirm()" [disabled]="state() === 'working'">
            {{ state() === 'working' ? 'Avslutar …' : 'Avsluta utskicken' }}
          </button>
          <a routerLink="/">Nej, behåll dem</a>
        </div>
      }
    }
  `,
})
export class UnsubscribePage {
  /** From the query string (`withComponentInputBinding`). */
  readonly token = input<string>();

  protected readonly state = signal<'idle' | 'working' | 'done' | 'failed'>('idle');
  protected readonly description = signal('');
  protected readonly error = signal('');
  protected readonly session = inject(Session);
  private readonly api = inject(NotificationsApi);

  constructor() {
    inject(PageMeta).set({ title: 'Avsluta e-post om lagändringar', noindex: true });
  }

  protected async confirm(): Promise<void> {
    const token = this.token();
    if (!token || this.state() === 'working') return;
    this.state.set('working');
    try {
      const result = await this.api.unsubscribe(token);
      this.description.set(result.description);
      this.state.set('done');
    } catch (error) {
      const problem = toProblem(error);
      this.error.set(
        problem.status === 400 || problem.status === 404
          ? 'Länken är ogiltig eller för gammal. Ändra dina aviseringar när du är inloggad i stället.'
          : problemText(problem),
      );
      this.state.set('failed');
    }
  }
}
