import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A machine-written summary per law change (SUMMARY_PROVIDER=openai): the
 * sentence and the model that wrote it, and how often and when it was last
 * asked for (one call per change, shared by every mail about it).
 */
export class LawChangeAiSummary1797000000000 implements MigrationInterface {
  name = 'LawChangeAiSummary1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifier.law_changes_inbox
        ADD COLUMN ai_summary text,
        ADD COLUMN ai_model text,
        ADD COLUMN ai_summary_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN ai_summary_attempted_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifier.law_changes_inbox
        DROP COLUMN ai_summary_attempted_at,
        DROP COLUMN ai_summary_attempts,
        DROP COLUMN ai_model,
        DROP COLUMN ai_summary`);
  }
}
