import { HttpErrorResponse } from '@angular/common/http';
import { Observable, catchError, map, of } from 'rxjs';

/** What a page got from the API: the value, or the reason it has none. */
export type Loaded<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'not-found' }
  | { kind: 'invalid'; message: string }
  | { kind: 'unavailable' };

interface ApiErrorBody {
  message?: unknown;
}

/** Expected API outcomes (404, 400, network/5xx) become values; the page decides what to show. */
export function toLoaded<T>(source: Observable<T>): Observable<Loaded<T>> {
  return source.pipe(
    map((value): Loaded<T> => ({ kind: 'ok', value })),
    catchError((error: unknown) => of(loadFailure<T>(error))),
  );
}

export function loadFailure<T>(error: unknown): Loaded<T> {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 404) return { kind: 'not-found' };
    if (error.status === 400) {
      const body = error.error as ApiErrorBody | null;
      const message = typeof body?.message === 'string' ? body.message : 'Ogiltig begäran.';
      return { kind: 'invalid', message };
    }
  }
  return { kind: 'unavailable' };
}

/** HTTP status for a page whose data failed to load. */
export function statusFor(kind: Exclude<Loaded<unknown>['kind'], 'ok'>): number {
  switch (kind) {
    case 'not-found':
      return 404;
    case 'invalid':
      return 400;
    case 'unavailable':
      return 503;
  }
}
