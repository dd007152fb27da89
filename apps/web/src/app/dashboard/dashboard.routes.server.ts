import { RenderMode, type ServerRoute } from '@angular/ssr';

/** Signed-in pages are never server-rendered: the server has no session (the access token lives in the browser's memory). */
export const dashboardServerRoutes: ServerRoute[] = [
  { path: 'app', renderMode: RenderMode.Client },
  { path: 'app/**', renderMode: RenderMode.Client },
];
