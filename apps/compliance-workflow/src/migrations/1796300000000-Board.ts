import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Kanban board: one board per workspace (a marker row, created with the
 * default columns on first access), columns and cards ordered by fractional
 * keys (`position`, byte order: COLLATE "C"), and comments.
 *
 * A column holding cards cannot be deleted (NO ACTION, checked at the end of
 * the statement, so deleting a whole workspace still cascades through).
 * Cards reference requirements by id without a foreign key: the register part
 * owns that table; the service checks the id belongs to the same workspace.
 */
export class Board1796300000000 implements MigrationInterface {
  name = 'Board1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance.boards (
        workspace_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT boards_pkey PRIMARY KEY (workspace_id),
        CONSTRAINT boards_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE compliance.board_columns (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        position text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT board_columns_pkey PRIMARY KEY (id),
        CONSTRAINT board_columns_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.boards (workspace_id) ON DELETE CASCADE,
        CONSTRAINT board_columns_workspace_name_key UNIQUE (workspace_id, name),
        CONSTRAINT board_columns_workspace_position_key UNIQUE (workspace_id, position)
      )`);

    await q.query(`
      CREATE TABLE compliance.board_cards (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        column_id uuid NOT NULL,
        position text COLLATE "C" NOT NULL,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        law_ref text,
        requirement_id uuid,
        assignee_ids uuid[] NOT NULL,
        due_date date,
        labels text[] NOT NULL,
        checklist jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_by uuid NOT NULL,
        due_reminded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT board_cards_pkey PRIMARY KEY (id),
        CONSTRAINT board_cards_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT board_cards_column_id_fkey FOREIGN KEY (column_id) REFERENCES compliance.board_columns (id),
        CONSTRAINT board_cards_created_by_fkey FOREIGN KEY (created_by) REFERENCES compliance.users (id),
        CONSTRAINT board_cards_column_position_key UNIQUE (column_id, position)
      )`);
    await q.query(`CREATE INDEX board_cards_workspace_idx ON compliance.board_cards (workspace_id)`);
    // The due-date reminder scan: only cards with a due date that have not been reminded.
    await q.query(`CREATE INDEX board_cards_due_idx ON compliance.board_cards (due_date) WHERE due_reminded_at IS NULL AND due_date IS NOT NULL`);

    await q.query(`
      CREATE TABLE compliance.board_comments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        card_id uuid NOT NULL,
        author_id uuid NOT NULL,
        body text NOT NULL,
        mentions uuid[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT board_comments_pkey PRIMARY KEY (id),
        CONSTRAINT board_comments_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT board_comments_card_id_fkey FOREIGN KEY (card_id) REFERENCES compliance.board_cards (id) ON DELETE CASCADE,
        CONSTRAINT board_comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES compliance.users (id)
      )`);
    await q.query(`CREATE INDEX board_comments_card_idx ON compliance.board_comments (card_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE compliance.board_comments`);
    await q.query(`DROP TABLE compliance.board_cards`);
    await q.query(`DROP TABLE compliance.board_columns`);
    await q.query(`DROP TABLE compliance.boards`);
  }
}
