import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * pgvector for the embeddings that come with the RAG issue, and the index
 * state table that records which law version the index must hold.
 */
export class InitialRag1795318000000 implements MigrationInterface {
  name = 'InitialRag1795318000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS vector`);
    await q.query(`
      CREATE TABLE rag.law_index_state (
        sfs text NOT NULL,
        title text NOT NULL,
        version_id uuid NOT NULL,
        status text NOT NULL,
        last_event_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_law_index_state" PRIMARY KEY (sfs),
        CONSTRAINT "CHK_law_index_state_status" CHECK (status IN ('pending', 'indexed', 'removed'))
      )`);
    await q.query(`CREATE INDEX "IDX_law_index_state_pending" ON rag.law_index_state (updated_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rag.law_index_state`);
  }
}
