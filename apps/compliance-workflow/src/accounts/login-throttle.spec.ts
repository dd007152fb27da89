import { afterFailure, lockoutSeconds, retryAfterSeconds, type ThrottlePolicy, type ThrottleState } from './login-throttle';

const policy: ThrottlePolicy = { maxFailures: 5, lockoutSeconds: 900, maxLockoutSeconds: 4 * 3600, forgetAfterMs: 24 * 3600 * 1000 };
const fresh: ThrottleState = { failures: 0, lockouts: 0, lockedUntil: null, lastFailureAt: null };
const t0 = new Date('2026-03-02T08:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function fail(state: ThrottleState, times: number, now: Date): ThrottleState {
  let s = state;
  for (let i = 0; i < times; i++) s = afterFailure(s, policy, now);
  return s;
}

describe('login lockout policy', () => {
  it('locks for 15 minutes after the fifth consecutive failure, not before', () => {
    const four = fail(fresh, 4, t0);
    expect(four).toMatchObject({ failures: 4, lockouts: 0, lockedUntil: null });
    expect(retryAfterSeconds(four, t0)).toBeNull();
    const five = afterFailure(four, policy, t0);
    expect(five).toMatchObject({ failures: 0, lockouts: 1 });
    expect(retryAfterSeconds(five, t0)).toBe(900);
    expect(retryAfterSeconds(five, at(899.5))).toBe(1);
    expect(retryAfterSeconds(five, at(900))).toBeNull();
  });

  it('doubles each lockout in a row and caps it', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => lockoutSeconds(n, policy))).toEqual([900, 1800, 3600, 7200, 14_400, 14_400, 14_400]);
    let s = fail(fresh, 5, t0);
    s = fail(s, 5, at(1000));
    expect(s.lockouts).toBe(2);
    expect(retryAfterSeconds(s, at(1000))).toBe(1800);
  });

  it('forgets failures and lockouts after a quiet day', () => {
    let s = fail(fresh, 5, t0);
    s = fail(s, 4, at(1000));
    const later = at(1000 + 25 * 3600);
    s = afterFailure(s, policy, later);
    expect(s).toMatchObject({ failures: 1, lockouts: 0 });
    s = fail(s, 4, later);
    expect(retryAfterSeconds(s, later)).toBe(900);
  });
});
