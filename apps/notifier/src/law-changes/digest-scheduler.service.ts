import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { DigestRun } from '@laglig/contracts';
import { MESSAGING_CONNECTION, workerRedis, type MessagingConnection } from '@laglig/messaging';
import { createLogger, newCorrelationId, runWithContext } from '@laglig/observability';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import { describeDigestFailure, DigestJobs, digestRunJobId } from './digest-jobs.service';
import { DigestService, type DigestRunResult } from './digest.service';

/** The digest's own queue (no other worker takes its jobs). */
export const DIGEST_QUEUE = 'schedules.notifier.digest';
export const DIGEST_SCHEDULER_ID = 'law-change-digest';
/** Job of a run started with `digests.start` (or resumed at boot); its id is `digest-run.<runId>`. */
export const DIGEST_RUN_JOB = 'digest.run';

/** The same retry and retention for the scheduled run and a manual one. */
export const DIGEST_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: { age: 30 * 24 * 3600, count: 500 },
  removeOnFail: { age: 90 * 24 * 3600 },
} satisfies JobsOptions;

interface DigestJobData {
  runId?: string;
}

/**
 * Digest passes on BullMQ. The schedule is a job scheduler, registered by
 * whichever replica boots (upsertJobScheduler is idempotent, so there is one
 * schedule per Redis, not one per replica), firing DIGEST_CRON in DIGEST_TZ —
 * by default 08:00 Europe/Stockholm, summer and winter time alike.
 * `digests.start` queues a `digest.run` job on the same queue. One replica's
 * worker (concurrency 1) takes each job, and both kinds run the same
 * `DigestService.run`, so the manual and the scheduled pass share the "one
 * digest per user and day" ledger. Each pass is recorded in
 * `notifier.digest_jobs` (DigestJobs); a failed attempt (compliance-workflow
 * unreachable) is retried with backoff. DIGEST_CRON=off removes the schedule;
 * the worker still runs manual passes.
 */
@Injectable()
export class DigestScheduler implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = createLogger('notifier').child({ component: 'digest-scheduler' });
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    private readonly digests: DigestService,
    private readonly jobs: DigestJobs,
    @Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  /** The repeat options registered with BullMQ (also what the DST test computes with). */
  repeatOptions(): { pattern: string; tz: string } | null {
    return this.config.digestCron ? { pattern: this.config.digestCron, tz: this.config.DIGEST_TZ } : null;
  }

  private get options() {
    return { connection: workerRedis(this.connection.redis), prefix: this.connection.prefix };
  }

  /** The queue exists before any RPC handler can be called (`digests.start` adds to it). */
  onModuleInit(): void {
    this.queue = new Queue(DIGEST_QUEUE, this.options);
    this.queue.on('error', (err) => this.logger.warn({ err: err.message }, 'digest queue error'));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.UNSUBSCRIBE_SECRET) this.logger.warn('UNSUBSCRIBE_SECRET is not set: unsubscribe links are signed with the development key (refused in production)');
    const queue = this.requireQueue();
    const repeat = this.repeatOptions();
    if (!repeat) {
      await queue.removeJobScheduler(DIGEST_SCHEDULER_ID);
      this.logger.info('DIGEST_CRON=off: no digest schedule (digests.start still runs a pass)');
    } else {
      await queue.upsertJobScheduler(DIGEST_SCHEDULER_ID, repeat, { name: DIGEST_SCHEDULER_ID, data: {}, opts: DIGEST_JOB_OPTIONS });
    }
    this.worker = new Worker(DIGEST_QUEUE, (job: Job<DigestJobData>) => this.process(job), { ...this.options, concurrency: 1 });
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'digest worker error'));
    this.worker.on('failed', (job, err) => this.logger.error({ jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'digest run failed'));
    await this.worker.waitUntilReady();
    await this.resume();
    if (repeat) this.logger.info({ cron: repeat.pattern, tz: repeat.tz }, 'digest schedule registered');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.worker?.close(), this.queue?.close()]);
  }

  /** `digests.start`: records a queued run as of `at` and queues its job; answers at once. */
  async start(at: Date): Promise<DigestRun> {
    const run = await this.jobs.createManual(at);
    try {
      await this.enqueue(run.id);
    } catch (err) {
      await this.jobs.markFailed(run.id, 'Körningen kunde inte köas; försök igen.', true);
      throw err;
    }
    this.logger.info({ runId: run.id, period: run.period }, 'digest run queued');
    return DigestJobs.toDto(run);
  }

  private requireQueue(): Queue {
    if (!this.queue) throw new Error('digest queue is not open');
    return this.queue;
  }

  /** Queues a run's job unless one is waiting or running; a finished job of an unfinished run is replaced. */
  private async enqueue(runId: string): Promise<void> {
    const queue = this.requireQueue();
    const jobId = digestRunJobId(runId);
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
      await existing.remove().catch(() => undefined);
    }
    await queue.add(DIGEST_RUN_JOB, { runId } satisfies DigestJobData, { ...DIGEST_JOB_OPTIONS, jobId });
  }

  /**
   * At boot: a run still queued or running whose job is gone (Redis lost, or
   * the process died between the pass and its record) is queued again as a
   * `digest.run` job. The pass is idempotent per user and day, so running it
   * again sends nothing twice.
   */
  async resume(): Promise<void> {
    const queue = this.requireQueue();
    for (const run of await this.jobs.active()) {
      const job = await queue.getJob(run.jobId);
      const state = job ? await job.getState() : 'unknown';
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
      if (run.jobId !== digestRunJobId(run.id)) await this.jobs.setJobId(run.id, digestRunJobId(run.id));
      this.logger.info({ runId: run.id }, 'resuming digest run');
      await this.enqueue(run.id);
    }
  }

  private async process(job: Job<DigestJobData>): Promise<DigestRunResult | { skipped: string }> {
    let runId: string;
    let at: Date;
    if (job.name === DIGEST_SCHEDULER_ID) {
      // The time the run was due (a run delayed past midnight still belongs to its own day).
      const due = (job.opts as { prevMillis?: number }).prevMillis;
      const run = await this.jobs.forScheduledJob(job.id ?? `${DIGEST_SCHEDULER_ID}:${job.timestamp}`, typeof due === 'number' && due > 0 ? new Date(due) : new Date());
      runId = run.id;
      at = run.at; // a retry keeps the first attempt's instant
    } else if (job.name === DIGEST_RUN_JOB && job.data.runId) {
      const run = await this.jobs.find(job.data.runId);
      if (!run) return { skipped: 'unknown run' };
      if (run.status === 'completed' || run.status === 'failed') return { skipped: `already ${run.status}` };
      runId = run.id;
      at = run.at;
    } else {
      throw new Error(`unknown job ${job.name} on ${DIGEST_QUEUE}`);
    }
    await this.jobs.markRunning(runId, job.attemptsMade + 1);
    try {
      const result = await runWithContext({ correlationId: newCorrelationId() }, () => this.digests.run(at));
      await this.jobs.markCompleted(runId, result);
      return result;
    } catch (err) {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.jobs.markFailed(runId, describeDigestFailure(err), final).catch((e: unknown) => this.logger.warn({ runId, err: (e as Error).message }, 'could not record the failed digest run'));
      throw err;
    }
  }
}
