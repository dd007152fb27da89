/**
 * fetch with a timeout and retries: exponential backoff with full jitter on
 * 5xx, 429 (honouring Retry-After) and network errors/timeouts. Other 4xx
 * are final. Node 20's global fetch (undici) underneath.
 */
export interface RetryPolicy {
  /** Attempts in total (1 = no retry). */
  attempts: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, timeoutMs: 30_000, baseDelayMs: 500, maxDelayMs: 15_000 };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} från ${url}`);
    this.name = 'HttpError';
  }
}

export interface FetchRetryOptions extends Partial<RetryPolicy> {
  headers?: Record<string, string>;
  /** Called before a retry (logging, metrics). */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  /** Injected for tests of the policy itself; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const RETRYABLE_STATUS = (status: number): boolean => status === 429 || status >= 500;

/** Full-jitter backoff: a random delay in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** GET a URL and return its body as text (after retries), or throw HttpError / the last network error. */
export async function fetchTextWithRetry(url: string, options: FetchRetryOptions = {}): Promise<string> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options };
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let delay: number | null = null;
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json, text/plain;q=0.9', ...options.headers },
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      if (response.ok) return await response.text();
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (!RETRYABLE_STATUS(response.status) || attempt >= policy.attempts) throw new HttpError(response.status, url);
      reason = `HTTP ${response.status}`;
      delay = retryAfterMs(response.headers.get('retry-after'));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (attempt >= policy.attempts) throw error;
      reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    const wait = Math.min(policy.maxDelayMs, delay ?? backoffDelay(attempt, policy, options.random));
    options.onRetry?.({ url, attempt, delayMs: wait, reason });
    await sleep(wait);
  }
}
