import type { Redis } from 'ioredis';

/** Rendered law pages, gzip-compressed, per document version. */
export interface LawHtmlCache {
  get(sfs: string, versionId: string): Promise<Buffer | null>;
  set(sfs: string, versionId: string, gzipped: Buffer): Promise<void>;
}

export interface CacheLogger {
  warn(obj: object, msg: string): void;
}

export interface RedisLawHtmlCacheOptions {
  /** Key prefix, e.g. "laglig:ssr" → "laglig:ssr:law:<sfs>:<versionId>". */
  prefix: string;
  ttlSeconds: number;
  /** Identifies the web build; HTML rendered by another build is a miss. */
  buildId: string;
  /** Upper bound for one cache round trip; a slow Redis must not slow pages. */
  timeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cache operation timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Redis cache of rendered law pages.
 *
 * - `<prefix>:law:<sfs>:<versionId>` — hash {build, html(gzip)} with a TTL. The
 *   version id is part of the key, so a new version can never be served stale.
 * - `<prefix>:law-version:<sfs>` — the version last stored; when another version
 *   is stored, the previous version's page is deleted at once instead of
 *   waiting for its TTL.
 *
 * Every failure (Redis down, timeout) is logged and treated as a miss: the
 * page is rendered without the cache rather than failing.
 */
export class RedisLawHtmlCache implements LawHtmlCache {
  private readonly timeoutMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLawHtmlCacheOptions,
    private readonly log: CacheLogger,
  ) {
    this.timeoutMs = options.timeoutMs ?? 300;
  }

  pageKey(sfs: string, versionId: string): string {
    return `${this.options.prefix}:law:${sfs}:${versionId}`;
  }

  pointerKey(sfs: string): string {
    return `${this.options.prefix}:law-version:${sfs}`;
  }

  private available(): boolean {
    return this.redis.status === 'ready';
  }

  async get(sfs: string, versionId: string): Promise<Buffer | null> {
    if (!this.available()) return null;
    try {
      const [build, html] = await withTimeout(this.redis.hmgetBuffer(this.pageKey(sfs, versionId), 'build', 'html'), this.timeoutMs);
      if (!html || !build || build.toString() !== this.options.buildId) return null;
      return html;
    } catch (error) {
      this.log.warn({ err: (error as Error).message, sfs }, 'ssr cache read failed');
      return null;
    }
  }

  async set(sfs: string, versionId: string, gzipped: Buffer): Promise<void> {
    if (!this.available()) return;
    const key = this.pageKey(sfs, versionId);
    const ttl = this.options.ttlSeconds;
    try {
      const results = await withTimeout(
        this.redis
          .multi()
          .hset(key, { build: this.options.buildId, html: gzipped })
          .expire(key, ttl)
          .set(this.pointerKey(sfs), versionId, 'EX', ttl, 'GET')
          .exec(),
        this.timeoutMs * 4,
      );
      const previous = results?.[2]?.[1];
      if (typeof previous === 'string' && previous !== versionId) {
        await withTimeout(this.redis.del(this.pageKey(sfs, previous)), this.timeoutMs);
      }
    } catch (error) {
      this.log.warn({ err: (error as Error).message, sfs }, 'ssr cache write failed');
    }
  }
}
