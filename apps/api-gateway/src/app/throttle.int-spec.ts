import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { JWT_AUDIENCE, JWT_ISSUER } from '@laglig/contracts';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from './app.module';
import { configureGateway } from './configure';

const SECRET = 'gateway-test-signing-key-0123456789abcdef';
const now = () => Math.floor(Date.now() / 1000);
const token = (sub: string, secret = SECRET) =>
  jwt.sign({ sub, typ: 'access', iat: now(), exp: now() + 900, iss: JWT_ISSUER, aud: JWT_AUDIENCE }, secret, { algorithm: 'HS256' });

/** Rate limits are counted in Redis, so two gateway replicas enforce one limit together. */
describe('api-gateway rate limits', () => {
  let redis: TestRedisPrefix;
  const apps: INestApplication[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = testRedisPrefix('throttle');
    Object.assign(process.env, { JWT_SECRET: SECRET,
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

  it('counts a signed-in user by user id, also behind an address whose budget is used up; a forged token by address', async () => {
    const server = (apps[1] as INestApplication).getHttpServer();
    const office = '198.51.100.20';
    const get = (auth?: string) => {
      const r = request(server).get('/api/v1/laws?q=').set('X-Forwarded-For', office);
      return auth ? r.set('Authorization', `Bearer ${auth}`) : r;
    };
    for (let i = 0; i < 5; i++) await get().expect(400);
    await get().expect(429);
    const alice = randomUUID();
    for (let i = 0; i < 5; i++) await get(token(alice)).expect(400);
    await get(token(alice)).expect(429);
    await get(token(randomUUID())).expect(400);
    // Signed with another key, expired or not a token at all: the address's (used-up) budget.
    await get(token(randomUUID(), 'another-signing-key-0123456789abcdefgh')).expect(429);
    await get('not-a-token').expect(429);
  });
});
