import { abortReason, backoffDelay, isTransientStatus, retryAfterMsOf, sleep } from './retry';

describe('retry helpers', () => {
  const options = { baseDelayMs: 500, maxDelayMs: 8_000 };

  it('backs off exponentially with jitter in [0.5, 1) of the ceiling, capped', () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, options, () => 0))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, options, () => 0.999999))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('reads Retry-After (seconds or HTTP date) and retry-after-ms', () => {
    const headers = (h: Record<string, string>) => ({ headers: new Headers(h) });
    expect(retryAfterMsOf(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMsOf(headers({ 'retry-after-ms': '150', 'retry-after': '2' }))).toBe(150);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMsOf(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMsOf(headers({}))).toBeUndefined();
    expect(retryAfterMsOf(new Error('x'))).toBeUndefined();
  });

  it('treats 408, 409, 429 and 5xx as transient, other 4xx as the request’s fault', () => {
    expect([408, 409, 429, 500, 502, 503].every(isTransientStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isTransientStatus)).toBe(false);
  });

  it('sleep rejects with the abort reason when aborted', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(abortReason(AbortSignal.abort(new Error('gone'))).message).toBe('gone');
  });
});
