/**
 * Search through the gateway (GET /api/v1/laws?q=...) with realistic Swedish
 * queries — natural questions, single words, references — against the
 * benchmark database (170,000 statutes after generate-corpus.ts).
 *
 *   1. each query alone, repeated (sequential): per-query latency;
 *   2. all queries mixed, closed loop at a small concurrency: overall
 *      p50/p95/p99 and throughput; target p95 < 50 ms;
 *   3. for the slowest query of each kind, the SQL statements SearchService
 *      really issues (its own code, with a recording connection) are timed
 *      and the slowest one is run under EXPLAIN (ANALYZE, BUFFERS); the plan
 *      summary, the number of candidate sections and the per-term document
 *      frequencies go into the JSON.
 *
 *   GATEWAY_URL=http://127.0.0.1:3100 DATABASE_URL=postgres://postgres@127.0.0.1:5432/laglig_bench \
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/bench/bench-search.ts \
 *     [--repeat 10] [--per-query-seconds 20] [--concurrency 4] [--duration 30] [--no-explain]
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { SearchInputSchema, type SearchResult } from '@laglig/contracts';
import { SearchRepository } from '../../apps/law-catalog/src/search/search.repository';
import { SearchService } from '../../apps/law-catalog/src/search/search.service';
import { HttpClient } from './lib/http';
import { closedLoop } from './lib/load';
import { benchEnv } from './lib/env';
import { machineInfo, measured, printScenarios, writeReport, type Scenario } from './lib/report';
import { fmtMs, summarise, type LatencySummary } from './lib/stats';

export type QueryKind = 'question' | 'word' | 'reference';

export const QUERIES: ReadonlyArray<{ kind: QueryKind; q: string }> = [
  { kind: 'question', q: 'hur många semesterdagar har man rätt till' },
  { kind: 'question', q: 'vad gäller vid uppsägning på grund av arbetsbrist' },
  { kind: 'question', q: 'får arbetsgivaren övervaka de anställdas e-post' },
  { kind: 'question', q: 'vilka uppgifter har ett skyddsombud' },
  { kind: 'question', q: 'när måste arbetsgivaren göra en riskbedömning' },
  { kind: 'question', q: 'hur hanteras farligt avfall' },
  { kind: 'word', q: 'semester' },
  { kind: 'word', q: 'arbetsmiljö' },
  { kind: 'word', q: 'skadestånd' },
  { kind: 'word', q: 'personuppgifter' },
  { kind: 'word', q: 'diskriminering' },
  { kind: 'word', q: 'tillsyn' },
  { kind: 'reference', q: '1977:1160' },
  { kind: 'reference', q: '3 kap. 2 § arbetsmiljölagen' },
  { kind: 'reference', q: 'LAS 7 §' },
  { kind: 'reference', q: 'AML 3:2a' },
  { kind: 'reference', q: 'semesterlagen' },
  { kind: 'reference', q: '2 kap. 1 §' },
];

interface PerQuery {
  kind: QueryKind;
  q: string;
  mode: string | null;
  total: number | null;
  runs: number;
  errors: number;
  latency: LatencySummary;
  /** False when the first run was slower than --slow-ms and the query was not repeated. */
  repeated: boolean;
}

interface StatementTiming {
  sql: string;
  params: unknown[];
  ms: number;
  timedOut: boolean;
}

const isTimeout = (error: unknown): boolean => (error as { code?: string }).code === '57014';

/**
 * A stand-in for TypeORM's DataSource that forwards SearchRepository's queries
 * to one pg connection and times them; `transaction` runs the callback between
 * BEGIN and COMMIT on the same connection (the repository sets a
 * transaction-local statement_timeout there).
 */
