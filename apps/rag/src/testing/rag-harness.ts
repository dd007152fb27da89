import 'reflect-metadata';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ErrorCode, refuse, succeed, type LawDocument, type LawSection, type LawStructure } from '@laglig/contracts';
import { EventBus, RpcClient, RpcServer, redisOptionsFromUrl, type MessagingConnection, type RpcHandlerFn } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { bundledLawDocument, createTestDatabase, testRedisPrefix, type TestDatabase, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { CHAT_MODEL, type ChatModel } from '../answers/chat-model';
import { EMBEDDING_PROVIDER, type EmbeddingProvider } from '../embeddings/embedding-provider';

export const CORPUS = join(__dirname, '../../../../data/sfs');

export interface RagHarnessOptions {
  /** Redis key prefix name and the bundled laws to ingest. */
  name: string;
  laws: readonly string[];
  /** Bundled laws the catalog holds without announcing them (only a re-index job finds them). */
  silentLaws?: readonly string[];
  embeddings?: EmbeddingProvider;
  chatModel?: ChatModel | null;
  env?: Record<string, string>;
}

/**
 * The rag service as it runs (its Nest app, real PostgreSQL + pgvector, real
 * BullMQ and Redis) with a stand-in law-catalog that serves bundled statutes
 * over request/reply and publishes their events. Shared by rag's integration tests.
 */
export class RagHarness {
  db!: TestDatabase;
  redis!: TestRedisPrefix;
  app!: INestApplicationContext;
  ds!: DataSource;
  bus!: EventBus;
  client!: RpcClient;
  connection!: MessagingConnection;
  readonly laws = new Map<string, LawDocument>();
  /** Cursors the stand-in catalog's laws.list was called with. */
  readonly listCalls: Array<string | null> = [];
  private catalog?: RpcServer;
  private readonly saved = { ...process.env };

  constructor(private readonly options: RagHarnessOptions) {}

  async start(): Promise<this> {
    this.db = await createTestDatabase();
    this.redis = testRedisPrefix(this.options.name);
    Object.assign(process.env, {
      DATABASE_URL: this.db.url,
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: this.redis.prefix,
      LOG_LEVEL: 'silent',
      INDEXER_POLL_MS: '60000',
      ...this.options.env,
    });
    for (const sfs of [...this.options.laws, ...(this.options.silentLaws ?? [])]) this.laws.set(sfs, bundledLawDocument(sfs, CORPUS));
    this.connection = { redis: redisOptionsFromUrl(this.redis.url), prefix: this.redis.prefix };
    const getLaw = async (input: { sfs: string }) => {
      const doc = this.laws.get(input.sfs);
      return doc ? succeed(doc) : refuse(ErrorCode.NOT_FOUND, 'Lagen finns inte');
    };
    // laws.list in SFS order with the last number as cursor, like the catalog's.
    const listLaws = async (input: { cursor: string | null; limit: number }) => {
      const all = [...this.laws.values()].sort((a, b) => a.sfs.localeCompare(b.sfs));
      const rest = input.cursor ? all.filter((d) => d.sfs > (input.cursor as string)) : all;
      const items = rest.slice(0, input.limit).map((d) => ({ sfs: d.sfs, title: d.title, updatedAt: d.updatedAt }));
      this.listCalls.push(input.cursor);
      return succeed({ items, nextCursor: rest.length > input.limit ? (items.at(-1)?.sfs ?? null) : null, total: all.length });
    };
    this.catalog = new RpcServer(
      'law-catalog',
      new Map<string, RpcHandlerFn>([
        ['laws.get', getLaw as RpcHandlerFn],
        ['laws.list', listLaws as RpcHandlerFn],
      ]),
      this.connection,
      createLogger('law-catalog'),
    );
    await this.catalog.start();
    let builder = Test.createTestingModule({ imports: [AppModule] });
    if (this.options.embeddings) builder = builder.overrideProvider(EMBEDDING_PROVIDER).useValue(this.options.embeddings);
    if (this.options.chatModel !== undefined) builder = builder.overrideProvider(CHAT_MODEL).useValue(this.options.chatModel);
    this.app = await (await builder.compile()).init();
    this.ds = this.app.get(DataSource);
    this.bus = new EventBus('law-catalog', this.connection);
    this.client = new RpcClient(this.connection, 10_000);
    for (const sfs of this.options.laws) {
      const doc = this.laws.get(sfs) as LawDocument;
      await this.bus.publish(
        'law.ingested',
        { sfs, title: doc.title, versionId: doc.version.id, contentHash: doc.version.contentHash, sectionCount: 1 },
        { id: `law.ingested.${doc.version.id}` },
      );
    }
    for (const sfs of this.options.laws) await this.until(() => this.state(sfs), (s) => s?.status === 'indexed', 60_000);
    return this;
  }

  async stop(): Promise<void> {
    await this.client?.close();
    await this.bus?.close();
    await this.app?.close();
    await this.catalog?.close();
    await this.redis?.cleanup();
    await this.db?.drop();
    process.env = this.saved;
  }

  async state(sfs: string): Promise<{ status: string; version_id: string } | undefined> {
    return ((await this.ds.query(`SELECT status, version_id FROM rag.law_index_state WHERE sfs = $1`, [sfs])) as Array<{ status: string; version_id: string }>)[0];
  }

  async until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v)) return v;
      if (Date.now() > end) throw new Error(`condition not met within ${ms} ms (last value ${JSON.stringify(v)})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Serves `doc` as the law's new version, publishes law.changed and waits until it is indexed. */
  async publishChanged(sfs: string, previousVersionId: string, doc: LawDocument): Promise<void> {
    this.laws.set(sfs, doc);
    await this.bus.publish(
      'law.changed',
      {
        sfs,
        title: doc.title,
        previousVersionId,
        versionId: doc.version.id,
        amendingSfs: null,
        inForce: null,
        added: [],
        modified: [],
        repealed: [],
        substantive: true,
      },
      { id: `law.changed.${doc.version.id}` },
    );
    await this.until(() => this.state(sfs), (s) => s?.status === 'indexed' && s.version_id === doc.version.id);
  }
}

/** Sections of a structure in document order (for editing a law's text in a test). */
export function sectionsOf(nodes: LawStructure['body']): LawSection[] {
  return nodes.flatMap((n) => (n.type === 'paragraf' ? [n] : n.type === 'rubrik' ? [] : sectionsOf(n.children as LawStructure['body'])));
}
