/**
 * Change detection over the whole benchmark catalog: the law-catalog's real
 * sync (SyncService: list by systemdatum desc into sync_items, fetch each
 * dokumentstatus, ingest with the content-hash compare) against a bench
 * Riksdagen API that serves every statute of the catalog from memory in a
 * child process (change-detection/server-child.ts), with ~1 % of them given a
 * new consolidated text (change-detection/mutate.ts).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/laglig_bench \
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/bench/bench-change-detection.ts \
 *     [--changed-pct 1] [--concurrency 4] [--page-size 100] [--overlap-hours 24] [--docs N] \
 *     [--skip-full] [--verify-alignment] [--keep-aligned] [--keep-items] [--server-heap-mb 8192]
 *   (npm run bench:changes -- --concurrency 8)
 *
 * Steps: (1) align the synthetic rows with what the API path writes (one
 * UPDATE: source_name 'Riksdagens öppna data' and the dokument URL; the
 * synthetic marker stays on their first version and is put back at the end
 * unless --keep-aligned), (2) optionally a full pass with nothing changed,
 * which must find every document unchanged (--verify-alignment), (3) change
 * --changed-pct % of the documents (systemdatum on day D) and run a full
 * pass, (4) change another --changed-pct % (day D+1) and run an incremental
 * pass: it lists back to the full pass's high-water mark minus
 * SYNC_OVERLAP_HOURS, i.e. the new changes plus the previous day's (overlap
 * 24 h; --overlap-hours 0 lists only the new ones). --skip-full runs only the
 * incremental pass against the previous run's high-water mark.
 *
 * The app runs in this process (like apps/law-catalog/src/testing/sync-child.ts)
 * with SYNC_CRON=off, OUTBOX_POLL_MS=0 and the bench queue prefix; per-document
 * latency and where it goes (HTTP fetch, parse, SQL) come from wrapping the
 * service's methods here (nothing in apps/ is changed). The 53 real statutes
 * (source SFST) are not served: their rows would need their SFST URLs restored.
 */
import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ServiceModule } from '../../apps/law-catalog/src/app/service.module';
import { IngestionService } from '../../apps/law-catalog/src/ingestion/ingestion.service';
import { RiksdagenSource } from '../../apps/law-catalog/src/ingestion/riksdagen-source';
import { SOURCE_RIKSDAGEN } from '../../apps/law-catalog/src/ingestion/source-document';
import { ACTIVE_SYNC_STATUSES } from '../../apps/law-catalog/src/ingestion/sync-run.entity';
import { SyncService } from '../../apps/law-catalog/src/sync/sync.service';
import type { ChildMessage, ChildRequest } from './change-detection/server-child';
import type { MutateRequest, MutateResult, ServerStats } from './change-detection/server';
import { SYNTHETIC_SOURCE } from './corpus/synth';
import { fmtCpu, startCpu, type CpuShares } from './lib/cpu';
import { assertOwnPrefix, benchEnv } from './lib/env';
import { machineInfo, printScenarios, writeReport, WORKSPACE_ROOT, type Scenario } from './lib/report';
import { fmtMs, summarise, type LatencySummary } from './lib/stats';

const FULL_TARGET_MS = 10 * 60_000;
const INCREMENTAL_TARGET_MS = 60_000;
/** The first day of changed systemdatums (later when a previous run's high-water mark is newer). */
const FIRST_CHANGE_DAY = '2025-03-01';

/* ------------------------------------------------------------ instrumentation */

interface ItemTrace {
  fetchMs: number;
  ingestMs: number;
  parseMs: number;
  queries: number;
  queryMs: number;
  outcome: string;
}

interface ItemRecord extends ItemTrace {
  totalMs: number;
  startedAt: number;
  endedAt: number;
}

interface Recorder {
  items: ItemRecord[];
  pages: number[];
  /** SQL outside any document (claims, listing, run bookkeeping). */
  otherQueries: number;
  otherQueryMs: number;
  /** Per statement (its first words): how often and how long the driver waited for it. */
  statements: Map<string, { count: number; ms: number }>;
}

