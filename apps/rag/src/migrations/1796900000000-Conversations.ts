import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed-in chat history: one row per conversation (its owner, the workspace it
 * was asked in, the first question as title) and its messages. Questions are
 * personal data: deleting a conversation deletes its messages (ON DELETE CASCADE).
 */
export class Conversations1796900000000 implements MigrationInterface {
  name = 'Conversations1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rag.conversations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        workspace_id uuid,
        title text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_conversations" PRIMARY KEY (id)
      )`);
    // The user's list, newest first (read backwards), with or without a workspace.
    await q.query(`CREATE INDEX "IDX_conversations_user" ON rag.conversations (user_id, updated_at, id)`);
    await q.query(`CREATE INDEX "IDX_conversations_user_workspace" ON rag.conversations (user_id, workspace_id, updated_at, id)`);
    await q.query(`
      CREATE TABLE rag.conversation_messages (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL,
        role text NOT NULL,
        text text NOT NULL,
        citations jsonb NOT NULL,
        status text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_conversation_messages" PRIMARY KEY (id),
        CONSTRAINT "FK_conversation_messages_conversation" FOREIGN KEY (conversation_id) REFERENCES rag.conversations (id) ON DELETE CASCADE,
        CONSTRAINT "CHK_conversation_messages_role" CHECK (role IN ('user', 'assistant')),
        CONSTRAINT "CHK_conversation_messages_status" CHECK (
          (role = 'user' AND status IS NULL) OR
          (role = 'assistant' AND status IN ('answered', 'refused', 'out_of_scope', 'error'))
        )
      )`);
    await q.query(`CREATE INDEX "IDX_conversation_messages_conversation" ON rag.conversation_messages (conversation_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rag.conversation_messages`);
    await q.query(`DROP TABLE rag.conversations`);
  }
}
