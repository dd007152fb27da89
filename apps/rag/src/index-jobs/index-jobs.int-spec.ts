import type { IndexJob } from '@laglig/contracts';
import { LocalEmbeddingProvider } from '../embeddings/local-embeddings';
import { RagHarness } from '../testing/rag-harness';
import { IndexJobsService } from './index-jobs.service';

class CountingProvider extends LocalEmbeddingProvider {
  texts = 0;
  override async embed(texts: string[]): Promise<number[][]> {
    this.texts += texts.length;
    return super.embed(texts);
  }
}

/** Re-index jobs over real BullMQ, PostgreSQL and a stand-in catalog (laws.get, laws.list). */
describe('rag re-index jobs', () => {
  const provider = new CountingProvider(384);
  const h = new RagHarness({
    name: 'rag-jobs',
    laws: ['1977:480', '1982:80'],
    silentLaws: ['1976:580'],
    embeddings: provider,
    env: { INDEX_JOB_PAGE_SIZE: '1', INDEXER_POLL_MS: '200', INDEX_JOB_POLL_MS: '200' },
  });

  beforeAll(() => h.start(), 120_000);
  afterAll(() => h.stop());

  const progress = async (jobId?: string): Promise<IndexJob> => {
    const r = await h.client.call('rag', 'index.progress', jobId ? { jobId } : {});
    if (!r.ok) throw new Error(r.message);
    return r.value;
  };
  const chunksOf = async (sfs: string, model?: string): Promise<number> =>
    ((await h.ds.query(`SELECT count(*)::int AS n FROM rag.chunks WHERE sfs = $1 AND ($2::text IS NULL OR embedding_model = $2)`, [sfs, model ?? null])) as Array<{
      n: number;
    }>)[0].n;

  it('answers NOT_FOUND before any job ran', async () => {
    const r = await h.client.call('rag', 'index.progress', {});
    expect(r).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('re-indexes the whole catalog with progress, finds laws never announced, and re-embeds nothing unchanged', async () => {
    expect(await chunksOf('1976:580')).toBe(0);
    const before = provider.texts;
    const started = await h.client.call('rag', 'index.rebuild', {});
    expect(started.ok && started.value).toMatchObject({ kind: 'rebuild', embeddingModel: 'local-hash-v1:384', finishedAt: null });
    const id = (started.ok && started.value.id) as string;
    // A second request while it runs returns the same job.
    const again = await h.client.call('rag', 'index.rebuild', {});
    expect(again.ok && again.value.id).toBe(id);

    const done = await h.until(() => progress(id), (p) => p.status === 'completed', 60_000);
    expect(done).toMatchObject({ total: 3, done: 3, pending: 0, message: null });
    expect(done.finishedAt).not.toBeNull();
    expect(await chunksOf('1976:580')).toBeGreaterThan(10);
    const newTexts = (await h.ds.query(`SELECT count(DISTINCT content_hash)::int AS n FROM rag.chunks WHERE sfs = '1976:580'`)) as Array<{ n: number }>;
    expect(provider.texts - before).toBe(newTexts[0].n);
    expect((await progress()).id).toBe(id);
    expect(await h.state('1976:580')).toMatchObject({ status: 'indexed', version_id: h.laws.get('1976:580')?.version.id });
  });

  it('resumes an interrupted job from its stored catalog cursor', async () => {
    const [job] = (await h.ds.query(
      `INSERT INTO rag.index_jobs (kind, status, embedding_model, cursor, total) VALUES ('rebuild', 'listing', 'local-hash-v1:384', '1977:480', 2) RETURNING id`,
    )) as Array<{ id: string }>;
    h.listCalls.length = 0;
    await h.app.get(IndexJobsService).onApplicationBootstrap();
    const done = await h.until(() => progress(job.id), (p) => p.status === 'completed', 60_000);
    expect(h.listCalls[0]).toBe('1977:480');
    expect(done).toMatchObject({ total: 3, pending: 0 });
  });

  it('starts a re-embedding job by itself when chunks of another embedding model are found', async () => {
    await h.ds.query(`UPDATE rag.chunks SET embedding_model = 'old-model:384' WHERE sfs = '1982:80'`);
    const before = provider.texts;
    await h.app.get(IndexJobsService).onApplicationBootstrap();
    const job = await progress();
    await h.until(() => progress(job.id), (p) => p.status === 'completed', 60_000);
    expect(await chunksOf('1982:80', 'old-model:384')).toBe(0);
    expect(await chunksOf('1982:80', 'local-hash-v1:384')).toBeGreaterThan(10);
    expect(provider.texts - before).toBeGreaterThan(10);
  });
});
