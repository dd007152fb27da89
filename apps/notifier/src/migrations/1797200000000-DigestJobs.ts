import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per digest pass (the scheduled 08:00 run and `digests.start`): its
 * state, times and counts, so `digests.status` answers from PostgreSQL after a
 * restart and after BullMQ has dropped the job. Not to be confused with
 * `digest_runs`, the per-user-and-day ledger that keeps a user to one digest a day.
 */
export class DigestJobs1797200000000 implements MigrationInterface {
  name = 'DigestJobs1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifier.digest_jobs (
        id uuid NOT NULL,
        job_id text NOT NULL,
        trigger text NOT NULL,
        status text NOT NULL,
        at timestamptz NOT NULL,
        period date NOT NULL,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        users integer NOT NULL DEFAULT 0,
        sent integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        error text,
        CONSTRAINT "PK_digest_jobs" PRIMARY KEY (id),
        CONSTRAINT "UQ_digest_jobs_job" UNIQUE (job_id),
        CONSTRAINT "CHK_digest_jobs_trigger" CHECK (trigger IN ('schedule', 'manual')),
        CONSTRAINT "CHK_digest_jobs_status" CHECK (status IN ('queued', 'running', 'completed', 'failed'))
      )`);
    await q.query(`CREATE INDEX "IDX_digest_jobs_queued" ON notifier.digest_jobs (queued_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifier.digest_jobs`);
  }
}
