import { parse, serialize, type CookieSerializeOptions } from 'cookie';
import { z } from 'zod';
import { loadConfig } from '@laglig/config';

/** The refresh token's cookie: only the auth endpoints ever receive it. */
export const REFRESH_COOKIE = 'laglig_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
/** API clients that cannot keep cookies ask for the refresh token in the body with this header. */
export const TOKEN_DELIVERY_HEADER = 'x-token-delivery';

const CookieEnv = z.object({
  NODE_ENV: z.string().optional(),
  /** 'false' allows the cookie over plain http (local development); default: Secure in production. */
  COOKIE_SECURE: z.enum(['true', 'false'], { message: "COOKIE_SECURE must be 'true' or 'false'" }).optional(),
});

/** Whether the cookie gets `Secure`: COOKIE_SECURE when set, else true exactly when NODE_ENV=production. */
export function cookieSecure(env: NodeJS.ProcessEnv = process.env): boolean {
  const config = loadConfig(CookieEnv, env);
  return config.COOKIE_SECURE ? config.COOKIE_SECURE === 'true' : config.NODE_ENV === 'production';
}

/** HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), scoped to /api/v1/auth. */
export function refreshCookieOptions(secure: boolean, maxAgeSeconds: number): CookieSerializeOptions {
  return { httpOnly: true, secure, sameSite: 'strict', path: REFRESH_COOKIE_PATH, maxAge: Math.max(0, Math.floor(maxAgeSeconds)) };
}

/** The Set-Cookie value for a refresh token that expires at `expiresAt`. */
export function refreshCookie(token: string, expiresAt: Date, secure: boolean, now = Date.now()): string {
  return serialize(REFRESH_COOKIE, token, refreshCookieOptions(secure, (expiresAt.getTime() - now) / 1000));
}

/** The Set-Cookie value that deletes the refresh cookie. */
export function clearedRefreshCookie(secure: boolean): string {
  return serialize(REFRESH_COOKIE, '', { ...refreshCookieOptions(secure, 0), expires: new Date(0) });
}

/** The refresh token from a Cookie header, if any. */
export function readRefreshCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = parse(header)[REFRESH_COOKIE];
  return value ? value : undefined;
}

/** Whether the client asked for tokens in the body (`X-Token-Delivery: body`). */
export function wantsBodyDelivery(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim().toLowerCase() === 'body';
}
