import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export interface TestRedisPrefix {
  /** BullMQ prefix with a hash tag, e.g. `{laglig-test-ingest-3f9a1c2b}`. */
  prefix: string;
  /** REDIS_URL the tests should use. */
  url: string;
  /** Deletes every key under the prefix (SCAN + UNLINK, never KEYS). Returns how many keys were removed. */
  cleanup(): Promise<number>;
}

export function testRedisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['TEST_REDIS_URL'] ?? env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
}

/**
 * A BullMQ key prefix unique to one test file, so parallel test files (and
 * parallel runs) never see each other's queues. The hash tag keeps all keys
 * in one Redis Cluster slot, like the product's `{laglig}` prefix.
 */
export function testRedisPrefix(name = 'test'): TestRedisPrefix {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'test';
  const prefix = `{laglig-test-${slug}-${randomBytes(4).toString('hex')}}`;
  const url = testRedisUrl();
  return { prefix, url, cleanup: () => deleteKeysWithPrefix(url, prefix) };
}

/** SCAN for `<prefix>:*` and UNLINK in batches. The prefix must not contain glob characters. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  if (/[*?[\]\\]/.test(prefix)) throw new Error(`prefix must not contain glob characters: ${prefix}`);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
    // A bare key equal to the prefix (not used by BullMQ, but cheap to cover).
    removed += await redis.unlink(prefix);
  } finally {
    redis.disconnect();
  }
  return removed;
}
