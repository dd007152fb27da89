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
      const vector = cached ? decodeVector(cached, this.provider.dimension) : null;
      if (vector) {
        ragMetrics.queryEmbeddingCache.inc({ result: 'hit' });
        return vector;
      }
      ragMetrics.queryEmbeddingCache.inc({ result: 'miss' });
    } catch {
      ragMetrics.queryEmbeddingCache.inc({ result: 'error' });
    }
    const [vector] = await this.provider.embed([text], 'query');
    this.redis.set(key, encodeVector(vector), 'EX', TTL_SECONDS).catch(() => undefined);
    return vector;
  }
}

/**
 * A stored vector back to numbers, or null when it has another length. The
 * reply buffer may start at any byte of the client's read buffer, and a
 * Float32Array view needs a multiple of 4: the bytes are read, not viewed.
 */
export function decodeVector(bytes: Buffer, dimension: number): number[] | null {
  if (bytes.length !== dimension * 4) return null;
  return Array.from({ length: dimension }, (_, i) => bytes.readFloatLE(i * 4));
}

export function encodeVector(vector: readonly number[]): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return bytes;
}

export const QUERY_EMBEDDING_CACHE = Symbol('QUERY_EMBEDDING_CACHE');
