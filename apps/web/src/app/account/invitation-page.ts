import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { PageMeta } from '../core/page-meta';
import { DashboardApi } from '../dashboard/shared/dashboard-api';
import { problemText, toProblem } from './api-problem';
import { Session } from './session';

/**
 * `/inbjudan?token=` — joins a workspace with the e-mailed token. The route
 * requires a session (the guard sends a visitor to log in or register first
 * and back here afterwards).
 */
@Component({
  selector: 'lg-invitation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  styleUrl: './account.css',
  template: `
    <h1>Inbjudan</h1>
    @if (!token()) {
      <p class="notice" role="alert">Länken saknar sin kod. Öppna länken i e-postmeddelandet igen.</p>
    } @else {
      <p>
        Du har bjudits in till en arbetsyta i Laglig. Du är inloggad som <strong>{{ session.user()?.email }}</strong>.
      </p>
      @if (error()) {
        <p class="notice" role="alert">{{ error() }}</p>
      }
      <div class="actions">
        <button class="search-button" type="button" (click)="accept()" [disabled]="busy()">{{ busy() ? 'Går med …' : 'Gå med i arbetsytan' }}</button>
        <a routerLink="/app">Inte nu</a>
      </div>
      <p class="help">Är inbjudan skickad till en annan adress? Logga ut och logga in med det kontot, eller skapa ett konto med den adressen.</p>
    }
  `,
})
export class InvitationPage {
  readonly token = input<string>();

  protected readonly session = inject(Session);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  private readonly api = inject(DashboardApi);
  private readonly router = inject(Router);

  constructor() {
    inject(PageMeta).set({ title: 'Inbjudan', noindex: true });
  }

  protected async accept(): Promise<void> {
    const token = this.token();
    if (!token || this.busy()) return;
    this.busy.set(true);
    this.error.set('');
    try {
      const workspace = await this.api.acceptInvitation(token);
      await this.session.reloadProfile();
      await this.router.navigate(['/app', workspace.id, 'laglista']);
    } catch (error) {
      this.error.set(problemText(toProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }
}
