import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { type ApiProblem, problemText } from '../../account/api-problem';
import { Session } from '../../account/session';
import { WorkspaceContext } from '../shared/workspace-context';
import { WorkspaceEvents } from '../shared/workspace-events';

const SECTIONS = [
  { path: 'kom-igang', label: 'Kom igång' },
  { path: 'laglista', label: 'Laglista' },
  { path: 'andringar', label: 'Lagändringar' },
  { path: 'tavla', label: 'Tavla' },
  { path: 'fraga', label: 'Fråga lagen' },
  { path: 'aktivitet', label: 'Aktivitet' },
  { path: 'medlemmar', label: 'Medlemmar' },
  { path: 'installningar/aviseringar', label: 'Aviseringar' },
] as const;

/**
 * `/app/:ws/...` — the workspace frame: its name and the user's role, the
 * workspace switcher, the section navigation, the live-connection state and
 * (for auditors) the read-only note. Provides the WorkspaceContext and the
 * live event stream to the pages under it.
 */
@Component({
  selector: 'lg-workspace-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  providers: [WorkspaceContext, WorkspaceEvents],
  styleUrl: './workspace-shell.css',
  template: `
    <div class="shell-head">
      <div class="shell-title">
        <p class="eyebrow">Arbetsyta</p>
        <p class="shell-name">{{ context.workspace()?.name ?? '…' }}</p>
        @if (context.roleLabel()) {
          <p class="muted shell-role">Din roll: {{ context.roleLabel() }}</p>
        }
      </div>
      @if (otherWorkspaces().length > 0) {
        <div class="shell-switch">
          <label for="byt-arbetsyta">Byt arbetsyta</label>
          <select id="byt-arbetsyta" (change)="switchTo($event)">
            @for (w of allWorkspaces(); track w.id) {
              <option [value]="w.id" [selected]="w.id === ws()">{{ w.name }}</option>
            }
          </select>
        </div>
      }
      <p class="shell-live" [attr.data-status]="events.status()">
        <span class="shell-dot" aria-hidden="true"></span>
        <span aria-live="polite">{{ liveText() }}</span>
      </p>
    </div>
    <nav class="shell-nav" aria-label="Arbetsytan">
      <ul>
        @for (s of sections; track s.path) {
          <li>
            <a [routerLink]="link(s.path)" routerLinkActive="is-active" ariaCurrentWhenActive="page">{{ s.label }}</a>
          </li>
        }
        <li><a routerLink="/app" [routerLinkActiveOptions]="{ exact: true }" routerLinkActive="is-active">Alla arbetsytor</a></li>
      </ul>
    </nav>
    @if (context.readOnly()) {
      <p class="shell-readonly" role="note">Du har läsbehörighet som revisor: du ser allt i arbetsytan men kan inte ändra något.</p>
    }
    @if (context.problem(); as problem) {
      <section class="notice" role="alert">
        <p>{{ message(problem) }}</p>
        <p><a routerLink="/app">Till dina arbetsytor</a></p>
      </section>
    } @else {
      <!-- One outlet per workspace: switching workspace recreates the page, so nothing of the previous one stays. -->
      @for (id of [ws()]; track id) {
        <router-outlet />
      }
    }
  `,
})
export class WorkspaceShell {
  /** The workspace id from the URL. */
  readonly ws = input.required<string>();

  protected readonly context = inject(WorkspaceContext);
  protected readonly events = inject(WorkspaceEvents);
  protected readonly sections = SECTIONS;
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly url = toSignal(
    this.router.events.pipe(
      filter((e): e is NavigationEnd => e instanceof NavigationEnd),
      map((e) => e.urlAfterRedirects),
    ),
    { initialValue: this.router.url },
  );

  protected readonly allWorkspaces = computed(() => this.session.user()?.workspaces ?? []);
  protected readonly otherWorkspaces = computed(() => this.allWorkspaces().filter((w) => w.id !== this.ws()));
  protected readonly liveText = computed(() => {
    switch (this.events.status()) {
      case 'live':
        return 'Uppdateras direkt';
      case 'connecting':
        return 'Ansluter …';
      case 'reconnecting':
        return 'Anslutningen bröts – ansluter igen …';
      case 'stopped':
        return this.events.message() || 'Inga direktuppdateringar';
    }
  });

  constructor() {
    effect(() => {
      const ws = this.ws();
      untracked(() => {
        void this.context.load(ws);
        this.events.start(ws);
      });
    });
    const destroyRef = inject(DestroyRef);
    this.events.on((event) => {
      if (event.type === 'member.updated') void this.context.reloadMembers();
    }, destroyRef);
  }

  protected message(problem: ApiProblem): string {
    if (problem.status === 404) return 'Arbetsytan finns inte.';
    if (problem.status === 403) return 'Du är inte medlem i den här arbetsytan.';
    return problemText(problem);
  }

  protected link(path: string): string[] {
    return ['/app', this.ws(), ...path.split('/')];
  }

  /** Same section in the other workspace (the requirement editor falls back to the register). */
  protected switchTo(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    if (!id || id === this.ws()) return;
    const section = /^\/app\/[^/]+\/([^/?#]+)/.exec(this.url())?.[1];
    const target = SECTIONS.find((s) => s.path.split('/')[0] === section)?.path ?? 'laglista';
    void this.router.navigate(['/app', id, ...target.split('/')]);
  }
}
