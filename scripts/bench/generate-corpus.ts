/**
 * Fills a migrated law_catalog schema with synthetic statutes up to N
 * documents (default 170,000: the scale of the whole SFS), for benchmarks
 * only. See corpus/synth.ts for how the texts are made and corpus/rows.ts
 * for the rows (the same shapes ingestion writes).
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/bench/generate-corpus.ts \
 *     [--docs 170000] [--seed 20260101] [--min-sections 20] [--max-sections 40] \
 *     [--workers 3] [--batch 200] [--data data/sfs] [--rebuild-index auto|always|never]
 *   (npm run bench:corpus -- --docs 170000)
 *
 * DATABASE_URL names the database; its name must contain "bench" unless
 * --force is given (this writes 170,000 fake statutes). Load the real bundle
 * first (`node dist/apps/law-catalog/main.js ingest --dir data/sfs`), which
 * also migrates the schema; the generator adds synthetic documents until the
 * catalog holds N, skipping SFS numbers already present, so a second run
 * only tops up.
 *
 * Loading: COPY (pg-copy-streams) in one transaction per batch, in worker
 * threads (parsing is the CPU cost). Foreign keys are satisfied by
 * construction; as a superuser the loader skips their per-row trigger checks
 * (session_replication_role = replica) and verifies integrity with one
 * anti-join per constraint at the end. For big loads the GIN index on
 * sections.tsv is dropped and rebuilt afterwards with its exact definition
 * (one bulk build is much faster than millions of incremental inserts).
 * No outbox events are written: benchmark data must not wake the rag worker.
 */
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { loadBundle } from './corpus/templates';
import { synthesizeDocument, synthSfs, SYNTHETIC_SOURCE, type SynthOptions } from './corpus/synth';
import { encodeDocument } from './corpus/rows';
import { loadBatch, prepareLoader } from './corpus/load';
import { machineInfo, writeReport, WORKSPACE_ROOT } from './lib/report';

const SECTIONS_TSV_INDEX = 'sections_tsv_idx';
/** The definition in migration InitialLawCatalog1795317874339 (used when the index is already missing). */
const SECTIONS_TSV_INDEX_DEF = 'CREATE INDEX sections_tsv_idx ON law_catalog.sections USING gin (tsv)';

interface WorkerInput {
  databaseUrl: string;
  dataDir: string;
  indexes: number[];
  synth: SynthOptions;
  batch: number;
  fetchedAt: string;
  skipTriggers: boolean;
  reserved: string[];
}

type WorkerMessage =
  | { kind: 'batch'; docs: number; sections: number; bytes: number; mismatches: number; warnings: number; encodeMs: number; copyMs: number }
  | { kind: 'done' }
  | { kind: 'error'; message: string };

/* ------------------------------------------------------------------ worker */

async function runWorker(input: WorkerInput): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('not a worker');
  const bundle = await loadBundle(input.dataDir);
  for (const sfs of input.reserved) bundle.reservedSfs.add(sfs);
  const client = new Client({ connectionString: input.databaseUrl, application_name: 'laglig-bench-corpus' });
  await client.connect();
  try {
    await prepareLoader(client, input.skipTriggers);
    for (let i = 0; i < input.indexes.length; i += input.batch) {
      const encodeStarted = performance.now();
      const batch = input.indexes
        .slice(i, i + input.batch)
        .map((index) => encodeDocument(synthesizeDocument(index, bundle, input.synth), input.synth.seed, input.fetchedAt, !input.skipTriggers));
      const copyStarted = performance.now();
      await loadBatch(client, batch, input.skipTriggers);
      const message: WorkerMessage = {
        kind: 'batch',
        docs: batch.length,
        sections: batch.reduce((n, d) => n + d.sectionCount, 0),
        bytes: batch.reduce((n, d) => n + d.bytes, 0),
        mismatches: batch.filter((d) => d.sectionMismatch).length,
        warnings: batch.reduce((n, d) => n + d.warnings, 0),
        encodeMs: copyStarted - encodeStarted,
        copyMs: performance.now() - copyStarted,
      };
      port.postMessage(message);
    }
  } finally {
    await client.end();
  }
  port.postMessage({ kind: 'done' } satisfies WorkerMessage);
}

