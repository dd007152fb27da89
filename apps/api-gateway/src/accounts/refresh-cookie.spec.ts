import { clearedRefreshCookie, cookieSecure, readRefreshCookie, refreshCookie, refreshCookieOptions, wantsBodyDelivery } from './refresh-cookie';

describe('refresh cookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to /api/v1/auth, with Max-Age until the token expires', () => {
    const now = Date.parse('2026-03-02T08:00:00Z');
    const header = refreshCookie('abc_DEF-123', new Date(now + 30 * 86_400_000), true, now);
    expect(header).toBe('laglig_refresh=abc_DEF-123; Max-Age=2592000; Path=/api/v1/auth; HttpOnly; Secure; SameSite=Strict');
    expect(refreshCookie('t', new Date(now + 1000), false, now)).toBe('laglig_refresh=t; Max-Age=1; Path=/api/v1/auth; HttpOnly; SameSite=Strict');
    expect(refreshCookieOptions(true, -5).maxAge).toBe(0);
  });

  it('is cleared with an empty value that has already expired', () => {
    expect(clearedRefreshCookie(false)).toBe('laglig_refresh=; Max-Age=0; Path=/api/v1/auth; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict');
  });

  it('is Secure by default in production only, unless COOKIE_SECURE says otherwise', () => {
    expect(cookieSecure({ NODE_ENV: 'production' })).toBe(true);
    expect(cookieSecure({ NODE_ENV: 'development' })).toBe(false);
    expect(cookieSecure({})).toBe(false);
    expect(cookieSecure({ NODE_ENV: 'production', COOKIE_SECURE: 'false' })).toBe(false);
    expect(cookieSecure({ NODE_ENV: 'test', COOKIE_SECURE: 'true' })).toBe(true);
    expect(() => cookieSecure({ COOKIE_SECURE: 'yes' })).toThrow(/COOKIE_SECURE/);
  });

  it('reads the token from a Cookie header among others', () => {
    expect(readRefreshCookie('a=1; laglig_refresh=tok_en-1; b=2')).toBe('tok_en-1');
    expect(readRefreshCookie('a=1')).toBeUndefined();
    expect(readRefreshCookie('laglig_refresh=')).toBeUndefined();
    expect(readRefreshCookie(undefined)).toBeUndefined();
  });

  it('recognises X-Token-Delivery: body', () => {
    expect(wantsBodyDelivery('body')).toBe(true);
    expect(wantsBodyDelivery(' Body ')).toBe(true);
    expect(wantsBodyDelivery(['body'])).toBe(true);
    expect(wantsBodyDelivery('cookie')).toBe(false);
    expect(wantsBodyDelivery(undefined)).toBe(false);
  });
});
