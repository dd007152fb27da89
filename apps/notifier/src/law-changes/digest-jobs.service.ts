import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { DigestRun } from '@laglig/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import type { DigestRunResult } from './digest.service';
import { DigestJobEntity } from './law-change.entities';
import { digestPeriod } from './period';
import { SubscribersUnavailableError } from './subscriber-directory';

/** A finished pass's record is kept this long (the per-user ledger itself is purged after 90 days). */
const RETENTION_DAYS = 180;
const ACTIVE: Array<DigestJobEntity['status']> = ['queued', 'running'];

/** The BullMQ job id of a run started with `digests.start` (or resumed at boot). */
export const digestRunJobId = (runId: string): string => `digest-run.${runId}`;

/** What an operator may read about a failed attempt: Swedish, without the error's own text (it may quote data). */
export function describeDigestFailure(err: unknown): string {
  if (err instanceof SubscribersUnavailableError) {
    return `Regelefterlevnadstjänsten svarade inte på frågan om prenumeranter (${err.code}); körningen görs om.`;
  }
  return 'Körningen avbröts av ett internt fel; se notifierns logg.';
}

/**
 * The record of every digest pass (`notifier.digest_jobs`): a manual run is
 * inserted as `queued` by `digests.start` before its job is queued; a
 * scheduled run is inserted by the worker when the scheduler's job begins.
 * The worker then moves it to running → completed | failed (a failed attempt
 * that will be retried goes back to queued, with its reason).
 */
@Injectable()
export class DigestJobs {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(DigestJobEntity);
  }

  /** A new manual run, queued as of `at`. */
  async createManual(at: Date): Promise<DigestJobEntity> {
    const id = randomUUID();
    return this.repo.save(
      this.repo.create({ id, jobId: digestRunJobId(id), trigger: 'manual', status: 'queued', at, period: digestPeriod(at, this.config.DIGEST_TZ).date }),
    );
  }

  /** The scheduler's job `jobId` as a run (inserted on its first attempt, found again on a retry). */
  async forScheduledJob(jobId: string, at: Date): Promise<DigestJobEntity> {
    await this.dataSource.query(
      `INSERT INTO notifier.digest_jobs (id, job_id, trigger, status, at, period) VALUES ($1, $2, 'schedule', 'queued', $3, $4)
       ON CONFLICT ON CONSTRAINT "UQ_digest_jobs_job" DO NOTHING`,
      [randomUUID(), jobId, at, digestPeriod(at, this.config.DIGEST_TZ).date],
    );
    return this.repo.findOneOrFail({ where: { jobId } });
  }

  find(id: string): Promise<DigestJobEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  async latest(): Promise<DigestJobEntity | null> {
    return (await this.recent(1))[0] ?? null;
  }

  recent(limit: number): Promise<DigestJobEntity[]> {
    return this.repo.find({ order: { queuedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** Runs that have not finished (resumed at boot when their job is gone). */
  active(): Promise<DigestJobEntity[]> {
    return this.repo.find({ where: { status: In(ACTIVE) }, order: { queuedAt: 'ASC' } });
  }

  async setJobId(id: string, jobId: string): Promise<void> {
    await this.repo.update({ id }, { jobId });
  }

  async markRunning(id: string, attempt: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifier.digest_jobs SET status = 'running', attempts = $2, started_at = COALESCE(started_at, now()) WHERE id = $1`,
      [id, attempt],
    );
  }

  async markCompleted(id: string, result: DigestRunResult): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifier.digest_jobs SET status = 'completed', finished_at = now(), period = $2, users = $3, sent = $4, skipped = $5, error = NULL WHERE id = $1`,
      [id, result.period, result.users, result.sent, result.skipped],
    );
    await this.dataSource.query(`DELETE FROM notifier.digest_jobs WHERE finished_at < now() - $1 * interval '1 day'`, [RETENTION_DAYS]);
  }

  /** A failed attempt: final → failed; otherwise back to queued until BullMQ retries it. */
  async markFailed(id: string, error: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifier.digest_jobs SET status = $2::text, error = $3, finished_at = CASE WHEN $2::text = 'failed' THEN now() ELSE NULL END WHERE id = $1`,
      [id, final ? 'failed' : 'queued', error],
    );
  }

  static toDto(run: DigestJobEntity): DigestRun {
    return {
      id: run.id,
      trigger: run.trigger,
      status: run.status,
      at: run.at.toISOString(),
      period: run.period,
      queuedAt: run.queuedAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      attempts: run.attempts,
      users: run.users,
      sent: run.sent,
      skipped: run.skipped,
      error: run.error,
    };
  }
}
