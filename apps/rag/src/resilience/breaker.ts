import CircuitBreaker from 'opossum';
import { createLogger } from '@laglig/observability';

export interface BreakerOptions {
  /** Shown in logs and errors ("chat", "embeddings"). */
  name: string;
  /** Consecutive failures that open the breaker. */
  threshold: number;
  /** How long the breaker stays open before one half-open probe is let through. */
  resetMs: number;
  /**
   * Whether an error counts against the dependency. Errors for which this is
   * false (a 4xx the caller caused, the caller's own abort) pass through
   * without changing the failure count. Default: every error counts.
   */
  isFailure?: (error: unknown) => boolean;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Thrown without calling the dependency while the breaker is open. */
export class BreakerOpenError extends Error {
  constructor(readonly breaker: string) {
    super(`circuit breaker "${breaker}" is open`);
    this.name = 'BreakerOpenError';
  }
}

/**
 * A circuit breaker for calls to one remote dependency (opossum underneath).
 *
 * `threshold` consecutive failures open it; while open every `run()` fails at
 * once with `BreakerOpenError` without calling the dependency. After `resetMs`
 * it is half-open: the next call is the probe (others still fail fast); the
 * probe's success closes it, its failure opens it for another `resetMs`.
 *
 * opossum itself opens on an error percentage over a rolling window; the
 * percentage rule is switched off here (threshold 100 %, which no error rate
 * exceeds) and the breaker is opened by a consecutive-failure count instead,
 * which behaves the same at low and high traffic.
 */
export class Breaker {
  private readonly circuit: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private consecutiveFailures = 0;
  private readonly logger = createLogger('rag').child({ component: 'breaker' });

  constructor(readonly options: BreakerOptions) {
    if (!Number.isInteger(options.threshold) || options.threshold < 1) throw new Error('breaker threshold must be an integer ≥ 1');
    const isFailure = options.isFailure ?? (() => true);
    this.circuit = new CircuitBreaker((action: () => Promise<unknown>) => action(), {
      name: options.name,
      timeout: false, // callers enforce their own timeouts (and abort the request)
      resetTimeout: options.resetMs,
      errorThresholdPercentage: 100,
      // opossum's errorFilter: true = "not a failure".
      errorFilter: (error: unknown) => !isFailure(error),
    });
    this.circuit.on('failure', () => {
      this.consecutiveFailures++;
      if (this.circuit.closed && this.consecutiveFailures >= options.threshold) this.circuit.open();
    });
    this.circuit.on('success', (result: unknown) => {
      // A filtered error is emitted as 'success' with the error as result; it changes nothing.
      if (!(result instanceof Error)) this.consecutiveFailures = 0;
    });
    this.circuit.on('open', () => {
      this.logger.warn(
        { breaker: options.name, consecutiveFailures: this.consecutiveFailures, resetMs: options.resetMs },
        'circuit breaker opened; calls fail fast',
      );
    });
    this.circuit.on('halfOpen', () => this.logger.info({ breaker: options.name }, 'circuit breaker half-open; next call is a probe'));
    this.circuit.on('close', () => {
      this.consecutiveFailures = 0;
      this.logger.info({ breaker: options.name }, 'circuit breaker closed');
    });
  }

  get state(): BreakerState {
    if (this.circuit.opened) return 'open';
    if (this.circuit.halfOpen) return 'half-open';
    return 'closed';
  }

  /** Runs `action` through the breaker; rejects with `BreakerOpenError` while open. */
  async run<T>(action: () => Promise<T>): Promise<T> {
    try {
      return (await this.circuit.fire(action)) as T;
    } catch (err) {
      if (isOpenBreakerError(err)) throw new BreakerOpenError(this.options.name);
      throw err;
    }
  }

  /** Subscribes to state changes (for metrics/tests); returns an unsubscribe function. */
  onStateChange(listener: (state: BreakerState) => void): () => void {
    const open = () => listener('open');
    const halfOpen = () => listener('half-open');
    const close = () => listener('closed');
    this.circuit.on('open', open).on('halfOpen', halfOpen).on('close', close);
    return () => {
      this.circuit.off('open', open).off('halfOpen', halfOpen).off('close', close);
    };
  }

  /** Stops opossum's timers (rolling stats, reset timer). */
  shutdown(): void {
    this.circuit.shutdown();
  }
}

function isOpenBreakerError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EOPENBREAKER';
}
