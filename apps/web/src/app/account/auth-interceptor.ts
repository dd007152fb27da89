import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { API_BASE_URL } from '../core/api-base-url';
import { needsToken } from './api-paths';
import { Session } from './session';

function withToken<T>(req: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? req.clone({ setHeaders: { authorization: `Bearer ${token}` } }) : req;
}

/**
 * Adds `Authorization: Bearer <access token>` to `/api/v1` calls. A request
 * made while the token is being refreshed waits for the refresh; a 401 is
 * retried once with a refreshed token; if that is impossible the user is sent
 * to the login page.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const base = inject(API_BASE_URL);
  if (!needsToken(req.url, base)) return next(req);
  const session = inject(Session);
  const core = session.core;
  // Server rendering and anonymous visitors: nothing to add, nothing to refresh.
  if (!core.current() && !core.refreshing()) return next(req);
  return from(core.tokenForRequest()).pipe(
    switchMap((token) =>
      next(withToken(req, token)).pipe(
        catchError((error: unknown) => {
          if (!(error instanceof HttpErrorResponse) || error.status !== 401) return throwError(() => error);
          return from(core.afterUnauthorized(token)).pipe(
            switchMap((fresh) => {
              if (!fresh) {
                session.expired();
                return throwError(() => error);
              }
              return next(withToken(req, fresh));
            }),
          );
        }),
      ),
    ),
  );
};
