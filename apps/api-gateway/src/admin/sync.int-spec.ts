import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ErrorCode, refuse, succeed, SyncStartInputSchema, SyncStatusInputSchema, type SyncRun } from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { redisOptionsFromUrl, RpcServer, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';

const TOKEN = 's'.repeat(40);
const RUN_ID = '6a1f6c0e-1d2b-4c3a-9e8f-0a1b2c3d4e5f';
const OTHER = '7b2f6c0e-1d2b-4c3a-9e8f-0a1b2c3d4e5f';

const run = (mode: SyncRun['mode'], status: SyncRun['status'] = 'queued'): SyncRun => ({
  id: RUN_ID,
  mode,
  status,
  trigger: 'manual',
  startedAt: '2026-11-22T07:00:00.000Z',
  finishedAt: null,
  cursor: null,
  listed: 0,
  processed: 0,
  created: 0,
  changed: 0,
  unchanged: 0,
  failed: 0,
  errors: [],
});

/** The operator's sync endpoints over real HTTP and BullMQ, with a stand-in law-catalog. */
describe('admin sync endpoints', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let catalog: RpcServer;
  const starts: unknown[] = [];
  let latest: SyncRun | null = null;
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-sync');
    Object.assign(process.env, { JWT_SECRET: 'gateway-test-signing-key-0123456789abcdef', REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'silent', ADMIN_API_TOKEN: TOKEN });
    const handlers = new Map<string, RpcHandlerFn>([
      [
        'sync.start',
        (async (input: unknown) => {
          const { mode } = SyncStartInputSchema.parse(input);
          starts.push(input);
          latest = run(mode);
          return succeed(latest);
        }) as RpcHandlerFn,
      ],
      [
        'sync.status',
        (async (input: unknown) => {
          const { id } = SyncStatusInputSchema.parse(input);
          if (!latest || (id !== undefined && id !== latest.id)) return refuse(ErrorCode.NOT_FOUND, 'Ingen synkronisering hittades');
          return succeed({ ...latest, status: 'fetching', listed: 10, processed: 4 });
        }) as RpcHandlerFn,
      ],
    ]);
    catalog = new RpcServer('law-catalog', handlers, { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix }, createLogger('t', 'silent'));
    await catalog.start();
    app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
    configureGateway(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await catalog?.close();
    await redis.cleanup();
    process.env = saved;
  });

  const http = () => request(app.getHttpServer());
  const auth = { Authorization: `Bearer ${TOKEN}` };

  it('refuses without the operator token (403) and starts nothing', async () => {
    await http().post('/api/v1/admin/sync').expect(403);
    await http().post('/api/v1/admin/sync').set('Authorization', 'Bearer wrong').send({ mode: 'full' }).expect(403);
    await http().get('/api/v1/admin/sync').expect(403);
    await http().get(`/api/v1/admin/sync/${RUN_ID}`).set('Authorization', 'Bearer wrong').expect(403);
    expect(starts).toEqual([]);
  });

  it('has no latest run before the first start (404)', async () => {
    const res = await http().get('/api/v1/admin/sync').set(auth).expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: 'Ingen synkronisering hittades' });
  });

  it('starts an incremental sync by default and answers 202 with the run', async () => {
    const res = await http().post('/api/v1/admin/sync').set(auth).expect(202);
    expect(res.body).toEqual(run('incremental'));
    expect(res.headers['cache-control']).toBe('no-store');
    expect(starts).toEqual([{ mode: 'incremental' }]);
  });

  it('starts a full sync when asked, and validates the body in Swedish', async () => {
    const res = await http().post('/api/v1/admin/sync').set(auth).send({ mode: 'full' }).expect(202);
    expect(res.body).toMatchObject({ id: RUN_ID, mode: 'full', status: 'queued' });
    const bad = await http().post('/api/v1/admin/sync').set(auth).send({ mode: 'everything' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Ogiltigt värde') });
    const extra = await http().post('/api/v1/admin/sync').set(auth).send({ mode: 'full', force: true }).expect(400);
    expect(extra.body.message).toContain('Okänt fält: force');
    expect(starts).toHaveLength(2);
  });

  it('shows the latest run and a run by id; 400 for a malformed id, 404 for an unknown one', async () => {
    const latestRes = await http().get('/api/v1/admin/sync').set(auth).expect(200);
    expect(latestRes.body).toMatchObject({ id: RUN_ID, status: 'fetching', listed: 10, processed: 4 });
    const byId = await http().get(`/api/v1/admin/sync/${RUN_ID}`).set(auth).expect(200);
    expect(byId.body).toEqual(latestRes.body);
    const bad = await http().get('/api/v1/admin/sync/nope').set(auth).expect(400);
    expect(bad.body.message).toContain('Ogiltigt id');
    await http().get(`/api/v1/admin/sync/${OTHER}`).set(auth).expect(404);
  });

  it('does not exist without ADMIN_API_TOKEN (404)', async () => {
    delete process.env['ADMIN_API_TOKEN'];
    try {
      const res = await http().post('/api/v1/admin/sync').set(auth).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      await http().get('/api/v1/admin/sync').set(auth).expect(404);
      expect(starts).toHaveLength(2);
    } finally {
      process.env['ADMIN_API_TOKEN'] = TOKEN;
    }
  });
});
