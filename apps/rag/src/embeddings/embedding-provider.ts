import { z } from 'zod';

/** A question is embedded as a query, a chunk as a passage (some models want a prefix for each: e5's "query: "). */
export type EmbeddingKind = 'query' | 'passage';

/** Turns texts into fixed-length vectors. Implementations must be deterministic for a given id. */
export interface EmbeddingProvider {
  /** Recorded on every chunk row ("local-hash-v1:384", "openai:text-embedding-3-small:384", "onnx:<folder>:<digest>:384"). */
  readonly id: string;
  readonly dimension: number;
  /** `kind` defaults to 'passage'; providers without the distinction ignore it. */
  embed(texts: string[], kind?: EmbeddingKind): Promise<number[][]>;
}

export const EMBEDDING_PROVIDER = Symbol('EMBEDDING_PROVIDER');

/** The chunk table's column is halfvec(384); another dimension needs a migration (a re-embedding job). */
export const INDEX_DIMENSION = 384;

export const EmbeddingsConfigSchema = z
  .object({
    EMBEDDINGS_PROVIDER: z.enum(['local', 'openai', 'onnx']).default('local'),
    EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(4096).default(INDEX_DIMENSION),
    EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
    OPENAI_BASE_URL: z.string().url().optional(),
    OPENAI_API_KEY: z.string().min(1).optional(),
    EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(128),
    EMBEDDINGS_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
    EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    /** EMBEDDINGS_PROVIDER=onnx: the model folder (config.json, tokenizer.json, onnx/<EMBEDDINGS_ONNX_FILE>). */
    EMBEDDINGS_ONNX_PATH: z.string().min(1).optional(),
    EMBEDDINGS_ONNX_FILE: z.string().min(1).default('model.onnx'),
    /** Texts per model run on the CPU: attention memory grows with batch × tokens² (16 × 512² per head is ~200 MB for a small model). */
    EMBEDDINGS_ONNX_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(16),
    EMBEDDINGS_POOLING: z.enum(['mean', 'cls']).default('mean'),
    EMBEDDINGS_QUERY_PREFIX: z.string().default(''),
    EMBEDDINGS_PASSAGE_PREFIX: z.string().default(''),
  })
  .refine((c) => c.EMBEDDINGS_PROVIDER !== 'openai' || c.OPENAI_API_KEY !== undefined, {
    message: 'EMBEDDINGS_PROVIDER=openai needs OPENAI_API_KEY',
    path: ['OPENAI_API_KEY'],
  })
  .refine((c) => c.EMBEDDINGS_PROVIDER !== 'onnx' || c.EMBEDDINGS_ONNX_PATH !== undefined, {
    message: 'EMBEDDINGS_PROVIDER=onnx needs EMBEDDINGS_ONNX_PATH (a local model folder)',
    path: ['EMBEDDINGS_ONNX_PATH'],
  });
export type EmbeddingsConfig = z.infer<typeof EmbeddingsConfigSchema>;

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
