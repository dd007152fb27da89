import { createLogger } from '@laglig/observability';
import { deleteKeysWithPrefix, testRedisPrefix, testRedisUrl } from '@laglig/testing';
import { redisOptionsFromUrl, type MessagingConnection } from '../lib/connection';

export const REDIS_URL = testRedisUrl();

/** A fresh BullMQ prefix per test, so tests never see each other's jobs. */
export function testConnection(): MessagingConnection {
  return { redis: redisOptionsFromUrl(REDIS_URL), prefix: testRedisPrefix('messaging').prefix };
}

export const deletePrefix = (prefix: string): Promise<number> => deleteKeysWithPrefix(REDIS_URL, prefix);

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
