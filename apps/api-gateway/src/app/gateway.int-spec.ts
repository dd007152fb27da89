import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  ErrorCode,
  refuse,
  succeed,
  type LawDocument,
  type WorkerServiceName,
} from '@laglig/contracts';
import { currentCorrelationId, createLogger } from '@laglig/observability';
import { EventBus, redisOptionsFromUrl, RpcServer, type MessagingConnection, type RpcHandlerFn } from '@laglig/messaging';
import { lawDocumentFixture, testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from './app.module';
import { configureGateway } from './configure';

/*
 * The gateway over real HTTP and real Redis/BullMQ. The law-catalog side is a
 * real RpcServer on the same queues with handlers defined here, so each HTTP
 * mapping (status, cache, ETag, timeout, error body) is checked on its own;
 * the whole stack with the real catalog is covered by apps/e2e.
 */
const VERSION = '0d6bb2de-4c4f-4a0e-8f4e-1b8f0a8c1c11';
const doc = (contentHash: string): LawDocument =>
  lawDocumentFixture('1977:480', {
    title: 'Semesterlag (1977:480)',
    version: { id: VERSION, contentHash, amendedThrough: null, createdAt: '2026-01-01T00:00:00.000Z' },
  });

describe('api-gateway over real Redis', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let connection: MessagingConnection;
  const servers: RpcServer[] = [];
  let contentHash = 'a'.repeat(64);
  let getCalls = 0;
  let seenCorrelation: string | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = testRedisPrefix('gateway');
    connection = { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix };
    Object.assign(process.env, { JWT_SECRET: 'gateway-test-signing-key-0123456789abcdef',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      RPC_TIMEOUT_MS: '700',
      THROTTLE_LIMIT: '1000',
      WEB_ORIGIN: 'http://web.example',
      LOG_LEVEL: 'silent',
    });
    const handlers: Record<string, RpcHandlerFn> = {
      'system.health': (async () =>
        succeed({ service: 'law-catalog', status: 'ok', checks: { postgres: { status: 'up' } }, uptimeSeconds: 1 })) as RpcHandlerFn,
      'laws.get': (async ({ sfs }: { sfs: string }) => {
        getCalls++;
        seenCorrelation = currentCorrelationId();
        if (sfs === '1977:480') return succeed(doc(contentHash));
        if (sfs === '1999:1') await new Promise((r) => setTimeout(r, 1500));
        if (sfs === '1999:2') throw new Error('connection string postgres://secret@db leaked');
        return refuse(ErrorCode.NOT_FOUND, 'Författningen finns inte i katalogen');
      }) as RpcHandlerFn,
      'laws.search': (async ({ q, page, pageSize }: { q: string; page: number; pageSize: number }) =>
        succeed({ query: q, mode: 'fulltext', total: 0, page, pageSize, hits: [] })) as RpcHandlerFn,
    };
    const server = new RpcServer('law-catalog', new Map(Object.entries(handlers)), connection, createLogger('t', 'silent'));
    await server.start();
    servers.push(server);

    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureGateway(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all(servers.map((s) => s.close()));
    await redis.cleanup();
    process.env = saved;
  });

  const http = () => request(app.getHttpServer());

  it('serves a law with ETag and Cache-Control, from the cache the second time, and 304 for a matching If-None-Match', async () => {
    getCalls = 0;
    const first = await http().get('/api/v1/laws/1977:480').set('X-Correlation-Id', 'corr-gateway-1').expect(200);
    expect(first.body.title).toBe('Semesterlag (1977:480)');
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers['etag']).toBe(`"${'a'.repeat(32)}"`);
    expect(first.headers['cache-control']).toMatch(/public, max-age=300/);
    expect(first.headers['x-correlation-id']).toBe('corr-gateway-1');
    expect(seenCorrelation).toBe('corr-gateway-1');

    const second = await http().get('/api/v1/laws/1977-480').expect(200);
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.body).toEqual(first.body);
    expect(getCalls).toBe(1);

    await http().get('/api/v1/laws/1977:480').set('If-None-Match', first.headers['etag'] as string).expect(304);
  });

  it('purges the cached law when law.changed arrives', async () => {
    await http().get('/api/v1/laws/1977:480').expect(200);
    contentHash = 'b'.repeat(64);
    const bus = new EventBus('law-catalog', connection);
    await bus.publish('law.changed', {
      sfs: '1977:480',
      title: 'Semesterlag (1977:480)',
      previousVersionId: VERSION,
      versionId: VERSION,
      amendingSfs: '2026:1',
      inForce: '2026-07-01',
      added: [],
      modified: ['P4'],
      repealed: [],
      substantive: true,
    });
    await bus.close();
    const deadline = Date.now() + 5000;
    let res = await http().get('/api/v1/laws/1977:480');
    while (res.headers['etag'] !== `"${'b'.repeat(32)}"` && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      res = await http().get('/api/v1/laws/1977:480');
    }
    expect(res.headers['etag']).toBe(`"${'b'.repeat(32)}"`);
  });

  it('answers 404 with the error body for an unknown SFS and 400 for a malformed one', async () => {
    const missing = await http().get('/api/v1/laws/1900:1').expect(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Författningen finns inte i katalogen',
      correlationId: expect.any(String),
    });
    const bad = await http().get('/api/v1/laws/abc').expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT', message: expect.stringMatching(/Ogiltigt SFS-nummer/) });
  });

  it('validates search input at the edge', async () => {
    expect((await http().get('/api/v1/laws').expect(400)).body.code).toBe('INVALID_INPUT');
    expect((await http().get('/api/v1/laws?q=').expect(400)).body.message).toBe('Sökfrågan får inte vara tom');
    expect((await http().get('/api/v1/laws?q=semester&page=x').expect(400)).body.message).toMatch(/page/);
    const ok = await http().get('/api/v1/laws?q=semester&page=2').expect(200);
    expect(ok.body).toMatchObject({ query: 'semester', page: 2, pageSize: 20 });
  });

  it('answers 504 with a clear message when the service does not answer in time', async () => {
    const started = Date.now();
    const res = await http().get('/api/v1/laws/1999:1').expect(504);
    expect(res.body).toMatchObject({ code: 'TIMEOUT', message: 'Tjänsten svarade inte i tid. Försök igen om en stund.' });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('hides internal errors behind a generic 500', async () => {
    const res = await http().get('/api/v1/laws/1999:2').expect(500);
    expect(res.body).toMatchObject({ statusCode: 500, code: 'INTERNAL' });
    expect(JSON.stringify(res.body)).not.toMatch(/secret|postgres:|stack/);
  });

  it('reports the services that do not answer in /health with 503', async () => {
    const res = await http().get('/api/v1/health').expect(503);
    expect(res.body.services['law-catalog']).toMatchObject({ status: 'ok' });
    for (const s of ['rag', 'compliance-workflow', 'notifier'] satisfies WorkerServiceName[]) {
      expect(res.body.services[s]).toMatchObject({ status: 'down' });
    }
  }, 10_000);

  it('returns JSON errors for unknown routes, security headers and CORS for the web origin only', async () => {
    const res = await http().get('/api/v1/nope').set('Origin', 'http://web.example').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBe('http://web.example');
    const other = await http().get('/api/v1/laws/1977:480').set('Origin', 'http://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('publishes its OpenAPI document', async () => {
    const res = await http().get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/laws', '/api/v1/laws/{sfs}', '/api/v1/laws/{sfs}/amendments', '/api/v1/health']),
    );
  });
});
