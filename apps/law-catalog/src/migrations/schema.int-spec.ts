import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { checkSchemaDrift, createDatabase, dropDatabase, runMigrations, serviceDataSourceOptions } from '@laglig/persistence';
import { testClusterUrl } from '@laglig/testing';
import { persistence } from '../data-source';

describe('law_catalog migrations (real PostgreSQL, fresh database)', () => {
  const cluster = testClusterUrl();
  const name = `laglig_scratch_schema_${randomBytes(4).toString('hex')}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = await createDatabase(cluster, name);
    dataSource = new DataSource(serviceDataSourceOptions({ ...persistence, url, poolSize: 3, logging: ['error'] }));
    await dataSource.initialize();
  });
  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await dropDatabase(cluster, name);
  });

  it('migrate a fresh database, and a second run applies nothing', async () => {
    expect(await runMigrations(dataSource, { schema: 'law_catalog' })).toEqual(['InitialLawCatalog1795317874339', 'ChangeRecords1796600000000']);
    expect(await runMigrations(dataSource, { schema: 'law_catalog' })).toEqual([]);
    const tables: Array<{ table_name: string }> = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'law_catalog' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'amendments',
      'document_versions',
      'documents',
      'event_outbox',
      'law_changes',
      'migrations',
      'sections',
      'sync_items',
      'sync_runs',
      'typeorm_metadata',
    ]);
  });

  it('match the entities exactly (the drift check of npm run db:check passes)', async () => {
    expect(await checkSchemaDrift(dataSource)).toEqual([]);
  });

  it('index the Swedish full text with GIN', async () => {
    const indexes: Array<{ indexname: string; indexdef: string }> = await dataSource.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'law_catalog' AND indexdef LIKE '%USING gin%' ORDER BY indexname`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual(['documents_title_tsv_idx', 'sections_tsv_idx']);
  });

  it('can be rolled back completely', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.undoLastMigration({ transaction: 'each' });
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'law_catalog' AND table_name NOT IN ('migrations', 'typeorm_metadata')`,
    );
    expect(n).toBe(0);
    expect(await runMigrations(dataSource, { schema: 'law_catalog' })).toEqual(['InitialLawCatalog1795317874339', 'ChangeRecords1796600000000']);
    expect(await checkSchemaDrift(dataSource)).toEqual([]);
  });
});
