import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createLogger } from '@laglig/observability';
import { redisOptionsFromUrl, type MessagingConnection } from '../lib/connection';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A fresh BullMQ prefix per test file, so files never see each other's jobs. */
export function testConnection(): MessagingConnection {
  return { redis: redisOptionsFromUrl(REDIS_URL), prefix: `{laglig-test-${randomUUID().slice(0, 8)}}` };
}

export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export const silentLogger = createLogger('test', 'silent');

export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      if (Date.now() > end) throw last;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
