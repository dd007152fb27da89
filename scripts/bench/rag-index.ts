/**
 * Fills rag.chunks in the benchmark database with ≥ N chunks (default
 * 1,000,000) made from the generated corpus (generate-corpus.ts) by the rag
 * service's own code: law-catalog's stored structure → `toContractStructure`
 * (what `laws.get` serves) → `chunkLaw` (apps/rag/src/chunks/chunker.ts) →
 * `LocalEmbeddingProvider` (384 dimensions; halfvec column). Laws are taken in
 * a fixed order — the 53 real statutes first, then synthetic ones by document
 * id (a pseudo-random order over the years) — and never repealed ones (the
 * indexer removes those), until the table holds N chunks.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/laglig_bench \
 *   SWC_NODE_PROJECT=tsconfig.base.json nice -n 10 node -r @swc-node/register scripts/bench/rag-index.ts \
 *     [--chunks 1000000] [--workers 2] [--laws-per-job 50] [--rebuild-index auto|always|never] \
 *     [--maintenance-work-mem 4GB] [--parallel-workers 1]
 *   (npm run bench:rag-index -- --chunks 1000000)
 *
 * - Migrates the rag schema first (`persistence` of apps/rag, `runMigrations`).
 * - Worker threads embed (the CPU cost) and load their jobs with COPY
 *   (pg-copy-streams), one transaction per job that also marks the laws
 *   `indexed` in rag.law_index_state, as the indexer would.
 * - For loads of 50,000+ chunks the HNSW and GIN indexes are dropped first
 *   and rebuilt afterwards with their exact definitions (timed; HNSW with
 *   maintenance_work_mem 4GB and max_parallel_maintenance_workers 1 — the
 *   machine has 2 cores), then VACUUM (ANALYZE).
 * - Re-running tops up: laws already in rag.chunks are skipped, and a table
 *   that already holds N chunks is left alone (missing indexes are built).
 *   `--rebuild-index always` drops and rebuilds the indexes anyway (to time
 *   the HNSW build again).
 *
 * The corpus must have enough statutes: at ~27 chunks per statute in force,
 * 1M chunks need ~40,000 statutes (`npm run bench:corpus -- --docs 60000`).
 */
import 'reflect-metadata';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { databaseName, runMigrations, serviceDataSourceOptions } from '@laglig/persistence';
import { toContractStructure, type StoredStructure } from '../../apps/law-catalog/src/ingestion/structure';
import { chunkLaw, type LawChunk } from '../../apps/rag/src/chunks/chunker';
import { persistence } from '../../apps/rag/src/data-source';
import { LocalEmbeddingProvider } from '../../apps/rag/src/embeddings/local-embeddings';
import { SYNTHETIC_SOURCE } from './corpus/synth';
import { machineInfo, writeReport } from './lib/report';
import { CHUNK_COLUMNS, chunkCopyLine, vectorLiteral, type ChunkLaw } from './rag/vector';

export const HNSW_INDEX = 'IDX_chunks_embedding_hnsw';
export const TSV_INDEX = 'IDX_chunks_tsv';
/** The definitions in migration Chunks1795400000000, used when an index is already missing. */
const INDEX_FALLBACK: Record<string, string> = {
  [TSV_INDEX]: `CREATE INDEX "${TSV_INDEX}" ON rag.chunks USING gin (tsv)`,
  [HNSW_INDEX]: `CREATE INDEX "${HNSW_INDEX}" ON rag.chunks USING hnsw (embedding halfvec_cosine_ops) WITH (m = 16, ef_construction = 64)`,
};
/** Built in this order after a load (GIN is quick; HNSW is the long one). */
const REBUILT = [TSV_INDEX, HNSW_INDEX] as const;
const LAST_EVENT_ID = 'bench-rag-index';

interface JobLaw extends ChunkLaw {
  chunks: LawChunk[];
}

type ToWorker = { kind: 'job'; id: number; laws: JobLaw[] } | { kind: 'end' };
type FromWorker =
  | { kind: 'ready' }
  | { kind: 'job'; id: number; laws: number; chunks: number; embedded: number; bytes: number; embedMs: number; encodeMs: number; copyMs: number }
  | { kind: 'ended' }
  | { kind: 'error'; message: string };

interface WorkerInput {
  databaseUrl: string;
}

/* ------------------------------------------------------------------ worker */

