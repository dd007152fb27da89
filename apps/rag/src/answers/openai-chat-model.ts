import { AIMessage, HumanMessage, SystemMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { Breaker, BreakerOpenError } from '../resilience/breaker';
import { abortReason, apiErrorCodeOf, backoffDelay, httpStatusOf, isTransientStatus, retryAfterMsOf, sleep } from '../resilience/retry';
import { ChatModelError, type ChatMessage, type ChatModel, type ChatStreamOptions } from './chat-model';

export interface OpenAIChatModelOptions {
  apiKey: string;
  /** "gpt-4o-mini", or whatever name the OpenAI-compatible server knows the model by. */
  model: string;
  /** OpenAI, Azure OpenAI (…/openai/v1) or any OpenAI-compatible server (vLLM, Ollama, llama.cpp). */
  baseURL?: string;
  maxTokens: number;
  /** Longest wait for the response and then for each next chunk. */
  timeoutMs: number;
  /** Further attempts after a 429 / 5xx / connection failure, only before any text was streamed. */
  maxRetries: number;
  /** Circuit breaker around starting a request, shared by every call of this model instance. */
  breaker: { threshold: number; resetMs: number };
  /** Backoff before retry n (0-based): min(max, base · 2^n) · [0.5, 1). Defaults 500 ms / 8 s. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

/** Finish reasons that mean the model stopped because it was done (OpenAI: stop; tools: tool_calls/function_call). */
const FINISHED = new Set(['stop', 'tool_calls', 'function_call', 'eos', 'end_turn']);

/**
 * Chat completions from an OpenAI-compatible `/v1/chat/completions` endpoint
 * through LangChain's `ChatOpenAI`, streamed (SSE), temperature 0.
 *
 * What the libraries do, measured against the loopback server
 * (`testing/fake-openai.ts`, see the spec):
 * - a stream that ends without `finish_reason` and without `data: [DONE]` ends
 *   silently in openai-node and LangChain (it looks finished!) — so this class
 *   requires a finish reason and throws INCOMPLETE otherwise;
 * - a socket destroyed mid-stream surfaces as undici's `TypeError: terminated`;
 * - the client's `timeout` only covers the wait for response headers, and an
 *   abort mid-stream makes openai-node end the stream without an error — so
 *   this class runs its own idle timer (response and each next chunk) and
 *   decides TIMEOUT / abort from its own state, not from the error thrown;
 * - LangChain's retry does not retry a 429 without `Retry-After` and waits at
 *   least 1 s otherwise; it is switched off (maxRetries 0 in LangChain and in
 *   openai-node) and this class retries itself: 429 / 408 / 409 / 5xx /
 *   connection failures / an empty response, with exponential backoff and
 *   jitter, honouring `Retry-After`, and only while nothing has been streamed
 *   (`ChatOpenAI.stream()` resolves once the first chunk arrived; after that
 *   nothing is retried, so text is never duplicated).
 *
 * Errors: 400/401/403/404/422… → REJECTED (no retry); transient failures after
 * the retries, the breaker open, unreachable → UNAVAILABLE; no response or no
 * next chunk within `timeoutMs` → TIMEOUT (not retried: the wait was already
 * as long as the caller allows); a cut stream or `finish_reason: "length"`
 * (CHAT_MAX_TOKENS reached) → INCOMPLETE; `content_filter` → REJECTED. The
 * caller's own abort is rethrown as the signal's reason (an `AbortError`).
 */
export class OpenAIChatModel implements ChatModel {
  readonly id: string;
  /** Its state is worth exporting as a metric / health detail. */
  readonly breaker: Breaker;
  private readonly chat: ChatOpenAI;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoff: { baseDelayMs: number; maxDelayMs: number };

  constructor(options: OpenAIChatModelOptions) {
    this.id = `openai:${options.model}`;
    this.breaker = new Breaker({ name: 'chat', ...options.breaker, isFailure: countsAsChatFailure });
    this.timeoutMs = options.timeoutMs;
    this.maxRetries = options.maxRetries;
    this.backoff = { baseDelayMs: options.retryBaseDelayMs ?? 500, maxDelayMs: options.retryMaxDelayMs ?? 8_000 };
    this.chat = new ChatOpenAI({
      apiKey: options.apiKey,
      model: options.model,
      temperature: 0,
      maxTokens: options.maxTokens,
      // A backstop only: openai-node's timeout ends at the response headers; the idle timer below is the real one.
      timeout: options.timeoutMs,
      maxRetries: 0,
      // No `stream_options`: not every OpenAI-compatible server accepts it, and usage is not reported from here.
      streamUsage: false,
      ...(options.baseURL ? { configuration: { baseURL: options.baseURL } } : {}),
    });
  }

  async *stream(messages: ChatMessage[], options: ChatStreamOptions = {}): AsyncGenerator<string> {
    const callerSignal = options.signal;
    if (callerSignal?.aborted) throw abortReason(callerSignal);
    const input = messages.map(toLangChainMessage);

    let opened: Opened | undefined;
    for (let attempt = 0; opened === undefined; attempt++) {
      const watch = new Watch(this.timeoutMs, callerSignal);
      try {
        opened = await this.breaker.run(() => this.open(input, watch));
      } catch (err) {
        watch.dispose(false);
        if (err instanceof BreakerOpenError) {
          throw new ChatModelError('UNAVAILABLE', `chat model ${this.id} unavailable: ${err.message}`, { cause: err });
        }
        if (!(err instanceof AttemptFailure)) throw err;
        const delay = err.retryable && attempt < this.maxRetries ? this.retryDelay(attempt, err.retryAfterMs) : undefined;
        if (delay === undefined) throw err.error;
        await sleep(delay, callerSignal);
      }
    }

    const { iterator, watch } = opened;
    let result = opened.first;
    let finishReason: string | undefined;
    try {
      while (!result.done) {
        const chunk = result.value;
        const reason = chunk.response_metadata?.['finish_reason'];
        if (typeof reason === 'string') finishReason = reason;
        const text = chunk.text;
        if (text) yield text;
        watch.arm();
        result = await iterator.next();
        watch.disarm();
      }
    } catch (err) {
      throw this.midStreamError(err, watch);
    } finally {
      // Runs on completion, on error and when the consumer stops early: never leave the request running.
      const completed = result.done === true;
      watch.dispose(completed);
      if (!completed) iterator.return?.().catch(() => undefined);
    }
    // openai-node ends an aborted stream silently; decide from our own state.
    if (watch.timedOut) throw new ChatModelError('TIMEOUT', `no chunk from ${this.id} within ${this.timeoutMs} ms`);
    if (callerSignal?.aborted) throw abortReason(callerSignal);
    if (finishReason === undefined) {
      throw new ChatModelError('INCOMPLETE', `stream from ${this.id} ended without a finish reason (cut before the end)`);
    }
    if (finishReason === 'length') {
      throw new ChatModelError('INCOMPLETE', `answer from ${this.id} was cut at the token limit (finish_reason "length")`);
    }
    if (finishReason === 'content_filter') {
      throw new ChatModelError('REJECTED', `answer from ${this.id} was stopped by the content filter`);
    }
    if (!FINISHED.has(finishReason)) {
      throw new ChatModelError('INCOMPLETE', `stream from ${this.id} ended with finish_reason "${finishReason}"`);
    }
  }

  /** Stops the breaker's timers (tests, shutdown). */
  close(): void {
    this.breaker.shutdown();
  }

  /**
   * One attempt to start: sends the request and waits for the first chunk.
   * Throws an `AttemptFailure` saying what the caller sees and whether another
   * attempt may help; the breaker counts it unless the request was rejected or
   * the caller aborted.
   */
  private async open(input: BaseMessage[], watch: Watch): Promise<Opened> {
    let iterator: AsyncIterator<AIMessageChunk> | undefined;
    try {
      const stream = await this.chat.stream(input, { signal: watch.signal });
      iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      if (watch.timedOut || watch.callerAborted) throw watch.signal.reason;
      if (first.done) {
        throw new AttemptFailure(new ChatModelError('INCOMPLETE', `empty response stream from ${this.id}`), { retryable: true, failure: true });
      }
      watch.disarm();
      return { iterator, first, watch };
    } catch (err) {
      iterator?.return?.().catch(() => undefined);
      if (err instanceof AttemptFailure) throw err;
      throw this.startError(err, watch);
    }
  }

  private startError(err: unknown, watch: Watch): AttemptFailure {
    if (watch.timedOut || isTimeoutError(err)) {
      const error = new ChatModelError('TIMEOUT', `no response from ${this.id} within ${this.timeoutMs} ms`, { cause: err });
      return new AttemptFailure(error, { retryable: false, failure: true });
    }
    if (watch.callerAborted) return new AttemptFailure(abortReason(watch.callerSignal), { retryable: false, failure: false });
    const status = httpStatusOf(err);
    if (status === undefined) {
      // No HTTP status before the first chunk: refused, reset, DNS, a body that broke off.
      const error = new ChatModelError('UNAVAILABLE', `chat model ${this.id} unreachable: ${messageOf(err)}`, { cause: err });
      return new AttemptFailure(error, { retryable: true, failure: true });
    }
    if (!isTransientStatus(status)) {
      const error = new ChatModelError('REJECTED', `chat model ${this.id} rejected the request (HTTP ${status}): ${messageOf(err)}`, { cause: err });
      return new AttemptFailure(error, { retryable: false, failure: false });
    }
    const quota = status === 429 && apiErrorCodeOf(err) === 'insufficient_quota';
    const error = new ChatModelError('UNAVAILABLE', `chat model ${this.id} unavailable (HTTP ${status}): ${messageOf(err)}`, { cause: err });
    return new AttemptFailure(error, { retryable: !quota, failure: true, retryAfterMs: retryAfterMsOf(err) });
  }

  private midStreamError(err: unknown, watch: Watch): Error {
    if (watch.timedOut) return new ChatModelError('TIMEOUT', `no chunk from ${this.id} within ${this.timeoutMs} ms`, { cause: err });
    if (watch.callerAborted) return abortReason(watch.callerSignal);
    return new ChatModelError('INCOMPLETE', `stream from ${this.id} broke off: ${messageOf(err)}`, { cause: err });
  }

  /** The wait before retry `attempt`, or undefined when the server asks for a longer wait than we allow. */
  private retryDelay(attempt: number, retryAfterMs: number | undefined): number | undefined {
    const delay = backoffDelay(attempt, this.backoff);
    if (retryAfterMs === undefined) return delay;
    if (retryAfterMs > this.backoff.maxDelayMs) return undefined;
    return Math.max(delay, retryAfterMs);
  }
}

interface Opened {
  iterator: AsyncIterator<AIMessageChunk>;
  first: IteratorResult<AIMessageChunk>;
  watch: Watch;
}

class AttemptFailure extends Error {
  readonly retryable: boolean;
  /** Counts against the circuit breaker. */
  readonly failure: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly error: Error,
    options: { retryable: boolean; failure: boolean; retryAfterMs?: number | undefined },
  ) {
    super(error.message);
    this.name = 'AttemptFailure';
    this.retryable = options.retryable;
    this.failure = options.failure;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** For the breaker: rejected requests and the caller's aborts say nothing about the server's health. */
function countsAsChatFailure(error: unknown): boolean {
  return !(error instanceof AttemptFailure) || error.failure;
}

/**
 * One attempt's abort controller: follows the caller's signal, and aborts
 * itself when no response / no next chunk came within `timeoutMs`.
 */
class Watch {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  timedOut = false;
  private readonly onCallerAbort = () => {
    this.disarm();
    this.controller.abort(abortReason(this.callerSignal));
  };

  constructor(
    private readonly timeoutMs: number,
    readonly callerSignal: AbortSignal | undefined,
  ) {
    callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get callerAborted(): boolean {
    return !this.timedOut && this.callerSignal?.aborted === true;
  }

  arm(): void {
    this.disarm();
    if (this.controller.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new ChatModelError('TIMEOUT', `no response within ${this.timeoutMs} ms`));
    }, this.timeoutMs);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops the timer; aborts the request unless it completed. */
  dispose(completed: boolean): void {
    this.disarm();
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    if (!completed && !this.controller.signal.aborted) this.controller.abort();
  }
}

function toLangChainMessage(message: ChatMessage): BaseMessage {
  switch (message.role) {
    case 'system':
      return new SystemMessage(message.content);
    case 'user':
      return new HumanMessage(message.content);
    case 'assistant':
      return new AIMessage(message.content);
  }
}

/** openai-node's own timeout, as LangChain rethrows it. */
function isTimeoutError(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}

function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // LangChain appends a multi-line troubleshooting URL; keep the first line.
  return message.split('\n')[0].trim();
}
