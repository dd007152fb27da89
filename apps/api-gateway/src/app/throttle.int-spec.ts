import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from './app.module';
import { configureGateway } from './configure';

/** Rate limits are counted in Redis, so two gateway replicas enforce one limit together. */
describe('api-gateway rate limits', () => {
  let redis: TestRedisPrefix;
  const apps: INestApplication[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = testRedisPrefix('throttle');
    Object.assign(process.env, { JWT_SECRET: 'gateway-test-signing-key-0123456789abcdef',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      THROTTLE_LIMIT: '5',
      THROTTLE_TTL_MS: '60000',
      LOG_LEVEL: 'silent',
    });
    for (let i = 0; i < 2; i++) {
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      configureGateway(app);
      await app.init();
      apps.push(app);
    }
  });

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await redis.cleanup();
    process.env = saved;
  });

  it('answers 429 with a Swedish message once the limit is used up across replicas', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const app = apps[i % 2] as INestApplication;
      const res = await request(app.getHttpServer()).get('/api/v1/laws?q=');
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body).toMatchObject({
          statusCode: 429,
          code: 'RATE_LIMITED',
          message: 'För många förfrågningar. Vänta en stund och försök igen.',
        });
        expect(res.headers['retry-after']).toBeDefined();
      }
    }
    // Five requests (400: empty query) pass the limiter, the sixth is refused.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });

  it('counts each visitor behind a trusted proxy (the web server) separately', async () => {
    const server = (apps[0] as INestApplication).getHttpServer();
    await request(server).get('/api/v1/laws?q=').expect(429);
    await request(server).get('/api/v1/laws?q=').set('X-Forwarded-For', '203.0.113.7').expect(400);
  });
});
