/**
 * The Angular SSR law page /lagar/1977:1160 (apps/web/src/server.ts):
 *   - uncached: the page cache entry `<SSR_CACHE_PREFIX>:law:<sfs>:<versionId>`
 *     is deleted before every request (requests one at a time), so each one
 *     renders with Angular; the gateway's JSON cache stays warm. Target p50 < 40 ms;
 *   - cached: every reply must say X-Cache: HIT; open loop at a fixed rate
 *     (latency) and closed loop (throughput). Target ≥ 3,000 req/s.
 * Requests send Accept-Encoding: gzip like browsers (the cache holds gzip).
 *
 *   WEB_URL=http://127.0.0.1:4100 GATEWAY_URL=http://127.0.0.1:3100 SSR_CACHE_PREFIX=laglig-bench:ssr \
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/bench/bench-ssr.ts \
 *     [--uncached 100] [--rate 1000] [--duration 10] [--concurrency 32] [--sfs 1977:1160]
 */
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { HttpClient } from './lib/http';
import { closedLoop, openLoop, type RunResult, type Task } from './lib/load';
import { benchEnv, numberList } from './lib/env';
import { machineInfo, measured, printScenarios, writeReport, type Scenario } from './lib/report';
import { startCpu } from './lib/cpu';
import { summarise } from './lib/stats';

const BROWSER_HEADERS = { 'accept-encoding': 'gzip', accept: 'text/html' };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      uncached: { type: 'string', default: '100' },
      rate: { type: 'string', default: '1000' },
      duration: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '32' },
      sfs: { type: 'string', default: '1977:1160' },
      'target-uncached-p50': { type: 'string', default: '40' },
      'target-cached-rps': { type: 'string', default: '3000' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const env = benchEnv();
  if (env.ssrCachePrefix === 'laglig:ssr' && !values.force) {
    throw new Error('SSR_CACHE_PREFIX is the development default laglig:ssr; benchmark your own web server (e.g. laglig-bench:ssr) or pass --force');
  }
  const uncachedRuns = Number(values.uncached);
  const rate = Number(values.rate);
  const durationMs = Number(values.duration) * 1000;
  const concurrencies = numberList(values.concurrency ?? '32');
  const sfs = values.sfs ?? '1977:1160';
  const targetUncachedP50 = Number(values['target-uncached-p50']);
  const targetCachedRps = Number(values['target-cached-rps']);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const path = `/lagar/${sfs}`;

  const web = new HttpClient(env.webUrl, { maxSockets: Math.max(64, ...concurrencies) });
  const gateway = new HttpClient(env.gatewayUrl, { maxSockets: 2 });
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const meta = await gateway.json<{ version?: { id?: string } }>(`/api/v1/laws/${sfs}/meta`);
    const versionId = meta.body?.version?.id;
    if (meta.status !== 200 || !versionId) throw new Error(`meta of ${sfs} answered ${meta.status} (gateway ${env.gatewayUrl})`);
    const pageKey = `${env.ssrCachePrefix}:law:${sfs}:${versionId}`;

    const first = await web.get(path, BROWSER_HEADERS);
    if (first.status !== 200) throw new Error(`GET ${path} answered ${first.status} (is the web server at ${env.webUrl} running?)`);
    const check = await web.get(path, BROWSER_HEADERS);
    if (check.headers['x-cache'] !== 'HIT') {
      throw new Error(`GET ${path} is not served from the page cache (X-Cache ${String(check.headers['x-cache'])}); is SSR_CACHE_PREFIX=${env.ssrCachePrefix} the web server's prefix?`);
    }
    const html = await web.get(path, { accept: 'text/html' });
    console.log(
      `bench-ssr: ${env.webUrl}${path}; ${html.bytes} bytes of HTML (${check.bytes} gzipped); page cache key ${pageKey}; ${machine.cpus} CPUs, load ${machine.loadAverage.join(' ')}`,
    );

    // Uncached: one at a time, the cache entry deleted before each request.
    const renders: number[] = [];
    let renderErrors = 0;
    const errorSamples: string[] = [];
    const uncachedStart = performance.now();
    const uncachedCpu = startCpu();
    for (let i = 0; i < uncachedRuns + 3; i++) {
      await redis.del(pageKey);
      const t = performance.now();
      const reply = await web.get(path, BROWSER_HEADERS);
      const ms = performance.now() - t;
      if (reply.status !== 200 || reply.headers['x-cache'] !== 'MISS') {
        renderErrors++;
        if (errorSamples.length < 3) errorSamples.push(`status ${reply.status}, X-Cache ${String(reply.headers['x-cache'])}`);
      } else if (i >= 3) renders.push(ms); // three warm-up renders
    }
    const uncachedElapsed = performance.now() - uncachedStart;
    const uncachedCpuShares = uncachedCpu();
    const uncached: RunResult = {
      mode: 'closed',
      sent: uncachedRuns + 3,
      completed: uncachedRuns + 3,
      errors: renderErrors,
      dropped: 0,
      elapsedMs: uncachedElapsed,
      throughput: ((uncachedRuns + 3) / uncachedElapsed) * 1000,
      latency: summarise(renders),
      errorSamples,
    };
    await web.get(path, BROWSER_HEADERS); // leave the page cached

    const cachedTask: Task = async () => {
      const reply = await web.get(path, BROWSER_HEADERS);
      if (reply.status !== 200) throw new Error(`status ${reply.status}`);
      if (reply.headers['x-cache'] !== 'HIT') throw new Error(`X-Cache ${String(reply.headers['x-cache'])}`);
    };
    await closedLoop(cachedTask, { concurrency: 8, durationMs: 2000, maxRequests: 20_000 }); // warm-up

    const scenarios: Scenario[] = [
      {
        name: 'uncached (render), sequential',
        params: { mode: 'sequential', path, runs: uncachedRuns, flush: `DEL ${pageKey} before each request` },
        result: uncached,
        cpu: uncachedCpuShares,
        target: { description: `p50 < ${targetUncachedP50} ms`, met: renderErrors === 0 && uncached.latency.p50Ms < targetUncachedP50 },
      },
    ];
    const open = await measured(() => openLoop(cachedTask, { rate, durationMs, maxInFlight: 2000 }));
    scenarios.push({ name: `cached open ${rate}/s`, params: { mode: 'open', path, rate, durationMs }, ...open });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const concurrency of concurrencies) {
      const { result, cpu } = await measured(() => closedLoop(cachedTask, { concurrency, durationMs, maxRequests: durationMs * 20 }));
      scenarios.push({
        name: `cached c=${concurrency}`,
        params: { mode: 'closed', path, concurrency, durationMs },
        result,
        cpu,
        target: { description: `>= ${targetCachedRps} req/s`, met: result.errors === 0 && result.throughput >= targetCachedRps },
      });
    }
    printScenarios(`Angular SSR ${path}`, scenarios);
    writeReport({
      benchmark: 'bench-ssr',
      startedAt,
      machine,
      parameters: { webUrl: env.webUrl, gatewayUrl: env.gatewayUrl, path, uncachedRuns, rate, durationMs, concurrencies, ssrCachePrefix: env.ssrCachePrefix },
      scenarios,
      extra: { htmlBytes: html.bytes, gzipBytes: check.bytes, loadAverageAfter: machineInfo().loadAverage },
    });
  } finally {
    web.close();
    gateway.close();
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
