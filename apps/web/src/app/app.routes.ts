import { Route } from '@angular/router';
import { accountRoutes } from './account/account.routes';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { homeResolver } from './home/home.resolver';
import { changeResolver, compareResolver, lawChangesResolver } from './changes/changes.resolvers';
import { lawPageResolver } from './laws/law-page.resolver';
import { searchResolver } from './search/search.resolver';

export const appRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    loadComponent: () => import('./home/home-page').then((m) => m.HomePage),
    resolve: { laws: homeResolver },
  },
  {
    path: 'lagar/:sfs',
    loadComponent: () => import('./laws/law-page/law-page').then((m) => m.LawPage),
    resolve: { page: lawPageResolver },
  },
  // Change history of a statute: every version and change event, one change's diff, any two versions compared.
  {
    path: 'lagar/:sfs/andringar',
    loadComponent: () => import('./changes/law-changes-page').then((m) => m.LawChangesPage),
    resolve: { page: lawChangesResolver },
    runGuardsAndResolvers: 'paramsOrQueryParamsChange',
  },
  {
    path: 'lagar/:sfs/andringar/:changeId',
    loadComponent: () => import('./changes/change-page').then((m) => m.ChangePage),
    resolve: { page: changeResolver },
  },
  {
    path: 'lagar/:sfs/jamfor',
    loadComponent: () => import('./changes/compare-page').then((m) => m.ComparePage),
    resolve: { page: compareResolver },
    runGuardsAndResolvers: 'paramsOrQueryParamsChange',
  },
  {
    // Link in every digest mail: the visitor confirms with a button (mail scanners follow links, they do not press buttons).
    path: 'avregistrera',
    loadComponent: () => import('./notifications/unsubscribe-page').then((m) => m.UnsubscribePage),
  },
  {
    path: 'sok',
    loadComponent: () => import('./search/search-page').then((m) => m.SearchPage),
    resolve: { search: searchResolver },
    runGuardsAndResolvers: 'paramsOrQueryParamsChange',
  },
  {
    // "Fråga lagen": the server renders the empty form; questions are asked from the browser.
    path: 'fraga',
    loadComponent: () => import('./chat/chat-page').then((m) => m.ChatPage),
  },
  // Signed-in dashboard and account pages (rendered in the browser only, see app.routes.server.ts).
  ...accountRoutes,
  ...dashboardRoutes,
  {
    path: '**',
    loadComponent: () => import('./not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
