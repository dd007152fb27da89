import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import CircuitBreaker from 'opossum';
import type { NotifierConfig } from '../config';
import { SUMMARY_MAX_TOKENS, type SummaryPrompt } from './change-summary';

/** Why a summary could not be had; logged as is (never the answer's text). */
export type SummaryModelFailure = 'timeout' | 'unavailable' | 'rejected' | 'incomplete' | 'breaker-open';

export class SummaryModelError extends Error {
  constructor(
    readonly kind: SummaryModelFailure,
    message: string,
    /** HTTP status of the last attempt, when there was one. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SummaryModelError';
  }
}

export interface SummaryAnswer {
  text: string;
  /** The model that answered (as the server names it, else the configured name). */
  model: string;
}

/** A chat model that answers one prompt with one short text. */
export interface SummaryModel {
  /** The configured model name. */
  readonly model: string;
  complete(prompt: SummaryPrompt): Promise<SummaryAnswer>;
  close(): void;
}

export const SUMMARY_MODEL = Symbol('SUMMARY_MODEL');

export interface OpenAISummaryModelOptions {
  apiKey: string;
  model: string;
  /** OpenAI, Azure OpenAI (…/openai/v1) or any OpenAI-compatible server (vLLM, Ollama, llama.cpp). */
  baseURL?: string;
  /** Longest wait for one attempt's whole answer. */
  timeoutMs: number;
  /** Further attempts after a 408 / 409 / 429 / 5xx / connection failure. */
  maxRetries: number;
  /** Breaker: opens after `threshold` consecutive failed attempts; lets one probe through after `resetMs`. Default 5 / 60 s. */
  breaker?: { threshold: number; resetMs: number };
  /** Backoff before retry n (0-based): min(max, base · 2^n) · [0.5, 1). Defaults 500 ms / 8 s. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

/**
 * One non-streaming chat completion from an OpenAI-compatible
 * `/v1/chat/completions` endpoint through LangChain's `ChatOpenAI`,
 * temperature 0, at most SUMMARY_MAX_TOKENS tokens.
 *
 * - Each attempt runs under its own timer (`timeoutMs`, the whole answer) and
 *   is aborted when it fires: `timeout`, not retried (the wait was already as
 *   long as a mail may wait).
 * - LangChain's and openai-node's retries are off (LangChain does not retry a
 *   429 without `Retry-After`); this class retries 408 / 409 / 429 / 5xx and
 *   connection failures `maxRetries` times with exponential backoff and
 *   jitter, honouring `Retry-After` up to the backoff cap (a longer wait ends
 *   the call: `unavailable`). An `insufficient_quota` 429 is not retried.
 * - Every attempt goes through an opossum circuit breaker shared by all calls,
 *   opened by consecutive failures (as rag's): while it is open, calls fail at
 *   once (`breaker-open`) without a request; after `resetMs` one probe decides.
 *   Requests the server refuses as malformed (4xx other than 401/403, the
 *   content filter) do not count.
 * - Other 4xx → `rejected`; `finish_reason` "length" (cut) → `incomplete`,
 *   "content_filter" → `rejected`.
 */
export class OpenAISummaryModel implements SummaryModel {
  readonly model: string;
  private readonly chat: ChatOpenAI;
  private readonly breaker: CircuitBreaker<[SystemMessage, HumanMessage], SummaryAnswer>;
  private consecutiveFailures = 0;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoff: { base: number; max: number };

  constructor(options: OpenAISummaryModelOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs;
    this.maxRetries = options.maxRetries;
    this.backoff = { base: options.retryBaseDelayMs ?? 500, max: options.retryMaxDelayMs ?? 8_000 };
    this.chat = new ChatOpenAI({
      apiKey: options.apiKey,
      model: options.model,
      temperature: 0,
      maxTokens: SUMMARY_MAX_TOKENS,
      timeout: options.timeoutMs,
      maxRetries: 0,
      ...(options.baseURL ? { configuration: { baseURL: options.baseURL } } : {}),
    });
    const breaker = options.breaker ?? { threshold: 5, resetMs: 60_000 };
    this.breaker = new CircuitBreaker((system: SystemMessage, user: HumanMessage) => this.attempt(system, user), {
      name: 'change-summary',
      timeout: false, // each attempt has its own timer (and aborts the request)
      resetTimeout: breaker.resetMs,
      // opossum's own rule (error percentage over a rolling window) is off: no rate exceeds 100 %.
      errorThresholdPercentage: 100,
      // A request the server refused as malformed says nothing about its health (true = not a failure).
      errorFilter: (err: unknown) => err instanceof AttemptFailure && err.error.kind === 'rejected' && err.error.status !== 401 && err.error.status !== 403,
    });
    this.breaker.on('failure', () => {
      this.consecutiveFailures++;
      if (this.breaker.closed && this.consecutiveFailures >= breaker.threshold) this.breaker.open();
    });
    // A filtered error is emitted as 'success' with the error as result: it changes nothing.
    this.breaker.on('success', (result: unknown) => {
      if (!(result instanceof Error)) this.consecutiveFailures = 0;
    });
    this.breaker.on('close', () => (this.consecutiveFailures = 0));
  }

