import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, refuse, succeed, type TokenPair, type UserProfile, type WorkspaceRole } from '@laglig/contracts';
import { enqueueEvent, OutboxRelay } from '../events/outbox';
import { AccessTokenSigner } from './access-token';
import { ACCOUNTS_CONFIG, PASSWORD_RESET_RESEND_MS, PASSWORD_RESET_TTL_MS, VERIFY_EMAIL_TTL_MS, type AccountsConfig } from './accounts.config';
import type { In, Out } from './accounts.types';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import type { RefreshRevokeReason } from './refresh-token.entity';
import { hashToken, newOpaqueToken, normaliseEmail, throttleKey } from './token-crypto';

/** The one answer for a wrong address or a wrong password (no enumeration). */
export const BAD_CREDENTIALS = 'Fel e-postadress eller lösenord.';
export const SESSION_EXPIRED = 'Din session har gått ut. Logga in igen.';
export const SIGNED_OUT = 'Du behöver logga in igen.';

/** "om 15 minuter", "om en minut", "om 4 timmar". */
export function waitPhrase(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes === 1) return 'om en minut';
  if (minutes < 120) return `om ${minutes} minuter`;
  return `om ${Math.ceil(minutes / 60)} timmar`;
}

export const lockedMessage = (seconds: number): string => `För många misslyckade inloggningsförsök. Försök igen ${waitPhrase(seconds)}.`;

interface ClientInfo {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  email_verified_at: Date | null;
}

interface OneTimeTokenRow {
  id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
}

