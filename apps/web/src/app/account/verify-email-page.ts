import { ChangeDetectionStrategy, Component, afterNextRender, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PageMeta } from '../core/page-meta';
import { problemFrom, problemText, toProblem } from './api-problem';
import { Session } from './session';

/** `/verifiera-epost?token=` — confirms the e-mail address as soon as the page opens. */
@Component({
  selector: 'lg-verify-email-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  styleUrl: './account.css',
  template: `
    <h1>Bekräfta e-postadress</h1>
    <div aria-live="polite">
      @switch (state()) {
        @case ('working') {
          <p class="loading">Bekräftar adressen …</p>
        }
        @case ('done') {
          <p class="success" role="status">Tack! Din e-postadress är bekräftad.</p>
          <p><a [routerLink]="session.signedIn() ? '/app' : '/logga-in'">{{ session.signedIn() ? 'Till dina arbetsytor' : 'Logga in' }}</a></p>
        }
        @case ('failed') {
          <p class="notice" role="alert">{{ error() }}</p>
          <p><a routerLink="/logga-in">Till inloggningen</a></p>
        }
      }
    </div>
  `,
})
export class VerifyEmailPage {
  readonly token = input<string>();

  protected readonly state = signal<'working' | 'done' | 'failed'>('working');
  protected readonly error = signal('');
  protected readonly session = inject(Session);

  constructor() {
    inject(PageMeta).set({ title: 'Bekräfta e-postadress', noindex: true });
    afterNextRender(() => void this.verify());
  }

  private async verify(): Promise<void> {
    const token = this.token();
    if (!token) {
      this.error.set('Länken saknar sin kod. Öppna länken i e-postmeddelandet igen.');
      this.state.set('failed');
      return;
    }
    try {
      const response = await this.session.post('/api/v1/auth/verify-email', { token });
      if (!response.ok) {
        this.error.set(problemText(problemFrom(response.status, await response.json().catch(() => null))));
        this.state.set('failed');
        return;
      }
      this.state.set('done');
      // The banner about an unconfirmed address disappears.
      if (await this.session.ensure()) await this.session.reloadProfile();
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
      this.state.set('failed');
    }
  }
}