/* -------------------------------------------------------------------- main */

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmtBytes = (n: number): string => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`);
const fmtSecs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: process.env['BENCH_DOCS'] ?? '170000' },
      seed: { type: 'string', default: '20260101' },
      'min-sections': { type: 'string', default: '20' },
      'max-sections': { type: 'string', default: '40' },
      workers: { type: 'string', default: '3' },
      batch: { type: 'string', default: '200' },
      data: { type: 'string', default: join(WORKSPACE_ROOT, 'data', 'sfs') },
      'rebuild-index': { type: 'string', default: 'auto' },
      force: { type: 'boolean', default: false },
      'no-report': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const target = Number(values.docs);
  const synth: SynthOptions = { seed: Number(values.seed), minSections: Number(values['min-sections']), maxSections: Number(values['max-sections']) };
  const workers = Math.max(1, Number(values.workers));
  const batch = Math.max(1, Number(values.batch));
  const rebuild = values['rebuild-index'];
  if (!Number.isInteger(target) || target < 0) throw new Error(`--docs must be a whole number (got ${values.docs})`);
  if (!(synth.minSections >= 1 && synth.maxSections >= synth.minSections)) throw new Error('need 1 <= --min-sections <= --max-sections');
  if (!['auto', 'always', 'never'].includes(rebuild ?? '')) throw new Error('--rebuild-index is auto, always or never');

  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/laglig_bench)');
  const dbName = databaseName(databaseUrl);
  if (!dbName.includes('bench') && !values.force) {
    throw new Error(`Refusing to write synthetic statutes into "${dbName}": use a database whose name contains "bench", or --force`);
  }

  const started = Date.now();
  const client = new Client({ connectionString: databaseUrl, application_name: 'laglig-bench-corpus' });
  await client.connect();
  try {
    const [{ exists }] = (await client.query<{ exists: boolean }>(`SELECT to_regclass('law_catalog.sections') IS NOT NULL AS exists`)).rows as [
      { exists: boolean },
    ];
    if (!exists) {
      throw new Error(`law_catalog is not migrated in "${dbName}": run \`node dist/apps/law-catalog/main.js ingest --dir data/sfs\` (migrates and loads the bundle) first`);
    }
    const present = (await client.query<{ sfs: string; synthetic: boolean }>(`SELECT sfs, source_name = $1 AS synthetic FROM law_catalog.documents`, [SYNTHETIC_SOURCE]))
      .rows;
    const presentSfs = new Set(present.map((r) => r.sfs));
    const real = present.filter((r) => !r.synthetic).map((r) => r.sfs);
    console.log(`database ${dbName}: ${fmtInt(present.length)} documents (${fmtInt(real.length)} real, ${fmtInt(present.length - real.length)} synthetic); target ${fmtInt(target)}`);
    if (real.length === 0) console.warn('warning: no real statutes; the benchmarks expect the bundle (ingest --dir data/sfs) to be loaded first');

    const bundle = await loadBundle(resolve(values.data ?? ''));
    const reserved = new Set([...bundle.reservedSfs, ...real]);
    const wanted = Math.max(0, target - present.length);
    const indexes: number[] = [];
    for (let i = 0; indexes.length < wanted; i++) {
      if (!presentSfs.has(synthSfs(i, reserved).sfs)) indexes.push(i);
    }
    if (indexes.length === 0) {
      console.log('nothing to generate');
    } else {
      console.log(
        `generating ${fmtInt(indexes.length)} synthetic statutes (seed ${synth.seed}, ${synth.minSections}-${synth.maxSections} sections each) with ${workers} worker thread(s), ${batch} per COPY batch`,
      );
    }

    const [{ superuser }] = (await client.query<{ superuser: boolean }>(`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`))
      .rows as [{ superuser: boolean }];
    const existingIndex = (await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'law_catalog' AND indexname = $1`, [SECTIONS_TSV_INDEX]))
      .rows[0];
    const indexDef = existingIndex?.indexdef ?? SECTIONS_TSV_INDEX_DEF;
    const dropIndex = existingIndex !== undefined && indexes.length > 0 && (rebuild === 'always' || (rebuild === 'auto' && indexes.length >= 20_000));
    if (dropIndex) {
      console.log(`dropping ${SECTIONS_TSV_INDEX} for the load; it is rebuilt afterwards as: ${indexDef}`);
      await client.query(`DROP INDEX law_catalog.${SECTIONS_TSV_INDEX}`);
    }

    const loadStarted = Date.now();
    let docs = 0;
    let sections = 0;
    let bytes = 0;
    let mismatches = 0;
    let warnings = 0;
    let encodeMs = 0;
    let copyMs = 0;
    if (indexes.length > 0) {
      const fetchedAt = new Date().toISOString();
      let lastPrint = Date.now();
      const shares = Array.from({ length: workers }, (_, w) => indexes.filter((_, n) => n % workers === w)).filter((s) => s.length > 0);
      await Promise.all(
        shares.map(
          (share) =>
            new Promise<void>((resolveWorker, rejectWorker) => {
              const input: WorkerInput = {
                databaseUrl,
                dataDir: resolve(values.data ?? ''),
                indexes: share,
                synth,
                batch,
                fetchedAt,
                skipTriggers: superuser,
                reserved: [...reserved],
              };
              const worker = new Worker(__filename, { workerData: input });
              let done = false;
              worker.on('message', (message: WorkerMessage) => {
                if (message.kind === 'batch') {
                  docs += message.docs;
                  sections += message.sections;
                  bytes += message.bytes;
                  mismatches += message.mismatches;
                  warnings += message.warnings;
                  encodeMs += message.encodeMs;
                  copyMs += message.copyMs;
                  if (Date.now() - lastPrint >= 5000 || docs === indexes.length) {
                    lastPrint = Date.now();
                    const secs = (Date.now() - loadStarted) / 1000;
                    const rate = docs / secs;
                    console.log(
                      `  ${fmtInt(docs)} / ${fmtInt(indexes.length)} documents (${((docs / indexes.length) * 100).toFixed(1)} %), ${fmtInt(sections)} sections, ${fmtBytes(bytes)} COPY data, ${rate.toFixed(0)} docs/s, ETA ${fmtSecs(((indexes.length - docs) / rate) * 1000)}`,
                    );
                  }
                } else if (message.kind === 'done') done = true;
                else rejectWorker(new Error(message.message));
              });
              worker.on('error', rejectWorker);
              worker.on('exit', (code) => (done && code === 0 ? resolveWorker() : rejectWorker(new Error(`corpus worker exited with code ${code}`))));
            }),
        ),
      );
    }
    const loadMs = Date.now() - loadStarted;

    let indexMs = 0;
    const indexNow = (await client.query(`SELECT 1 FROM pg_indexes WHERE schemaname = 'law_catalog' AND indexname = $1`, [SECTIONS_TSV_INDEX])).rowCount;
    if (!indexNow) {
      console.log(`building ${SECTIONS_TSV_INDEX} (GIN over every section's tsvector) ...`);
      const t = Date.now();
      await client.query(`SET maintenance_work_mem = '1GB'`);
      await client.query(indexDef);
      indexMs = Date.now() - t;
      console.log(`  built in ${fmtSecs(indexMs)}`);
    }

    let vacuumMs = 0;
    if (indexes.length > 0) {
      console.log('VACUUM (ANALYZE) of the loaded tables ...');
      const t = Date.now();
      for (const table of ['documents', 'document_versions', 'sections', 'amendments']) await client.query(`VACUUM (ANALYZE) law_catalog.${table}`);
      vacuumMs = Date.now() - t;
      console.log(`  done in ${fmtSecs(vacuumMs)}`);
    }

    // Only after a load: on an unchanged corpus the anti-joins would just re-read 10 GB.
    if (indexes.length > 0) console.log('checking referential integrity (one anti-join per foreign key) ...');
    const integrity = indexes.length === 0 ? [] : (
      await client.query<{ check: string; violations: string }>(`
        SELECT 'documents.current_version_id' AS check, count(*) AS violations FROM law_catalog.documents d
          WHERE d.current_version_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM law_catalog.document_versions v WHERE v.id = d.current_version_id)
        UNION ALL
        SELECT 'document_versions.document_id', count(*) FROM law_catalog.document_versions v
          WHERE NOT EXISTS (SELECT 1 FROM law_catalog.documents d WHERE d.id = v.document_id)
        UNION ALL
        SELECT 'sections.version_id', count(*) FROM law_catalog.sections s
          WHERE NOT EXISTS (SELECT 1 FROM law_catalog.document_versions v WHERE v.id = s.version_id)
        UNION ALL
        SELECT 'sections.document_id', count(*) FROM law_catalog.sections s
          WHERE NOT EXISTS (SELECT 1 FROM law_catalog.documents d WHERE d.id = s.document_id)
        UNION ALL
        SELECT 'amendments.document_id', count(*) FROM law_catalog.amendments a
          WHERE NOT EXISTS (SELECT 1 FROM law_catalog.documents d WHERE d.id = a.document_id)
        UNION ALL
        SELECT 'documents without a current version', count(*) FROM law_catalog.documents WHERE current_version_id IS NULL`)
    ).rows.map((r) => ({ check: r.check, violations: Number(r.violations) }));
    const broken = integrity.filter((r) => r.violations > 0);
    for (const r of broken) console.error(`  VIOLATION ${r.check}: ${r.violations}`);
    if (broken.length === 0 && indexes.length > 0) console.log('  every foreign key holds');

    const totals = (
      await client.query<{ documents: string; synthetic: string; versions: string; sections: string; amendments: string }>(
        `SELECT (SELECT count(*) FROM law_catalog.documents) AS documents,
                (SELECT count(*) FROM law_catalog.documents WHERE source_name = $1) AS synthetic,
                (SELECT count(*) FROM law_catalog.document_versions) AS versions,
                (SELECT count(*) FROM law_catalog.sections) AS sections,
                (SELECT count(*) FROM law_catalog.amendments) AS amendments`,
        [SYNTHETIC_SOURCE],
      )
    ).rows[0] as { documents: string; synthetic: string; versions: string; sections: string; amendments: string };
    const sizes = (
      await client.query<{ table: string; total: string; heap: string; toast: string; indexes: string }>(
        `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS total, pg_relation_size(c.oid) AS heap,
                coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) AS toast, pg_indexes_size(c.oid) AS indexes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'law_catalog' AND c.relkind = 'r'
          ORDER BY pg_total_relation_size(c.oid) DESC`,
      )
    ).rows.map((r) => ({ table: r.table, total: Number(r.total), heap: Number(r.heap), toast: Number(r.toast), indexes: Number(r.indexes) }));
    const indexSizes = (
      await client.query<{ index: string; size: string }>(
        `SELECT indexrelname AS index, pg_relation_size(indexrelid) AS size FROM pg_stat_user_indexes WHERE schemaname = 'law_catalog' ORDER BY 2 DESC`,
      )
    ).rows.map((r) => ({ index: r.index, size: Number(r.size) }));
    const [{ size: dbSize }] = (await client.query<{ size: string }>(`SELECT pg_database_size(current_database()) AS size`)).rows as [{ size: string }];

    const totalMs = Date.now() - started;
    console.log(`\ncorpus in ${dbName}`);
    console.log(`  documents  ${fmtInt(Number(totals.documents))} (${fmtInt(Number(totals.synthetic))} synthetic)`);
    console.log(`  versions   ${fmtInt(Number(totals.versions))}`);
    console.log(`  sections   ${fmtInt(Number(totals.sections))} (${(Number(totals.sections) / Math.max(1, Number(totals.documents))).toFixed(1)} per document)`);
    console.log(`  amendments ${fmtInt(Number(totals.amendments))}`);
    console.log(`  this run: ${fmtInt(docs)} documents, ${fmtInt(sections)} sections, ${fmtBytes(bytes)} COPY data; parser section-count mismatches ${mismatches}, parser warnings ${warnings}`);
    console.log(`  workers spent ${fmtSecs(encodeMs)} generating + parsing + encoding and ${fmtSecs(copyMs)} waiting on COPY (summed over workers)`);
    console.log(`  time: load ${fmtSecs(loadMs)}, GIN index ${fmtSecs(indexMs)}, vacuum/analyze ${fmtSecs(vacuumMs)}, total ${fmtSecs(totalMs)}`);
    console.log(`  database size ${fmtBytes(Number(dbSize))}`);
    for (const s of sizes) {
      console.log(`    ${s.table.padEnd(18)} ${fmtBytes(s.total).padStart(11)}  (heap ${fmtBytes(s.heap)}, toast ${fmtBytes(s.toast)}, indexes ${fmtBytes(s.indexes)})`);
    }

    // A top-up that found nothing to do is not worth a results file.
    if (!values['no-report'] && indexes.length > 0) writeReport({
      benchmark: 'generate-corpus',
      startedAt: new Date(started).toISOString(),
      machine: machineInfo(),
      parameters: { database: dbName, targetDocuments: target, ...synth, workers, batch, rebuildIndex: rebuild, skipTriggers: superuser },
      scenarios: [],
      extra: {
        generated: { documents: docs, sections, copyBytes: bytes, parserSectionMismatches: mismatches, parserWarnings: warnings },
        totals: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Number(v)])),
        timingsMs: { workersEncoding: encodeMs, workersCopying: copyMs, load: loadMs, ginIndex: indexMs, vacuumAnalyze: vacuumMs, total: totalMs },
        databaseBytes: Number(dbSize),
        tables: sizes,
        indexes: indexSizes,
        integrity,
      },
    });
    return broken.length > 0 ? 1 : 0;
  } finally {
    await client.end();
  }
}

if (isMainThread) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
} else {
  runWorker(workerData as WorkerInput).catch((error: unknown) => {
    parentPort?.postMessage({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerMessage);
    process.exitCode = 1;
  });
}
