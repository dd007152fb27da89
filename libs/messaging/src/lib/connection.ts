import type { RedisOptions } from 'ioredis';

/** ioredis options from a redis:// or rediss:// URL (BullMQ takes options, not URLs). */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// or rediss:// (got ${u.protocol})`);
  }
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: Number.isFinite(db) ? db : 0,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

export interface MessagingConnection {
  redis: RedisOptions;
  /** BullMQ key prefix; the default keeps a {hash tag} for Redis Cluster. */
  prefix: string;
}

/**
 * Producer-side connections fail fast instead of queueing commands while Redis
 * is down, so a caller gets UNAVAILABLE at once rather than hanging.
 */
export const producerRedis = (redis: RedisOptions): RedisOptions => ({
  ...redis,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
});

/** Workers block on Redis and must retry forever (BullMQ requirement). */
export const workerRedis = (redis: RedisOptions): RedisOptions => ({ ...redis, maxRetriesPerRequest: null });
