import { Injectable, RESPONSE_INIT, inject } from '@angular/core';

/**
 * Sets the HTTP status (404 for an unknown statute, 503 when the API is down)
 * and headers of the server-rendered response. A no-op in the browser, where
 * RESPONSE_INIT is null.
 */
@Injectable({ providedIn: 'root' })
export class HttpStatus {
  private readonly init = inject(RESPONSE_INIT, { optional: true });

  set(status: number): void {
    if (this.init) this.init.status = status;
  }

  /** A response header, e.g. Cache-Control for a page a CDN may keep. */
  header(name: string, value: string): void {
    const headers = this.init?.headers;
    if (headers instanceof Headers) headers.set(name, value);
  }
}
