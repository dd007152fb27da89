import { Route } from '@angular/router';
import { accountRoutes } from './account/account.routes';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { homeResolver } from './home/home.resolver';
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
