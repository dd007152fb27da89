import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PasswordSchema } from '@laglig/contracts';
import { PageMeta } from '../core/page-meta';
import { problemFrom, problemText, toProblem } from './api-problem';
import { Session } from './session';

/** `/aterstall-losenord?token=` — chooses a new password with the e-mailed token. */
@Component({
  selector: 'lg-reset-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  styleUrl: './account.css',
  template: `
    <h1>Välj nytt lösenord</h1>
    @if (!token()) {
      <p class="notice" role="alert">Länken saknar sin kod. Öppna länken i e-postmeddelandet igen, eller be om en ny.</p>
      <p><a routerLink="/glomt-losenord">Be om en ny länk</a></p>
    } @else if (done()) {
      <p class="success" role="status">Lösenordet är bytt. Logga in med ditt nya lösenord.</p>
      <p><a routerLink="/logga-in">Logga in</a></p>
    } @else {
      <form novalidate (submit)="submit($event, password.value, repeat.value)">
        <div class="field">
          <label for="nytt-losenord">Nytt lösenord</label>
          <input
            #password
            id="nytt-losenord"
            type="password"
            autocomplete="new-password"
            required
            minlength="10"
            [attr.aria-invalid]="passwordError() ? 'true' : null"
            [attr.aria-describedby]="passwordError() ? 'nytt-losenord-hjalp nytt-losenord-fel' : 'nytt-losenord-hjalp'"
          />
          <p id="nytt-losenord-hjalp" class="help">Minst 10 tecken.</p>
          @if (passwordError()) {
            <p id="nytt-losenord-fel" class="field-error">{{ passwordError() }}</p>
          }
        </div>
        <div class="field">
          <label for="upprepa-losenord">Upprepa lösenordet</label>
          <input
            #repeat
            id="upprepa-losenord"
            type="password"
            autocomplete="new-password"
            required
            [attr.aria-invalid]="repeatError() ? 'true' : null"
            [attr.aria-describedby]="repeatError() ? 'upprepa-losenord-fel' : null"
          />
          @if (repeatError()) {
            <p id="upprepa-losenord-fel" class="field-error">{{ repeatError() }}</p>
          }
        </div>
        @if (error()) {
          <p class="notice" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <button class="search-button" type="submit" [disabled]="busy()">Spara nytt lösenord</button>
        </div>
      </form>
    }
  `,
})
export class ResetPasswordPage {
  readonly token = input<string>();

  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly passwordError = signal('');
  protected readonly repeatError = signal('');
  protected readonly done = signal(false);
  private readonly session = inject(Session);

  constructor() {
    inject(PageMeta).set({ title: 'Välj nytt lösenord', noindex: true });
  }

  protected async submit(event: Event, password: string, repeat: string): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const parsed = PasswordSchema.safeParse(password);
    this.passwordError.set(parsed.success ? '' : (parsed.error.issues[0]?.message ?? 'Ogiltigt lösenord'));
    this.repeatError.set(parsed.success && password !== repeat ? 'Lösenorden är inte lika.' : '');
    if (this.passwordError() || this.repeatError()) return;
    this.busy.set(true);
    this.error.set('');
    try {
      const response = await this.session.post('/api/v1/auth/password-reset/confirm', { token: this.token(), password });
      if (!response.ok) {
        const problem = problemFrom(response.status, await response.json().catch(() => null));
        this.passwordError.set(problem.fieldErrors['password'] ?? '');
        this.error.set(problemText(problem));
        return;
      }
      this.done.set(true);
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }
}
