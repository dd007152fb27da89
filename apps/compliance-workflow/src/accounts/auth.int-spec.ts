import jwt from 'jsonwebtoken';
import { AccessTokenClaimsSchema, ErrorCode, JWT_AUDIENCE, JWT_ISSUER, type TokenPair } from '@laglig/contracts';
import { ComplianceHarness, TEST_JWT_SECRET } from '../testing/compliance-harness';
import { BAD_CREDENTIALS } from './auth.service';
import { hashToken } from './token-crypto';

const PASSWORD = 'korrekt-hast-batteri-häftstift';
let seq = 0;
const address = (tag: string) => `${tag}.${Date.now()}.${++seq}@example.se`;

/** Registration, login, sessions, verification and password reset over real request/reply, PostgreSQL and Redis. */
describe('accounts: authentication', () => {
  const h = new ComplianceHarness('cw-auth');

  beforeAll(() => h.start(), 60_000);
  afterAll(() => h.stop());

  async function register(email: string, displayName = 'Anna Andersson', password = PASSWORD): Promise<void> {
    expect(await h.ok('auth.register', { email, password, displayName })).toEqual({ accepted: true });
  }
  const login = (email: string, password = PASSWORD) => h.call('auth.login', { email, password });
  async function loginOk(email: string, password = PASSWORD): Promise<TokenPair> {
    return h.ok('auth.login', { email, password });
  }
  async function eventFor<E extends 'user.registered' | 'password.reset-requested'>(type: E, userId: string) {
    const found = await h.until(
      () => h.events(type),
      (es) => es.some((e) => e.payload.userId === userId),
    );
    return found.filter((e) => e.payload.userId === userId);
  }

  it('registers a user (argon2id hash, verification event) who may log in before verifying', async () => {
    const email = address('anna');
    await register(email.toUpperCase());
    const pair = await loginOk(email);
    expect(pair.user).toEqual({ id: expect.any(String), email, displayName: 'Anna Andersson', emailVerified: false, workspaces: [] });

    const [row] = await h.ds.query(`SELECT password_hash FROM compliance.users WHERE id = $1`, [pair.user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(row.password_hash).not.toContain(PASSWORD);

    const [event] = await eventFor('user.registered', pair.user.id);
    expect(event?.payload).toMatchObject({ userId: pair.user.id, email, displayName: 'Anna Andersson' });
    const verification = event?.payload.verificationToken ?? '';
    const [token] = await h.ds.query(`SELECT purpose, expires_at, created_at FROM compliance.user_tokens WHERE token_hash = $1`, [hashToken(verification)]);
    expect(token.purpose).toBe('verify_email');
    expect(token.expires_at.getTime() - token.created_at.getTime()).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(token.expires_at.getTime() - token.created_at.getTime()).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
  });

  it('issues an HS256 access token with the contract claims and a refresh token stored only as its hash', async () => {
    const email = address('claims');
    await register(email);
    const pair = await loginOk(email);
    const claims = jwt.verify(pair.accessToken, TEST_JWT_SECRET, { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE }) as jwt.JwtPayload;
    expect(AccessTokenClaimsSchema.parse(claims)).toMatchObject({ sub: pair.user.id, typ: 'access' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
    expect(Date.parse(pair.accessTokenExpiresAt)).toBe((claims.exp ?? 0) * 1000);
    expect(jwt.decode(pair.accessToken, { complete: true })?.header.alg).toBe('HS256');

    expect(pair.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(pair.refreshTokenExpiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const rows = await h.ds.query(`SELECT token_hash FROM compliance.refresh_tokens WHERE user_id = $1`, [pair.user.id]);
    expect(rows).toEqual([{ token_hash: hashToken(pair.refreshToken) }]);
  });

  it('answers a wrong password and an unknown address identically, and a repeated registration looks like a new one', async () => {
    const email = address('known');
    await register(email, 'Bertil');
    const wrong = await login(email, 'fel-lösenord-123');
    const unknown = await login(address('nobody'), 'fel-lösenord-123');
    expect(wrong).toEqual({ ok: false, code: ErrorCode.UNAUTHENTICATED, message: BAD_CREDENTIALS });
    expect(unknown).toEqual(wrong);

    // Registering the address again: same answer, nothing changes, no second mail.
    const before = await h.ds.query(`SELECT id, password_hash, display_name FROM compliance.users WHERE email = $1`, [email]);
    await register(email, 'Någon annan', 'ett-helt-annat-lösenord');
    expect(await h.ds.query(`SELECT id, password_hash, display_name FROM compliance.users WHERE email = $1`, [email])).toEqual(before);
    await h.until(() => h.events('user.registered'), (es) => es.some((e) => e.payload.email === email));
    await new Promise((r) => setTimeout(r, 400)); // the outbox relay polls every 200 ms
    expect((await h.events('user.registered')).filter((e) => e.payload.email === email)).toHaveLength(1);
    expect((await login(email, 'ett-helt-annat-lösenord')).ok).toBe(false);
    expect((await login(email)).ok).toBe(true);
  });

  it('takes as long for an unknown address as for a wrong password (dummy hash)', async () => {
    const email = address('timing');
    await register(email);
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so load from other processes hits both sides alike; different addresses avoid the lockout.
    for (let i = 0; i < 4; i++) {
      let t = performance.now();
      await login(email, `fel-${i}-lösenord`);
      known.push(performance.now() - t);
      t = performance.now();
      await login(address('ghost'), `fel-${i}-lösenord`);
      unknown.push(performance.now() - t);
    }
    await loginOk(email); // resets the counter
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    // Without the dummy verification an unknown address answers in a few ms, against tens of ms for argon2.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
  });

  it('locks an address for 15 minutes after five failures, the same for an unknown address; the lock expires and doubles', async () => {
    const email = address('locked');
    await register(email);
    const ghost = address('ghost-locked');
    for (let i = 0; i < 5; i++) {
      expect(await login(email, 'fel-lösenord-xx')).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
      expect(await login(ghost, 'fel-lösenord-xx')).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    }
    const known = await login(email); // even the right password waits
    const unknown = await login(ghost);
    expect(known).toMatchObject({ ok: false, code: ErrorCode.RATE_LIMITED, message: 'För många misslyckade inloggningsförsök. Försök igen om 15 minuter.' });
    const retry = (r: typeof known) => (r.ok ? 0 : (r.details as { retryAfterSeconds: number }).retryAfterSeconds);
    expect(retry(known)).toBeGreaterThan(890);
    expect(retry(known)).toBeLessThanOrEqual(900);
    expect(unknown).toMatchObject({ ok: false, code: ErrorCode.RATE_LIMITED, message: (known as { message: string }).message });
    expect(Math.abs(retry(unknown) - retry(known))).toBeLessThanOrEqual(2);

    // The table holds HMACs, not addresses.
    const keys: Array<{ key: string }> = await h.ds.query(`SELECT key FROM compliance.login_throttle`);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const { key } of keys) expect(key).toMatch(/^[0-9a-f]{64}$/);

    // The lock runs out: the next five failures lock for twice as long.
    await h.ds.query(`UPDATE compliance.login_throttle SET locked_until = now() - interval '1 second'`);
    for (let i = 0; i < 5; i++) expect(await login(ghost, 'fel-lösenord-yy')).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    const second = await login(ghost);
    expect(second).toMatchObject({ code: ErrorCode.RATE_LIMITED, message: 'För många misslyckade inloggningsförsök. Försök igen om 30 minuter.' });
    expect(retry(second)).toBeGreaterThan(1790);

    // After the lock a correct password works and starts the address over.
    const pair = await loginOk(email);
    expect(pair.user.email).toBe(email);
    for (let i = 0; i < 4; i++) await login(email, 'fel-lösenord-zz');
    expect((await login(email)).ok).toBe(true);
  });

  it('rotates the refresh token on every refresh and revokes the family when a rotated token comes back', async () => {
    const email = address('rotate');
    await register(email);
    const first = await loginOk(email);
    const other = await loginOk(email); // a second device: its own family

    const second = await h.ok('auth.refresh', { refreshToken: first.refreshToken, userAgent: 'jest', ip: '127.0.0.1' });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user.id).toBe(first.user.id);
    const [a, b] = await Promise.all(
      [first, second].map(async (p) => (await h.ds.query(`SELECT * FROM compliance.refresh_tokens WHERE token_hash = $1`, [hashToken(p.refreshToken)]))[0]),
    );
    expect(a).toMatchObject({ revoke_reason: 'rotated', replaced_by: b.id, family_id: b.family_id });
    expect(a.revoked_at).toBeInstanceOf(Date);
    expect(b).toMatchObject({ revoked_at: null, user_agent: 'jest', ip: '127.0.0.1' });

    const third = await h.ok('auth.refresh', { refreshToken: second.refreshToken });
    // The first token again: reuse. The answer is "log in again" and the whole family is dead.
    const reuse = await h.call('auth.refresh', { refreshToken: first.refreshToken });
    expect(reuse).toEqual({ ok: false, code: ErrorCode.UNAUTHENTICATED, message: 'Din session har gått ut. Logga in igen.' });
    expect(await h.call('auth.refresh', { refreshToken: third.refreshToken })).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    const family = await h.ds.query(`SELECT revoke_reason FROM compliance.refresh_tokens WHERE family_id = $1 ORDER BY created_at`, [b.family_id]);
    expect(family.map((r: { revoke_reason: string }) => r.revoke_reason)).toEqual(['rotated', 'rotated', 'reuse']);
    // The other device is untouched.
    expect((await h.call('auth.refresh', { refreshToken: other.refreshToken })).ok).toBe(true);
    // Unknown and expired tokens are refused too.
    expect(await h.call('auth.refresh', { refreshToken: 'x'.repeat(43) })).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    const fresh = await loginOk(email);
    await h.ds.query(`UPDATE compliance.refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashToken(fresh.refreshToken)]);
    expect(await h.call('auth.refresh', { refreshToken: fresh.refreshToken })).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
  });

  it('logs out the whole session family; logging out twice is fine', async () => {
    const email = address('logout');
    await register(email);
    const first = await loginOk(email);
    const second = await h.ok('auth.refresh', { refreshToken: first.refreshToken });
    expect(await h.ok('auth.logout', { refreshToken: second.refreshToken })).toEqual({ loggedOut: true });
    expect(await h.call('auth.refresh', { refreshToken: second.refreshToken })).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    const reasons = await h.ds.query(`SELECT revoke_reason FROM compliance.refresh_tokens WHERE user_id = $1 ORDER BY created_at`, [first.user.id]);
    expect(reasons.map((r: { revoke_reason: string }) => r.revoke_reason)).toEqual(['rotated', 'logout']);
    expect(await h.ok('auth.logout', { refreshToken: second.refreshToken })).toEqual({ loggedOut: true });
    expect(await h.ok('auth.logout', { refreshToken: 'y'.repeat(43) })).toEqual({ loggedOut: true });
  });

  it('verifies the e-mail address once with the mailed token', async () => {
    const email = address('verify');
    await register(email);
    const pair = await loginOk(email);
    const token = (await eventFor('user.registered', pair.user.id))[0]?.payload.verificationToken ?? '';
    expect(await h.call('auth.verify-email', { token: 'z'.repeat(43) })).toEqual({ ok: false, code: ErrorCode.INVALID_INPUT, message: 'Verifieringslänken är ogiltig.' });
    expect(await h.ok('auth.verify-email', { token })).toEqual({ verified: true });
    expect(await h.ok('auth.me', { actor: { userId: pair.user.id } })).toMatchObject({ emailVerified: true, email });
    expect(await h.call('auth.verify-email', { token })).toEqual({ ok: false, code: ErrorCode.INVALID_INPUT, message: 'Verifieringslänken har redan använts.' });

    const late = address('late');
    await register(late);
    const latePair = await loginOk(late);
    const lateToken = (await eventFor('user.registered', latePair.user.id))[0]?.payload.verificationToken ?? '';
    await h.ds.query(`UPDATE compliance.user_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashToken(lateToken)]);
    expect(await h.call('auth.verify-email', { token: lateToken })).toMatchObject({ code: ErrorCode.INVALID_INPUT, message: 'Verifieringslänken har gått ut. Begär en ny.' });
    expect(await h.ok('auth.me', { actor: { userId: latePair.user.id } })).toMatchObject({ emailVerified: false });
  });

  it('resets a password with the mailed link: old sessions end, the new password works, the link is single-use', async () => {
    const email = address('reset');
    await register(email);
    const session = await loginOk(email);
    // Lock the address first: the reset lifts the lock.
    for (let i = 0; i < 5; i++) await login(email, 'fel-lösenord-rr');
    expect(await login(email)).toMatchObject({ code: ErrorCode.RATE_LIMITED });

    expect(await h.ok('auth.password-reset.request', { email: address('unknown-reset') })).toEqual({ accepted: true });
    expect(await h.ok('auth.password-reset.request', { email: email.toUpperCase() })).toEqual({ accepted: true });
    expect(await h.ok('auth.password-reset.request', { email })).toEqual({ accepted: true }); // within a minute: no second mail
    const events = await eventFor('password.reset-requested', session.user.id);
    await new Promise((r) => setTimeout(r, 400));
    expect((await h.events('password.reset-requested')).filter((e) => e.payload.userId === session.user.id)).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ email, displayName: 'Anna Andersson' });
    const resetToken = events[0]?.payload.resetToken ?? '';
    const [row] = await h.ds.query(`SELECT expires_at, created_at FROM compliance.user_tokens WHERE token_hash = $1 AND purpose = 'password_reset'`, [
      hashToken(resetToken),
    ]);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBeLessThanOrEqual(3600_000 + 60_000);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBeGreaterThan(3600_000 - 60_000);

    const newPassword = 'ett-nytt-långt-lösenord';
    expect(await h.ok('auth.password-reset.confirm', { token: resetToken, password: newPassword })).toEqual({ reset: true });
    expect(await h.call('auth.refresh', { refreshToken: session.refreshToken })).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    const live = await h.ds.query(`SELECT count(*)::int AS n FROM compliance.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`, [session.user.id]);
    expect(live[0].n).toBe(0);
    expect(await login(email)).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    const pair = await loginOk(email, newPassword);
    expect(pair.user.emailVerified).toBe(true); // the link proved the address
    expect(await h.call('auth.password-reset.confirm', { token: resetToken, password: 'ännu-ett-lösenord-1' })).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: 'Länken för att återställa lösenordet har redan använts.',
    });
    expect(await h.call('auth.password-reset.confirm', { token: 'q'.repeat(43), password: 'ännu-ett-lösenord-1' })).toMatchObject({ code: ErrorCode.INVALID_INPUT });
  });

  it('refuses an expired reset link and a too short password', async () => {
    const email = address('reset-late');
    await register(email);
    const pair = await loginOk(email);
    await h.ok('auth.password-reset.request', { email });
    const token = (await eventFor('password.reset-requested', pair.user.id))[0]?.payload.resetToken ?? '';
    expect(await h.call('auth.password-reset.confirm', { token, password: 'kort' })).toMatchObject({ code: ErrorCode.INVALID_INPUT, message: 'Lösenordet måste ha minst 10 tecken' });
    await h.ds.query(`UPDATE compliance.user_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashToken(token)]);
    expect(await h.call('auth.password-reset.confirm', { token, password: 'ett-nytt-långt-lösenord' })).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: 'Länken för att återställa lösenordet har gått ut. Begär en ny.',
    });
    expect((await login(email)).ok).toBe(true);
  });

  it('answers auth.me with the profile and UNAUTHENTICATED once the account is gone', async () => {
    const user = await h.user('Cecilia');
    expect(await h.ok('auth.me', { actor: user.actor })).toEqual({ id: user.actor.userId, email: user.email, displayName: 'Cecilia', emailVerified: false, workspaces: [] });
    await h.ds.query(`DELETE FROM compliance.users WHERE id = $1`, [user.actor.userId]);
    expect(await h.call('auth.me', { actor: user.actor })).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    expect(await h.call('auth.refresh', { refreshToken: user.refreshToken })).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
  });
});
