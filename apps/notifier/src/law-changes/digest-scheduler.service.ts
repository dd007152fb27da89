import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { MESSAGING_CONNECTION, workerRedis, type MessagingConnection } from '@laglig/messaging';
import { createLogger, newCorrelationId, runWithContext } from '@laglig/observability';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import { DigestService, type DigestRunResult } from './digest.service';

/** The digest's own queue (no other worker takes its jobs). */
export const DIGEST_QUEUE = 'schedules.notifier.digest';
export const DIGEST_SCHEDULER_ID = 'law-change-digest';

/**
 * The digest schedule: a BullMQ job scheduler, registered by whichever
 * replica boots (upsertJobScheduler is idempotent, so there is one schedule
 * per Redis, not one per replica), fires DIGEST_CRON in DIGEST_TZ — by
 * default 08:00 Europe/Stockholm, summer and winter time alike. One replica's
 * worker takes each run; a failed run (compliance-workflow unreachable) is
 * retried with backoff, and the run itself is idempotent per user and day.
 * DIGEST_CRON=off removes the schedule (digests.run still works).
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = createLogger('notifier').child({ component: 'digest-scheduler' });
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    private readonly digests: DigestService,
    @Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  /** The repeat options registered with BullMQ (also what the DST test computes with). */
  repeatOptions(): { pattern: string; tz: string } | null {
    return this.config.digestCron ? { pattern: this.config.digestCron, tz: this.config.DIGEST_TZ } : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.UNSUBSCRIBE_SECRET) this.logger.warn('UNSUBSCRIBE_SECRET is not set: unsubscribe links are signed with the development key (refused in production)');
    const options = { connection: workerRedis(this.connection.redis), prefix: this.connection.prefix };
    this.queue = new Queue(DIGEST_QUEUE, options);
    this.queue.on('error', (err) => this.logger.warn({ err: err.message }, 'digest queue error'));
    const repeat = this.repeatOptions();
    if (!repeat) {
      await this.queue.removeJobScheduler(DIGEST_SCHEDULER_ID);
      this.logger.info('DIGEST_CRON=off: no digest schedule');
      return;
    }
    await this.queue.upsertJobScheduler(DIGEST_SCHEDULER_ID, repeat, {
      name: DIGEST_SCHEDULER_ID,
      data: {},
      opts: {
        attempts: 6,
        backoff: { type: 'exponential', delay: 60_000 },
        removeOnComplete: { age: 30 * 24 * 3600, count: 500 },
        removeOnFail: { age: 90 * 24 * 3600 },
      },
    });
    this.worker = new Worker(DIGEST_QUEUE, (job: Job) => this.process(job), { ...options, concurrency: 1 });
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'digest worker error'));
    this.worker.on('failed', (job, err) => this.logger.error({ jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'digest run failed'));
    await this.worker.waitUntilReady();
    this.logger.info({ cron: repeat.pattern, tz: repeat.tz }, 'digest schedule registered');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.worker?.close(), this.queue?.close()]);
  }

  private process(job: Job): Promise<DigestRunResult> {
    if (job.name !== DIGEST_SCHEDULER_ID) throw new Error(`unknown job ${job.name} on ${DIGEST_QUEUE}`);
    // The time the run was due (a run delayed past midnight still belongs to its own day).
    const due = (job.opts as { prevMillis?: number }).prevMillis;
    const at = typeof due === 'number' && due > 0 ? new Date(due) : new Date();
    return runWithContext({ correlationId: newCorrelationId() }, () => this.digests.run(at));
  }
}