/**
 * Registration, login, sessions and the e-mailed one-time tokens. Expected
 * outcomes are results; nothing here logs an address, a password or a token.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly signer: AccessTokenSigner,
    private readonly throttle: LoginThrottle,
    private readonly outbox: OutboxRelay,
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
  ) {}

  /**
   * Always `{ accepted: true }`: an address that already has an account looks
   * the same (the password is hashed either way, so the time is the same too).
   */
  async register(input: In<'auth.register'>): Out<'auth.register'> {
    const email = normaliseEmail(input.email);
    const passwordHash = await this.hasher.hash(input.password);
    const created = await this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string }> = await m.query(
        `INSERT INTO compliance.users (email, display_name, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING RETURNING id`,
        [email, input.displayName, passwordHash],
      );
      const userId = rows[0]?.id;
      if (!userId) return false;
      const { token, expiresAt } = await this.issueOneTimeToken(m, userId, 'verify_email', VERIFY_EMAIL_TTL_MS);
      await enqueueEvent(m, 'user.registered', { userId, email, displayName: input.displayName, verificationToken: token, expiresAt: expiresAt.toISOString() });
      return true;
    });
    if (created) this.outbox.kick();
    return succeed({ accepted: true as const });
  }

  /**
   * A locked address is refused before anything is checked; an unknown address
   * is verified against a dummy hash and counted like a known one.
   */
  async login(input: In<'auth.login'>): Out<'auth.login'> {
    const email = normaliseEmail(input.email);
    const key = throttleKey(this.config.JWT_SECRET, email);
    const wait = await this.throttle.lockedFor(key);
    if (wait !== null) return refuse(ErrorCode.RATE_LIMITED, lockedMessage(wait), { retryAfterSeconds: wait });

    const user = await this.findUserByEmail(this.dataSource.manager, email);
    const valid = user ? await this.hasher.verify(user.password_hash, input.password) : await this.hasher.verifyDummy(input.password);
    if (!user || !valid) {
      await this.throttle.recordFailure(key);
      return refuse(ErrorCode.UNAUTHENTICATED, BAD_CREDENTIALS);
    }
    await this.throttle.reset(key);
    if (this.hasher.needsRehash(user.password_hash)) {
      await this.dataSource.query(`UPDATE compliance.users SET password_hash = $2 WHERE id = $1`, [user.id, await this.hasher.hash(input.password)]);
    }
    return succeed(await this.dataSource.transaction((m) => this.issueSession(m, user.id, randomUUID(), input)).then((s) => s.pair));
  }

  /**
   * Rotation: the presented token is revoked and replaced by a new one in the
   * same family. A token that was already revoked is reuse (a stolen copy or
   * a replay): the whole family is revoked and the caller must log in again.
   */
  async refresh(input: In<'auth.refresh'>): Out<'auth.refresh'> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; user_id: string; family_id: string; expires_at: Date; revoked_at: Date | null }> = await m.query(
        `SELECT id, user_id, family_id, expires_at, revoked_at FROM compliance.refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
        [hashToken(input.refreshToken)],
      );
      const row = rows[0];
      if (!row) return { kind: 'invalid' as const };
      if (row.revoked_at) {
        const revoked = await this.revokeFamily(m, row.family_id, 'reuse');
        return { kind: 'reuse' as const, userId: row.user_id, familyId: row.family_id, revoked };
      }
      if (row.expires_at.getTime() <= Date.now()) return { kind: 'invalid' as const };
      const session = await this.issueSession(m, row.user_id, row.family_id, input);
      await m.query(`UPDATE compliance.refresh_tokens SET revoked_at = now(), revoke_reason = 'rotated', replaced_by = $2 WHERE id = $1`, [row.id, session.tokenId]);
      return { kind: 'ok' as const, pair: session.pair };
    });
    if (outcome.kind === 'ok') return succeed(outcome.pair);
    if (outcome.kind === 'reuse') {
      this.logger.warn({ userId: outcome.userId, familyId: outcome.familyId, revoked: outcome.revoked }, 'refresh token reuse: session family revoked');
    }
    return refuse(ErrorCode.UNAUTHENTICATED, SESSION_EXPIRED);
  }

  /** Ends the session the token belongs to (its whole family); an unknown token is already logged out. */
  async logout(input: In<'auth.logout'>): Out<'auth.logout'> {
    await this.dataSource.transaction(async (m) => {
      const rows: Array<{ family_id: string }> = await m.query(`SELECT family_id FROM compliance.refresh_tokens WHERE token_hash = $1`, [hashToken(input.refreshToken)]);
      if (rows[0]) await this.revokeFamily(m, rows[0].family_id, 'logout');
    });
    return succeed({ loggedOut: true as const });
  }

  async me(input: In<'auth.me'>): Out<'auth.me'> {
    const profile = await this.profile(this.dataSource.manager, input.actor.userId);
    return profile ? succeed(profile) : refuse(ErrorCode.UNAUTHENTICATED, SIGNED_OUT);
  }

  async verifyEmail(input: In<'auth.verify-email'>): Out<'auth.verify-email'> {
    return this.dataSource.transaction(async (m) => {
      const token = await this.lockOneTimeToken(m, input.token, 'verify_email');
      const invalid = this.oneTimeTokenProblem(token, 'Verifieringslänken');
      if (invalid || !token) return refuse(ErrorCode.INVALID_INPUT, invalid ?? 'Verifieringslänken är ogiltig.');
      await m.query(`UPDATE compliance.user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = 'verify_email' AND used_at IS NULL`, [token.user_id]);
      await m.query(`UPDATE compliance.users SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now() WHERE id = $1`, [token.user_id]);
      return succeed({ verified: true as const });
    });
  }

  /** Always accepted; a known address gets a one-hour link (at most one new link a minute). */
  async requestPasswordReset(input: In<'auth.password-reset.request'>): Out<'auth.password-reset.request'> {
    const email = normaliseEmail(input.email);
    const issued = await this.dataSource.transaction(async (m) => {
      const user = await this.findUserByEmail(m, email, true);
      if (!user) return false;
      const recent: unknown[] = await m.query(
        `SELECT 1 FROM compliance.user_tokens WHERE user_id = $1 AND purpose = 'password_reset' AND used_at IS NULL AND created_at > now() - make_interval(secs => $2)`,
        [user.id, PASSWORD_RESET_RESEND_MS / 1000],
      );
      if (recent.length > 0) return false;
      // Only the newest link works.
      await m.query(`DELETE FROM compliance.user_tokens WHERE user_id = $1 AND purpose = 'password_reset' AND used_at IS NULL`, [user.id]);
      const { token, expiresAt } = await this.issueOneTimeToken(m, user.id, 'password_reset', PASSWORD_RESET_TTL_MS);
      await enqueueEvent(m, 'password.reset-requested', { userId: user.id, email: user.email, displayName: user.display_name, resetToken: token, expiresAt: expiresAt.toISOString() });
      return true;
    });
    if (issued) this.outbox.kick();
    return succeed({ accepted: true as const });
  }

  /**
   * Sets the new password, ends every session of the user (all refresh
   * tokens revoked) and lifts a login lockout. The link proves control of the
   * address, so it also counts as a verified e-mail.
   */
  async confirmPasswordReset(input: In<'auth.password-reset.confirm'>): Out<'auth.password-reset.confirm'> {
    const result = await this.dataSource.transaction(async (m) => {
      const token = await this.lockOneTimeToken(m, input.token, 'password_reset');
      const invalid = this.oneTimeTokenProblem(token, 'Länken för att återställa lösenordet');
      if (invalid || !token) return { ok: false as const, message: invalid ?? 'Länken är ogiltig.' };
      const passwordHash = await this.hasher.hash(input.password);
      const [rows] = (await m.query(
        `UPDATE compliance.users SET password_hash = $2, password_changed_at = now(), updated_at = now(), email_verified_at = COALESCE(email_verified_at, now())
          WHERE id = $1 RETURNING email`,
        [token.user_id, passwordHash],
      )) as [Array<{ email: string }>, number];
      await m.query(`UPDATE compliance.user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = 'password_reset' AND used_at IS NULL`, [token.user_id]);
      await m.query(`UPDATE compliance.refresh_tokens SET revoked_at = now(), revoke_reason = 'password_reset' WHERE user_id = $1 AND revoked_at IS NULL`, [token.user_id]);
      return { ok: true as const, email: rows[0]?.email ?? null };
    });
    if (!result.ok) return refuse(ErrorCode.INVALID_INPUT, result.message);
    if (result.email) await this.throttle.reset(throttleKey(this.config.JWT_SECRET, result.email));
    return succeed({ reset: true as const });
  }

  /** The signed-in user with their workspaces, or null when the account is gone. */
  async profile(m: EntityManager, userId: string): Promise<UserProfile | null> {
    const users: UserRow[] = await m.query(`SELECT id, email, display_name, password_hash, email_verified_at FROM compliance.users WHERE id = $1`, [userId]);
    const user = users[0];
    if (!user) return null;
    const workspaces: Array<{ id: string; name: string; role: WorkspaceRole }> = await m.query(
      `SELECT w.id, w.name, m.role FROM compliance.memberships m JOIN compliance.workspaces w ON w.id = m.workspace_id
        WHERE m.user_id = $1 ORDER BY lower(w.name), w.id`,
      [userId],
    );
    return { id: user.id, email: user.email, displayName: user.display_name, emailVerified: user.email_verified_at !== null, workspaces };
  }

  private async findUserByEmail(m: EntityManager, email: string, lock = false): Promise<UserRow | null> {
    const rows: UserRow[] = await m.query(
      `SELECT id, email, display_name, password_hash, email_verified_at FROM compliance.users WHERE email = $1${lock ? ' FOR UPDATE' : ''}`,
      [email],
    );
    return rows[0] ?? null;
  }

  /** A new refresh token in `familyId` and an access token, with the user's profile. */
  private async issueSession(m: EntityManager, userId: string, familyId: string, client: ClientInfo): Promise<{ tokenId: string; pair: TokenPair }> {
    const refreshToken = newOpaqueToken();
    const tokenId = randomUUID();
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await m.query(
      `INSERT INTO compliance.refresh_tokens (id, user_id, family_id, token_hash, expires_at, user_agent, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tokenId, userId, familyId, hashToken(refreshToken), refreshTokenExpiresAt, client.userAgent ?? null, client.ip ?? null],
    );
    const access = this.signer.sign(userId);
    const user = await this.profile(m, userId);
    if (!user) throw new Error('session for a missing user');
    return {
      tokenId,
      pair: {
        accessToken: access.token,
        accessTokenExpiresAt: access.expiresAt.toISOString(),
        refreshToken,
        refreshTokenExpiresAt: refreshTokenExpiresAt.toISOString(),
        user,
      },
    };
  }

  private async revokeFamily(m: EntityManager, familyId: string, reason: RefreshRevokeReason): Promise<number> {
    const [, count] = (await m.query(
      `UPDATE compliance.refresh_tokens SET revoked_at = now(), revoke_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId, reason],
    )) as [unknown, number];
    return count;
  }

  private async issueOneTimeToken(m: EntityManager, userId: string, purpose: 'verify_email' | 'password_reset', ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
    const token = newOpaqueToken();
    const expiresAt = new Date(Date.now() + ttlMs);
    await m.query(`INSERT INTO compliance.user_tokens (user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, $4)`, [userId, purpose, hashToken(token), expiresAt]);
    return { token, expiresAt };
  }

  private async lockOneTimeToken(m: EntityManager, token: string, purpose: 'verify_email' | 'password_reset'): Promise<OneTimeTokenRow | null> {
    const rows: OneTimeTokenRow[] = await m.query(
      `SELECT id, user_id, expires_at, used_at FROM compliance.user_tokens WHERE token_hash = $1 AND purpose = $2 FOR UPDATE`,
      [hashToken(token), purpose],
    );
    return rows[0] ?? null;
  }

  /** Why a one-time token cannot be used (Swedish), or null when it can. */
  private oneTimeTokenProblem(token: OneTimeTokenRow | null, what: string): string | null {
    if (!token) return `${what} är ogiltig.`;
    if (token.used_at) return `${what} har redan använts.`;
    if (token.expires_at.getTime() <= Date.now()) return `${what} har gått ut. Begär en ny.`;
    return null;
  }
}