function recordingDataSource(client: Client, log: StatementTiming[]): DataSource {
  const query = async (sql: string, params: unknown[] = []): Promise<unknown[]> => {
    const started = performance.now();
    try {
      const result = await client.query(sql, params);
      log.push({ sql, params, ms: performance.now() - started, timedOut: false });
      return result.rows;
    } catch (error) {
      log.push({ sql, params, ms: performance.now() - started, timedOut: isTimeout(error) });
      throw error;
    }
  };
  const manager = { query };
  const stub = {
    query,
    manager,
    transaction: async <T>(work: (m: typeof manager) => Promise<T>): Promise<T> => {
      await client.query('BEGIN');
      try {
        const value = await work(manager);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
  return stub as unknown as DataSource;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'CTE Name'?: string;
  'Actual Total Time'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Plan Rows'?: number;
  'Total Cost'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Temp Written Blocks'?: number;
  Plans?: PlanNode[];
}

interface PlanNodeSummary {
  node: string;
  depth: number;
  actualTotalMs: number;
  rows: number;
  loops: number;
  estimatedRows: number;
  sharedHit: number;
  sharedRead: number;
  tempWritten: number;
}

function flattenPlan(node: PlanNode, depth = 0, out: PlanNodeSummary[] = []): PlanNodeSummary[] {
  const target = node['Relation Name'] ?? node['CTE Name'] ?? '';
  out.push({
    node: `${node['Node Type']}${target ? ` on ${target}` : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`,
    depth,
    actualTotalMs: node['Actual Total Time'] ?? Number.NaN,
    rows: node['Actual Rows'] ?? Number.NaN,
    loops: node['Actual Loops'] ?? Number.NaN,
    estimatedRows: node['Plan Rows'] ?? Number.NaN,
    sharedHit: node['Shared Hit Blocks'] ?? 0,
    sharedRead: node['Shared Read Blocks'] ?? 0,
    tempWritten: node['Temp Written Blocks'] ?? 0,
  });
  for (const child of node.Plans ?? []) flattenPlan(child, depth + 1, out);
  return out;
}

/** One line per plan node, indented like EXPLAIN's text output. */
export function renderPlan(nodes: readonly PlanNodeSummary[]): string[] {
  return nodes.map((n) => {
    const actual = Number.isFinite(n.actualTotalMs)
      ? `actual ${fmtMs(n.actualTotalMs)} ms, rows ${n.rows} x${n.loops}, buffers hit ${n.sharedHit} read ${n.sharedRead}${n.tempWritten ? ` temp written ${n.tempWritten}` : ''}`
      : `estimated rows ${n.estimatedRows}`;
    return `${'  '.repeat(n.depth)}-> ${n.node} (${actual})`;
  });
}

async function explainSlowest(client: Client, entry: PerQuery, timeoutMs: number): Promise<Record<string, unknown>> {
  await client.query(`SET statement_timeout = ${Math.round(timeoutMs)}`);
  try {
    const log: StatementTiming[] = [];
    const service = new SearchService(new SearchRepository(recordingDataSource(client, log)));
    // The repository bounds full text by SEARCH_TIMEOUT_MS (read per call); here the bound is ours.
    const savedSearchTimeout = process.env['SEARCH_TIMEOUT_MS'];
    process.env['SEARCH_TIMEOUT_MS'] = String(Math.round(timeoutMs));
    try {
      const outcome = await service.search(SearchInputSchema.parse({ q: entry.q }));
      if (!outcome.ok && outcome.code !== 'TIMEOUT') throw new Error(`search "${entry.q}" refused: ${outcome.message}`);
    } catch (error) {
      if (!isTimeout(error)) throw error;
    } finally {
      if (savedSearchTimeout === undefined) delete process.env['SEARCH_TIMEOUT_MS'];
      else process.env['SEARCH_TIMEOUT_MS'] = savedSearchTimeout;
    }
    const statements = log.map((s) => ({ ms: s.ms, timedOut: s.timedOut, sql: s.sql.replace(/\s+/g, ' ').trim().slice(0, 160) }));
    const slowest = [...log].sort((a, b) => b.ms - a.ms)[0];
    if (!slowest) return { query: entry.q, kind: entry.kind, statements };

    let analyzed = true;
    let plan: { Plan: PlanNode; 'Planning Time'?: number; 'Execution Time'?: number } | undefined;
    try {
      plan = (await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Planning Time': number; 'Execution Time': number }> }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${slowest.sql}`,
        slowest.params,
      )).rows[0]?.['QUERY PLAN'][0];
    } catch (error) {
      if (!isTimeout(error)) throw error;
      analyzed = false;
      plan = (await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${slowest.sql}`, slowest.params)).rows[0]?.['QUERY PLAN'][0];
    }
    const nodes = plan ? flattenPlan(plan.Plan) : [];
    const heaviest = analyzed ? [...nodes].sort((a, b) => b.actualTotalMs - a.actualTotalMs).slice(0, 10) : [];

    // For a full-text statement: how many current sections match, overall and per term.
    let termFrequencies: Array<{ term: string; sections: number | null }> | undefined;
    let candidates: number | null | undefined;
    const [tsquery, , , , , , terms] = slowest.params as [string, number, number, number, number, string, string[] | undefined];
    if (/s\.tsv @@ query\.q/.test(slowest.sql) && Array.isArray(terms)) {
      const count = async (q: string): Promise<number | null> => {
        try {
          const rows = (
            await client.query<{ n: string }>(
              `SELECT count(*) AS n FROM law_catalog.sections s JOIN law_catalog.documents d ON d.current_version_id = s.version_id
                WHERE s.tsv @@ $1::tsquery AND NOT s.repealed`,
              [q],
            )
          ).rows;
          return Number(rows[0]?.n ?? 0);
        } catch (error) {
          if (isTimeout(error)) return null;
          throw error;
        }
      };
      candidates = await count(tsquery);
      termFrequencies = [];
      for (const term of terms) termFrequencies.push({ term, sections: await count(term) });
    }
    return {
      query: entry.q,
      kind: entry.kind,
      statements,
      slowestStatement: { ms: slowest.ms, timedOut: slowest.timedOut, sql: slowest.sql.replace(/\s+/g, ' ').trim(), params: slowest.params },
      analyzed,
      timeoutMs,
      planningMs: plan?.['Planning Time'],
      executionMs: plan?.['Execution Time'],
      heaviestNodes: heaviest,
      candidates,
      termFrequencies,
      plan: renderPlan(nodes),
    };
  } finally {
    await client.query('RESET statement_timeout');
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeat: { type: 'string', default: '10' },
      'per-query-seconds': { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '4' },
      duration: { type: 'string', default: '30' },
      'target-p95': { type: 'string', default: '50' },
      'no-explain': { type: 'boolean', default: false },
      'explain-timeout': { type: 'string', default: '120' },
      'slow-ms': { type: 'string', default: '5000' },
    },
    strict: true,
  });
  const env = benchEnv();
  const repeat = Number(values.repeat);
  const perQueryMs = Number(values['per-query-seconds']) * 1000;
  const concurrency = Number(values.concurrency);
  const durationMs = Number(values.duration) * 1000;
  const targetP95 = Number(values['target-p95']);
  const explainTimeoutMs = Number(values['explain-timeout']) * 1000;
  const slowMs = Number(values['slow-ms']);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const http = new HttpClient(env.gatewayUrl, { maxSockets: Math.max(8, concurrency), timeoutMs: 60_000 });
  const db = new Client({ connectionString: env.databaseUrl, application_name: 'laglig-bench-search' });
  await db.connect();

  try {
    const [{ documents, sections }] = (await db.query<{ documents: string; sections: string }>(
      `SELECT (SELECT count(*) FROM law_catalog.documents) AS documents, (SELECT count(*) FROM law_catalog.sections) AS sections`,
    )).rows as [{ documents: string; sections: string }];
    console.log(
      `bench-search: ${env.gatewayUrl}, database with ${Number(documents).toLocaleString('en-US')} documents / ${Number(sections).toLocaleString('en-US')} sections; ${machine.cpus} CPUs, load ${machine.loadAverage.join(' ')}`,
    );

    const search = async (q: string): Promise<SearchResult> => {
      const reply = await http.get(`/api/v1/laws?q=${encodeURIComponent(q)}`, { accept: 'application/json' }, true);
      if (reply.status === 429) throw new Error('429 Too Many Requests: start the gateway with a higher THROTTLE_LIMIT');
      if (reply.status !== 200) throw new Error(`status ${reply.status}: ${(reply.body ?? '').slice(0, 200)}`);
      return JSON.parse(reply.body ?? 'null') as SearchResult;
    };

    // 1. Each query alone. The first run warms caches and is not counted, unless it
    // took longer than --slow-ms: then it is the only run (a slow query is not repeated).
    const perQuery: PerQuery[] = [];
    for (const { kind, q } of QUERIES) {
      let mode: string | null = null;
      let total: number | null = null;
      let errors = 0;
      let repeated = true;
      const samples: number[] = [];
      const deadline = performance.now() + perQueryMs;
      for (let i = 0; i < repeat + 1 && performance.now() < deadline; i++) {
        const t = performance.now();
        try {
          const result = await search(q);
          const ms = performance.now() - t;
          mode = result.mode;
          total = result.total;
          if (i > 0) samples.push(ms);
          else if (ms > slowMs) {
            samples.push(ms);
            repeated = false;
            break;
          }
        } catch (error) {
          errors++;
          if (errors === 1) console.warn(`  "${q}" failed after ${fmtMs(performance.now() - t)} ms: ${(error as Error).message}`);
          if (performance.now() - t > slowMs) break;
        }
      }
      const latency = summarise(samples);
      perQuery.push({ kind, q, mode, total, runs: samples.length, errors, latency, repeated });
      console.log(
        `  ${kind.padEnd(9)} ${`"${q}"`.padEnd(52)} ${String(mode).padEnd(9)} hits ${String(total).padStart(7)}  p50 ${fmtMs(latency.p50Ms).padStart(7)} ms  max ${fmtMs(latency.maxMs).padStart(7)} ms  (${samples.length} run${samples.length === 1 ? '' : 's'}${repeated ? '' : ', first run, not repeated'}${errors ? `, ${errors} errors` : ''})`,
      );
    }

    // 2. Mixed, concurrently.
    let n = 0;
    const { result: mixed, cpu: mixedCpu } = await measured(() =>
      closedLoop(
        async () => {
          const { q } = QUERIES[n++ % QUERIES.length] as { q: string };
          await search(q);
        },
        { concurrency, durationMs, maxRequests: 100_000 },
      ),
    );
    const scenarios: Scenario[] = [
      {
        name: `mixed queries c=${concurrency}`,
        params: { mode: 'closed', concurrency, durationMs, queries: QUERIES.length },
        result: mixed,
        cpu: mixedCpu,
        target: { description: `p95 < ${targetP95} ms`, met: mixed.errors === 0 && mixed.latency.p95Ms < targetP95 },
      },
    ];
    for (const kind of ['question', 'word', 'reference'] as const) {
      const all = perQuery.filter((p) => p.kind === kind);
      const p50s = all.map((p) => p.latency.p50Ms).filter(Number.isFinite);
      console.log(`  ${kind}: median of per-query p50 ${fmtMs(summarise(p50s).p50Ms)} ms, worst p50 ${fmtMs(Math.max(...p50s))} ms`);
    }
    printScenarios('Search through the gateway', scenarios);

    // 3. Plans of the slowest query of each kind.
    const explained: Array<Record<string, unknown>> = [];
    if (!values['no-explain']) {
      for (const kind of ['question', 'word', 'reference'] as const) {
        // Slowest = failed (timed out) first, then the highest p50.
        const weight = (p: PerQuery): number => (p.runs === 0 ? Infinity : p.latency.p50Ms);
        const slowest = perQuery.filter((p) => p.kind === kind).sort((a, b) => weight(b) - weight(a))[0];
        if (!slowest) continue;
        console.log(
          `\nEXPLAIN (ANALYZE, BUFFERS) of the slowest statement for the slowest ${kind} "${slowest.q}" (p50 ${fmtMs(slowest.latency.p50Ms)} ms; statement timeout ${explainTimeoutMs / 1000} s):`,
        );
        const plan = await explainSlowest(db, slowest, explainTimeoutMs);
        explained.push(plan);
        for (const s of plan['statements'] as Array<{ ms: number; sql: string; timedOut: boolean }>) {
          console.log(`  ${fmtMs(s.ms).padStart(8)} ms${s.timedOut ? ' (timed out)' : ''}  ${s.sql.slice(0, 110)}`);
        }
        if (plan['analyzed'] === false) console.log(`  EXPLAIN ANALYZE did not finish within ${explainTimeoutMs / 1000} s: the plan below is the planner's estimate`);
        else console.log(`  execution ${fmtMs(Number(plan['executionMs']))} ms, planning ${fmtMs(Number(plan['planningMs']))} ms`);
        if (plan['candidates'] !== undefined) console.log(`  candidate sections (current, not repealed, matching the OR query): ${Number(plan['candidates']).toLocaleString('en-US')}`);
        for (const t of (plan['termFrequencies'] as Array<{ term: string; sections: number | null }> | undefined) ?? []) {
          console.log(`    term ${t.term.padEnd(22)} ${(t.sections === null ? 'timeout' : t.sections.toLocaleString('en-US')).padStart(10)} sections`);
        }
        for (const line of (plan['plan'] as string[] | undefined) ?? []) console.log(`  ${line}`);
      }
    }

    writeReport({
      benchmark: 'bench-search',
      startedAt,
      machine,
      parameters: {
        gatewayUrl: env.gatewayUrl,
        documents: Number(documents),
        sections: Number(sections),
        repeat,
        perQueryMs,
        slowMs,
        concurrency,
        durationMs,
        explainTimeoutMs,
        targetP95Ms: targetP95,
      },
      scenarios,
      extra: { perQuery, explained, loadAverageAfter: machineInfo().loadAverage },
    });
  } finally {
    http.close();
    await db.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
