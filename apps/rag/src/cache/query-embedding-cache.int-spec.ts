import { Redis } from 'ioredis';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import type { EmbeddingKind, EmbeddingProvider } from '../embeddings/embedding-provider';
import { LocalEmbeddingProvider } from '../embeddings/local-embeddings';
import { ragMetrics } from '../metrics';
import { QueryEmbeddingCache } from './query-embedding-cache';

/** The local model behind a counter, under another id (the cache wraps remote and ONNX models). */
class CountingProvider implements EmbeddingProvider {
  private readonly inner = new LocalEmbeddingProvider(384);
  readonly dimension = 384;
  calls: Array<{ texts: string[]; kind?: EmbeddingKind }> = [];
  constructor(readonly id: string) {}
  async embed(texts: string[], kind?: EmbeddingKind): Promise<number[][]> {
    this.calls.push({ texts, kind });
    return this.inner.embed(texts);
  }
}

async function counts(): Promise<Record<string, number>> {
  const { values } = await ragMetrics.queryEmbeddingCache.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.result), v.value]));
}

const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

describe('query embedding cache (real Redis)', () => {
  let prefix: TestRedisPrefix;
  let redis: Redis;

  beforeAll(() => {
    prefix = testRedisPrefix('rag-qemb');
    redis = new Redis(prefix.url);
  });
  afterAll(async () => {
    await prefix.cleanup();
    redis.disconnect();
  });

  it('embeds a question once as a query and serves the repeat from Redis, per model', async () => {
    const provider = new CountingProvider('remote-a:384');
    const cache = new QueryEmbeddingCache(provider, redis, prefix.prefix);
    const before = await counts();
    // Many lookups so that some replies start at unaligned offsets of the client's read buffer.
    const questions = Array.from({ length: 20 }, (_, i) => `Hur många semesterdagar har en anställd rätt till efter ${i + 1} år?`);
    const first = await Promise.all(questions.map((q) => cache.embedQuery(q)));
    expect(provider.calls).toHaveLength(20);
    expect(provider.calls.every((c) => c.kind === 'query')).toBe(true);
    await new Promise((r) => setTimeout(r, 100)); // the writes are not awaited by the lookup
    const again = await Promise.all(questions.map((q) => cache.embedQuery(`  ${q.toUpperCase()} `)));
    expect(provider.calls).toHaveLength(20);
    for (const [i, v] of again.entries()) expect(maxDiff(v, first[i])).toBeLessThan(1e-6);
    const after = await counts();
    expect((after.hit ?? 0) - (before.hit ?? 0)).toBe(20);
    expect((after.error ?? 0) - (before.error ?? 0)).toBe(0);

    // Another model does not read the first one's vectors.
    const other = new CountingProvider('remote-b:384');
    await new QueryEmbeddingCache(other, redis, prefix.prefix).embedQuery(questions[0]);
    expect(other.calls).toHaveLength(1);
  });

  it('falls through to the model when Redis is down', async () => {
    const dead = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => undefined);
    try {
      const provider = new CountingProvider('remote-a:384');
      const v = await new QueryEmbeddingCache(provider, dead, prefix.prefix).embedQuery('Måste vi ha skyddsombud?');
      expect(v).toHaveLength(384);
      expect(provider.calls).toHaveLength(1);
    } finally {
      dead.disconnect();
    }
  });
});