/** "SELECT ... FROM law_catalog.documents ..." -> a short key (statement kind + first table). */
function statementKey(sql: unknown): string {
  const text = String(sql).replace(/\s+/g, ' ').trim();
  const kind = /^(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '?';
  if (kind === 'START' || kind === 'COMMIT' || kind === 'ROLLBACK') return kind;
  const table = /(?:FROM|INTO|UPDATE)\s+"?(?:law_catalog"?\.)?"?(\w+)"?/i.exec(text)?.[1] ?? '';
  return `${kind} ${table} | ${text.slice(0, 90)}`;
}

const als = new AsyncLocalStorage<ItemTrace>();
let recorder: Recorder = { items: [], pages: [], otherQueries: 0, otherQueryMs: 0, statements: new Map() };

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/** Wraps a prototype method (private ones included: this is a benchmark, the app is not changed). */
function wrap(proto: object, name: string, around: (original: AnyFn, self: unknown, args: unknown[]) => Promise<unknown>): void {
  const target = proto as Record<string, unknown>;
  const original = target[name];
  if (typeof original !== 'function') throw new Error(`cannot instrument ${name}: not a method (the app changed?)`);
  target[name] = function (this: unknown, ...args: unknown[]) {
    return around(original as AnyFn, this, args);
  };
}

function instrument(): void {
  wrap(SyncService.prototype, 'process', async (original, self, args) => {
    const trace: ItemTrace = { fetchMs: 0, ingestMs: 0, parseMs: 0, queries: 0, queryMs: 0, outcome: 'failed' };
    const startedAt = performance.now();
    try {
      return await als.run(trace, () => original.apply(self, args));
    } finally {
      const endedAt = performance.now();
      recorder.items.push({ ...trace, totalMs: endedAt - startedAt, startedAt, endedAt });
    }
  });
  wrap(RiksdagenSource.prototype, 'fetchDocument', async (original, self, args) => {
    const t = performance.now();
    try {
      return await original.apply(self, args);
    } finally {
      const trace = als.getStore();
      if (trace) trace.fetchMs += performance.now() - t;
    }
  });
  wrap(RiksdagenSource.prototype, 'fetchPage', async (original, self, args) => {
    const t = performance.now();
    try {
      return await original.apply(self, args);
    } finally {
      recorder.pages.push(performance.now() - t);
    }
  });
  wrap(IngestionService.prototype, 'ingest', async (original, self, args) => {
    const t = performance.now();
    const result = (await original.apply(self, args)) as { ok: boolean; value?: { status: string } };
    const trace = als.getStore();
    if (trace) {
      trace.ingestMs += performance.now() - t;
      trace.outcome = result.ok ? (result.value?.status ?? 'ok') : 'refused';
    }
    return result;
  });
  // parse() is synchronous CPU work.
  const ingestion = IngestionService.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const parse = ingestion['parse'];
  if (typeof parse !== 'function') throw new Error('cannot instrument IngestionService.parse');
  ingestion['parse'] = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    try {
      return parse.apply(this, args);
    } finally {
      const trace = als.getStore();
      if (trace) trace.parseMs += performance.now() - t;
    }
  };
  wrap(PostgresQueryRunner.prototype, 'query', async (original, self, args) => {
    const t = performance.now();
    try {
      return await original.apply(self, args);
    } finally {
      const ms = performance.now() - t;
      const key = statementKey(args[0]);
      const stat = recorder.statements.get(key) ?? { count: 0, ms: 0 };
      stat.count++;
      stat.ms += ms;
      recorder.statements.set(key, stat);
      const trace = als.getStore();
      if (trace) {
        trace.queries++;
        trace.queryMs += ms;
      } else {
        recorder.otherQueries++;
        recorder.otherQueryMs += ms;
      }
    }
  });
}

/* ------------------------------------------------------------ bench server */

class ServerChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  url = '';
  documents = 0;
  loadMs = 0;
  rssMb = 0;

  private constructor(readonly child: ChildProcess) {}

  static start(databaseUrl: string, heapMb: number, sources: string[]): Promise<ServerChild> {
    const child = fork(join(__dirname, 'change-detection', 'server-child.ts'), [], {
      cwd: WORKSPACE_ROOT,
      execArgv: [`--max-old-space-size=${heapMb}`, '-r', '@swc-node/register'],
      env: { ...process.env, DATABASE_URL: databaseUrl, SWC_NODE_PROJECT: 'tsconfig.base.json', BENCH_SERVED_SOURCES: JSON.stringify(sources) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const server = new ServerChild(child);
    return new Promise((resolve, reject) => {
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') {
          Object.assign(server, { url: message.url, documents: message.documents, loadMs: message.loadMs, rssMb: message.rssMb });
          resolve(server);
        } else if (message.type === 'reply') {
          server.pending.get(message.id)?.resolve(message.value);
          server.pending.delete(message.id);
        } else {
          const error = new Error(`bench server: ${message.message}`);
          if (message.id !== undefined && server.pending.has(message.id)) {
            server.pending.get(message.id)?.reject(error);
            server.pending.delete(message.id);
          } else reject(error);
        }
      });
      child.on('exit', (code) => {
        const error = new Error(`bench server exited with code ${code}`);
        reject(error);
        for (const p of server.pending.values()) p.reject(error);
        server.pending.clear();
      });
    });
  }

  private call<T>(request: ChildRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...request, id } as ChildRequest);
    });
  }

  mutate(request: MutateRequest): Promise<MutateResult> {
    return this.call({ type: 'mutate', request });
  }

  stats(): Promise<ServerStats> {
    return this.call({ type: 'stats' });
  }

  resetStats(): Promise<void> {
    return this.call({ type: 'reset-stats' });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call({ type: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGTERM'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/* ------------------------------------------------------------ passes */

interface PassResult {
  name: string;
  mode: 'full' | 'incremental';
  runId: string;
  status: string;
  totalMs: number;
  listingMs: number;
  fetchingMs: number;
  finishMs: number;
  listed: number;
  outcomes: Record<string, number>;
  failed: number;
  changeRecords: number;
  sectionChanges: number;
  listSince: string | null;
  cursor: string | null;
  docsPerSecond: number;
  latency: LatencySummary;
  latencyByOutcome: Record<string, LatencySummary>;
  breakdown: Record<string, { meanMs: number; p50Ms: number; p95Ms: number; p99Ms: number }>;
  queriesPerDocument: Record<string, number>;
  sqlOutsideDocuments: { queries: number; ms: number };
  /** When the bench ran ANALYZE sync_items (ms after the start) and how long it took; null = not run. */
  analyzedItems: { atMs: number; ms: number } | null;
  /** The statements the pass waited longest for: count, total and mean wait. */
  statements: Array<{ statement: string; count: number; totalMs: number; meanMs: number }>;
  listPages: { count: number; meanMs: number; totalMs: number };
  server: ServerStats;
  cpu: CpuShares | undefined;
  /** CPU time per listed document of each part (cores x wall time / documents): comparable across machine loads. */
  cpuMsPerDocument: Record<string, number> | undefined;
  errors: string[];
}

const pick = (s: LatencySummary): { meanMs: number; p50Ms: number; p95Ms: number; p99Ms: number } => ({
  meanMs: s.meanMs,
  p50Ms: s.p50Ms,
  p95Ms: s.p95Ms,
  p99Ms: s.p99Ms,
});

/**
 * ANALYZE sync_items as soon as the run has listed (status 'fetching'), as autovacuum's autoanalyze
 * would eventually: with the statistics of an empty table the claim query sorts every pending item of
 * the run on each claim (see docs/benchmarks.md). Returns a stop function and the time it ran.
 */
function analyzeWhenListed(db: Client, runId: () => string | null): { stop: () => void; done: Promise<{ atMs: number; ms: number } | null> } {
  let stopped = false;
  const t0 = performance.now();
  const done = (async () => {
    while (!stopped) {
      const id = runId();
      if (id) {
        const [row] = (await db.query<{ status: string }>(`SELECT status FROM law_catalog.sync_runs WHERE id = $1`, [id])).rows;
        if (row && row.status !== 'queued' && row.status !== 'listing') {
          const t = performance.now();
          await db.query('ANALYZE law_catalog.sync_items');
          return { atMs: t - t0, ms: performance.now() - t };
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return null;
  })();
  return { stop: () => (stopped = true), done };
}

async function runPass(
  name: string,
  mode: 'full' | 'incremental',
  sync: SyncService,
  db: Client,
  server: ServerChild,
  analyze: boolean,
): Promise<PassResult> {
  await server.resetStats();
  recorder = { items: [], pages: [], otherQueries: 0, otherQueryMs: 0, statements: new Map() };
  console.log(`\n[${new Date().toISOString().slice(11, 19)}] ${name}: starting a ${mode} sync run`);
  const stopCpu = startCpu();
  const t0 = performance.now();
  let currentRun: string | null = null;
  const analyzer = analyze ? analyzeWhenListed(db, () => currentRun) : null;
  const started = await sync.start(mode, 'manual');
  if (!started.ok) throw new Error(`sync.start refused: ${started.message}`);
  const runId = started.value.id;
  currentRun = runId;
  const progress = setInterval(() => {
    const done = recorder.items.length;
    const secs = (performance.now() - t0) / 1000;
    console.log(`  ${secs.toFixed(0)} s: ${recorder.pages.length} list pages, ${done} documents processed`);
  }, 30_000);
  let result: string;
  try {
    // The BullMQ worker in this process executes the same run; execute() shares one promise per run.
    result = await sync.execute(runId);
    while (result === 'inactive') {
      const [row] = (await db.query<{ status: string }>(`SELECT status FROM law_catalog.sync_runs WHERE id = $1`, [runId])).rows;
      if (!row || !ACTIVE_SYNC_STATUSES.includes(row.status as (typeof ACTIVE_SYNC_STATUSES)[number])) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    clearInterval(progress);
    analyzer?.stop();
  }
  const t1 = performance.now();
  const analyzed = analyzer ? await analyzer.done : null;
  const cpu = stopCpu();
  const serverStats = await server.stats();

  const [run] = (
    await db.query<{ status: string; cursor: string | null; list_since: string | null; error: string | null }>(
      `SELECT status, cursor, list_since, error FROM law_catalog.sync_runs WHERE id = $1`,
      [runId],
    )
  ).rows;
  const outcomes = Object.fromEntries(
    (
      await db.query<{ outcome: string; n: number }>(
        `SELECT coalesce(outcome, status) AS outcome, count(*)::int AS n FROM law_catalog.sync_items WHERE run_id = $1 GROUP BY 1 ORDER BY 1`,
        [runId],
      )
    ).rows.map((r) => [r.outcome, r.n]),
  );
  const listed = Object.values(outcomes).reduce((a, b) => a + b, 0);
  const [changes] = (
    await db.query<{ n: number; sections: number }>(
      `SELECT count(*)::int AS n, coalesce(sum(jsonb_array_length(sections)), 0)::int AS sections FROM law_catalog.law_changes WHERE sync_run_id = $1`,
      [runId],
    )
  ).rows;
  const errors = (
    await db.query<{ dok_id: string; last_error: string | null }>(
      `SELECT dok_id, last_error FROM law_catalog.sync_items WHERE run_id = $1 AND status = 'failed' ORDER BY position LIMIT 5`,
      [runId],
    )
  ).rows.map((r) => `${r.dok_id}: ${r.last_error ?? ''}`);

  const items = recorder.items;
  // No spread of 170,000 arguments (call stack) and no copying per item.
  const firstStart = items.reduce((min, i) => Math.min(min, i.startedAt), Number.POSITIVE_INFINITY);
  const lastEnd = items.reduce((max, i) => Math.max(max, i.endedAt), Number.NEGATIVE_INFINITY);
  const totalMs = t1 - t0;
  const byOutcome = new Map<string, ItemRecord[]>();
  for (const item of items) {
    const list = byOutcome.get(item.outcome);
    if (list) list.push(item);
    else byOutcome.set(item.outcome, [item]);
  }
  const mean = (values: number[]): number => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);
  const queriesPerDocument: Record<string, number> = { all: mean(items.map((i) => i.queries)) };
  for (const [outcome, list] of byOutcome) queriesPerDocument[outcome] = mean(list.map((i) => i.queries));

  return {
    name,
    mode,
    runId,
    status: run?.status ?? 'unknown',
    totalMs,
    listingMs: items.length ? firstStart - t0 : totalMs,
    fetchingMs: items.length ? lastEnd - firstStart : 0,
    finishMs: items.length ? t1 - lastEnd : 0,
    listed,
    outcomes,
    failed: outcomes['failed'] ?? 0,
    changeRecords: changes?.n ?? 0,
    sectionChanges: changes?.sections ?? 0,
    listSince: run?.list_since ?? null,
    cursor: run?.cursor ?? null,
    docsPerSecond: listed / (totalMs / 1000),
    latency: summarise(items.map((i) => i.totalMs)),
    latencyByOutcome: Object.fromEntries([...byOutcome].map(([outcome, list]) => [outcome, summarise(list.map((i) => i.totalMs))])),
    breakdown: {
      fetch: pick(summarise(items.map((i) => i.fetchMs))),
      ingest: pick(summarise(items.map((i) => i.ingestMs))),
      parse: pick(summarise(items.map((i) => i.parseMs))),
      sqlWait: pick(summarise(items.map((i) => i.queryMs))),
      other: pick(summarise(items.map((i) => i.totalMs - i.fetchMs - i.ingestMs))),
    },
    queriesPerDocument,
    sqlOutsideDocuments: { queries: recorder.otherQueries, ms: recorder.otherQueryMs },
    analyzedItems: analyzed,
    statements: [...recorder.statements]
      .map(([statement, v]) => ({ statement, count: v.count, totalMs: v.ms, meanMs: v.ms / v.count }))
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, 25),
    listPages: { count: recorder.pages.length, meanMs: mean(recorder.pages), totalMs: recorder.pages.reduce((a, b) => a + b, 0) },
    server: serverStats,
    cpu,
    cpuMsPerDocument: cpu
      ? Object.fromEntries(
          Object.entries(cpu)
            .filter(([k]) => k !== 'machine' && k !== 'other')
            .map(([k, v]) => [k === 'driver' ? 'law-catalog (this process)' : k, (v * totalMs) / Math.max(1, listed)]),
        )
      : undefined,
    errors: run?.error ? [run.error, ...errors] : errors,
  };
}

function printPass(p: PassResult): void {
  const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  console.log(`\n${p.name} (${p.mode}, run ${p.runId}, ${p.status})`);
  console.log(`  total ${secs(p.totalMs)}: listing ${secs(p.listingMs)} (${p.listPages.count} pages), fetch+ingest ${secs(p.fetchingMs)}, finish ${secs(p.finishMs)}`);
  console.log(`  ${p.listed} listed (since ${p.listSince ?? 'the beginning'}), ${p.docsPerSecond.toFixed(1)} documents/s; outcomes ${JSON.stringify(p.outcomes)}`);
  console.log(
    `  ANALYZE sync_items: ${p.analyzedItems ? `at ${(p.analyzedItems.atMs / 1000).toFixed(1)} s, took ${fmtMs(p.analyzedItems.ms)} ms` : 'not run (--no-analyze)'}`,
  );
  console.log(`  change records ${p.changeRecords} (${p.sectionChanges} section changes); high-water mark ${p.cursor}`);
  const l = p.latency;
  console.log(`  per document (ms): p50 ${fmtMs(l.p50Ms)}, p95 ${fmtMs(l.p95Ms)}, p99 ${fmtMs(l.p99Ms)}, max ${fmtMs(l.maxMs)}`);
  for (const [outcome, s] of Object.entries(p.latencyByOutcome)) {
    console.log(`    ${outcome.padEnd(10)} n=${s.count}: p50 ${fmtMs(s.p50Ms)}, p95 ${fmtMs(s.p95Ms)}, p99 ${fmtMs(s.p99Ms)}`);
  }
  console.log(
    `  mean per document (ms): ${Object.entries(p.breakdown)
      .map(([k, v]) => `${k} ${fmtMs(v.meanMs)}`)
      .join(', ')}; SQL statements ${JSON.stringify(Object.fromEntries(Object.entries(p.queriesPerDocument).map(([k, v]) => [k, Math.round(v * 10) / 10])))}`,
  );
  console.log('  SQL waited for most (count, total s, mean ms):');
  for (const st of p.statements.slice(0, 10)) {
    console.log(`    ${String(st.count).padStart(7)} ${(st.totalMs / 1000).toFixed(1).padStart(7)} s ${fmtMs(st.meanMs).padStart(7)} ms  ${st.statement}`);
  }
  console.log(`  server: ${JSON.stringify(p.server.requests)}, ${(p.server.bytes / 2 ** 20).toFixed(0)} MiB sent`);
  if (p.cpu) console.log(`  ${fmtCpu(p.cpu)}`);
  if (p.cpuMsPerDocument) {
    console.log(
      `  CPU per listed document (ms): ${Object.entries(p.cpuMsPerDocument)
        .map(([k, v]) => `${k} ${fmtMs(v)}`)
        .join(', ')}`,
    );
  }
  for (const e of p.errors) console.log(`  error: ${e}`);
}

function toScenario(p: PassResult, params: Record<string, unknown>): Scenario {
  const targetMs = p.mode === 'full' ? FULL_TARGET_MS : INCREMENTAL_TARGET_MS;
  const counted = p.name !== 'alignment check';
  return {
    name: p.name,
    params: { mode: p.mode, ...params },
    result: {
      mode: 'closed',
      sent: p.listed,
      completed: p.listed - p.failed,
      errors: p.failed,
      dropped: 0,
      elapsedMs: p.totalMs,
      throughput: p.docsPerSecond,
      latency: p.latency,
      errorSamples: p.errors,
    },
    target: counted
      ? { description: `${p.mode} pass < ${targetMs / 1000} s (took ${(p.totalMs / 1000).toFixed(1)} s)`, met: p.totalMs < targetMs && p.failed === 0 }
      : undefined,
    cpu: p.cpu,
    notes: [JSON.stringify({ outcomes: p.outcomes, changeRecords: p.changeRecords, listingMs: p.listingMs, fetchingMs: p.fetchingMs })],
  };
}

/* ------------------------------------------------------------ main */

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function cleanRedis(env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'clean-redis.ts')], {
      cwd: WORKSPACE_ROOT,
      env: { ...env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve(code));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string' },
      'changed-pct': { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      'page-size': { type: 'string', default: '100' },
      'overlap-hours': { type: 'string', default: '24' },
      'skip-full': { type: 'boolean', default: false },
      'verify-alignment': { type: 'boolean', default: false },
      'keep-aligned': { type: 'boolean', default: false },
      'keep-items': { type: 'boolean', default: false },
      'no-analyze': { type: 'boolean', default: false },
      'server-heap-mb': { type: 'string', default: '8192' },
      force: { type: 'boolean', default: false },
      'no-report': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const changedPct = Number(values['changed-pct']);
  const concurrency = Number(values.concurrency);
  const pageSize = Number(values['page-size']);
  const overlapHours = Number(values['overlap-hours']);
  const analyze = !values['no-analyze'];
  if (!(changedPct > 0 && changedPct <= 50)) throw new Error('--changed-pct must be in (0, 50]');
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 32)) throw new Error('--concurrency must be 1..32 (SYNC_CONCURRENCY)');
  if (!(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 500)) throw new Error('--page-size must be 1..500 (SYNC_PAGE_SIZE)');
  if (!(overlapHours >= 0)) throw new Error('--overlap-hours must be >= 0');

  const env = benchEnv();
  const dbName = decodeURIComponent(new URL(env.databaseUrl).pathname.replace(/^\//, ''));
  if (!dbName.includes('bench') && !values.force) throw new Error(`Refusing to sync into "${dbName}": use a database whose name contains "bench"`);
  assertOwnPrefix(env.queuePrefix, values.force ?? false);
  if (!env.queuePrefix.includes('bench')) throw new Error(`QUEUE_PREFIX ${env.queuePrefix} is not a benchmark prefix`);

  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  console.log(
    `change detection on ${dbName}: concurrency ${concurrency}, ${changedPct} % changed, page size ${pageSize}, overlap ${overlapHours} h, ANALYZE sync_items after listing ${analyze ? 'on' : 'off'}; load average ${machine.loadAverage.join(' ')}`,
  );

  const db = new Client({ connectionString: env.databaseUrl, application_name: 'laglig-bench-changes' });
  await db.connect();
  let server: ServerChild | undefined;
  let app: INestApplicationContext | undefined;
  const runIds: string[] = [];
  let exitCode = 0;
  // Ctrl-C / SIGTERM: stop claiming, then clean up as after a normal run (the interrupted run is failed at the next start).
  const interrupt = (): void => {
    console.error('\ninterrupted: stopping the sync and cleaning up');
    exitCode = 130;
    app?.get(SyncService).stop();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    // A run left active by an interrupted bench would be "the active run" for sync.start.
    const abandoned = await db.query(
      `UPDATE law_catalog.sync_runs SET status = 'failed', error = 'abandoned (bench-change-detection)', finished_at = now()
        WHERE kind = 'sync' AND status = ANY($1::text[])`,
      [ACTIVE_SYNC_STATUSES],
    );
    if (abandoned.rowCount) console.log(`marked ${abandoned.rowCount} abandoned active sync run(s) failed`);

    const served = [SYNTHETIC_SOURCE, SOURCE_RIKSDAGEN];
    const [{ unsafe }] = (
      await db.query<{ unsafe: number }>(
        `SELECT count(*)::int AS unsafe FROM law_catalog.documents WHERE source_name = ANY($1::text[]) AND dok_id !~ '^[A-Za-z0-9_.!~*''()-]+$'`,
        [served],
      )
    ).rows as [{ unsafe: number }];
    if (unsafe > 0) throw new Error(`${unsafe} dok_ids would need URL encoding; the alignment UPDATE assumes they do not`);

    // (1) What the API path writes for a document whose text and metadata are unchanged.
    let t = performance.now();
    const aligned = await db.query(
      `UPDATE law_catalog.documents SET source_name = $2, source_url = 'https://data.riksdagen.se/dokument/' || dok_id
        WHERE source_name = $1 OR (source_name = $2 AND source_url IS DISTINCT FROM 'https://data.riksdagen.se/dokument/' || dok_id)`,
      [SYNTHETIC_SOURCE, SOURCE_RIKSDAGEN],
    );
    const alignMs = performance.now() - t;
    console.log(`metadata alignment: ${aligned.rowCount ?? 0} rows updated in ${(alignMs / 1000).toFixed(1)} s`);

    const [{ total, servedCount }] = (
      await db.query<{ total: number; servedCount: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE source_name = ANY($1::text[]))::int AS "servedCount" FROM law_catalog.documents`,
        [served],
      )
    ).rows as [{ total: number; servedCount: number }];
    if (values.docs !== undefined && Number(values.docs) !== total) {
      throw new Error(`--docs ${values.docs} but the catalog holds ${total} documents (npm run bench:corpus -- --docs ${values.docs})`);
    }

    t = performance.now();
    server = await ServerChild.start(env.databaseUrl, Number(values['server-heap-mb']), served);
    console.log(
      `bench Riksdagen server (pid ${server.child.pid}) at ${server.url}: ${server.documents} documents of ${total} in the catalog loaded in ${(server.loadMs / 1000).toFixed(1)} s, rss ${server.rssMb.toFixed(0)} MiB`,
    );
    process.env['BENCH_PIDS'] = `bench-server=${server.child.pid}`;

    Object.assign(process.env, {
      RIKSDAGEN_BASE_URL: server.url,
      SYNC_CRON: 'off',
      OUTBOX_POLL_MS: '0',
      QUEUE_PREFIX: env.queuePrefix,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      SYNC_CONCURRENCY: String(concurrency),
      SYNC_PAGE_SIZE: String(pageSize),
      SYNC_OVERLAP_HOURS: String(overlapHours),
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
    });
    instrument();
    app = await NestFactory.createApplicationContext(ServiceModule, { logger: ['error', 'warn'] });
    await app.init();
    const sync = app.get(SyncService);

    const [{ cursor: previousCursor }] = (
      await db.query<{ cursor: string | null }>(
        `SELECT max(cursor) AS cursor FROM law_catalog.sync_runs WHERE kind = 'sync' AND status IN ('succeeded', 'completed_with_errors')`,
      )
    ).rows as [{ cursor: string | null }];
    // Changed documents get systemdatums well after any earlier run's high-water mark (plus the overlap).
    const afterPrevious = previousCursor ? addDays(previousCursor.slice(0, 10), 2 + Math.ceil(overlapHours / 24)) : FIRST_CHANGE_DAY;
    const day1 = afterPrevious > FIRST_CHANGE_DAY ? afterPrevious : FIRST_CHANGE_DAY;
    const day2 = addDays(day1, 1);
    const step = Math.max(1, Math.round(100 / changedPct));

    const passes: PassResult[] = [];
    const mutations: Record<string, MutateResult> = {};
    if (values['verify-alignment']) {
      const check = await runPass('alignment check', 'full', sync, db, server, analyze);
      printPass(check);
      passes.push(check);
      runIds.push(check.runId);
      const notUnchanged = Object.entries(check.outcomes).filter(([k, n]) => k !== 'unchanged' && n > 0);
      if (notUnchanged.length > 0) {
        console.error(`alignment check FAILED: with nothing changed the pass reported ${JSON.stringify(check.outcomes)}`);
        exitCode = 1;
      } else console.log('alignment check passed: every document unchanged');
    }
    if (!values['skip-full'] && exitCode === 0) {
      mutations['full'] = await server.mutate({ pct: changedPct, offset: 0, salt: `full-${day1}`, day: day1 });
      console.log(`\nchanged ${mutations['full'].changed} documents (systemdatum ${mutations['full'].firstSystemdatum} .. ${mutations['full'].lastSystemdatum})`);
      const full = await runPass('full pass', 'full', sync, db, server, analyze);
      printPass(full);
      passes.push(full);
      runIds.push(full.runId);
    }
    if (exitCode === 0) {
      mutations['incremental'] = await server.mutate({ pct: changedPct, offset: Math.floor(step / 2), salt: `incremental-${day2}`, day: day2 });
      console.log(
        `\nchanged another ${mutations['incremental'].changed} documents (systemdatum ${mutations['incremental'].firstSystemdatum} .. ${mutations['incremental'].lastSystemdatum})`,
      );
      const incremental = await runPass('incremental pass', 'incremental', sync, db, server, analyze);
      printPass(incremental);
      passes.push(incremental);
      runIds.push(incremental.runId);
    }

    const params = { concurrency, pageSize, overlapHours, changedPct, analyzeItemsAfterListing: analyze };
    const scenarios = passes.map((p) => toScenario(p, params));
    printScenarios(`change detection, ${server.documents} documents, SYNC_CONCURRENCY ${concurrency} (calls = documents listed; latency = per document: fetch + ingest; claim and done marks are per batch, outside)`, scenarios);
    for (const s of scenarios) if (s.target && !s.target.met) exitCode = exitCode || 0; // a missed target is reported, not a failure
    if (passes.some((p) => p.failed > 0 || p.status !== 'succeeded')) exitCode = 1;

    if (!values['no-report']) {
      writeReport({
        benchmark: 'bench-change-detection',
        startedAt,
        machine: { ...machine, loadAverage: machine.loadAverage },
        parameters: {
          database: dbName,
          catalogDocuments: total,
          servedDocuments: server.documents,
          servedOfCatalog: servedCount,
          ...params,
          // The sync's batch size comes from the environment (default 16; SYNC_CLAIM_BATCH=1 is the per-document bookkeeping).
          syncClaimBatch: Number(process.env['SYNC_CLAIM_BATCH'] ?? 16),
          days: { full: day1, incremental: day2 },
          previousCursor,
        },
        scenarios,
        extra: {
          loadAverageAtEnd: machineInfo().loadAverage,
          alignment: { rowsUpdated: aligned.rowCount ?? 0, ms: alignMs },
          server: { loadMs: server.loadMs, rssMb: server.rssMb },
          mutations,
          passes,
        },
      });
    }
  } finally {
    await app?.close().catch((error: unknown) => console.error(`closing the app: ${String(error)}`));
    await server?.close().catch(() => undefined);
    if (!values['keep-items'] && runIds.length > 0) {
      const deleted = await db.query(`DELETE FROM law_catalog.sync_items WHERE run_id = ANY($1::uuid[])`, [runIds]);
      console.log(`deleted ${deleted.rowCount ?? 0} sync_items of this bench's runs (the runs, their cursors and change records stay)`);
    }
    if (!values['keep-aligned']) {
      // Put the synthetic marker back (generate-corpus and rag-index tell synthetic from real by it).
      const restored = await db.query(
        `UPDATE law_catalog.documents d SET source_name = $1, source_url = NULL
          WHERE d.source_name = $2
            AND EXISTS (SELECT 1 FROM law_catalog.document_versions v WHERE v.document_id = d.id AND v.source_name = $1)`,
        [SYNTHETIC_SOURCE, SOURCE_RIKSDAGEN],
      );
      console.log(`restored the synthetic marker on ${restored.rowCount ?? 0} documents`);
    }
    await db.end();
    await cleanRedis({ ...process.env, QUEUE_PREFIX: env.queuePrefix });
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
