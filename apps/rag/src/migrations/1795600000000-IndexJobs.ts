import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-indexing jobs: one row per job; its laws are the index-state rows whose
 * last_event_id is `rebuild:<job id>`, so progress is a count and a restarted
 * service resumes from the stored catalog cursor.
 */
export class IndexJobs1795600000000 implements MigrationInterface {
  name = 'IndexJobs1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rag.index_jobs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        status text NOT NULL,
        embedding_model text NOT NULL,
        cursor text,
        total integer NOT NULL DEFAULT 0,
        message text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT "PK_index_jobs" PRIMARY KEY (id),
        CONSTRAINT "CHK_index_jobs_kind" CHECK (kind IN ('rebuild')),
        CONSTRAINT "CHK_index_jobs_status" CHECK (status IN ('listing', 'indexing', 'completed', 'failed'))
      )`);
    // At most one active job: a second request returns the running one.
    await q.query(`CREATE UNIQUE INDEX "UQ_index_jobs_active" ON rag.index_jobs ((true)) WHERE status IN ('listing', 'indexing')`);
    await q.query(`CREATE INDEX "IDX_law_index_state_event" ON rag.law_index_state (last_event_id) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rag."IDX_law_index_state_event"`);
    await q.query(`DROP TABLE rag.index_jobs`);
  }
}
