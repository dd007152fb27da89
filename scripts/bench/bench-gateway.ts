/**
 * The API gateway over HTTP (keep-alive, loopback):
 *   - GET /api/v1/laws/1977:1160 served from the gateway's Redis response
 *     cache (every reply must say X-Cache: HIT; anything else counts as an error);
 *   - GET /api/v1/laws/1977:1160/meta (HTTP -> BullMQ -> law-catalog -> PostgreSQL).
 * Each at a fixed rate (open loop, latency) and at each concurrency (closed
 * loop, throughput). Start the gateway with a high THROTTLE_LIMIT.
 *
 *   GATEWAY_URL=http://127.0.0.1:3100 SWC_NODE_PROJECT=tsconfig.base.json \
 *   node -r @swc-node/register scripts/bench/bench-gateway.ts [--rate 500] [--duration 10] [--concurrency 1,32] [--sfs 1977:1160]
 */
import { parseArgs } from 'node:util';
import { HttpClient } from './lib/http';
import { closedLoop, openLoop, type Task } from './lib/load';
import { benchEnv, numberList } from './lib/env';
import { machineInfo, measured, printScenarios, writeReport, type Scenario } from './lib/report';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '500' },
      duration: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '1,32' },
      sfs: { type: 'string', default: '1977:1160' },
    },
    strict: true,
  });
  const env = benchEnv();
  const rate = Number(values.rate);
  const durationMs = Number(values.duration) * 1000;
  const concurrencies = numberList(values.concurrency ?? '1,32');
  const sfs = values.sfs ?? '1977:1160';
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const http = new HttpClient(env.gatewayUrl, { maxSockets: Math.max(64, ...concurrencies) });

  try {
    const lawPath = `/api/v1/laws/${sfs}`;
    const metaPath = `${lawPath}/meta`;
    // Fill the response cache, then check that it answers from it.
    const first = await http.get(lawPath);
    if (first.status !== 200) throw new Error(`GET ${lawPath} answered ${first.status} (is the gateway at ${env.gatewayUrl} running, with the statute loaded?)`);
    const second = await http.get(lawPath);
    if (second.headers['x-cache'] !== 'HIT') throw new Error(`GET ${lawPath} is not served from the cache (X-Cache ${String(second.headers['x-cache'])})`);
    console.log(`bench-gateway: ${env.gatewayUrl}; law ${sfs} is ${second.bytes} bytes; ${machine.cpus} CPUs, node ${machine.node}, load ${machine.loadAverage.join(' ')}`);

    let misses = 0;
    const check = (status: number): void => {
      if (status === 429) throw new Error('429 Too Many Requests: start the gateway with a higher THROTTLE_LIMIT');
      if (status !== 200) throw new Error(`status ${status}`);
    };
    const endpoints: Array<{ name: string; path: string; task: Task }> = [
      {
        name: 'law (cached)',
        path: lawPath,
        task: async () => {
          const reply = await http.get(lawPath, { 'accept-encoding': 'identity' });
          check(reply.status);
          if (reply.headers['x-cache'] !== 'HIT') {
            misses++;
            throw new Error(`X-Cache ${String(reply.headers['x-cache'])}`);
          }
        },
      },
      {
        name: 'meta',
        path: metaPath,
        task: async () => check((await http.get(metaPath)).status),
      },
    ];

    const scenarios: Scenario[] = [];
    for (const endpoint of endpoints) {
      await closedLoop(endpoint.task, { concurrency: 8, durationMs: 2000, maxRequests: 20_000 }); // warm-up
      const open = await measured(() => openLoop(endpoint.task, { rate, durationMs, maxInFlight: 2000 }));
      scenarios.push({ name: `${endpoint.name} open ${rate}/s`, params: { mode: 'open', path: endpoint.path, rate, durationMs }, ...open });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const concurrency of concurrencies) {
        const closed = await measured(() => closedLoop(endpoint.task, { concurrency, durationMs, maxRequests: durationMs * 20 }));
        scenarios.push({ name: `${endpoint.name} c=${concurrency}`, params: { mode: 'closed', path: endpoint.path, concurrency, durationMs }, ...closed });
      }
    }
    printScenarios('API gateway over HTTP', scenarios);
    writeReport({
      benchmark: 'bench-gateway',
      startedAt,
      machine,
      parameters: { gatewayUrl: env.gatewayUrl, rate, durationMs, concurrencies, sfs, lawBytes: second.bytes },
      scenarios,
      extra: { cacheMisses: misses, loadAverageAfter: machineInfo().loadAverage },
    });
  } finally {
    http.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
