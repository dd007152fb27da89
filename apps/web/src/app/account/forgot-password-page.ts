import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { EmailSchema } from '@laglig/contracts';
import { PageMeta } from '../core/page-meta';
import { problemFrom, problemText, toProblem } from './api-problem';
import { Session } from './session';

/** `/glomt-losenord` — asks for a reset link. The answer never tells whether the address has an account. */
@Component({
  selector: 'lg-forgot-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  styleUrl: './account.css',
  template: `
    <h1>Glömt lösenordet</h1>
    @if (sent()) {
      <p class="success" role="status">{{ sent() }}</p>
      <p><a routerLink="/logga-in">Till inloggningen</a></p>
    } @else {
      <p class="hint">Ange e-postadressen du loggar in med, så skickar vi en länk där du kan välja ett nytt lösenord.</p>
      <form novalidate (submit)="submit($event, email.value)">
        <div class="field">
          <label for="aterstall-epost">E-postadress</label>
          <input
            #email
            id="aterstall-epost"
            name="email"
            type="email"
            inputmode="email"
            autocomplete="email"
            required
            [attr.aria-invalid]="error() ? 'true' : null"
            [attr.aria-describedby]="error() ? 'aterstall-fel' : null"
          />
        </div>
        @if (error()) {
          <p id="aterstall-fel" class="notice" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <button class="search-button" type="submit" [disabled]="busy()">Skicka länk</button>
        </div>
      </form>
      <p><a routerLink="/logga-in">Tillbaka till inloggningen</a></p>
    }
  `,
})
export class ForgotPasswordPage {
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly sent = signal('');
  private readonly session = inject(Session);

  constructor() {
    inject(PageMeta).set({ title: 'Glömt lösenordet', noindex: true });
  }

  protected async submit(event: Event, email: string): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const parsed = EmailSchema.safeParse(email);
    if (!parsed.success) {
      this.error.set(parsed.error.issues[0]?.message ?? 'Ange en giltig e-postadress');
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      const response = await this.session.post('/api/v1/auth/password-reset', { email: parsed.data });
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      if (!response.ok) {
        this.error.set(problemText(problemFrom(response.status, body)));
        return;
      }
      this.sent.set(body?.message ?? 'Om adressen har ett konto hos oss har vi skickat en länk för att välja nytt lösenord. Länken gäller en begränsad tid.');
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }
}
