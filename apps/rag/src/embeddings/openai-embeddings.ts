import { AsyncCaller, type FailedAttemptHandler } from '@langchain/core/utils/async_caller';
import { OpenAIEmbeddings } from '@langchain/openai';
import { Breaker, BreakerOpenError } from '../resilience/breaker';
import { httpStatusOf, isTransientStatus } from '../resilience/retry';
import type { EmbeddingProvider } from './embedding-provider';

export interface OpenAIEmbeddingOptions {
  apiKey: string;
  model: string;
  dimensions: number;
  /** OpenAI, Azure OpenAI (…/openai/v1) or any OpenAI-compatible server (Ollama, vLLM, llama.cpp, TEI). */
  baseURL?: string;
  batchSize?: number;
  maxRetries?: number;
  /** Deadline for one `embed()` call: all its batches and retries. Default 30 s. */
  timeoutMs?: number;
  /** Consecutive failed calls that open the circuit breaker (default 5), and how long it stays open (default 30 s). */
  breakerThreshold?: number;
  breakerResetMs?: number;
}

export type EmbeddingErrorCode = 'TIMEOUT' | 'UNAVAILABLE' | 'REJECTED';

export class EmbeddingError extends Error {
  constructor(
    readonly code: EmbeddingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmbeddingError';
  }
}

/**
 * Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint through
 * LangChain's `OpenAIEmbeddings`: batched requests, and LangChain's retry
 * (exponential backoff with jitter; 429 honours Retry-After, 4xx other than
 * 429 fail at once).
 *
 * Around that: a deadline per `embed()` call (`timeoutMs`, covering every
 * batch and retry; when it passes the requests in flight are aborted and the
 * call fails with `EmbeddingError('TIMEOUT')`), and a circuit breaker (after
 * `breakerThreshold` consecutive failed calls, calls fail at once with
 * `UNAVAILABLE` for `breakerResetMs`, then one probe). Rejected requests
 * (4xx other than 408/409/429) fail with `REJECTED` and do not count against
 * the breaker.
 *
 * openai-node's own `timeout` is per request, ends when the response headers
 * arrive, and LangChain retries it, so it cannot bound a call and is not used;
 * the deadline reaches the requests through a `fetch` bound to the call's
 * abort signal (`embedDocuments` takes no signal), hence one small
 * `OpenAIEmbeddings` (and openai client) per call.
 */
export class OpenAIEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly dimension: number;
  readonly breaker: Breaker;
  private readonly timeoutMs: number;

  constructor(private readonly options: OpenAIEmbeddingOptions) {
    this.dimension = options.dimensions;
    this.id = `openai:${options.model}:${options.dimensions}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.breaker = new Breaker({
      name: 'embeddings',
      threshold: options.breakerThreshold ?? 5,
      resetMs: options.breakerResetMs ?? 30_000,
      isFailure: (err) => !(err instanceof EmbeddingError && err.code === 'REJECTED'),
    });
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    let vectors: number[][];
    try {
      vectors = await this.breaker.run(() => this.request(texts));
    } catch (err) {
      if (err instanceof BreakerOpenError) {
        throw new EmbeddingError('UNAVAILABLE', `embedding endpoint unavailable: ${err.message}`, { cause: err });
      }
      throw err;
    }
    for (const v of vectors) {
      if (v.length !== this.dimension) {
        throw new Error(`embedding endpoint returned dimension ${v.length}, expected ${this.dimension}`);
      }
    }
    return vectors;
  }

  /** Stops the breaker's timers (tests, shutdown). */
  close(): void {
    this.breaker.shutdown();
  }

  private async request(texts: string[]): Promise<number[][]> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    const signal = deadline.signal;
    const boundFetch: typeof fetch = (input, init) =>
      fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
    const client = new OpenAIEmbeddings({
      apiKey: this.options.apiKey,
      model: this.options.model,
      dimensions: this.options.dimensions,
      batchSize: this.options.batchSize ?? 128,
      maxRetries: this.options.maxRetries ?? 4,
      // After the deadline the aborted request surfaces as a connection timeout, which LangChain would retry.
      onFailedAttempt: (error: unknown) => {
        if (signal.aborted) throw error;
        return langChainRetryPolicy(error);
      },
      encodingFormat: 'float',
      configuration: { fetch: boundFetch, ...(this.options.baseURL ? { baseURL: this.options.baseURL } : {}) },
    });
    const work = client.embedDocuments(texts);
    const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    // Whichever loses the race must not become an unhandled rejection.
    work.catch(() => undefined);
    aborted.catch(() => undefined);
    try {
      return await Promise.race([work, aborted]);
    } catch (err) {
      if (signal.aborted && !isRejected(err)) {
        throw new EmbeddingError('TIMEOUT', `embedding endpoint did not answer within ${this.timeoutMs} ms`, { cause: err });
      }
      throw classify(err);
    } finally {
      clearTimeout(timer);
      // Ends sibling batches still in flight after a failure; a no-op after success.
      deadline.abort();
    }
  }
}

/** LangChain's default decision on whether a failed attempt is retried (the handler is a protected member). */
class DefaultRetryPolicy extends AsyncCaller {
  static readonly handler: FailedAttemptHandler = new DefaultRetryPolicy({}).onFailedAttempt ?? (() => undefined);
}
const langChainRetryPolicy = DefaultRetryPolicy.handler;

function isRejected(err: unknown): boolean {
  const status = httpStatusOf(err);
  return status !== undefined && !isTransientStatus(status);
}

function classify(err: unknown): EmbeddingError {
  const status = httpStatusOf(err);
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].trim();
  if (status !== undefined && !isTransientStatus(status)) {
    return new EmbeddingError('REJECTED', `embedding endpoint rejected the request (HTTP ${status}): ${message}`, { cause: err });
  }
  const what = status === undefined ? 'unreachable' : `unavailable (HTTP ${status})`;
  return new EmbeddingError('UNAVAILABLE', `embedding endpoint ${what}: ${message}`, { cause: err });
}
