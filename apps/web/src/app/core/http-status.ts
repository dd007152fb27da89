import { Injectable, RESPONSE_INIT, inject } from '@angular/core';

/**
 * Sets the HTTP status of the server-rendered response (404 for an unknown
 * statute, 503 when the API is down). A no-op in the browser, where
 * RESPONSE_INIT is null.
 */
@Injectable({ providedIn: 'root' })
export class HttpStatus {
  private readonly init = inject(RESPONSE_INIT, { optional: true });

  set(status: number): void {
    if (this.init) this.init.status = status;
  }
}
