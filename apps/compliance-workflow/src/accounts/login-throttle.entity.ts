import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed logins per address (migration 1796100000000-Accounts). The key is an
 * HMAC of the normalised e-mail, so the table holds no addresses and an
 * unknown address is counted exactly like a known one.
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'login_throttle_pkey' })
  key!: string;

  /** Consecutive failures since the last success or lockout. */
  @Column({ type: 'integer', default: 0 })
  failures!: number;

  /** Lockouts in a row (each doubles the next one). */
  @Column({ type: 'integer', default: 0 })
  lockouts!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt!: Date | null;
}
