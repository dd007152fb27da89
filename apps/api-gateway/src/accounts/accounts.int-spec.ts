import 'reflect-metadata';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { ErrorCode, JWT_AUDIENCE, JWT_ISSUER, refuse, succeed, type TokenPair, type UserProfile, type Workspace } from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { redisOptionsFromUrl, RpcServer, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';
import { REGISTERED_MESSAGE } from './auth.controller';

const SECRET = 'gateway-accounts-test-secret-0123456789abcdef';
const ADMIN_TOKEN = 'b'.repeat(40);
const PASSWORD = 'korrekt-hast-batteri-häftstift';
const USER_ID = '3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f';
const WS_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const PROFILE: UserProfile = { id: USER_ID, email: 'anna@example.se', displayName: 'Anna', emailVerified: true, workspaces: [{ id: WS_ID, name: 'Bolaget AB', role: 'OWNER' }] };
const WORKSPACE: Workspace = { id: WS_ID, name: 'Bolaget AB', role: 'OWNER', createdAt: '2026-03-02T08:00:00.000Z' };
const UNAUTHENTICATED_BODY = { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Du behöver logga in igen.' };

type Claims = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);
const claims = (over: Claims = {}): Claims => ({ sub: USER_ID, typ: 'access', iat: now(), exp: now() + 900, iss: JWT_ISSUER, aud: JWT_AUDIENCE, ...over });
const sign = (payload: Claims, secret = SECRET, algorithm: jwt.Algorithm = 'HS256') => jwt.sign(payload, secret, { algorithm });
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/**
 * The accounts endpoints over real HTTP and BullMQ, with a stand-in
 * compliance-workflow: access-token verification (passport-jwt), the refresh
 * cookie, body delivery, validation and rate limits.
 */
describe('accounts endpoints (gateway)', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let cw: RpcServer;
  const saved = { ...process.env };
  const seen: Array<{ method: string; input: Record<string, unknown> }> = [];
  /** Refresh tokens the stand-in considers live. */
  const live = new Set<string>();
  let ip = 0;
  /** A fresh client address per request, so tests do not share rate-limit counters. */
  const from = () => `198.51.100.${(++ip % 250) + 1}`;

  function pair(): TokenPair {
    const refreshToken = randomBytes(32).toString('base64url');
    live.add(refreshToken);
    return {
      accessToken: sign(claims()),
      accessTokenExpiresAt: new Date((now() + 900) * 1000).toISOString(),
      refreshToken,
      refreshTokenExpiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      user: PROFILE,
    };
  }

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-accounts');
    Object.assign(process.env, {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      LOG_LEVEL: 'silent',
      JWT_SECRET: SECRET,
      AUTH_THROTTLE_LIMIT: '5',
      ADMIN_API_TOKEN: ADMIN_TOKEN,
    });
    delete process.env['COOKIE_SECURE'];
    const record = (method: string, fn: (input: Record<string, unknown>) => unknown): [string, RpcHandlerFn] => [
      method,
      (async (input: Record<string, unknown>) => {
        seen.push({ method, input });
        return fn(input);
      }) as RpcHandlerFn,
    ];
    const handlers = new Map<string, RpcHandlerFn>([
      record('auth.register', () => succeed({ accepted: true })),
      record('auth.login', (i) => {
        if (i['email'] === 'locked@example.se') return refuse(ErrorCode.RATE_LIMITED, 'För många misslyckade inloggningsförsök. Försök igen om 15 minuter.', { retryAfterSeconds: 900 });
        if (i['email'] === PROFILE.email && i['password'] === PASSWORD) return succeed(pair());
        return refuse(ErrorCode.UNAUTHENTICATED, 'Fel e-postadress eller lösenord.');
      }),
      record('auth.refresh', (i) => {
        const token = i['refreshToken'] as string;
        if (!live.delete(token)) return refuse(ErrorCode.UNAUTHENTICATED, 'Din session har gått ut. Logga in igen.');
        return succeed(pair());
      }),
      record('auth.logout', (i) => (live.delete(i['refreshToken'] as string), succeed({ loggedOut: true }))),
      record('auth.me', (i) => ((i['actor'] as { userId: string }).userId === USER_ID ? succeed(PROFILE) : refuse(ErrorCode.UNAUTHENTICATED, 'Du behöver logga in igen.'))),
      record('auth.password-reset.request', () => succeed({ accepted: true })),
      record('workspaces.list', () => succeed({ items: [WORKSPACE] })),
      record('workspaces.get', (i) => (i['workspaceId'] === WS_ID ? succeed(WORKSPACE) : refuse(ErrorCode.NOT_FOUND, 'Arbetsytan finns inte.'))),
      record('members.remove', () => succeed({ removed: true })),
      record('admin.workspaces.list', () => succeed({ items: [{ id: WS_ID, name: 'Bolaget AB', createdAt: WORKSPACE.createdAt, memberCount: 3 }], nextCursor: null })),
    ]);
    cw = new RpcServer('compliance-workflow', handlers, { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix }, createLogger('t', 'silent'));
    await cw.start();
    app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
    configureGateway(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await cw?.close();
    await redis.cleanup();
    process.env = saved;
  });

  const http = () => request(app.getHttpServer());
  const me = (authorization?: string) => {
    const req = http().get('/api/v1/auth/me').set('X-Forwarded-For', from());
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };
  const login = (body: object, headers: Record<string, string> = {}) => http().post('/api/v1/auth/login').set({ 'X-Forwarded-For': from(), ...headers }).send(body);
  const cookieOf = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const refreshCookieValue = (res: request.Response): string | undefined => cookieOf(res).map((c) => /^laglig_refresh=([^;]*)/.exec(c)?.[1]).find((v) => v !== undefined);

  function expectUnauthenticated(res: request.Response): void {
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject(UNAUTHENTICATED_BODY);
    expect(Object.keys(res.body).sort()).toEqual(expect.arrayContaining(['code', 'message', 'statusCode']));
    expect(res.body).not.toHaveProperty('stack');
    expect(res.text).not.toMatch(/\bat \w|Error:|jwt |invalid signature|expired/i);
  }

  describe('access tokens', () => {
    it('accepts a valid HS256 token with the right issuer and audience', async () => {
      const res = await me(`Bearer ${sign(claims())}`).expect(200);
      expect(res.body).toEqual(PROFILE);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(seen.filter((s) => s.method === 'auth.me').at(-1)?.input).toEqual({ actor: { userId: USER_ID } });
    });

    it('refuses a missing, expired, tampered, unsigned, wrongly signed, foreign or refresh-typed token with 401', async () => {
      const valid = sign(claims());
      const [header, payload, signature] = valid.split('.') as [string, string, string];
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const tokens: Record<string, string | undefined> = {
        missing: undefined,
        'not bearer': `Basic ${valid}`,
        expired: sign(claims({ iat: now() - 3600, exp: now() - 60 })),
        'tampered payload': `${header}.${b64({ ...claims(), sub: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })}.${signature}`,
        'tampered signature': `${header}.${payload}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`,
        'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
        'HS512 with the right secret': sign(claims(), SECRET, 'HS512'),
        RS256: jwt.sign(claims(), privateKey, { algorithm: 'RS256' }),
        'another secret': sign(claims(), 'another-secret-that-is-long-enough-0123456789'),
        'wrong issuer': sign(claims({ iss: 'someone-else' })),
        'wrong audience': sign(claims({ aud: 'another-api' })),
        'refresh-typed': sign(claims({ typ: 'refresh' })),
        'no subject': sign(claims({ sub: undefined })),
        'subject not a uuid': sign(claims({ sub: 'admin' })),
        garbage: 'abc.def.ghi',
        'not a jwt': 'inte-en-token',
      };
      for (const [name, token] of Object.entries(tokens)) {
        const res = await me(token === undefined ? undefined : name === 'not bearer' ? token : `Bearer ${token}`);
        try {
          expectUnauthenticated(res);
        } catch (error) {
          throw new Error(`${name}: ${(error as Error).message}`);
        }
      }
      // None of them reached the service.
      expect(seen.filter((s) => s.method === 'auth.me')).toHaveLength(1);
    });

    it('guards the workspace endpoints too, and validates the path id after the token', async () => {
      expectUnauthenticated(await http().get(`/api/v1/workspaces/${WS_ID}`).set('X-Forwarded-For', from()));
      expectUnauthenticated(await http().get('/api/v1/workspaces/inte-ett-id').set('X-Forwarded-For', from()));
      const token = `Bearer ${sign(claims())}`;
      const bad = await http().get('/api/v1/workspaces/inte-ett-id').set('Authorization', token).expect(400);
      expect(bad.body).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT', details: { issues: [{ path: '', message: 'Ogiltigt id (förväntade ett UUID).' }] } });
      expect((await http().get(`/api/v1/workspaces/${WS_ID}`).set('Authorization', token).expect(200)).body).toEqual(WORKSPACE);
      const missing = await http().get('/api/v1/workspaces/00000000-0000-4000-8000-000000000000').set('Authorization', token).expect(404);
      expect(missing.body).toMatchObject({ code: 'NOT_FOUND', message: 'Arbetsytan finns inte.' });
      await http().delete(`/api/v1/workspaces/${WS_ID}/members/${USER_ID}`).set('Authorization', token).expect(204);
      expect(seen.filter((s) => s.method === 'members.remove').at(-1)?.input).toEqual({ actor: { userId: USER_ID }, workspaceId: WS_ID, userId: USER_ID });
      const created = await http().post('/api/v1/workspaces').set('Authorization', token).send({ name: '  ' }).expect(400);
      expect(created.body.details.issues).toEqual([{ path: 'name', message: 'Ange ett namn' }]);
    });
  });

  describe('sessions', () => {
    it('sets the refresh token as an HttpOnly, SameSite=Strict cookie on /api/v1/auth and keeps it out of the body', async () => {
      const res = await login({ email: 'Anna@Example.se', password: PASSWORD }).set('User-Agent', 'jest-agent/1.0').expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'accessTokenExpiresAt', 'user']);
      expect(res.body.user).toEqual(PROFILE);
      expect(res.headers['cache-control']).toBe('no-store');
      const [cookie] = cookieOf(res);
      expect(cookie).toMatch(/^laglig_refresh=[A-Za-z0-9_-]{43}; Max-Age=(2591999|2592000); Path=\/api\/v1\/auth; HttpOnly; SameSite=Strict$/);
      expect(cookie).not.toMatch(/Secure/); // NODE_ENV is not production here
      const input = seen.filter((s) => s.method === 'auth.login').at(-1)?.input;
      expect(input).toMatchObject({ email: 'anna@example.se', userAgent: 'jest-agent/1.0', ip: expect.stringMatching(/^198\.51\.100\./) });
      // The access token works at once.
      await me(`Bearer ${res.body.accessToken}`).expect(200);
    });

    it('refreshes through the cookie, rotating it; a missing or dead cookie is 401 and cleared', async () => {
      const first = refreshCookieValue(await login({ email: PROFILE.email, password: PASSWORD }).expect(200)) as string;
      const res = await http().post('/api/v1/auth/refresh').set('Cookie', `other=1; laglig_refresh=${first}`).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'accessTokenExpiresAt', 'user']);
      const second = refreshCookieValue(res);
      expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(second).not.toBe(first);
      expect(seen.filter((s) => s.method === 'auth.refresh').at(-1)?.input).toMatchObject({ refreshToken: first });

      // The rotated cookie again: the service refuses, the gateway clears the cookie.
      const reused = await http().post('/api/v1/auth/refresh').set('Cookie', `laglig_refresh=${first}`);
      expect(reused.status).toBe(401);
      expect(reused.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Din session har gått ut. Logga in igen.' });
      expect(cookieOf(reused)).toEqual([expect.stringMatching(/^laglig_refresh=; Max-Age=0; Path=\/api\/v1\/auth; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/)]);

      const none = await http().post('/api/v1/auth/refresh');
      expectUnauthenticated(none);
      expect(refreshCookieValue(none)).toBe('');
    });

    it('delivers and accepts the refresh token in the body for API clients (X-Token-Delivery: body)', async () => {
      const res = await login({ email: PROFILE.email, password: PASSWORD }, { 'X-Token-Delivery': 'body' }).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        accessTokenExpiresAt: expect.any(String),
        refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        refreshTokenExpiresAt: expect.any(String),
        user: PROFILE,
      });
      expect(cookieOf(res)).toEqual([]);
      const next = await http().post('/api/v1/auth/refresh').set('X-Token-Delivery', 'body').send({ refreshToken: res.body.refreshToken }).expect(200);
      expect(next.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(next.body.refreshToken).not.toBe(res.body.refreshToken);
      // Without the header a body token is not read.
      expectUnauthenticated(await http().post('/api/v1/auth/refresh').send({ refreshToken: next.body.refreshToken }));
      await http().post('/api/v1/auth/logout').set('X-Token-Delivery', 'body').send({ refreshToken: next.body.refreshToken }).expect(204);
      expect(seen.filter((s) => s.method === 'auth.logout').at(-1)?.input).toEqual({ refreshToken: next.body.refreshToken });
      expect(live.has(next.body.refreshToken)).toBe(false);
    });

    it('logs out with the cookie and clears it', async () => {
      const token = refreshCookieValue(await login({ email: PROFILE.email, password: PASSWORD }).expect(200)) as string;
      const res = await http().post('/api/v1/auth/logout').set('Cookie', `laglig_refresh=${token}`).expect(204);
      expect(refreshCookieValue(res)).toBe('');
      expect(live.has(token)).toBe(false);
      // Without any token it is still a successful logout.
      await http().post('/api/v1/auth/logout').expect(204);
    });
  });

  describe('validation and answers', () => {
    it('answers 400 with field details for an invalid body, and never takes ip or user agent from the body', async () => {
      const res = await login({ email: 'inte-en-adress' }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT' });
      expect(res.body.details.issues).toEqual(
        expect.arrayContaining([
          { path: 'email', message: 'Ange en giltig e-postadress' },
          { path: 'password', message: 'Fältet saknas.' },
        ]),
      );
      const injected = await http()
        .post('/api/v1/auth/register')
        .set('X-Forwarded-For', from())
        .send({ email: 'ny@example.se', password: PASSWORD, displayName: 'Ny', ip: '10.0.0.1' })
        .expect(400);
      expect(injected.body.details.issues).toEqual([{ path: '', message: 'Okänt fält: ip.' }]);
      const short = await http().post('/api/v1/auth/register').set('X-Forwarded-For', from()).send({ email: 'ny@example.se', password: 'kort', displayName: 'Ny' }).expect(400);
      expect(short.body.details.issues).toEqual([{ path: 'password', message: 'Lösenordet måste ha minst 10 tecken' }]);
      expect(seen.some((s) => s.method === 'auth.register')).toBe(false);
    });

    it('answers registration and reset requests with 202 and a Swedish message', async () => {
      const res = await http().post('/api/v1/auth/register').set('X-Forwarded-For', from()).send({ email: 'Ny@Example.se', password: PASSWORD, displayName: 'Ny Person' }).expect(202);
      expect(res.body).toEqual({ message: REGISTERED_MESSAGE });
      expect(seen.filter((s) => s.method === 'auth.register').at(-1)?.input).toMatchObject({ email: 'ny@example.se', displayName: 'Ny Person', ip: expect.any(String) });
      const reset = await http().post('/api/v1/auth/password-reset').set('X-Forwarded-For', from()).send({ email: 'ny@example.se' }).expect(202);
      expect(reset.body.message).toMatch(/återställa lösenordet/);
    });

    it('maps a wrong password to 401 and a locked address to 429 with retryAfterSeconds and Retry-After', async () => {
      const wrong = await login({ email: PROFILE.email, password: 'fel-lösenord' }).expect(401);
      expect(wrong.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Fel e-postadress eller lösenord.' });
      const locked = await login({ email: 'locked@example.se', password: PASSWORD }).expect(429);
      expect(locked.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', details: { retryAfterSeconds: 900 } });
      expect(locked.headers['retry-after']).toBe('900');
    });

    it('limits logins per client address (AUTH_THROTTLE_LIMIT) with a Swedish 429', async () => {
      const client = '203.0.113.77';
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await http().post('/api/v1/auth/login').set('X-Forwarded-For', client).send({ email: PROFILE.email, password: 'fel-lösenord' });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', message: 'För många förfrågningar. Vänta en stund och försök igen.' });
          expect(res.headers['retry-after']).toBeDefined();
        }
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      // Another client is not affected.
      await login({ email: PROFILE.email, password: PASSWORD }).expect(200);
    });

    it('serves the operator list only with the admin token', async () => {
      await http().get('/api/v1/admin/workspaces').expect(403);
      await http().get('/api/v1/admin/workspaces').set('Authorization', `Bearer ${sign(claims())}`).expect(403);
      const res = await http().get('/api/v1/admin/workspaces?limit=10').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
      expect(res.body).toEqual({ items: [{ id: WS_ID, name: 'Bolaget AB', createdAt: WORKSPACE.createdAt, memberCount: 3 }], nextCursor: null });
      expect(seen.filter((s) => s.method === 'admin.workspaces.list').at(-1)?.input).toEqual({ cursor: null, limit: 10 });
      await http().get('/api/v1/admin/workspaces?limit=x').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(400);
    });
  });
});
