import { PLATFORM_ID, TransferState, inject, makeStateKey } from '@angular/core';
import { isPlatformServer } from '@angular/common';
import { Observable, of, tap } from 'rxjs';

/**
 * Loads data once: the server renders with it and stores `forBrowser(value)` in
 * TransferState; the browser's first (hydrating) navigation takes the stored
 * value instead of calling the API again. Later navigations load normally.
 *
 * Must run in an injection context (resolvers do).
 */
export function transferOnce<T>(key: string, load: () => Observable<T>, forBrowser: (value: T) => T = (v) => v): Observable<T> {
  const state = inject(TransferState);
  const stateKey = makeStateKey<T>(key);
  if (isPlatformServer(inject(PLATFORM_ID))) {
    return load().pipe(tap((value) => state.set(stateKey, forBrowser(value))));
  }
  if (state.hasKey(stateKey)) {
    const value = state.get(stateKey, null) as T;
    state.remove(stateKey);
    return of(value);
  }
  return load();
}
