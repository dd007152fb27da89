import { ChangeDetectionStrategy, Component, ElementRef, inject, input, signal, viewChild } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { PageMeta } from '../core/page-meta';
import { problemText, toProblem } from './api-problem';
import { safeReturnUrl } from './safe-return';
import { Session } from './session';

/** `/logga-in?till=` — e-mail and password; then back to where the visitor was going. */
@Component({
  selector: 'lg-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  styleUrl: './account.css',
  template: `
    <h1>Logga in</h1>
    <p class="hint">Logga in för att arbeta med företagets laglista, krav och tavla.</p>
    <form novalidate (submit)="submit($event)" aria-describedby="inloggning-fel">
      <div class="field">
        <label for="inloggning-epost">E-postadress</label>
        <input #email id="inloggning-epost" name="email" type="email" autocomplete="username" inputmode="email" required />
      </div>
      <div class="field">
        <label for="inloggning-losenord">Lösenord</label>
        <input #password id="inloggning-losenord" name="password" type="password" autocomplete="current-password" required />
      </div>
      <div id="inloggning-fel" aria-live="assertive">
        @if (error()) {
          <p class="notice" role="alert" tabindex="-1">{{ error() }}</p>
        }
      </div>
      <div class="actions">
        <button class="search-button" type="submit" [disabled]="busy()">{{ busy() ? 'Loggar in …' : 'Logga in' }}</button>
      </div>
    </form>
    <ul class="links">
      <li><a routerLink="/glomt-losenord">Glömt lösenordet?</a></li>
      <li>Inget konto? <a routerLink="/registrera" [queryParams]="till() ? { till: till() } : {}">Skapa ett konto</a></li>
    </ul>
  `,
})
export class LoginPage {
  /** Where to go afterwards (a path on this site). */
  readonly till = input<string>();

  protected readonly busy = signal(false);
  protected readonly error = signal('');
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly emailInput = viewChild.required<ElementRef<HTMLInputElement>>('email');
  private readonly passwordInput = viewChild.required<ElementRef<HTMLInputElement>>('password');

  constructor() {
    inject(PageMeta).set({ title: 'Logga in', noindex: true });
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const email = this.emailInput().nativeElement.value.trim();
    const password = this.passwordInput().nativeElement.value;
    if (!email || !password) {
      this.error.set('Ange e-postadress och lösenord.');
      (email ? this.passwordInput() : this.emailInput()).nativeElement.focus();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      await this.session.login(email, password);
      await this.router.navigateByUrl(safeReturnUrl(this.till()));
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
      this.passwordInput().nativeElement.value = '';
      this.passwordInput().nativeElement.focus();
    } finally {
      this.busy.set(false);
    }
  }
}
