import { loadConfig } from '@laglig/config';
import { EmbeddingsConfigSchema, INDEX_DIMENSION, type EmbeddingProvider, type EmbeddingsConfig } from './embedding-provider';
import { LocalEmbeddingProvider } from './local-embeddings';
import { OnnxEmbeddingProvider } from './onnx-embeddings';
import { OpenAIEmbeddingProvider } from './openai-embeddings';

/** Builds the configured provider; the index column is halfvec(384), so another dimension is refused at boot. */
export function createEmbeddingProvider(config: EmbeddingsConfig = loadConfig(EmbeddingsConfigSchema)): EmbeddingProvider {
  if (config.EMBEDDINGS_DIMENSIONS !== INDEX_DIMENSION) {
    throw new Error(
      `EMBEDDINGS_DIMENSIONS=${config.EMBEDDINGS_DIMENSIONS} but the index column is halfvec(${INDEX_DIMENSION}); ` +
        'a different dimension needs a migration and a re-embedding job',
    );
  }
  if (config.EMBEDDINGS_PROVIDER === 'local') return new LocalEmbeddingProvider(config.EMBEDDINGS_DIMENSIONS);
  if (config.EMBEDDINGS_PROVIDER === 'onnx') {
    if (!config.EMBEDDINGS_ONNX_PATH) throw new Error('EMBEDDINGS_PROVIDER=onnx needs EMBEDDINGS_ONNX_PATH');
    return new OnnxEmbeddingProvider({
      path: config.EMBEDDINGS_ONNX_PATH,
      file: config.EMBEDDINGS_ONNX_FILE,
      dimension: config.EMBEDDINGS_DIMENSIONS,
      pooling: config.EMBEDDINGS_POOLING,
      queryPrefix: config.EMBEDDINGS_QUERY_PREFIX,
      passagePrefix: config.EMBEDDINGS_PASSAGE_PREFIX,
      batchSize: config.EMBEDDINGS_ONNX_BATCH_SIZE,
    });
  }
  if (!config.OPENAI_API_KEY) throw new Error('EMBEDDINGS_PROVIDER=openai needs OPENAI_API_KEY');
  return new OpenAIEmbeddingProvider({
    apiKey: config.OPENAI_API_KEY,
    model: config.EMBEDDINGS_MODEL,
    dimensions: config.EMBEDDINGS_DIMENSIONS,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    batchSize: config.EMBEDDINGS_BATCH_SIZE,
    maxRetries: config.EMBEDDINGS_MAX_RETRIES,
    timeoutMs: config.EMBEDDINGS_TIMEOUT_MS,
  });
}
