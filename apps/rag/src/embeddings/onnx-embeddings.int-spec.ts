/**
 * @jest-environment ./apps/rag/src/testing/onnx-jest-environment.cjs
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RetrievalSearchResult } from '@laglig/contracts';
import { decodeVector } from '../cache/query-embedding-cache';
import { chunkLaw } from '../chunks/chunker';
import { vectorQueryText } from '../retrieval/full-text';
import { RagHarness } from '../testing/rag-harness';
import { writeTinyOnnxModel } from '../testing/tiny-onnx-model';
import { OnnxEmbeddingProvider } from './onnx-embeddings';

const SFS = '1977:480';

/**
 * The rag service with EMBEDDINGS_PROVIDER=onnx: a model from a local folder
 * (written by the test; transformers.js + onnxruntime-node as in production)
 * embeds the chunks as passages and the questions as queries, on real
 * PostgreSQL + pgvector and Redis.
 */
describe('rag with a local ONNX model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'laglig-onnx-int-'));
  const model = writeTinyOnnxModel(dir);
  const provider = new OnnxEmbeddingProvider({
    path: model.folder,
    file: 'model.onnx',
    dimension: 384,
    pooling: 'mean',
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
    batchSize: 16,
  });
  const h = new RagHarness({ name: 'rag-onnx', laws: [SFS], embeddings: provider });

  beforeAll(() => h.start(), 120_000);
  afterAll(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores for every chunk the vector the model gives its text as a passage, under the model id', async () => {
    const rows = (await h.ds.query(`SELECT content_hash, embedding::text AS embedding, embedding_model FROM rag.chunks WHERE sfs = $1`, [SFS])) as Array<{
      content_hash: string;
      embedding: string;
      embedding_model: string;
    }>;
    const law = h.laws.get(SFS);
    if (!law) throw new Error('law not loaded');
    const chunks = chunkLaw(law);
    expect(rows).toHaveLength(chunks.length);
    expect(new Set(rows.map((r) => r.embedding_model))).toEqual(new Set([provider.id]));
    const stored = new Map(rows.map((r) => [r.content_hash, JSON.parse(r.embedding) as number[]]));
    const sample = [chunks[0], chunks[Math.floor(chunks.length / 2)], chunks[chunks.length - 1]];
    const vectors = await provider.embed(sample.map((c) => c.embeddingText), 'passage');
    for (const [i, chunk] of sample.entries()) {
      const v = stored.get(chunk.contentHash);
      expect(v).toHaveLength(384);
      // halfvec keeps about three significant digits.
      expect(Math.max(...(v as number[]).map((x, j) => Math.abs(x - vectors[i][j])))).toBeLessThan(2e-3);
    }
    const status = await h.client.call('rag', 'index.status', {});
    expect(status.ok && status.value).toMatchObject({ embeddingModel: provider.id, dimension: 384 });
  });

  it('searches with the question embedded as a query, cached under the model id', async () => {
    const r = await h.client.call('rag', 'retrieval.search', { query: 'Hur många semesterdagar har en anställd rätt till?', k: 10 }, { timeoutMs: 10_000 });
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    const { hits, embeddingModel } = r.value as RetrievalSearchResult;
    expect(embeddingModel).toBe(provider.id);
    expect(hits).toHaveLength(10);
    expect(hits.some((hit) => hit.vectorRank !== null)).toBe(true);

    const redis = new Redis(h.redis.url);
    try {
      const keys: string[] = [];
      const stream = redis.scanStream({ match: `${h.redis.prefix}:rag:qemb:${provider.id}:*` });
      for await (const batch of stream) keys.push(...(batch as string[]));
      expect(keys).toHaveLength(1);
      const vector = decodeVector((await redis.getBuffer(keys[0])) as Buffer, 384) as number[];
      expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
      // Embedded as a query ("query: …"), not as a passage.
      const text = vectorQueryText('Hur många semesterdagar har en anställd rätt till?');
      const [[query], [passage]] = await Promise.all([provider.embed([text], 'query'), provider.embed([text], 'passage')]);
      const distance = (a: number[]) => Math.max(...vector.map((x, j) => Math.abs(x - a[j])));
      expect(distance(query)).toBeLessThan(1e-6); // float32 in Redis
      expect(distance(passage)).toBeGreaterThan(1e-3);
    } finally {
      redis.disconnect();
    }
  });
});
