import { InjectionToken } from '@angular/core';

/**
 * Origin of the HTTP API. The browser calls relative `/api/v1/...` (the SSR
 * server proxies them to the gateway); during server rendering
 * `app.config.server.ts` provides the gateway's own address so rendering does
 * not loop back through the public host name.
 */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', {
  providedIn: 'root',
  factory: () => '',
});
