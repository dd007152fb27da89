import type { HttpInterceptorFn } from '@angular/common/http';
import { inject, REQUEST_CONTEXT } from '@angular/core';
import { API_BASE_URL } from './api-base-url';

/** What server.ts passes to `angularApp.handle(req, context)`. */
export interface SsrRequestContext {
  clientIp?: string;
}

/**
 * During server rendering, calls to the gateway come from this server's
 * address. Forwarding the visitor's address lets the gateway (which trusts
 * X-Forwarded-For from private networks) rate-limit per visitor instead of
 * counting every visitor against the web server.
 */
export const forwardClientIp: HttpInterceptorFn = (req, next) => {
  const context = inject(REQUEST_CONTEXT, { optional: true }) as SsrRequestContext | null;
  const base = inject(API_BASE_URL);
  if (!context?.clientIp || !req.url.startsWith(base)) return next(req);
  return next(req.clone({ setHeaders: { 'x-forwarded-for': context.clientIp } }));
};
