import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { succeed, type IndexJob } from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { redisOptionsFromUrl, RpcServer, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';

const TOKEN = 'a'.repeat(40);
const JOB: IndexJob = {
  id: '7d1f6c0e-1d2b-4c3a-9e8f-0a1b2c3d4e5f',
  kind: 'rebuild',
  status: 'indexing',
  embeddingModel: 'local-hash-v1:384',
  total: 53,
  done: 20,
  pending: 33,
  startedAt: '2026-11-22T07:00:00.000Z',
  finishedAt: null,
  message: null,
};

/** GET /api/v1/index and the operator's POST /api/v1/admin/index/rebuild, over real HTTP and BullMQ. */
describe('answer index endpoints', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let rag: RpcServer;
  let rebuilds = 0;
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-index');
    Object.assign(process.env, { JWT_SECRET: 'gateway-test-signing-key-0123456789abcdef', REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'silent', ADMIN_API_TOKEN: TOKEN });
    const handlers = new Map<string, RpcHandlerFn>([
      ['index.status', (async () => succeed({ laws: { pending: 33, indexed: 20, removed: 0 }, chunks: 4000, embeddingModel: 'local-hash-v1:384', dimension: 384 })) as RpcHandlerFn],
      ['index.progress', (async () => succeed(JOB)) as RpcHandlerFn],
      ['index.rebuild', (async () => (rebuilds++, succeed(JOB))) as RpcHandlerFn],
    ]);
    rag = new RpcServer('rag', handlers, { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix }, createLogger('t', 'silent'));
    await rag.start();
    app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
    configureGateway(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await rag?.close();
    await redis.cleanup();
    process.env = saved;
  });

  it('shows the index and the latest job', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/index').expect(200);
    expect(res.body).toEqual({ index: expect.objectContaining({ chunks: 4000 }), job: JOB });
  });

  it('starts a rebuild only with the operator token', async () => {
    await request(app.getHttpServer()).post('/api/v1/admin/index/rebuild').expect(403);
    await request(app.getHttpServer()).post('/api/v1/admin/index/rebuild').set('Authorization', 'Bearer wrong').expect(403);
    expect(rebuilds).toBe(0);
    const res = await request(app.getHttpServer()).post('/api/v1/admin/index/rebuild').set('Authorization', `Bearer ${TOKEN}`).expect(202);
    expect(res.body).toEqual(JOB);
    expect(rebuilds).toBe(1);
  });

  it('has no admin endpoints when no token is configured', async () => {
    delete process.env['ADMIN_API_TOKEN'];
    try {
      const res = await request(app.getHttpServer()).post('/api/v1/admin/index/rebuild').set('Authorization', `Bearer ${TOKEN}`).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    } finally {
      process.env['ADMIN_API_TOKEN'] = TOKEN;
    }
  });
});
