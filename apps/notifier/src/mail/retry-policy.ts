export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before the next delivery attempt after `attempt` failed ones (1, 2, ...):
 * exponential (base · 2^(attempt-1), capped at maxMs) with "equal jitter" —
 * half fixed, half random — so replicas retrying after one SMTP outage spread
 * out, yet never retry at once.
 */
export function retryDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** What nodemailer reports for a failed send (SMTP reply code when the server answered). */
export interface SendFailure {
  code?: string;
  responseCode?: number;
  message: string;
}

/**
 * A failure that retrying the same mail cannot fix: the server answered with
 * a permanent 5xx reply (unknown mailbox, message refused). Authentication
 * failures (EAUTH) and everything without a reply (connection refused,
 * timeouts) are retried: they are about the server or our config, not the mail.
 */
export function isPermanentFailure(error: SendFailure): boolean {
  if (error.code === 'EAUTH' || error.code === 'ECONNECTION' || error.code === 'ETIMEDOUT' || error.code === 'ESOCKET') return false;
  return typeof error.responseCode === 'number' && error.responseCode >= 500 && error.responseCode < 600;
}

/** A failure as the operator reads it in last_error (bounded). */
export function describeFailure(error: unknown): string {
  const e = error as Partial<SendFailure> | null;
  const message = e && typeof e.message === 'string' ? e.message : String(error);
  const parts = [e?.code, e?.responseCode ? String(e.responseCode) : undefined].filter(Boolean).join(' ');
  return `${parts ? `${parts}: ` : ''}${message}`.replace(/\s+/g, ' ').slice(0, 1000);
}
