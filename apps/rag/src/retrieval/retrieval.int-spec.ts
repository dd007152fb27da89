import { randomUUID } from 'node:crypto';
import type { LawDocument, LawSection, RetrievalSearchResult } from '@laglig/contracts';
import type { EmbeddingProvider } from '../embeddings/embedding-provider';
import { LocalEmbeddingProvider } from '../embeddings/local-embeddings';
import { RagHarness, sectionsOf } from '../testing/rag-harness';
import { vectorQueryText } from './full-text';

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

/**
 * The rag service as it runs (its Nest app, real PostgreSQL + pgvector, real
 * BullMQ): law events in, laws fetched over request/reply from a stand-in
 * law-catalog serving the bundled statutes, retrieval over request/reply.
 */
describe('rag indexing and hybrid retrieval', () => {
  const provider = new CountingProvider();
  const h = new RagHarness({ name: 'rag-retrieval', laws: LAWS, embeddings: provider });

  beforeAll(() => h.start(), 120_000);
  afterAll(() => h.stop());

  const state = (sfs: string) => h.state(sfs);
  const until = <T>(fn: () => Promise<T>, ok: (v: T) => boolean) => h.until(fn, ok);

  async function search(query: string, k = 10, sfs?: string[]): Promise<RetrievalSearchResult> {
    const r = await h.client.call('rag', 'retrieval.search', { query, k, ...(sfs ? { sfs } : {}) }, { timeoutMs: 10_000 });
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.value;
  }

  it('indexes every in-force section of the ingested laws, embedding each distinct chunk once', async () => {
    for (const sfs of LAWS) expect((await state(sfs))?.status).toBe('indexed');
    const [{ chunks, hashes }] = (await h.ds.query(
      `SELECT count(*)::int AS chunks, count(DISTINCT (sfs, content_hash))::int AS hashes FROM rag.chunks`,
    )) as Array<{ chunks: number; hashes: number }>;
    expect(chunks).toBeGreaterThan(100);
    expect(provider.texts).toBe(hashes);
    const p4 = (await h.ds.query(`SELECT label, text, embedding_model FROM rag.chunks WHERE sfs = '1977:480' AND anchor = 'P4'`)) as Array<{
      label: string;
      text: string;
      embedding_model: string;
    }>;
    expect(p4).toEqual([{ label: '4 §', text: expect.stringContaining('tjugofem semesterdagar'), embedding_model: 'local-hash-v1:384' }]);
    const status = await h.client.call('rag', 'index.status', {});
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

  it('gives a filtered search the true nearest chunks of the filtered law', async () => {
    const query = 'Hur lång är uppsägningstiden för en arbetstagare?';
    const { hits } = await search(query, 10, ['1982:80']);
    const [vector] = await provider.embed([vectorQueryText(query)]);
    // The true nearest chunk: an exact scan (no index), whatever plan the service's statement gets.
    const [nearest] = (await h.ds.transaction(async (tx) => {
      await tx.query(`SELECT set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
      return tx.query(`SELECT id FROM rag.chunks WHERE sfs = '1982:80' ORDER BY embedding <=> $1::halfvec(384), id LIMIT 1`, [`[${vector.join(',')}]`]);
    })) as Array<{ id: string }>;
    expect(hits.find((x) => x.vectorRank === 1)?.chunkId).toBe(nearest.id);
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
    const old = h.laws.get('1977:480') as LawDocument;
    const changed: LawDocument = structuredClone(old);
    changed.version = { ...old.version, id: randomUUID(), contentHash: randomUUID() };
    const p4 = sectionsOf(changed.structure.body).find((s) => s.anchor === 'P4') as LawSection;
    p4.text = 'En arbetstagare har rätt till trettio semesterdagar varje semesterår.';
    await h.publishChanged('1977:480', old.version.id, changed);

    expect(provider.texts - before).toBe(1);
    const { hits } = await search('Hur många semesterdagar har en anställd rätt till?', 10);
    const hit = hits.find((h) => h.sfs === '1977:480' && h.anchor === 'P4');
    expect(hit?.text).toBe('En arbetstagare har rätt till trettio semesterdagar varje semesterår.');
    const oldWording = sectionsOf(old.structure.body).find((s) => s.anchor === 'P4')?.text.replace(/\s+/g, ' ').trim() as string;
    expect(oldWording).toContain('tjugofem semesterdagar');
    expect(hits.some((h) => h.text === oldWording)).toBe(false);
    const stale = (await h.ds.query(
      `SELECT count(*)::int AS n FROM rag.chunks WHERE sfs = '1977:480' AND (text = $2 OR version_id <> $1)`,
      [changed.version.id, oldWording],
    )) as Array<{ n: number }>;
    expect(stale[0].n).toBe(0);
  });

  it('does not re-embed anything when a new version leaves the text unchanged (idempotent re-index)', async () => {
    const before = provider.texts;
    const current = h.laws.get('1977:1160') as LawDocument;
    const [{ n: chunksBefore }] = (await h.ds.query(`SELECT count(*)::int AS n FROM rag.chunks WHERE sfs = '1977:1160'`)) as Array<{ n: number }>;
    await h.publishChanged('1977:1160', current.version.id, { ...current, version: { ...current.version, id: randomUUID() } });
    expect(provider.texts).toBe(before);
    const [{ n: chunksAfter }] = (await h.ds.query(`SELECT count(*)::int AS n FROM rag.chunks WHERE sfs = '1977:1160'`)) as Array<{ n: number }>;
    expect(chunksAfter).toBe(chunksBefore);
  });

  it("removes a repealed law's chunks", async () => {
    const las = h.laws.get('1982:80') as LawDocument;
    await h.bus.publish('law.repealed', { sfs: '1982:80', title: las.title, versionId: las.version.id, repealedBy: '2026:99' });
    const remaining = async () =>
      ((await h.ds.query(`SELECT count(*)::int AS n FROM rag.chunks WHERE sfs = '1982:80'`)) as Array<{ n: number }>)[0].n;
    expect(await until(remaining, (n) => n === 0)).toBe(0);
    expect((await state('1982:80'))?.status).toBe('removed');
    expect((await search('uppsägning', 10, ['1982:80'])).hits).toEqual([]);
    expect((await search('Vad gäller vid uppsägning av en arbetstagare?', 20)).hits.some((h) => h.sfs === '1982:80')).toBe(false);
  });
});
