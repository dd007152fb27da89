import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { Session } from './account/session';
import { SearchForm } from './shared/search-form';

/** Page frame: skip link, header with navigation and search, main landmark, footer. */
@Component({
  selector: 'lg-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, SearchForm],
  template: `
    <a class="skip-link" [href]="skipHref()">Hoppa till innehållet</a>
    <header class="site-header">
      <div class="site-header-inner">
        <a class="brand" routerLink="/" aria-label="Laglig, till startsidan">Laglig</a>
        <nav class="site-nav" aria-label="Huvudmeny">
          <ul>
            <li>
              <a routerLink="/" routerLinkActive="is-active" ariaCurrentWhenActive="page" [routerLinkActiveOptions]="{ exact: true }">Start</a>
            </li>
            <li><a routerLink="/sok" routerLinkActive="is-active" ariaCurrentWhenActive="page">Sök</a></li>
            <li><a routerLink="/fraga" routerLinkActive="is-active" ariaCurrentWhenActive="page">Fråga lagen</a></li>
            <li>
              @if (session.signedIn()) {
                <a routerLink="/app" routerLinkActive="is-active" ariaCurrentWhenActive="page">Mina arbetsytor</a>
              } @else {
                <a routerLink="/logga-in" routerLinkActive="is-active" ariaCurrentWhenActive="page">Logga in</a>
              }
            </li>
          </ul>
        </nav>
        @if (!onSearchPage()) {
          <lg-search-form class="header-search" inputId="sidhuvud-fraga" [compact]="true" />
        }
      </div>
    </header>
    <main id="innehall" class="site-main" tabindex="-1">
      <router-outlet />
    </main>
    <footer class="site-footer">
      <p>
        Laglig återger författningstext från Regeringskansliets rättsdatabaser. Texten är inte officiell; den officiella versionen finns i
        Svensk författningssamling.
      </p>
    </footer>
  `,
})
export class App {
  private readonly router = inject(Router);
  /** "Logga in" or "Mina arbetsytor"; a session of this browser is restored on start (browser only). */
  protected readonly session = inject(Session);
  private readonly url = toSignal(
    this.router.events.pipe(
      filter((e): e is NavigationEnd => e instanceof NavigationEnd),
      map((e) => e.urlAfterRedirects),
    ),
    { initialValue: this.router.url },
  );

  constructor() {
    this.session.start();
  }

  /** The search page has its own, larger search form. */
  protected onSearchPage(): boolean {
    return /^\/sok(?:[?#]|$)/.test(this.url());
  }

  /** Same-page link (a bare "#innehall" would resolve against <base href="/"> and leave the page). */
  protected skipHref(): string {
    return `${this.url().split('#')[0]}#innehall`;
  }
}
