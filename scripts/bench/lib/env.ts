/**
 * Where the benchmarks find the stack. The defaults are the benchmark
 * stack that run-all.sh starts (own database, own queue prefix, own ports),
 * never the developers' stack on 3000-3004/4000.
 */
export interface BenchEnv {
  gatewayUrl: string;
  webUrl: string;
  redisUrl: string;
  queuePrefix: string;
  databaseUrl: string;
  ssrCachePrefix: string;
}

export const DEFAULT_QUEUE_PREFIX = '{laglig-bench}';

export function benchEnv(env: NodeJS.ProcessEnv = process.env): BenchEnv {
  return {
    gatewayUrl: env['GATEWAY_URL'] ?? 'http://127.0.0.1:3100',
    webUrl: env['WEB_URL'] ?? 'http://127.0.0.1:4100',
    redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    queuePrefix: env['QUEUE_PREFIX'] ?? DEFAULT_QUEUE_PREFIX,
    databaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/laglig_bench',
    ssrCachePrefix: env['SSR_CACHE_PREFIX'] ?? 'laglig-bench:ssr',
  };
}

/** The developers' default prefix: load on it would hit someone else's running services. */
export function assertOwnPrefix(prefix: string, force: boolean): void {
  if (prefix === '{laglig}' && !force) {
    throw new Error('QUEUE_PREFIX is the default {laglig} (the development stack); benchmark your own stack (e.g. {laglig-bench}) or pass --force');
  }
}

/** "1,32,128" -> [1, 32, 128]. */
export function numberList(value: string): number[] {
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`not a list of positive numbers: ${value}`);
  return list;
}
