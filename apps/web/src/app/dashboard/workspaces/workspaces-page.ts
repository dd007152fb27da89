import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, inject, signal, viewChild } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { WORKSPACE_ROLE_LABELS, type Workspace, WorkspaceNameSchema } from '@laglig/contracts';
import { problemText, toProblem } from '../../account/api-problem';
import { Session } from '../../account/session';
import { PageMeta } from '../../core/page-meta';
import { DashboardApi } from '../shared/dashboard-api';

/** `/app` — the user's workspaces, and a new one. */
@Component({
  selector: 'lg-workspaces-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <h1>Mina arbetsytor</h1>
    <p class="hint">En arbetsyta är ett företags laglista, krav och tavla, med de kollegor och revisorer ni bjuder in.</p>

    @if (loading()) {
      <p class="loading" role="status">Hämtar arbetsytor …</p>
    } @else if (loadError()) {
      <p class="notice" role="alert">{{ loadError() }}</p>
      <button class="btn btn-secondary" type="button" (click)="load()">Försök igen</button>
    } @else if (workspaces().length === 0) {
      <p>Du har ingen arbetsyta ännu. Skapa en för ditt företag nedan, eller öppna inbjudningslänken du fått via e-post.</p>
    } @else {
      <ul class="plain-list workspace-list">
        @for (ws of workspaces(); track ws.id) {
          <li>
            <a class="workspace-link" [routerLink]="['/app', ws.id, 'laglista']">{{ ws.name }}</a>
            <span class="muted"> – {{ roleLabel(ws) }}</span>
          </li>
        }
      </ul>
    }

    <section class="panel" aria-labelledby="ny-arbetsyta-rubrik">
      <h2 id="ny-arbetsyta-rubrik">Ny arbetsyta</h2>
      <form class="inline-form" novalidate (submit)="create($event)">
        <div class="field">
          <label for="ny-arbetsyta-namn">Företagets eller arbetsytans namn</label>
          <input
            #name
            id="ny-arbetsyta-namn"
            name="name"
            maxlength="120"
            autocomplete="organization"
            [attr.aria-invalid]="createError() ? 'true' : null"
            [attr.aria-describedby]="createError() ? 'ny-arbetsyta-fel' : null"
          />
        </div>
        <button class="btn" type="submit" [disabled]="creating()">Skapa arbetsyta</button>
      </form>
      @if (createError()) {
        <p id="ny-arbetsyta-fel" class="field-error" role="alert">{{ createError() }}</p>
      }
    </section>
    <p><button class="btn btn-secondary btn-small" type="button" (click)="logout()">Logga ut</button></p>
  `,
})
export class WorkspacesPage {
  protected readonly workspaces = signal<Workspace[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly creating = signal(false);
  protected readonly createError = signal('');

  private readonly api = inject(DashboardApi);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly nameInput = viewChild.required<ElementRef<HTMLInputElement>>('name');

  constructor() {
    inject(PageMeta).set({ title: 'Mina arbetsytor', noindex: true });
    afterNextRender(() => void this.load());
  }

  protected roleLabel(ws: Workspace): string {
    return WORKSPACE_ROLE_LABELS[ws.role];
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.loadError.set('');
    try {
      this.workspaces.set((await this.api.workspaces()).items);
    } catch (error) {
      this.loadError.set(problemText(toProblem(error)));
    } finally {
      this.loading.set(false);
    }
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    if (this.creating()) return;
    const input = this.nameInput().nativeElement;
    const parsed = WorkspaceNameSchema.safeParse(input.value);
    if (!parsed.success) {
      this.createError.set(parsed.error.issues[0]?.message ?? 'Ange ett namn');
      input.focus();
      return;
    }
    this.creating.set(true);
    this.createError.set('');
    try {
      const ws = await this.api.createWorkspace(parsed.data);
      // The header's workspace switcher reads the profile's workspaces.
      await this.session.reloadProfile();
      await this.router.navigate(['/app', ws.id, 'kom-igang']);
    } catch (error) {
      this.createError.set(problemText(toProblem(error)));
      input.focus();
    } finally {
      this.creating.set(false);
    }
  }

  protected logout(): void {
    void this.session.logout();
  }
}
