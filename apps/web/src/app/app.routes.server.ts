import { RenderMode, ServerRoute } from '@angular/ssr';
import { accountServerRoutes } from './account/account.routes.server';
import { dashboardServerRoutes } from './dashboard/dashboard.routes.server';

/**
 * Every page is rendered per request: law pages change with the catalog and
 * are cached per document version by server.ts, not prerendered at build time.
 */
export const serverRoutes: ServerRoute[] = [
  { path: '', renderMode: RenderMode.Server },
  { path: 'lagar/:sfs', renderMode: RenderMode.Server },
  { path: 'lagar/:sfs/andringar', renderMode: RenderMode.Server },
  { path: 'lagar/:sfs/andringar/:changeId', renderMode: RenderMode.Server },
  { path: 'lagar/:sfs/jamfor', renderMode: RenderMode.Server },
  // The unsubscribe token in the URL never passes through a server render (like the account pages).
  { path: 'avregistrera', renderMode: RenderMode.Client },
  { path: 'sok', renderMode: RenderMode.Server },
  { path: 'fraga', renderMode: RenderMode.Server },
  ...accountServerRoutes,
  ...dashboardServerRoutes,
  { path: '**', renderMode: RenderMode.Server, status: 404 },
];
