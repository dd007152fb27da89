import { DOCUMENT, InjectionToken, TransferState, inject, makeStateKey } from '@angular/core';

/** Key under which the server hands its configured public origin to the browser. */
export const PUBLIC_BASE_URL_STATE = makeStateKey<string>('laglig.publicBaseUrl');

/**
 * Absolute origin used for canonical links and structured data
 * (env `PUBLIC_BASE_URL` on the server; the browser gets the same value through
 * TransferState and falls back to its own origin).
 */
export const PUBLIC_BASE_URL = new InjectionToken<string>('PUBLIC_BASE_URL', {
  providedIn: 'root',
  factory: () => {
    const fallback = inject(DOCUMENT).location?.origin ?? 'http://localhost:4000';
    return inject(TransferState).get(PUBLIC_BASE_URL_STATE, fallback);
  },
});