async function runWorker(input: WorkerInput): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('not a worker');
  const embeddings = new LocalEmbeddingProvider();
  const client = new Client({ connectionString: input.databaseUrl, application_name: 'laglig-bench-rag-index' });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  let queue = Promise.resolve();
  const fail = (error: unknown): void => {
    port.postMessage({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromWorker);
  };
  port.on('message', (message: ToWorker) => {
    queue = queue
      .then(async () => {
        if (message.kind === 'end') {
          await client.end();
          port.postMessage({ kind: 'ended' } satisfies FromWorker);
          port.close();
          return;
        }
        port.postMessage(await loadJob(client, embeddings, message.id, message.laws));
      })
      .catch(fail);
  });
  port.postMessage({ kind: 'ready' } satisfies FromWorker);
}

async function loadJob(client: Client, embeddings: LocalEmbeddingProvider, id: number, laws: JobLaw[]): Promise<FromWorker> {
  // Embedding: like IndexerService.replaceChunks, each distinct text of a law is embedded once.
  const t0 = performance.now();
  const vectors: Array<Map<string, number[]>> = [];
  let embedded = 0;
  for (const law of laws) {
    const unique = new Map<string, string>();
    for (const c of law.chunks) if (!unique.has(c.contentHash)) unique.set(c.contentHash, c.embeddingText);
    const out = await embeddings.embed([...unique.values()]);
    embedded += out.length;
    vectors.push(new Map([...unique.keys()].map((hash, i) => [hash, out[i] as number[]])));
  }
  const t1 = performance.now();
  let payload = '';
  let chunks = 0;
  laws.forEach((law, i) => {
    const byHash = vectors[i] as Map<string, number[]>;
    for (const c of law.chunks) {
      payload += chunkCopyLine(law, c, vectorLiteral(byHash.get(c.contentHash) as number[]), embeddings.id);
      chunks++;
    }
  });
  const t2 = performance.now();
  await client.query('BEGIN');
  try {
    await pipeline(
      Readable.from([payload]),
      client.query(copyFrom(`COPY rag.chunks (${CHUNK_COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)),
    );
    await client.query(
      `INSERT INTO rag.law_index_state (sfs, title, version_id, status, last_event_id)
       SELECT sfs, title, version_id, 'indexed', $4 FROM unnest($1::text[], $2::text[], $3::uuid[]) AS u(sfs, title, version_id)
       ON CONFLICT (sfs) DO UPDATE SET title = excluded.title, version_id = excluded.version_id, status = 'indexed',
         last_event_id = excluded.last_event_id, updated_at = now()`,
      [laws.map((l) => l.sfs), laws.map((l) => l.title), laws.map((l) => l.versionId), LAST_EVENT_ID],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  const t3 = performance.now();
  return { kind: 'job', id, laws: laws.length, chunks, embedded, bytes: Buffer.byteLength(payload), embedMs: t1 - t0, encodeMs: t2 - t1, copyMs: t3 - t2 };
}

/* -------------------------------------------------------------------- main */

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmtBytes = (n: number): string => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`);
const fmtSecs = (ms: number): string => (ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);

/** A worker thread with at most `depth` jobs queued, so main never reads far ahead of the embedding. */
class WorkerSlot {
  inFlight = 0;
  private waiters: Array<() => void> = [];
  constructor(readonly worker: Worker) {}
  released(): void {
    this.inFlight--;
    this.waiters.shift()?.();
  }
  async whenBelow(depth: number): Promise<void> {
    while (this.inFlight >= depth) await new Promise<void>((r) => this.waiters.push(r));
  }
}

async function migrateRag(url: string): Promise<string[]> {
  const dataSource = new DataSource(serviceDataSourceOptions({ ...persistence, url, poolSize: 2, applicationName: 'laglig-bench-rag-index' }));
  await dataSource.initialize();
  try {
    return await runMigrations(dataSource, { schema: persistence.schema });
  } finally {
    await dataSource.destroy();
  }
}

interface IndexBuild {
  index: string;
  definition: string;
  ms: number;
  bytes: number;
}

async function buildIndex(client: Client, monitor: Client, name: string, definition: string, settings: { maintenanceWorkMem: string; parallelWorkers: number }): Promise<IndexBuild> {
  console.log(`building ${name}: ${definition}`);
  await client.query(`SET maintenance_work_mem = '${settings.maintenanceWorkMem.replace(/[^0-9A-Za-z]/g, '')}'`);
  await client.query(`SET max_parallel_maintenance_workers = ${Math.max(0, Math.floor(settings.parallelWorkers))}`);
  const started = performance.now();
  const timer = setInterval(() => {
    monitor
      .query<{ phase: string; tuples_done: string; tuples_total: string; blocks_done: string; blocks_total: string }>(
        `SELECT phase, tuples_done, tuples_total, blocks_done, blocks_total FROM pg_stat_progress_create_index WHERE relid = 'rag.chunks'::regclass`,
      )
      .then(({ rows }) => {
        const p = rows[0];
        if (!p) return;
        const tuples = Number(p.tuples_total) > 0 ? `, tuples ${fmtInt(Number(p.tuples_done))} / ${fmtInt(Number(p.tuples_total))}` : '';
        const blocks = Number(p.blocks_total) > 0 ? `, blocks ${fmtInt(Number(p.blocks_done))} / ${fmtInt(Number(p.blocks_total))}` : '';
        console.log(`  ${fmtSecs(performance.now() - started)}: ${p.phase}${tuples}${blocks}`);
      })
      .catch(() => undefined);
  }, 30_000);
  try {
    await client.query(definition);
  } finally {
    clearInterval(timer);
    await client.query('RESET maintenance_work_mem');
    await client.query('RESET max_parallel_maintenance_workers');
  }
  const ms = performance.now() - started;
  const [{ bytes }] = (await client.query<{ bytes: string }>(`SELECT pg_relation_size(('rag.' || quote_ident($1))::regclass) AS bytes`, [name])).rows as [{ bytes: string }];
  console.log(`  ${name} built in ${fmtSecs(ms)}, ${fmtBytes(Number(bytes))}`);
  return { index: name, definition, ms, bytes: Number(bytes) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      chunks: { type: 'string', default: process.env['BENCH_RAG_CHUNKS'] ?? '1000000' },
      workers: { type: 'string', default: '2' },
      'laws-per-job': { type: 'string', default: '50' },
      'rebuild-index': { type: 'string', default: 'auto' },
      'maintenance-work-mem': { type: 'string', default: '4GB' },
      'parallel-workers': { type: 'string', default: '1' },
      force: { type: 'boolean', default: false },
      'no-report': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const target = Number(values.chunks);
  const workers = Math.max(1, Number(values.workers));
  const lawsPerJob = Math.max(1, Number(values['laws-per-job']));
  const rebuild = values['rebuild-index'] ?? 'auto';
  const indexSettings = { maintenanceWorkMem: values['maintenance-work-mem'] ?? '4GB', parallelWorkers: Number(values['parallel-workers']) };
  if (!Number.isInteger(target) || target < 1) throw new Error(`--chunks must be a positive whole number (got ${values.chunks})`);
  if (!['auto', 'always', 'never'].includes(rebuild)) throw new Error('--rebuild-index is auto, always or never');

  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/laglig_bench';
  const dbName = databaseName(databaseUrl);
  if (!dbName.includes('bench') && !values.force) {
    throw new Error(`Refusing to fill rag.chunks of "${dbName}" with benchmark data: use a database whose name contains "bench", or --force`);
  }

  const started = Date.now();
  const applied = await migrateRag(databaseUrl);
  console.log(`rag schema in ${dbName}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);

  const client = new Client({ connectionString: databaseUrl, application_name: 'laglig-bench-rag-index' });
  const monitor = new Client({ connectionString: databaseUrl, application_name: 'laglig-bench-rag-index-monitor' });
  await client.connect();
  await monitor.connect();
  try {
    const [{ catalog }] = (await client.query<{ catalog: boolean }>(`SELECT to_regclass('law_catalog.sections') IS NOT NULL AS catalog`)).rows as [{ catalog: boolean }];
    if (!catalog) throw new Error(`law_catalog is missing in "${dbName}": load the bundle and run \`npm run bench:corpus\` first`);

    const model = new LocalEmbeddingProvider().id;
    const indexed = new Set(
      (await client.query<{ sfs: string }>(`SELECT DISTINCT sfs FROM rag.chunks`)).rows.map((r) => r.sfs),
    );
    const [{ n: existingText }] = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM rag.chunks`)).rows as [{ n: string }];
    const existing = Number(existingText);
    const [{ other }] = (await client.query<{ other: string }>(`SELECT count(*) AS other FROM rag.chunks WHERE embedding_model <> $1`, [model])).rows as [
      { other: string },
    ];
    if (Number(other) > 0) console.warn(`warning: ${fmtInt(Number(other))} chunks were embedded with another model than ${model}`);
    console.log(`rag.chunks holds ${fmtInt(existing)} chunks of ${fmtInt(indexed.size)} laws; target ${fmtInt(target)}`);

    const order = (
      await client.query<{ id: string; sfs: string }>(
        `SELECT d.id, d.sfs FROM law_catalog.documents d
          WHERE NOT d.repealed AND d.current_version_id IS NOT NULL
          ORDER BY d.source_name = $1, d.id`,
        [SYNTHETIC_SOURCE],
      )
    ).rows.filter((r) => !indexed.has(r.sfs));
    const toLoad = Math.max(0, target - existing);

    const defs = new Map(
      (await client.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'rag' AND tablename = 'chunks'`)).rows.map(
        (r) => [r.indexname, r.indexdef],
      ),
    );
    const dropIndexes = rebuild === 'always' || (rebuild === 'auto' && toLoad >= 50_000);
    if (dropIndexes) {
      for (const name of REBUILT) {
        if (!defs.has(name)) continue;
        console.log(`dropping ${name} for the load; rebuilt afterwards as: ${defs.get(name)}`);
        await client.query(`DROP INDEX rag."${name}"`);
      }
    }

    // ---------------------------------------------------------------- load
    const loadStarted = performance.now();
    const totals = { jobs: 0, laws: 0, chunks: 0, embedded: 0, bytes: 0, embedMs: 0, encodeMs: 0, copyMs: 0, chunkMs: 0, readMs: 0 };
    let plannedChunks = 0;
    let exhausted = false;
    if (toLoad > 0) {
      console.log(`loading ≥ ${fmtInt(toLoad)} chunks from ${fmtInt(order.length)} laws not yet indexed, ${workers} worker thread(s), ${lawsPerJob} laws per COPY transaction`);
      const slots: WorkerSlot[] = [];
      const failures: string[] = [];
      const ended: Array<Promise<void>> = [];
      let lastPrint = performance.now();
      for (let w = 0; w < workers; w++) {
        const worker = new Worker(__filename, { workerData: { databaseUrl } satisfies WorkerInput });
        const slot = new WorkerSlot(worker);
        let ready!: () => void;
        const isReady = new Promise<void>((r) => (ready = r));
        ended.push(
          new Promise<void>((resolveEnd, rejectEnd) => {
            worker.on('message', (message: FromWorker) => {
              if (message.kind === 'ready') ready();
              else if (message.kind === 'job') {
                totals.jobs++;
                totals.laws += message.laws;
                totals.chunks += message.chunks;
                totals.embedded += message.embedded;
                totals.bytes += message.bytes;
                totals.embedMs += message.embedMs;
                totals.encodeMs += message.encodeMs;
                totals.copyMs += message.copyMs;
                slot.released();
                if (performance.now() - lastPrint >= 10_000) {
                  lastPrint = performance.now();
                  const secs = (performance.now() - loadStarted) / 1000;
                  const rate = totals.chunks / secs;
                  console.log(
                    `  ${fmtInt(existing + totals.chunks)} / ${fmtInt(target)} chunks (${fmtInt(totals.laws)} laws), ${rate.toFixed(0)} chunks/s, ETA ${fmtSecs(((toLoad - totals.chunks) / rate) * 1000)}`,
                  );
                }
              } else if (message.kind === 'ended') resolveEnd();
              else {
                failures.push(message.message);
                slot.released();
                rejectEnd(new Error(message.message));
              }
            });
            worker.on('error', rejectEnd);
            worker.on('exit', (code) => (code === 0 ? resolveEnd() : rejectEnd(new Error(`rag-index worker exited with code ${code}`))));
          }),
        );
        await isReady;
        slots.push(slot);
      }
      // Failures surface when the workers end; until then keep the promise handled.
      for (const e of ended) e.catch(() => undefined);

      let nextJobId = 0;
      const dispatch = async (laws: JobLaw[]): Promise<void> => {
        if (laws.length === 0) return;
        if (failures.length) throw new Error(failures[0]);
        // The worker with the fewest queued jobs, at most two each.
        const slot = slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
        await slot.whenBelow(2);
        slot.inFlight++;
        slot.worker.postMessage({ kind: 'job', id: nextJobId++, laws } satisfies ToWorker);
      };

      const READ_BATCH = lawsPerJob;
      let job: JobLaw[] = [];
      outer: for (let i = 0; i < order.length; i += READ_BATCH) {
        const ids = order.slice(i, i + READ_BATCH).map((r) => r.id);
        const tRead = performance.now();
        const rows = (
          await client.query<{ id: string; sfs: string; title: string; version_id: string; structure: StoredStructure }>(
            `SELECT d.id, d.sfs, d.title, v.id AS version_id, v.structure
               FROM law_catalog.documents d JOIN law_catalog.document_versions v ON v.id = d.current_version_id
              WHERE d.id = ANY($1::uuid[])`,
            [ids],
          )
        ).rows;
        const tChunk = performance.now();
        totals.readMs += tChunk - tRead;
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const id of ids) {
          const row = byId.get(id);
          if (!row) continue;
          const chunks = chunkLaw({ sfs: row.sfs, title: row.title, structure: toContractStructure(row.structure) });
          if (chunks.length === 0) continue;
          job.push({ sfs: row.sfs, versionId: row.version_id, title: row.title, chunks });
          plannedChunks += chunks.length;
          if (plannedChunks >= toLoad) {
            totals.chunkMs += performance.now() - tChunk;
            break outer;
          }
        }
        totals.chunkMs += performance.now() - tChunk;
        await dispatch(job);
        job = [];
      }
      await dispatch(job);
      exhausted = plannedChunks < toLoad;
      for (const slot of slots) slot.worker.postMessage({ kind: 'end' } satisfies ToWorker);
      await Promise.all(ended);
      console.log(
        `  loaded ${fmtInt(totals.chunks)} chunks of ${fmtInt(totals.laws)} laws in ${fmtSecs(performance.now() - loadStarted)} (${fmtBytes(totals.bytes)} COPY data)`,
      );
    } else {
      console.log('nothing to load');
    }
    const loadMs = performance.now() - loadStarted;

    // ------------------------------------------------------------- indexes
    const present = new Set((await client.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'rag' AND tablename = 'chunks'`)).rows.map((r) => r.indexname));
    const builds: IndexBuild[] = [];
    for (const name of REBUILT) {
      if (present.has(name)) continue;
      builds.push(await buildIndex(client, monitor, name, defs.get(name) ?? (INDEX_FALLBACK[name] as string), indexSettings));
    }
    let vacuumMs = 0;
    if (totals.chunks > 0 || builds.length > 0) {
      console.log('VACUUM (ANALYZE) rag.chunks ...');
      const t = performance.now();
      await client.query('VACUUM (ANALYZE) rag.chunks');
      await client.query('VACUUM (ANALYZE) rag.law_index_state');
      vacuumMs = performance.now() - t;
      console.log(`  done in ${fmtSecs(vacuumMs)}`);
    }

    // -------------------------------------------------------------- totals
    const [count] = (
      await client.query<{ chunks: string; laws: string; avg_words: string }>(
        `SELECT count(*) AS chunks, count(DISTINCT sfs) AS laws, avg(array_length(regexp_split_to_array(text, ' '), 1)) AS avg_words FROM rag.chunks`,
      )
    ).rows as [{ chunks: string; laws: string; avg_words: string }];
    const [table] = (
      await client.query<{ total: string; heap: string; toast: string; indexes: string }>(
        `SELECT pg_total_relation_size(c.oid) AS total, pg_relation_size(c.oid) AS heap,
                coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) AS toast, pg_indexes_size(c.oid) AS indexes
           FROM pg_class c WHERE c.oid = 'rag.chunks'::regclass`,
      )
    ).rows as [{ total: string; heap: string; toast: string; indexes: string }];
    const indexSizes = (
      await client.query<{ index: string; bytes: string }>(
        `SELECT indexrelname AS index, pg_relation_size(indexrelid) AS bytes FROM pg_stat_user_indexes WHERE schemaname = 'rag' AND relname = 'chunks' ORDER BY 2 DESC`,
      )
    ).rows.map((r) => ({ index: r.index, bytes: Number(r.bytes) }));

    const totalMs = Date.now() - started;
    const chunksNow = Number(count.chunks);
    const rates = {
      /** Chunks embedded per second of one worker thread (the local model's speed here). */
      embedPerThreadSecond: totals.embedded / (totals.embedMs / 1000),
      /** Chunks COPY-ed (and committed, tsvector generated by PostgreSQL) per second of one connection. */
      copyPerConnectionSecond: totals.chunks / (totals.copyMs / 1000),
      /** The whole pipeline: chunks loaded per second of wall time. */
      wallPerSecond: totals.chunks / (loadMs / 1000),
    };
    console.log(`\nrag.chunks in ${dbName}`);
    console.log(`  chunks ${fmtInt(chunksNow)} of ${fmtInt(Number(count.laws))} laws (${(chunksNow / Math.max(1, Number(count.laws))).toFixed(1)} per law, ${Number(count.avg_words).toFixed(0)} words each on average)`);
    if (totals.chunks > 0) {
      console.log(`  this run: ${fmtInt(totals.chunks)} chunks (${fmtInt(totals.embedded)} embedded) of ${fmtInt(totals.laws)} laws, ${fmtBytes(totals.bytes)} COPY data`);
      console.log(
        `  embedding ${rates.embedPerThreadSecond.toFixed(0)} chunks/s per thread (${fmtSecs(totals.embedMs)} summed over ${workers} thread(s)); encoding ${fmtSecs(totals.encodeMs)}; ` +
          `COPY ${rates.copyPerConnectionSecond.toFixed(0)} rows/s per connection (${fmtSecs(totals.copyMs)} summed); main thread read ${fmtSecs(totals.readMs)}, chunked ${fmtSecs(totals.chunkMs)}`,
      );
      console.log(`  wall: ${fmtSecs(loadMs)} = ${rates.wallPerSecond.toFixed(0)} chunks/s`);
    }
    for (const b of builds) console.log(`  ${b.index}: ${fmtSecs(b.ms)}, ${fmtBytes(b.bytes)}`);
    console.log(`  table ${fmtBytes(Number(table.total))} (heap ${fmtBytes(Number(table.heap))}, toast ${fmtBytes(Number(table.toast))}, indexes ${fmtBytes(Number(table.indexes))})`);
    for (const s of indexSizes) console.log(`    ${s.index.padEnd(28)} ${fmtBytes(s.bytes)}`);
    console.log(`  total ${fmtSecs(totalMs)}`);

    if (!values['no-report'] && (totals.chunks > 0 || builds.length > 0)) {
      writeReport({
        benchmark: 'rag-index',
        startedAt: new Date(started).toISOString(),
        machine: machineInfo(),
        parameters: { database: dbName, targetChunks: target, workers, lawsPerJob, rebuildIndex: rebuild, ...indexSettings, embeddingModel: model, vectorDigits: 6 },
        scenarios: [],
        extra: {
          before: { chunks: existing, laws: indexed.size },
          loaded: totals,
          rates,
          timingsMs: { load: loadMs, vacuumAnalyze: vacuumMs, total: totalMs },
          indexBuilds: builds,
          after: { chunks: chunksNow, laws: Number(count.laws), avgWords: Number(count.avg_words) },
          table: { total: Number(table.total), heap: Number(table.heap), toast: Number(table.toast), indexes: Number(table.indexes) },
          indexes: indexSizes,
        },
      });
    }
    if (exhausted || chunksNow < target) {
      const perLaw = chunksNow / Math.max(1, Number(count.laws));
      const [{ documents }] = (await client.query<{ documents: string }>(`SELECT count(*) AS documents FROM law_catalog.documents`)).rows as [{ documents: string }];
      // ~8 % of synthetic statutes are repealed (not indexed); 10 % margin on top.
      const more = Math.ceil(((target - chunksNow) / Math.max(1, perLaw) / 0.92) * 1.1);
      console.error(
        `the corpus ran out: ${fmtInt(chunksNow)} chunks < ${fmtInt(target)}. Generate about ${fmtInt(more)} more statutes ` +
          `(npm run bench:corpus -- --docs ${Number(documents) + more}) and run this again: it tops up`,
      );
      return 1;
    }
    return 0;
  } finally {
    await client.end();
    await monitor.end();
  }
}

if (isMainThread) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
} else {
  runWorker(workerData as WorkerInput).catch((error: unknown) => {
    parentPort?.postMessage({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromWorker);
    process.exitCode = 1;
  });
}
