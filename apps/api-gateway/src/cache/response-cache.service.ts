import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { MESSAGING_CONNECTION, type MessagingConnection } from '@laglig/messaging';

export interface CachedResponse {
  etag: string;
  body: string;
}

/** Safety net: entries are purged on law.changed/law.repealed; the TTL only bounds memory. */
const TTL_SECONDS = 6 * 3600;

/** Keys live under the deployment's key prefix (QUEUE_PREFIX), like its queues. */
export const lawCacheKeys = (prefix: string, sfs: string) => ({
  document: `${prefix}:api:law:${sfs}`,
  amendments: `${prefix}:api:law:${sfs}:amendments`,
});

/**
 * Response cache in Redis shared by every gateway replica. Failures degrade
 * to "no cache" (logged once per outage), never to an error for the caller.
 */
@Injectable()
export class ResponseCache implements OnModuleDestroy {
  private readonly logger = new Logger(ResponseCache.name);
  private readonly redis: Redis;
  private failing = false;
  readonly prefix: string;

  constructor(@Inject(MESSAGING_CONNECTION) connection: MessagingConnection) {
    this.prefix = connection.prefix;
    this.redis = new Redis({ ...connection.redis, enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    this.redis.on('error', () => this.degraded());
    this.redis.on('ready', () => {
      if (this.failing) this.logger.log('response cache available again');
      this.failing = false;
    });
  }

  keysFor(sfs: string): ReturnType<typeof lawCacheKeys> {
    return lawCacheKeys(this.prefix, sfs);
  }

  async get(key: string): Promise<CachedResponse | null> {
    try {
      const raw = await this.redis.get(key);
      return raw ? (JSON.parse(raw) as CachedResponse) : null;
    } catch {
      this.degraded();
      return null;
    }
  }

  async set(key: string, value: CachedResponse): Promise<void> {
    try {
      await this.redis.set(key, JSON.stringify(value), 'EX', TTL_SECONDS);
    } catch {
      this.degraded();
    }
  }

  /** Throws on failure: an event handler must retry a purge it could not do. */
  async purge(keys: string[]): Promise<number> {
    return keys.length ? this.redis.del(...keys) : 0;
  }

  private degraded(): void {
    if (!this.failing) this.logger.warn('response cache unavailable; serving without cache');
    this.failing = true;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
