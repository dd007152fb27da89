import { ChangeDetectionStrategy, Component, ElementRef, Injector, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { RegisterInputSchema } from '@laglig/contracts';
import { PageMeta } from '../core/page-meta';
import { problemFrom, problemText, toProblem } from './api-problem';
import { focusFirstInvalid } from './focus';
import { safeReturnUrl } from './safe-return';
import { Session } from './session';

type Field = 'displayName' | 'email' | 'password';

/**
 * `/registrera` — name, e-mail, password. The API answers 202 whether or not
 * the address was free (no account enumeration); the page then tries to log
 * in with what was typed and continues to `till` (or /app).
 */
@Component({
  selector: 'lg-register-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  styleUrl: './account.css',
  template: `
    <h1>Skapa konto</h1>
    @if (done()) {
      <p class="success" role="status">{{ done() }}</p>
      <p><a routerLink="/logga-in" [queryParams]="till() ? { till: till() } : {}">Logga in</a></p>
    } @else {
      <p class="hint">Med ett konto kan du skapa en arbetsyta för ditt företag och bjuda in kollegor och revisorer.</p>
      <form novalidate (submit)="submit($event, name.value, email.value, password.value)">
        <div class="field">
          <label for="konto-namn">Ditt namn</label>
          <input
            #name
            id="konto-namn"
            name="displayName"
            autocomplete="name"
            required
            maxlength="100"
            [attr.aria-invalid]="errors().displayName ? 'true' : null"
            [attr.aria-describedby]="errors().displayName ? 'konto-namn-fel' : null"
          />
          @if (errors().displayName) {
            <p id="konto-namn-fel" class="field-error">{{ errors().displayName }}</p>
          }
        </div>
        <div class="field">
          <label for="konto-epost">E-postadress</label>
          <input
            #email
            id="konto-epost"
            name="email"
            type="email"
            inputmode="email"
            autocomplete="email"
            required
            [attr.aria-invalid]="errors().email ? 'true' : null"
            [attr.aria-describedby]="errors().email ? 'konto-epost-fel' : null"
          />
          @if (errors().email) {
            <p id="konto-epost-fel" class="field-error">{{ errors().email }}</p>
          }
        </div>
        <div class="field">
          <label for="konto-losenord">Lösenord</label>
          <input
            #password
            id="konto-losenord"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            minlength="10"
            [attr.aria-invalid]="errors().password ? 'true' : null"
            [attr.aria-describedby]="errors().password ? 'konto-losenord-hjalp konto-losenord-fel' : 'konto-losenord-hjalp'"
          />
          <p id="konto-losenord-hjalp" class="help">Minst 10 tecken. En lång fras är lättare att komma ihåg än krångliga tecken.</p>
          @if (errors().password) {
            <p id="konto-losenord-fel" class="field-error">{{ errors().password }}</p>
          }
        </div>
        @if (error()) {
          <p class="notice" role="alert">{{ error() }}</p>
        }
        <div class="actions">
          <button class="search-button" type="submit" [disabled]="busy()">{{ busy() ? 'Skapar konto …' : 'Skapa konto' }}</button>
        </div>
      </form>
      <p>Har du redan ett konto? <a routerLink="/logga-in" [queryParams]="till() ? { till: till() } : {}">Logga in</a></p>
    }
  `,
})
export class RegisterPage {
  readonly till = input<string>();

  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly errors = signal<Partial<Record<Field, string>>>({});
  protected readonly done = signal('');
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  constructor() {
    inject(PageMeta).set({ title: 'Skapa konto', noindex: true });
  }

  protected async submit(event: Event, displayName: string, email: string, password: string): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const parsed = RegisterInputSchema.safeParse({ displayName, email, password });
    if (!parsed.success) {
      const errors: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if ((key === 'displayName' || key === 'email' || key === 'password') && !errors[key]) errors[key] = issue.message;
      }
      this.errors.set(errors);
      this.error.set('Rätta de markerade fälten.');
      focusFirstInvalid(this.injector, this.host);
      return;
    }
    this.errors.set({});
    this.error.set('');
    this.busy.set(true);
    try {
      const response = await this.session.post('/api/v1/auth/register', { displayName: parsed.data.displayName, email: parsed.data.email, password });
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      if (!response.ok) {
        const problem = problemFrom(response.status, body);
        this.errors.set(problem.fieldErrors as Partial<Record<Field, string>>);
        this.error.set(problemText(problem));
        return;
      }
      const message = body?.message ?? 'Kontot är skapat. Vi har skickat ett e-postmeddelande med en länk för att bekräfta adressen.';
      try {
        await this.session.login(parsed.data.email, password);
        await this.router.navigateByUrl(safeReturnUrl(this.till()));
      } catch {
        this.done.set(message);
      }
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }
}
