import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { loadConfig } from '@laglig/config';
import { MESSAGING_CONNECTION, workerRedis, type MessagingConnection } from '@laglig/messaging';
import { SyncEnvSchema } from './sync.config';
import { SyncService } from './sync.service';

/** The queue of the sync schedule and of the runs themselves (its own, so no other worker takes its jobs). */
export const SYNC_QUEUE = 'schedules.law-catalog.sync';
export const SYNC_SCHEDULER_ID = 'law-catalog-sync';
/** Job of the scheduler: starts an incremental run (or finds the active one). */
export const SYNC_SCHEDULED_JOB = 'sync.scheduled';
/** Job of one run; its id is `sync-run.<runId>`. */
export const SYNC_RUN_JOB = 'sync.run';
export const SYNC_TIME_ZONE = 'Europe/Stockholm';
/** Attempts of a run's job (a list that cannot be read is retried, then the run fails). */
const RUN_JOB_ATTEMPTS = 3;

export const syncRunJobId = (runId: string): string => `sync-run.${runId}`;

interface SyncJobData {
  runId?: string;
}

/**
 * Runs syncs on BullMQ. The scheduler (upsertJobScheduler, idempotent, so
 * registering it on every boot of every replica is fine) starts an
 * incremental run on SYNC_CRON in Europe/Stockholm time; each run is a job
 * with the run's id, executed by one replica's worker. If that process dies,
 * BullMQ's stalled-job check hands the job to another worker after the lock
 * (SYNC_JOB_LOCK_MS) expires, and the run continues from its stored state; at
 * boot, active runs whose job is gone are queued again.
 */
@Injectable()
export class SyncQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SyncQueue.name);
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    private readonly sync: SyncService,
    @Optional() @Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection | null = null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.connection) {
      this.logger.warn('No Redis connection: sync runs execute in this process and no schedule is registered.');
      return;
    }
    const config = loadConfig(SyncEnvSchema);
    const options = { connection: workerRedis(this.connection.redis), prefix: this.connection.prefix };
    this.queue = new Queue(SYNC_QUEUE, options);
    this.queue.on('error', (err) => this.logger.warn(`sync queue: ${err.message}`));
    this.sync.useDispatcher((runId) => this.enqueueRun(runId));

    const pattern = config.SYNC_CRON.trim();
    if (pattern.toLowerCase() === 'off' || !config.RIKSDAGEN_BASE_URL) {
      await this.queue.removeJobScheduler(SYNC_SCHEDULER_ID);
      if (pattern.toLowerCase() !== 'off') this.logger.warn('RIKSDAGEN_BASE_URL is not set: no scheduled sync.');
    } else {
      await this.queue.upsertJobScheduler(
        SYNC_SCHEDULER_ID,
        { pattern, tz: SYNC_TIME_ZONE },
        {
          name: SYNC_SCHEDULED_JOB,
          data: {},
          opts: { removeOnComplete: { age: 7 * 24 * 3600, count: 100 }, removeOnFail: { age: 30 * 24 * 3600 } },
        },
      );
    }

    this.worker = new Worker(SYNC_QUEUE, (job: Job<SyncJobData>) => this.process(job), {
      ...options,
      concurrency: 1,
      lockDuration: config.SYNC_JOB_LOCK_MS,
      stalledInterval: Math.max(1000, Math.floor(config.SYNC_JOB_LOCK_MS / 2)),
      // A run survives many crashes: its state is in the database, not in the job.
      maxStalledCount: 20,
    });
    this.worker.on('error', (err) => this.logger.warn(`sync worker: ${err.message}`));
    await this.worker.waitUntilReady();

    for (const runId of await this.sync.activeRunIds()) {
      this.logger.log(`resuming sync run ${runId}`);
      await this.enqueueRun(runId);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.sync.stop();
    await Promise.allSettled([this.worker?.close(), this.queue?.close()]);
  }

  /** Queues a run's job unless one is waiting or running; a finished job of an active run is replaced. */
  async enqueueRun(runId: string): Promise<void> {
    const queue = this.queue;
    if (!queue) return;
    const jobId = syncRunJobId(runId);
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
      await existing.remove().catch(() => undefined);
    }
    await queue.add(
      SYNC_RUN_JOB,
      { runId },
      {
        jobId,
        attempts: RUN_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 30_000 },
        removeOnComplete: { age: 7 * 24 * 3600, count: 100 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    );
  }

  private async process(job: Job<SyncJobData>): Promise<unknown> {
    if (job.name === SYNC_SCHEDULED_JOB) {
      const started = await this.sync.start('incremental', 'schedule');
      return started.ok ? { runId: started.value.id } : { skipped: started.message };
    }
    if (job.name !== SYNC_RUN_JOB || !job.data.runId) throw new Error(`unknown job ${job.name} on ${SYNC_QUEUE}`);
    const runId = job.data.runId;
    try {
      return { runId, result: await this.sync.execute(runId) };
    } catch (error) {
      // The list could not be read: BullMQ retries the job; after the last attempt the run fails.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.sync.fail(runId, error);
        return { runId, result: 'failed' };
      }
      throw error;
    }
  }
}
