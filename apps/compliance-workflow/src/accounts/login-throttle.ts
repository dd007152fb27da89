import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACCOUNTS_CONFIG, type AccountsConfig } from './accounts.config';
import { LoginThrottleEntity } from './login-throttle.entity';

export interface ThrottleState {
  failures: number;
  lockouts: number;
  lockedUntil: Date | null;
  lastFailureAt: Date | null;
}

export interface ThrottlePolicy {
  maxFailures: number;
  lockoutSeconds: number;
  maxLockoutSeconds: number;
  /** After this long without a failure the address starts over (failures and lockouts forgotten). */
  forgetAfterMs: number;
}

export const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** Seconds until the address may try again, or null when it is not locked. */
export function retryAfterSeconds(state: Pick<ThrottleState, 'lockedUntil'> | null, now: Date): number | null {
  if (!state?.lockedUntil) return null;
  const ms = state.lockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : null;
}

/** The n-th lockout in a row (1-based): the base doubled n-1 times, capped. */
export function lockoutSeconds(lockout: number, policy: Pick<ThrottlePolicy, 'lockoutSeconds' | 'maxLockoutSeconds'>): number {
  const doubled = policy.lockoutSeconds * 2 ** Math.min(Math.max(lockout - 1, 0), 30);
  return Math.min(doubled, policy.maxLockoutSeconds);
}

/**
 * The state after one more failed login: `maxFailures` consecutive failures
 * lock the address (and start the count again); each lockout in a row lasts
 * twice the previous one, up to the cap; a quiet day forgets everything.
 */
export function afterFailure(state: ThrottleState, policy: ThrottlePolicy, now: Date): ThrottleState {
  const quiet = state.lastFailureAt !== null && now.getTime() - state.lastFailureAt.getTime() > policy.forgetAfterMs;
  const failures = (quiet ? 0 : state.failures) + 1;
  const lockouts = quiet ? 0 : state.lockouts;
  if (failures < policy.maxFailures) return { failures, lockouts, lockedUntil: state.lockedUntil, lastFailureAt: now };
  const next = lockouts + 1;
  return { failures: 0, lockouts: next, lockedUntil: new Date(now.getTime() + lockoutSeconds(next, policy) * 1000), lastFailureAt: now };
}

/**
 * Per-address login lockout, stored in PostgreSQL so every replica agrees.
 * Keys are HMACs of the address (token-crypto.throttleKey): unknown and known
 * addresses are counted and locked the same way.
 */
@Injectable()
export class LoginThrottle {
  private readonly policy: ThrottlePolicy;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ACCOUNTS_CONFIG) config: AccountsConfig,
  ) {
    this.policy = {
      maxFailures: config.LOGIN_MAX_FAILURES,
      lockoutSeconds: config.LOGIN_LOCKOUT_SECONDS,
      maxLockoutSeconds: config.LOGIN_LOCKOUT_MAX_SECONDS,
      forgetAfterMs: FORGET_AFTER_MS,
    };
  }

  /** Seconds the address must wait, or null when it may try. */
  async lockedFor(key: string, now = new Date()): Promise<number | null> {
    const row = await this.dataSource.getRepository(LoginThrottleEntity).findOne({ where: { key }, select: { key: true, lockedUntil: true } });
    return retryAfterSeconds(row, now);
  }

  async recordFailure(key: string, now = new Date()): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO compliance.login_throttle (key) VALUES ($1) ON CONFLICT (key) DO NOTHING`, [key]);
      const rows: Array<{ failures: number; lockouts: number; locked_until: Date | null; last_failure_at: Date | null }> = await manager.query(
        `SELECT failures, lockouts, locked_until, last_failure_at FROM compliance.login_throttle WHERE key = $1 FOR UPDATE`,
        [key],
      );
      const row = rows[0];
      if (!row) return;
      const next = afterFailure({ failures: row.failures, lockouts: row.lockouts, lockedUntil: row.locked_until, lastFailureAt: row.last_failure_at }, this.policy, now);
      await manager.query(`UPDATE compliance.login_throttle SET failures = $2, lockouts = $3, locked_until = $4, last_failure_at = $5 WHERE key = $1`, [
        key,
        next.failures,
        next.lockouts,
        next.lockedUntil,
        next.lastFailureAt,
      ]);
    });
  }

  /** A successful login (or a confirmed password reset) starts the address over. */
  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM compliance.login_throttle WHERE key = $1`, [key]);
  }
}