  async complete(prompt: SummaryPrompt): Promise<SummaryAnswer> {
    const system = new SystemMessage(prompt.system);
    const user = new HumanMessage(prompt.user);
    for (let attempt = 0; ; attempt++) {
      let failure: AttemptFailure;
      try {
        return await this.breaker.fire(system, user);
      } catch (err) {
        if ((err as { code?: unknown }).code === 'EOPENBREAKER') throw new SummaryModelError('breaker-open', 'circuit breaker open: the chat model failed recently');
        if (!(err instanceof AttemptFailure)) throw err;
        failure = err;
      }
      const delay = failure.retryable && attempt < this.maxRetries ? this.retryDelay(attempt, failure.retryAfterMs) : undefined;
      if (delay === undefined) throw failure.error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  close(): void {
    this.breaker.shutdown();
  }

  private async attempt(system: SystemMessage, user: HumanMessage): Promise<SummaryAnswer> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new SummaryModelError('timeout', `no answer within ${this.timeoutMs} ms`));
    }, this.timeoutMs);
    try {
      const message = await this.chat.invoke([system, user], { signal: controller.signal });
      if (timedOut) throw new AttemptFailure(new SummaryModelError('timeout', `no answer within ${this.timeoutMs} ms`), false);
      const finish = message.response_metadata?.['finish_reason'];
      if (finish === 'length') throw new AttemptFailure(new SummaryModelError('incomplete', 'answer cut at the token limit'), false);
      if (finish === 'content_filter') throw new AttemptFailure(new SummaryModelError('rejected', 'answer stopped by the content filter'), false);
      const name = message.response_metadata?.['model_name'];
      return { text: message.text, model: typeof name === 'string' && name.length > 0 && name.length <= 100 ? name : this.model };
    } catch (err) {
      if (err instanceof AttemptFailure) throw err;
      if (timedOut || (err instanceof Error && err.name === 'TimeoutError')) {
        throw new AttemptFailure(new SummaryModelError('timeout', `no answer within ${this.timeoutMs} ms`), false);
      }
      const status = httpStatusOf(err);
      if (status === undefined) throw new AttemptFailure(new SummaryModelError('unavailable', `chat model unreachable (${errorName(err)})`), true);
      if (!isTransientStatus(status)) throw new AttemptFailure(new SummaryModelError('rejected', `chat model refused the request (HTTP ${status})`, status), false);
      const quota = status === 429 && (err as { code?: unknown }).code === 'insufficient_quota';
      throw new AttemptFailure(new SummaryModelError('unavailable', `chat model unavailable (HTTP ${status})`, status), !quota, retryAfterMsOf(err));
    } finally {
      clearTimeout(timer);
    }
  }

  /** The wait before retry `attempt`, or undefined when the server asks for a longer wait than the cap. */
  private retryDelay(attempt: number, retryAfterMs: number | undefined): number | undefined {
    const ceiling = Math.min(this.backoff.max, this.backoff.base * 2 ** attempt);
    const delay = Math.round(ceiling * (0.5 + Math.random() / 2));
    if (retryAfterMs === undefined) return delay;
    return retryAfterMs > this.backoff.max ? undefined : Math.max(delay, retryAfterMs);
  }
}

/** One attempt's failure: what the caller sees, and whether another attempt may help. */
class AttemptFailure extends Error {
  constructor(
    readonly error: SummaryModelError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
    this.name = 'AttemptFailure';
  }
}

/** The configured model, or null for SUMMARY_PROVIDER=none (the mails then show the diff lines only). */
export function createSummaryModel(config: NotifierConfig): SummaryModel | null {
  if (config.SUMMARY_PROVIDER === 'none') return null;
  if (!config.OPENAI_API_KEY) throw new Error('SUMMARY_PROVIDER=openai needs OPENAI_API_KEY');
  return new OpenAISummaryModel({
    apiKey: config.OPENAI_API_KEY,
    model: config.SUMMARY_MODEL,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    timeoutMs: config.SUMMARY_TIMEOUT_MS,
    maxRetries: config.SUMMARY_MAX_RETRIES,
  });
}

/** 408 (timeout), 409 (OpenAI: lock timeout), 429 (rate limited) and every 5xx may pass; other 4xx will fail again. */
function isTransientStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function httpStatusOf(err: unknown): number | undefined {
  const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** `retry-after-ms` / `Retry-After` (seconds or an HTTP date) of an openai-node APIError. */
function retryAfterMsOf(err: unknown): number | undefined {
  const headers = typeof err === 'object' && err !== null ? (err as { headers?: unknown }).headers : undefined;
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    if (headers && typeof headers === 'object') {
      const v = (headers as Record<string, unknown>)[name];
      return typeof v === 'string' ? v : undefined;
    }
    return undefined;
  };
  const ms = get('retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The error's class name only: messages of HTTP clients may quote the request or the answer. */
function errorName(err: unknown): string {
  if (err instanceof Error) return (err as { code?: unknown }).code ? `${err.name} ${String((err as { code?: unknown }).code)}` : err.name;
  return typeof err;
}
