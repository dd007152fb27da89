import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ErrorCode, refuse, succeed, type LawDocument, type LawSection, type LawStructure, type RetrievalSearchResult } from '@laglig/contracts';
import { EventBus, RpcClient, RpcServer, redisOptionsFromUrl, type RpcHandlerFn } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { bundledLawDocument, createTestDatabase, testRedisPrefix, type TestDatabase, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { EMBEDDING_PROVIDER, type EmbeddingProvider } from '../embeddings/embedding-provider';
import { LocalEmbeddingProvider } from '../embeddings/local-embeddings';

const CORPUS = join(__dirname, '../../../../data/sfs');
const LAWS = ['1977:480', '1977:1160', '1982:80', '2018:218'];

/** Counts the texts sent to the real local provider. */
class CountingProvider implements EmbeddingProvider {
  private readonly inner = new LocalEmbeddingProvider(384);
  readonly id = this.inner.id;
  readonly dimension = this.inner.dimension;
  texts = 0;
  async embed(texts: string[]): Promise<number[][]> {
    this.texts += texts.length;
    return this.inner.embed(texts);
  }
}

function sectionsOf(nodes: LawStructure['body']): LawSection[] {
  return nodes.flatMap((n) => (n.type === 'paragraf' ? [n] : n.type === 'rubrik' ? [] : sectionsOf(n.children as LawStructure['body'])));
}

/**
 * The rag service as it runs (its Nest app, real PostgreSQL + pgvector, real
 * BullMQ): law events in, laws fetched over request/reply from a stand-in
 * law-catalog serving the bundled statutes, retrieval over request/reply.
 */
describe('rag indexing and hybrid retrieval', () => {
  let db: TestDatabase;
  let redis: TestRedisPrefix;
  let app: INestApplicationContext;
  let ds: DataSource;
  let bus: EventBus;
  let catalog: RpcServer;
  let client: RpcClient;
  const provider = new CountingProvider();
  const laws = new Map<string, LawDocument>();
  const saved = { ...process.env };

  const state = async (sfs: string): Promise<{ status: string; version_id: string } | undefined> =>
    ((await ds.query(`SELECT status, version_id FROM rag.law_index_state WHERE sfs = $1`, [sfs])) as Array<{ status: string; version_id: string }>)[0];

  async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v) || Date.now() > end) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function search(query: string, k = 10, sfs?: string[]): Promise<RetrievalSearchResult> {
    const r = await client.call('rag', 'retrieval.search', { query, k, ...(sfs ? { sfs } : {}) }, { timeoutMs: 10_000 });
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.value;
  }

  async function publishChanged(sfs: string, previous: string, doc: LawDocument): Promise<void> {
    laws.set(sfs, doc);
    await bus.publish(
      'law.changed',
      {
        sfs,
        title: doc.title,
        previousVersionId: previous,
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
    expect(await until(() => state(sfs), (s) => s?.status === 'indexed' && s.version_id === doc.version.id)).toMatchObject({
      status: 'indexed',
      version_id: doc.version.id,
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = testRedisPrefix('rag-retrieval');
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      LOG_LEVEL: 'silent',
      INDEXER_POLL_MS: '60000',
    });
    for (const sfs of LAWS) laws.set(sfs, bundledLawDocument(sfs, CORPUS));
    const connection = { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix };
    const getLaw = async (input: { sfs: string }) => {
      const doc = laws.get(input.sfs);
      return doc ? succeed(doc) : refuse(ErrorCode.NOT_FOUND, 'Lagen finns inte');
    };
    catalog = new RpcServer('law-catalog', new Map<string, RpcHandlerFn>([['laws.get', getLaw as RpcHandlerFn]]), connection, createLogger('law-catalog'));
    await catalog.start();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(EMBEDDING_PROVIDER)
      .useValue(provider)
      .compile();
    app = await moduleRef.init();
    ds = app.get(DataSource);
    bus = new EventBus('law-catalog', connection);
    client = new RpcClient(connection, 10_000);

    for (const sfs of LAWS) {
      const doc = laws.get(sfs) as LawDocument;
      await bus.publish(
        'law.ingested',
        { sfs, title: doc.title, versionId: doc.version.id, contentHash: doc.version.contentHash, sectionCount: 1 },
        { id: `law.ingested.${doc.version.id}` },
      );
    }
    for (const sfs of LAWS) await until(() => state(sfs), (s) => s?.status === 'indexed', 60_000);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await bus?.close();
    await app?.close();
    await catalog?.close();
    await redis?.cleanup();
    await db?.drop();
    process.env = saved;
  });

  it('indexes every in-force section of the ingested laws, embedding each distinct chunk once', async () => {
    for (const sfs of LAWS) expect((await state(sfs))?.status).toBe('indexed');
    const [{ chunks, hashes }] = (await ds.query(
      `SELECT count(*)::int AS chunks, count(DISTINCT (sfs, content_hash))::int AS hashes FROM rag.chunks`,
    )) as Array<{ chunks: number; hashes: number }>;
    expect(chunks).toBeGreaterThan(100);
    expect(provider.texts).toBe(hashes);
    const p4 = (await ds.query(`SELECT label, text, embedding_model FROM rag.chunks WHERE sfs = '1977:480' AND anchor = 'P4'`)) as Array<{
      label: string;
      text: string;
      embedding_model: string;
    }>;
    expect(p4).toEqual([{ label: '4 §', text: expect.stringContaining('tjugofem semesterdagar'), embedding_model: 'local-hash-v1:384' }]);
    const status = await client.call('rag', 'index.status', {});
    expect(status.ok && status.value).toEqual({
      laws: { pending: 0, indexed: 4, removed: 0 },
      chunks,
      embeddingModel: 'local-hash-v1:384',
      dimension: 384,
    });
  });

  it('finds Semesterlag 4 § in the top 3 for "Hur många semesterdagar har en anställd rätt till?"', async () => {
    const { hits } = await search('Hur många semesterdagar har en anställd rätt till?', 10);
    expect(hits).toHaveLength(10);
    const top3 = hits.slice(0, 3).map((h) => `${h.sfs} ${h.anchor}`);
    expect(top3).toContain('1977:480 P4');
    const p4 = hits.find((h) => h.sfs === '1977:480' && h.anchor === 'P4');
    expect(p4).toMatchObject({ label: '4 §', title: expect.stringContaining('Semesterlag') });
    expect(p4?.fullTextRank).not.toBeNull();
    expect(p4?.vectorRank).not.toBeNull();
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('returns k results from the filtered law, even for a question about another law', async () => {
    for (const query of ['Vad gäller vid uppsägning av en arbetstagare?', 'Hur många semesterdagar har en anställd rätt till?']) {
      const { hits } = await search(query, 10, ['1982:80']);
      expect(hits).toHaveLength(10);
      expect(new Set(hits.map((h) => h.sfs))).toEqual(new Set(['1982:80']));
    }
  });

  it('pins a section named in the question by abbreviation or SFS number', async () => {
    const byAlias = await search('Vad säger AML 3 kap. 2 a §?', 5);
    expect(byAlias.hits[0]).toMatchObject({ sfs: '1977:1160', anchor: 'K3P2a', label: '3 kap. 2 a §', referenced: true });
    const bySfs = await search('semester enligt 1977:480 4 §', 5);
    expect(bySfs.hits[0]).toMatchObject({ sfs: '1977:480', anchor: 'P4' });
    const byName = await search('Vad säger semesterlagen om semesterlön?', 5);
    expect(byName.hits.every((h) => h.sfs === '1977:480')).toBe(true);
  });

  it('never retrieves a changed section in its old wording, and re-embeds only the changed chunk', async () => {
    const before = provider.texts;
    const old = laws.get('1977:480') as LawDocument;
    const changed: LawDocument = structuredClone(old);
    changed.version = { ...old.version, id: randomUUID(), contentHash: randomUUID() };
    const p4 = sectionsOf(changed.structure.body).find((s) => s.anchor === 'P4') as LawSection;
    p4.text = 'En arbetstagare har rätt till trettio semesterdagar varje semesterår.';
    await publishChanged('1977:480', old.version.id, changed);

    expect(provider.texts - before).toBe(1);
    const { hits } = await search('Hur många semesterdagar har en anställd rätt till?', 10);
    const hit = hits.find((h) => h.sfs === '1977:480' && h.anchor === 'P4');
    expect(hit?.text).toBe('En arbetstagare har rätt till trettio semesterdagar varje semesterår.');
    const oldWording = sectionsOf(old.structure.body).find((s) => s.anchor === 'P4')?.text.replace(/\s+/g, ' ').trim() as string;
    expect(oldWording).toContain('tjugofem semesterdagar');
    expect(hits.some((h) => h.text === oldWording)).toBe(false);
    const stale = (await ds.query(
      `SELECT count(*)::int AS n FROM rag.chunks WHERE sfs = '1977:480' AND (text = $2 OR version_id <> $1)`,
      [changed.version.id, oldWording],
    )) as Array<{ n: number }>;
    expect(stale[0].n).toBe(0);
  });

  it('does not re-embed anything when a new version leaves the text unchanged (idempotent re-index)', async () => {
    const before = provider.texts;
    const current = laws.get('1977:1160') as LawDocument;
    const [{ n: chunksBefore }] = (await ds.query(`SELECT count(*)::int AS n FROM rag.chunks WHERE sfs = '1977:1160'`)) as Array<{ n: number }>;
    await publishChanged('1977:1160', current.version.id, { ...current, version: { ...current.version, id: randomUUID() } });
    expect(provider.texts).toBe(before);
    const [{ n: chunksAfter }] = (await ds.query(`SELECT count(*)::int AS n FROM rag.chunks WHERE sfs = '1977:1160'`)) as Array<{ n: number }>;
    expect(chunksAfter).toBe(chunksBefore);
  });

  it("removes a repealed law's chunks", async () => {
    const las = laws.get('1982:80') as LawDocument;
    await bus.publish('law.repealed', { sfs: '1982:80', title: las.title, versionId: las.version.id, repealedBy: '2026:99' });
    const remaining = async () =>
      ((await ds.query(`SELECT count(*)::int AS n FROM rag.chunks WHERE sfs = '1982:80'`)) as Array<{ n: number }>)[0].n;
    expect(await until(remaining, (n) => n === 0)).toBe(0);
    expect((await state('1982:80'))?.status).toBe('removed');
    expect((await search('uppsägning', 10, ['1982:80'])).hits).toEqual([]);
    expect((await search('Vad gäller vid uppsägning av en arbetstagare?', 20)).hits.some((h) => h.sfs === '1982:80')).toBe(false);
  });
});
