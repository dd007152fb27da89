import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The retention purge (conversations/conversation-retention.ts) finds expired conversations by updated_at. */
export class ConversationRetention1797300000000 implements MigrationInterface {
  name = 'ConversationRetention1797300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_conversations_updated" ON rag.conversations (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rag."IDX_conversations_updated"`);
  }
}
