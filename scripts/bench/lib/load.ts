/**
 * The shared load driver: open-loop (fixed arrival rate) and closed-loop
 * (fixed concurrency, as fast as the system answers) runs of an async task,
 * both bounded by a duration and a request count.
 *
 * Open loop measures latency from the moment a call was *due*, not from when
 * the driver got round to sending it, so a stalled system (or a stalled
 * driver) shows up in the figures instead of silently lowering the rate
 * (no coordinated omission). The time from the actual send is kept as well.
 */
import { summarise, type LatencySummary } from './stats';

/** One call of the system under test. Resolves true/void for success; false or a rejection is an error. */
export type Task = (seq: number) => Promise<boolean | void>;

export interface RunResult {
  mode: 'open' | 'closed';
  /** Calls started. */
  sent: number;
  completed: number;
  errors: number;
  /** Open loop only: calls not started because maxInFlight was reached. */
  dropped: number;
  elapsedMs: number;
  /** Completed calls per second of wall time. */
  throughput: number;
  /** Latency of successful calls (open loop: from the due time). */
  latency: LatencySummary;
  /** Open loop only: from the actual send (service time as the driver saw it). */
  serviceLatency?: LatencySummary;
  /** Open loop only: how late the driver started calls (driver health). */
  sendLagMs?: LatencySummary;
  /** The first few error messages, for the report. */
  errorSamples: string[];
}

export interface OpenLoopOptions {
  /** Calls per second. */
  rate: number;
  durationMs: number;
  /** Upper bound on calls; default rate × duration. */
  maxRequests?: number;
  /** Calls in flight beyond this are dropped (counted), so a dead system cannot exhaust the driver. */
  maxInFlight?: number;
}

export interface ClosedLoopOptions {
  concurrency: number;
  durationMs: number;
  maxRequests: number;
}

const now = (): number => performance.now();

class Recorder {
  readonly latency: number[] = [];
  readonly service: number[] = [];
  readonly lag: number[] = [];
  readonly errorSamples: string[] = [];
  errors = 0;
  completed = 0;

  error(reason: unknown): void {
    this.errors++;
    if (this.errorSamples.length < 5) {
      const message = reason instanceof Error ? reason.message : String(reason);
      if (!this.errorSamples.includes(message)) this.errorSamples.push(message);
    }
  }
}

async function runOne(task: Task, seq: number, rec: Recorder, due: number, sentAt: number, openLoop: boolean): Promise<void> {
  try {
    const ok = await task(seq);
    const end = now();
    rec.completed++;
    if (ok === false) {
      rec.error('task reported failure');
      return;
    }
    rec.latency.push(end - due);
    if (openLoop) rec.service.push(end - sentAt);
  } catch (error) {
    rec.completed++;
    rec.error(error);
  }
}

export async function openLoop(task: Task, options: OpenLoopOptions): Promise<RunResult> {
  const { rate, durationMs } = options;
  if (!(rate > 0)) throw new Error('rate must be positive');
  const total = Math.min(options.maxRequests ?? Infinity, Math.round((rate * durationMs) / 1000));
  const maxInFlight = options.maxInFlight ?? 10_000;
  const interval = 1000 / rate;
  const rec = new Recorder();
  const pending = new Set<Promise<void>>();
  let sent = 0;
  let dropped = 0;
  let next = 0;
  const start = now();

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const t = now();
      while (next < total && start + next * interval <= t) {
        const due = start + next * interval;
        const seq = next++;
        if (pending.size >= maxInFlight) {
          dropped++;
          continue;
        }
        sent++;
        const sentAt = now();
        rec.lag.push(sentAt - due);
        const p: Promise<void> = runOne(task, seq, rec, due, sentAt, true).finally(() => pending.delete(p));
        pending.add(p);
      }
      if (next >= total) {
        resolve();
        return;
      }
      // No busy-waiting: on a 2-core machine a spinning driver would take CPU from
      // the system under test. Timers fire up to ~1 ms late; calls due meanwhile
      // go out together on the next tick, and that lag counts in their latency.
      const wait = start + next * interval - now();
      setTimeout(tick, Math.max(0, Math.floor(wait)));
    };
    tick();
  });
  await Promise.all(pending);
  const elapsedMs = now() - start;
  return {
    mode: 'open',
    sent,
    completed: rec.completed,
    errors: rec.errors,
    dropped,
    elapsedMs,
    throughput: (rec.completed / elapsedMs) * 1000,
    latency: summarise(rec.latency),
    serviceLatency: summarise(rec.service),
    sendLagMs: summarise(rec.lag),
    errorSamples: rec.errorSamples,
  };
}

export async function closedLoop(task: Task, options: ClosedLoopOptions): Promise<RunResult> {
  const rec = new Recorder();
  const start = now();
  const deadline = start + options.durationMs;
  let seq = 0;
  const worker = async (): Promise<void> => {
    while (seq < options.maxRequests && now() < deadline) {
      const s = seq++;
      const t = now();
      await runOne(task, s, rec, t, t, false);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = now() - start;
  return {
    mode: 'closed',
    sent: seq,
    completed: rec.completed,
    errors: rec.errors,
    dropped: 0,
    elapsedMs,
    throughput: (rec.completed / elapsedMs) * 1000,
    latency: summarise(rec.latency),
    errorSamples: rec.errorSamples,
  };
}
