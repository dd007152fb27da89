/**
 * Shared setup of the law-catalog integration tests: a database copied from
 * the migrated template, a data source on it, and the real services wired
 * by hand (no Nest), with a recording event publisher.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '@laglig/persistence';
import { createTestDatabase, type TestDatabase } from '@laglig/testing';
import { persistence } from '../data-source';
import { ChangesRepository } from '../changes/changes.repository';
import { ChangesService } from '../changes/changes.service';
import { DocumentsRepository } from '../documents/documents.repository';
import { DocumentsService } from '../documents/documents.service';
import { RecordingLawEventPublisher } from '../events/law-event-publisher';
import { flushOutbox } from '../events/outbox';
import { IngestionRunner } from '../ingestion/ingestion-runner';
import { IngestionService } from '../ingestion/ingestion.service';
import { SearchRepository } from '../search/search.repository';
import { SearchService } from '../search/search.service';
import type { SyncOptions } from '../sync/sync.config';
import { SyncService } from '../sync/sync.service';

export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
export const SFS_DIR = join(WORKSPACE_ROOT, 'data', 'sfs');
export const VERSIONS_DIR = join(SFS_DIR, 'versions');
/** Short HTTP retry delays for loopback servers. */
export const FAST_HTTP = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5000 };

export interface CatalogTestContext {
  db: TestDatabase;
  dataSource: DataSource;
  repository: DocumentsRepository;
  documents: DocumentsService;
  ingestion: IngestionService;
  runner: IngestionRunner;
  search: SearchService;
  changes: ChangesService;
  publisher: RecordingLawEventPublisher;
  /** A SyncService on this database (runs execute in this process; the outbox is flushed into `publisher`). */
  createSync(options: Partial<SyncOptions> & { baseUrl: string }): SyncService;
  /** Publish the outbox into `publisher` and return what was published by this call. */
  flush(): Promise<RecordingLawEventPublisher['events']>;
  close(): Promise<void>;
}

export async function createCatalogTestContext(): Promise<CatalogTestContext> {
  const db = await createTestDatabase();
  const dataSource = new DataSource(serviceDataSourceOptions({ ...persistence, url: db.dataSourceUrl, poolSize: 6, logging: ['error'] }));
  await dataSource.initialize();
  const repository = new DocumentsRepository(dataSource);
  const ingestion = new IngestionService(dataSource, repository);
  const publisher = new RecordingLawEventPublisher();
  return {
    db,
    dataSource,
    repository,
    documents: new DocumentsService(repository),
    ingestion,
    runner: new IngestionRunner(dataSource, ingestion),
    search: new SearchService(new SearchRepository(dataSource)),
    changes: new ChangesService(new ChangesRepository(dataSource), repository),
    publisher,
    createSync(options) {
      const relay = { flush: () => flushOutbox(dataSource, publisher) };
      return new SyncService(
        dataSource,
        ingestion,
        { concurrency: 4, claimBatch: 16, pageSize: 20, itemAttempts: 3, retryBaseMs: 10, overlapHours: 24, http: FAST_HTTP, ...options },
        relay,
      );
    },
    async flush() {
      const before = publisher.events.length;
      await flushOutbox(dataSource, publisher);
      return publisher.events.slice(before);
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}

/** Row counts of every law_catalog table, plus a digest of their contents (to prove "nothing was written"). */
export async function tableFingerprint(dataSource: DataSource): Promise<Record<string, string>> {
  const tables = ['documents', 'document_versions', 'sections', 'amendments', 'law_changes', 'event_outbox'];
  const result: Record<string, string> = {};
  for (const table of tables) {
    const [row] = (await dataSource.query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM law_catalog.${table} t`,
    )) as Array<{ n: number; digest: string }>;
    result[table] = `${row.n}:${row.digest}`;
  }
  return result;
}
