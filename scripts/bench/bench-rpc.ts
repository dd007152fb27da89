/**
 * Request/reply over BullMQ, without HTTP: RpcClient (@laglig/messaging)
 * calling `laws.meta` on a running law-catalog.
 *
 *   1. open loop at a fixed rate (default 2,000 calls/s for 10 s): latency
 *      from the moment each call was due; target p99 < 10 ms;
 *   2. closed loop at each concurrency (default 1 and 64) for 10 s: the
 *      unloaded round trip and the maximum throughput.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 QUEUE_PREFIX='{laglig-bench}' \
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/bench/bench-rpc.ts \
 *     [--rate 2000] [--sweep 500,1000,1500] [--duration 10] [--concurrency 1,64] [--sfs 1977:1160]
 */
import { parseArgs } from 'node:util';
import { RpcClient, redisOptionsFromUrl } from '@laglig/messaging';
import { closedLoop, openLoop, type Task } from './lib/load';
import { assertOwnPrefix, benchEnv, numberList } from './lib/env';
import { machineInfo, measured, printScenarios, writeReport, type Scenario } from './lib/report';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '2000' },
      // Extra open-loop rates, to find the highest one that still meets the target.
      sweep: { type: 'string', default: '' },
      duration: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '1,64' },
      sfs: { type: 'string', default: '1977:1160' },
      'target-p99': { type: 'string', default: '10' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const env = benchEnv();
  assertOwnPrefix(env.queuePrefix, values.force ?? false);
  const rate = Number(values.rate);
  const durationMs = Number(values.duration) * 1000;
  const concurrencies = numberList(values.concurrency ?? '1,64');
  const sfs = values.sfs ?? '1977:1160';
  const targetP99 = Number(values['target-p99']);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();

  const client = new RpcClient({ redis: redisOptionsFromUrl(env.redisUrl), prefix: env.queuePrefix }, 5000);
  try {
    const probe = await client.call('law-catalog', 'laws.meta', { sfs });
    if (!probe.ok) throw new Error(`laws.meta ${sfs} answered ${probe.code}: ${probe.message} (is law-catalog running on prefix ${env.queuePrefix}?)`);
    const task: Task = async () => (await client.call('law-catalog', 'laws.meta', { sfs })).ok;

    console.log(`bench-rpc: laws.meta ${sfs} over BullMQ, prefix ${env.queuePrefix}; ${machine.cpus} CPUs, node ${machine.node}, load ${machine.loadAverage.join(' ')}`);
    await closedLoop(task, { concurrency: 16, durationMs: 2000, maxRequests: 20_000 }); // warm-up, not recorded

    const scenarios: Scenario[] = [];
    const sweep = values.sweep ? numberList(values.sweep).filter((r) => r !== rate) : [];
    for (const r of [...sweep, rate]) {
      const { result: open, cpu } = await measured(() => openLoop(task, { rate: r, durationMs, maxInFlight: 5000 }));
      scenarios.push({
        name: `open loop ${r}/s`,
        params: { mode: 'open', rate: r, durationMs, method: 'laws.meta', sfs },
        result: open,
        cpu,
        target: { description: `p99 < ${targetP99} ms`, met: open.errors === 0 && open.dropped === 0 && open.latency.p99Ms < targetP99 },
        notes: [`driver send lag p99 ${open.sendLagMs?.p99Ms.toFixed(2)} ms`],
      });
      // Let a backlog from an overloaded rate drain before the next scenario.
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    for (const concurrency of concurrencies) {
      const { result, cpu } = await measured(() => closedLoop(task, { concurrency, durationMs, maxRequests: Math.max(1000, Math.round(durationMs * 20)) }));
      scenarios.push({ name: `closed loop c=${concurrency}`, params: { mode: 'closed', concurrency, durationMs, method: 'laws.meta', sfs }, result, cpu });
    }
    printScenarios('laws.meta through RpcClient (BullMQ request/reply)', scenarios);
    writeReport({
      benchmark: 'bench-rpc',
      startedAt,
      machine,
      parameters: { rate, sweep: values.sweep || null, durationMs, concurrencies, sfs, queuePrefix: env.queuePrefix, redisUrl: env.redisUrl.replace(/\/\/[^@]*@/, '//***@') },
      scenarios,
      extra: { loadAverageAfter: machineInfo().loadAverage },
    });
  } finally {
    await client.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
