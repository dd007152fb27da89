import { testRedisPrefix } from '@laglig/testing';
import { Redis } from 'ioredis';
import { RedisLawHtmlCache } from './law-cache';

const V1 = '9b2f1c3e-0000-4000-8000-000000000001';
const V2 = '9b2f1c3e-0000-4000-8000-000000000002';

describe('RedisLawHtmlCache (real Redis)', () => {
  const ns = testRedisPrefix('web-ssr-cache');
  let redis: Redis;
  const warnings: string[] = [];
  const log = { warn: (_: object, msg: string) => void warnings.push(msg) };

  beforeAll(async () => {
    redis = new Redis(ns.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await redis.connect();
  });

  afterAll(async () => {
    await ns.cleanup();
    redis.disconnect();
  });

  const cache = (buildId = 'b1') => new RedisLawHtmlCache(redis, { prefix: ns.prefix, ttlSeconds: 60, buildId }, log);

  it('stores a page per version with a TTL and reads it back', async () => {
    const c = cache();
    expect(await c.get('1977:1160', V1)).toBeNull();
    await c.set('1977:1160', V1, Buffer.from('gz-v1'));
    expect((await c.get('1977:1160', V1))?.toString()).toBe('gz-v1');
    expect(await redis.ttl(c.pageKey('1977:1160', V1))).toBeGreaterThan(50);
    expect(c.pageKey('1977:1160', V1)).toBe(`${ns.prefix}:law:1977:1160:${V1}`);
  });

  it('treats a page rendered by another build as a miss', async () => {
    await cache('b1').set('1977:480', V1, Buffer.from('old build'));
    expect(await cache('b2').get('1977:480', V1)).toBeNull();
  });

  it('deletes the previous version when a new one is stored', async () => {
    const c = cache();
    await c.set('1998:808', V1, Buffer.from('v1'));
    await c.set('1998:808', V2, Buffer.from('v2'));
    expect(await redis.exists(c.pageKey('1998:808', V1))).toBe(0);
    expect((await c.get('1998:808', V2))?.toString()).toBe('v2');
    expect(await c.get('1998:808', V1)).toBeNull();
    expect(await redis.get(c.pointerKey('1998:808'))).toBe(V2);
  });

  it('degrades to "no cache" when Redis is unreachable', async () => {
    // A client that is not connected (as while Redis is down and ioredis retries).
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false });
    const c = new RedisLawHtmlCache(down, { prefix: ns.prefix, ttlSeconds: 60, buildId: 'b1' }, log);
    await expect(c.get('1977:1160', V1)).resolves.toBeNull();
    await expect(c.set('1977:1160', V1, Buffer.from('x'))).resolves.toBeUndefined();
    down.disconnect();
  });
});
