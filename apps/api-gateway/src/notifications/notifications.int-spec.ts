import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { ErrorCode, JWT_AUDIENCE, JWT_ISSUER, refuse, succeed, type DigestRun, type NotificationPreferences } from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { redisOptionsFromUrl, RpcServer, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';
import { MISSING_TOKEN_MESSAGE } from './notifications.controller';

const SECRET = 'gateway-notifications-test-secret-0123456789';
const ADMIN_TOKEN = 'n'.repeat(40);
const USER_ID = '3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f';
const OTHER_USER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const WS_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const LIST_ID = '6c1b2f0e-0000-4000-8000-000000000001';
const GOOD_TOKEN = 'eyJ2IjoxLCJ1IjoiM2YyYiJ9.c2lnbmF0dXJlLW9mLXRoaXMtdG9rZW4';
const INVALID_MESSAGE = 'Länken för att avsluta prenumerationen är ogiltig. Ändra dina inställningar för aviseringar i Laglig i stället.';

const RUN_ID = '0b7d2c4e-1f3a-4b5c-8d6e-7f8091a2b3c4';
const RUN_ID_2 = '1c8e3d5f-2a4b-4c6d-9e7f-8091a2b3c4d5';
const queuedRun: DigestRun = {
  id: RUN_ID,
  trigger: 'manual',
  status: 'queued',
  at: '2026-12-03T07:00:00.000Z',
  period: '2026-12-03',
  queuedAt: '2026-12-03T07:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  attempts: 0,
  users: 0,
  sent: 0,
  skipped: 0,
  error: null,
};

const now = () => Math.floor(Date.now() / 1000);
const bearer = (sub = USER_ID) =>
  `Bearer ${jwt.sign({ sub, typ: 'access', iat: now(), exp: now() + 900, iss: JWT_ISSUER, aud: JWT_AUDIENCE }, SECRET, { algorithm: 'HS256' })}`;

/**
 * The notification endpoints over real HTTP and BullMQ with a stand-in
 * notifier: the user comes from the access token only, bodies are validated
 * at the edge, one-click unsubscribe needs no login and takes the RFC 8058
 * form body, the digest run needs the admin token.
 */
describe('notification endpoints (gateway)', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let notifier: RpcServer;
  const saved = { ...process.env };
  const seen: Array<{ method: string; input: Record<string, unknown> }> = [];
  const stored = new Map<string, NotificationPreferences>();
  const runs = new Map<string, DigestRun>();
  const last = (method: string) => seen.filter((s) => s.method === method).at(-1)?.input;

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-notifications');
    Object.assign(process.env, { REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'silent', JWT_SECRET: SECRET, ADMIN_API_TOKEN: ADMIN_TOKEN });
    const record = (method: string, fn: (input: Record<string, unknown>) => unknown): [string, RpcHandlerFn] => [
      method,
      (async (input: Record<string, unknown>) => {
        seen.push({ method, input });
        return fn(input);
      }) as RpcHandlerFn,
    ];
    const prefsOf = (userId: string): NotificationPreferences => stored.get(userId) ?? { userId, defaultFrequency: 'daily', lists: [], criticalSfs: [] };
    notifier = new RpcServer(
      'notifier',
      new Map<string, RpcHandlerFn>([
        record('preferences.get', (i) => succeed(prefsOf(i['userId'] as string))),
        record('preferences.set', (i) => {
          const userId = i['userId'] as string;
          const current = prefsOf(userId);
          const lists = (i['lists'] as NotificationPreferences['lists'] | undefined) ?? current.lists;
          const next = {
            userId,
            defaultFrequency: (i['defaultFrequency'] as NotificationPreferences['defaultFrequency'] | undefined) ?? current.defaultFrequency,
            lists,
            criticalSfs: (i['criticalSfs'] as string[] | undefined) ?? current.criticalSfs,
          };
          stored.set(userId, next);
          return succeed(next);
        }),
        record('unsubscribe', (i) => (i['token'] === GOOD_TOKEN ? succeed({ scope: 'all', description: 'alla laglistor' }) : refuse(ErrorCode.INVALID_INPUT, INVALID_MESSAGE))),
        record('digests.start', (i) => {
          const at = typeof i['at'] === 'string' ? new Date(i['at'] as string).toISOString() : '2026-12-03T07:00:00.000Z';
          const run: DigestRun = { ...queuedRun, id: [RUN_ID, RUN_ID_2][runs.size % 2] as string, at, period: at.slice(0, 10) };
          runs.set(run.id, run);
          return succeed(run);
        }),
        record('digests.status', (i) => {
          const run = runs.get(i['id'] as string);
          return run ? succeed({ ...run, status: 'completed', attempts: 1, startedAt: run.queuedAt, finishedAt: '2026-12-03T07:00:05.000Z', users: 3, sent: 2, skipped: 1 }) : refuse(ErrorCode.NOT_FOUND, 'Sammandragskörningen finns inte.');
        }),
        record('digests.list', (i) => succeed({ items: [...runs.values()].reverse().slice(0, i['limit'] as number) })),
      ]),
      { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix },
      createLogger('t', 'silent'),
    );
    await notifier.start();
    app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
    configureGateway(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await notifier?.close();
    await redis.cleanup();
    process.env = saved;
  });

  const http = () => request(app.getHttpServer());

  describe('GET/PUT /api/v1/me/notifications', () => {
    it('needs a login', async () => {
      await http().get('/api/v1/me/notifications').expect(401);
      await http().put('/api/v1/me/notifications').send({ defaultFrequency: 'off' }).expect(401);
      expect(seen.filter((s) => s.method.startsWith('preferences.'))).toHaveLength(0);
    });

    it('reads the signed-in user\'s preferences (defaults for a new user), never another user\'s', async () => {
      const res = await http().get('/api/v1/me/notifications?userId=' + OTHER_USER).set('Authorization', bearer()).expect(200);
      expect(res.body).toEqual({ userId: USER_ID, defaultFrequency: 'daily', lists: [], criticalSfs: [] });
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(last('preferences.get')).toEqual({ userId: USER_ID });
    });

    it('updates them with the user from the token, and refuses a userId in the body or a bad value in Swedish', async () => {
      const body = { defaultFrequency: 'weekly', lists: [{ workspaceId: WS_ID, listId: LIST_ID, frequency: 'immediate' }], criticalSfs: ['1977-1160'] };
      const res = await http().put('/api/v1/me/notifications').set('Authorization', bearer()).send(body).expect(200);
      expect(last('preferences.set')).toEqual({ ...body, criticalSfs: ['1977:1160'], userId: USER_ID });
      expect(res.body).toMatchObject({ userId: USER_ID, defaultFrequency: 'weekly', criticalSfs: ['1977:1160'] });

      const smuggled = await http().put('/api/v1/me/notifications').set('Authorization', bearer()).send({ userId: OTHER_USER, defaultFrequency: 'off' }).expect(400);
      expect(smuggled.body).toMatchObject({ code: 'INVALID_INPUT', message: 'Okänt fält: userId.' });
      const bad = await http().put('/api/v1/me/notifications').set('Authorization', bearer()).send({ defaultFrequency: 'hourly' }).expect(400);
      expect(bad.body.message).toBe('Ogiltigt värde; tillåtna: immediate, daily, weekly, off.');
      const badSfs = await http().put('/api/v1/me/notifications').set('Authorization', bearer()).send({ criticalSfs: ['lagen'] }).expect(400);
      expect(badSfs.body.message).toMatch(/Ogiltigt SFS-nummer/);
      expect(stored.get(OTHER_USER)).toBeUndefined();
    });
  });

  describe('POST /api/v1/unsubscribe', () => {
    it('takes a one-click POST from a mail client (token in the URL, form body List-Unsubscribe=One-Click) without a login', async () => {
      const res = await http()
        .post(`/api/v1/unsubscribe?token=${encodeURIComponent(GOOD_TOKEN)}`)
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      expect(res.body).toEqual({ scope: 'all', description: 'alla laglistor' });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(last('unsubscribe')).toEqual({ token: GOOD_TOKEN });
    });

    it('takes the token in a JSON body (the web page)', async () => {
      await http().post('/api/v1/unsubscribe').send({ token: GOOD_TOKEN }).expect(200);
      expect(last('unsubscribe')).toEqual({ token: GOOD_TOKEN });
    });

    it('answers 400 in Swedish for a tampered, missing or malformed token', async () => {
      const tampered = await http().post(`/api/v1/unsubscribe?token=${encodeURIComponent(`${GOOD_TOKEN.slice(0, -1)}x`)}`).type('form').send('List-Unsubscribe=One-Click').expect(400);
      expect(tampered.body).toMatchObject({ code: 'INVALID_INPUT', message: INVALID_MESSAGE });
      const missing = await http().post('/api/v1/unsubscribe').type('form').send('List-Unsubscribe=One-Click').expect(400);
      expect(missing.body.message).toBe(MISSING_TOKEN_MESSAGE);
      const short = await http().post('/api/v1/unsubscribe?token=kort').expect(400);
      expect(short.body.message).toBe('Minst 20 tecken.');
      const extra = await http().post('/api/v1/unsubscribe').send({ token: GOOD_TOKEN, userId: USER_ID }).expect(400);
      expect(extra.body.message).toBe('Okänt fält: userId.');
      expect(seen.filter((s) => s.method === 'unsubscribe').map((s) => s.input['token'])).not.toContain('kort');
    });
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const res = await http().get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/me/notifications', '/api/v1/unsubscribe', '/api/v1/admin/digests/run', '/api/v1/admin/digests/runs/{id}']));
    expect(Object.keys(res.body.paths['/api/v1/me/notifications'])).toEqual(expect.arrayContaining(['get', 'put']));
  });

  describe('admin digest runs: POST /api/v1/admin/digests/run, GET /api/v1/admin/digests/runs[/:id]', () => {
    const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const digestCalls = () => seen.filter((s) => s.method.startsWith('digests.'));

    it('needs the admin token (403 without or with a wrong one, a user token included) and starts nothing', async () => {
      await http().post('/api/v1/admin/digests/run').expect(403);
      await http().post('/api/v1/admin/digests/run').set('Authorization', bearer()).expect(403);
      await http().post('/api/v1/admin/digests/run').set('Authorization', 'Bearer fel').send({}).expect(403);
      await http().get(`/api/v1/admin/digests/runs/${RUN_ID}`).expect(403);
      await http().get('/api/v1/admin/digests/runs').set('Authorization', bearer()).expect(403);
      expect(digestCalls()).toHaveLength(0);
    });

    it('starts a run and answers 202 at once with the queued run and its Location', async () => {
      const res = await http().post('/api/v1/admin/digests/run').set(admin).send({ at: '2026-03-29T06:00:00Z' }).expect(202);
      expect(res.body).toEqual({ ...queuedRun, at: '2026-03-29T06:00:00.000Z', period: '2026-03-29' });
      expect(res.headers['location']).toBe(`/api/v1/admin/digests/runs/${RUN_ID}`);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(last('digests.start')).toEqual({ at: '2026-03-29T06:00:00Z' });

      const bare = await http().post('/api/v1/admin/digests/run').set(admin).expect(202);
      expect(bare.body).toMatchObject({ id: RUN_ID_2, status: 'queued' });
      expect(bare.headers['location']).toBe(`/api/v1/admin/digests/runs/${RUN_ID_2}`);
      expect(last('digests.start')).toEqual({});
    });

    it('refuses a bad body with 400 in Swedish and starts nothing', async () => {
      const before = seen.filter((s) => s.method === 'digests.start').length;
      const bad = await http().post('/api/v1/admin/digests/run').set(admin).send({ at: 'i morgon' }).expect(400);
      expect(bad.body.code).toBe('INVALID_INPUT');
      const extra = await http().post('/api/v1/admin/digests/run').set(admin).send({ force: true }).expect(400);
      expect(extra.body.message).toBe('Okänt fält: force.');
      expect(seen.filter((s) => s.method === 'digests.start')).toHaveLength(before);
    });

    it('follows a run by id (200 with status and counts), 404 for an unknown id, 400 for a malformed one', async () => {
      const res = await http().get(`/api/v1/admin/digests/runs/${RUN_ID}`).set(admin).expect(200);
      expect(res.body).toMatchObject({ id: RUN_ID, status: 'completed', attempts: 1, users: 3, sent: 2, skipped: 1, finishedAt: '2026-12-03T07:00:05.000Z' });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(last('digests.status')).toEqual({ id: RUN_ID });
      const unknown = await http().get('/api/v1/admin/digests/runs/2d9f4e60-3b5c-4d7e-8f90-a1b2c3d4e5f6').set(admin).expect(404);
      expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', message: 'Sammandragskörningen finns inte.' });
      const malformed = await http().get('/api/v1/admin/digests/runs/nej').set(admin).expect(400);
      expect(malformed.body.message).toContain('Ogiltigt id');
    });

    it('lists the recent runs, newest first', async () => {
      const res = await http().get('/api/v1/admin/digests/runs?limit=1').set(admin).expect(200);
      expect(res.body.items.map((r: DigestRun) => r.id)).toEqual([RUN_ID_2]);
      expect(last('digests.list')).toEqual({ limit: 1 });
      await http().get('/api/v1/admin/digests/runs?limit=0').set(admin).expect(400);
    });

    it('does not exist without ADMIN_API_TOKEN (404)', async () => {
      delete process.env['ADMIN_API_TOKEN'];
      try {
        await http().post('/api/v1/admin/digests/run').set(admin).expect(404);
        await http().get(`/api/v1/admin/digests/runs/${RUN_ID}`).set(admin).expect(404);
      } finally {
        process.env['ADMIN_API_TOKEN'] = ADMIN_TOKEN;
      }
    });
  });
});
