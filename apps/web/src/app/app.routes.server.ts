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
  { path: 'sok', renderMode: RenderMode.Server },
  { path: 'fraga', renderMode: RenderMode.Server },
  ...accountServerRoutes,
  ...dashboardServerRoutes,
  { path: '**', renderMode: RenderMode.Server, status: 404 },
];
