import { OpenAIEmbeddings } from '@langchain/openai';
import type { EmbeddingProvider } from './embedding-provider';

export interface OpenAIEmbeddingOptions {
  apiKey: string;
  model: string;
  dimensions: number;
  /** OpenAI, Azure OpenAI (…/openai/v1) or any OpenAI-compatible server (Ollama, vLLM, llama.cpp, TEI). */
  baseURL?: string;
  batchSize?: number;
  maxRetries?: number;
  timeoutMs?: number;
}

/**
 * Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint through
 * LangChain's `OpenAIEmbeddings`: batched requests, and LangChain's retry
 * (exponential backoff with jitter; 429 honours Retry-After, 4xx other than
 * 429 fail at once).
 */
export class OpenAIEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly dimension: number;
  private readonly client: OpenAIEmbeddings;

  constructor(options: OpenAIEmbeddingOptions) {
    this.dimension = options.dimensions;
    this.id = `openai:${options.model}:${options.dimensions}`;
    this.client = new OpenAIEmbeddings({
      apiKey: options.apiKey,
      model: options.model,
      dimensions: options.dimensions,
      batchSize: options.batchSize ?? 128,
      maxRetries: options.maxRetries ?? 4,
      timeout: options.timeoutMs ?? 30_000,
      encodingFormat: 'float',
      ...(options.baseURL ? { configuration: { baseURL: options.baseURL } } : {}),
    });
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const vectors = await this.client.embedDocuments(texts);
    for (const v of vectors) {
      if (v.length !== this.dimension) {
        throw new Error(`embedding endpoint returned dimension ${v.length}, expected ${this.dimension}`);
      }
    }
    return vectors;
  }
}
