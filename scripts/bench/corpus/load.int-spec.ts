import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { LawDocumentSchema } from '@laglig/contracts';
import { createDatabase, dropDatabase, runMigrations, serviceDataSourceOptions } from '@laglig/persistence';
import { testClusterUrl } from '@laglig/testing';
import { persistence } from '../../../apps/law-catalog/src/data-source';
import { DocumentsRepository } from '../../../apps/law-catalog/src/documents/documents.repository';
import { DocumentsService } from '../../../apps/law-catalog/src/documents/documents.service';
import { SearchRepository } from '../../../apps/law-catalog/src/search/search.repository';
import { SearchService } from '../../../apps/law-catalog/src/search/search.service';
import { loadBatch, prepareLoader } from './load';
import { encodeDocument } from './rows';
import { synthesizeDocument, SYNTHETIC_SOURCE, type SynthDocument } from './synth';
import { loadBundle } from './templates';

const ROOT = join(__dirname, '..', '..', '..');
const OPTIONS = { seed: 99, minSections: 20, maxSections: 30 };
const FETCHED_AT = '2026-01-01T00:00:00.000Z';

describe('synthetic corpus in a real law_catalog schema (PostgreSQL)', () => {
  const cluster = testClusterUrl();
  const name = `laglig_bench_int_${randomBytes(4).toString('hex')}`;
  let url: string;
  let dataSource: DataSource;
  const docs: SynthDocument[] = [];

  beforeAll(async () => {
    url = await createDatabase(cluster, name);
    dataSource = new DataSource(serviceDataSourceOptions({ ...persistence, url, poolSize: 3, logging: ['error'] }));
    await dataSource.initialize();
    await runMigrations(dataSource, { schema: 'law_catalog' });
    const bundle = await loadBundle(join(ROOT, 'data', 'sfs'));
    for (let i = 0; i < 12; i++) docs.push(synthesizeDocument(i, bundle, OPTIONS));

    // Half as a superuser skipping the FK triggers, half with the FKs checked row by row.
    const fast = new Client({ connectionString: url });
    const checked = new Client({ connectionString: url });
    await Promise.all([fast.connect(), checked.connect()]);
    try {
      await prepareLoader(fast, true);
      await prepareLoader(checked, false);
      await loadBatch(fast, docs.slice(0, 6).map((d) => encodeDocument(d, OPTIONS.seed, FETCHED_AT)), true);
      await loadBatch(checked, docs.slice(6).map((d) => encodeDocument(d, OPTIONS.seed, FETCHED_AT, true)), false);
    } finally {
      await Promise.all([fast.end(), checked.end()]);
    }
  }, 120_000);

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await dropDatabase(cluster, name);
  });

  it('serves every synthetic statute through the law-catalog read path, valid against the contract', async () => {
    const service = new DocumentsService(new DocumentsRepository(dataSource));
    for (const doc of docs) {
      const result = await service.get(doc.sfs);
      if (!result.ok) throw new Error(`${doc.sfs}: ${result.message}`);
      const parsed = LawDocumentSchema.safeParse(result.value);
      expect(parsed.success).toBe(true);
      expect(result.value.title).toBe(doc.title);
      const amendments = await service.amendments(doc.sfs);
      expect(amendments.ok && amendments.value.items.map((a) => a.sfs)).toEqual(doc.amendments.map((a) => a.sfs));
    }
  });

  it('has PostgreSQL compute the search vectors, and the full-text search finds the statutes', async () => {
    const [{ missing, sections }] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE tsv IS NULL OR tsv = ''::tsvector)::int AS missing, count(*)::int AS sections FROM law_catalog.sections`,
    );
    expect(missing).toBe(0);
    expect(sections).toBeGreaterThanOrEqual(12 * OPTIONS.minSections - 12);

    const doc = docs[3] as SynthDocument;
    const word = (doc.title.match(/\p{Ll}{6,}/gu) ?? []).at(-1) as string;
    const search = new SearchService(new SearchRepository(dataSource));
    const result = await search.search({ q: word });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.mode).toBe('fulltext');
    expect(result.value.total).toBeGreaterThan(0);
  });

  it('keeps the foreign keys intact: deleting a statute cascades to its version, sections and register', async () => {
    const doc = docs[7] as SynthDocument;
    await dataSource.query(`DELETE FROM law_catalog.documents WHERE sfs = $1`, [doc.sfs]);
    const [{ versions, sections, amendments }] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM law_catalog.document_versions v WHERE NOT EXISTS (SELECT 1 FROM law_catalog.documents d WHERE d.id = v.document_id)) AS versions,
              (SELECT count(*)::int FROM law_catalog.sections s WHERE NOT EXISTS (SELECT 1 FROM law_catalog.documents d WHERE d.id = s.document_id)) AS sections,
              (SELECT count(*)::int FROM law_catalog.amendments a WHERE NOT EXISTS (SELECT 1 FROM law_catalog.documents d WHERE d.id = a.document_id)) AS amendments`,
    );
    expect({ versions, sections, amendments }).toEqual({ versions: 0, sections: 0, amendments: 0 });
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM law_catalog.documents WHERE source_name = $1`, [SYNTHETIC_SOURCE]);
    expect(n).toBe(11);
  });

  it('generate-corpus.ts tops the catalog up to --docs, rebuilds the GIN index as it was, and a second run adds nothing', async () => {
    const run = async (): Promise<string> => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['-r', '@swc-node/register', 'scripts/bench/generate-corpus.ts', '--docs', '40', '--workers', '2', '--batch', '7', '--rebuild-index', 'always', '--no-report'],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, SWC_NODE_PROJECT: 'tsconfig.base.json' }, timeout: 120_000 },
      );
      return stdout;
    };
    const first = await run();
    expect(first).toContain('generating 29 synthetic statutes');
    expect(first).toContain('every foreign key holds');
    const [{ n, sfs }] = await dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT sfs)::int AS sfs FROM law_catalog.documents`);
    expect({ n, sfs }).toEqual({ n: 40, sfs: 40 });
    const indexes: Array<{ indexdef: string }> = await dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'law_catalog' AND indexname = 'sections_tsv_idx'`,
    );
    expect(indexes.map((i) => i.indexdef)).toEqual(['CREATE INDEX sections_tsv_idx ON law_catalog.sections USING gin (tsv)']);
    expect(await run()).toContain('nothing to generate');
  }, 240_000);
});
