import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { EmbeddingProvider } from '../embeddings/embedding-provider';
import { ragMetrics } from '../metrics';
import { normaliseQuestion } from './answer-cache';

const TTL_SECONDS = 7 * 24 * 3600;

/**
 * Query vectors in Redis (Float32, binary), keyed by model and normalised
 * question: a repeated question skips the embedding call. Worth it for remote
 * models (a network round trip and a cost per call); the local model computes a
 * vector faster than Redis returns one, so it is not wrapped (see the factory).
 * Redis failures fall through to the provider.
 */
export class QueryEmbeddingCache {
  constructor(
    private readonly provider: EmbeddingProvider,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(text: string): string {
    const digest = createHash('sha256').update(normaliseQuestion(text)).digest('hex');
    return `${this.prefix}:rag:qemb:${this.provider.id}:${digest}`;
  }

  async embedQuery(text: string): Promise<number[]> {
    const key = this.key(text);
    try {
      const cached = await this.redis.getBuffer(key);
      if (cached && cached.length === this.provider.dimension * 4) {
        ragMetrics.queryEmbeddingCache.inc({ result: 'hit' });
        return Array.from(new Float32Array(cached.buffer, cached.byteOffset, this.provider.dimension));
      }
      ragMetrics.queryEmbeddingCache.inc({ result: 'miss' });
    } catch {
      ragMetrics.queryEmbeddingCache.inc({ result: 'error' });
    }
    const [vector] = await this.provider.embed([text]);
    this.redis.set(key, Buffer.from(new Float32Array(vector).buffer), 'EX', TTL_SECONDS).catch(() => undefined);
    return vector;
  }
}

export const QUERY_EMBEDDING_CACHE = Symbol('QUERY_EMBEDDING_CACHE');
