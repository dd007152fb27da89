/**
 * Deletes the benchmark stack's Redis keys (its BullMQ prefix and SSR cache
 * prefix) after a run: failed and timed-out jobs are otherwise kept for a day.
 * Refuses the development prefixes.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 QUEUE_PREFIX='{laglig-bench}' SSR_CACHE_PREFIX=laglig-bench:ssr \
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/bench/clean-redis.ts
 */
import Redis from 'ioredis';
import { benchEnv } from './lib/env';

/** Glob-escape a literal prefix ({ } [ ] * ? \ are special in SCAN MATCH). */
export const globEscape = (s: string): string => s.replace(/[\\[\]*?{}]/g, (c) => `\\${c}`);

async function main(): Promise<void> {
  const env = benchEnv();
  const prefixes = [env.queuePrefix, env.ssrCachePrefix];
  if (prefixes.some((p) => p === '{laglig}' || p === 'laglig:ssr' || !p.includes('bench'))) {
    throw new Error(`refusing to delete keys of ${prefixes.join(', ')}: only benchmark prefixes (containing "bench")`);
  }
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    for (const prefix of prefixes) {
      const stream = redis.scanStream({ match: `${globEscape(prefix)}:*`, count: 1000 });
      for await (const keys of stream as AsyncIterable<string[]>) {
        if (keys.length > 0) deleted += await redis.unlink(...keys);
      }
    }
    console.log(`deleted ${deleted} Redis keys under ${prefixes.join(' and ')}`);
  } finally {
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
