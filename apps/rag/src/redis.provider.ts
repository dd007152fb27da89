import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { MESSAGING_CONNECTION, producerRedis, type MessagingConnection } from '@laglig/messaging';

export const RAG_REDIS = Symbol('RAG_REDIS');

/**
 * One fail-fast Redis connection for the answer cache, the query-embedding cache
 * and reply streams: while Redis is down commands fail at once (no offline
 * queue) and the answer is given without cache.
 */
export const ragRedisProvider: Provider = {
  provide: RAG_REDIS,
  inject: [MESSAGING_CONNECTION],
  useFactory: (connection: MessagingConnection): Redis & OnApplicationShutdown => {
    const redis = new Redis(producerRedis(connection.redis)) as Redis & OnApplicationShutdown;
    redis.on('error', () => undefined);
    redis.onApplicationShutdown = () => {
      redis.disconnect();
    };
    return redis;
  },
};
