import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Law changes in the register: one `workspace_changes` row per workspace and
 * law event (the workspace's change feed, with what the change flagged and
 * who acknowledged it), the "Behöver omprövas" flag on requirements
 * (`review_flag`, replacing the reset to "Ej bedömd"), and cards the system
 * creates (`board_cards.created_by` may be null).
 */
export class WorkspaceChanges1796700000000 implements MigrationInterface {
  name = 'WorkspaceChanges1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance.workspace_changes (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        event_id text NOT NULL,
        change_id uuid,
        sfs text NOT NULL,
        title text NOT NULL,
        kind text NOT NULL,
        amending_sfs text,
        in_force text,
        substantive boolean NOT NULL,
        sections jsonb NOT NULL,
        list_ids uuid[] NOT NULL,
        flagged_requirement_ids uuid[] NOT NULL,
        card_id uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by uuid,
        acknowledged_by_name text,
        acknowledge_comment text,
        CONSTRAINT workspace_changes_pkey PRIMARY KEY (id),
        CONSTRAINT workspace_changes_workspace_event_key UNIQUE (workspace_id, event_id),
        CONSTRAINT workspace_changes_kind_check CHECK (kind IN ('new', 'amended', 'repealed')),
        CONSTRAINT workspace_changes_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT workspace_changes_card_id_fkey FOREIGN KEY (card_id) REFERENCES compliance.board_cards (id) ON DELETE SET NULL,
        CONSTRAINT workspace_changes_acknowledged_by_fkey FOREIGN KEY (acknowledged_by) REFERENCES compliance.users (id) ON DELETE SET NULL
      )`);
    // The feed: newest first per workspace (keyset on received_at, id).
    await q.query(`CREATE INDEX workspace_changes_feed_idx ON compliance.workspace_changes (workspace_id, received_at, id)`);
    // A change event re-sent under another event id reaches each workspace once.
    await q.query(`CREATE UNIQUE INDEX workspace_changes_change_key ON compliance.workspace_changes (workspace_id, change_id) WHERE change_id IS NOT NULL`);

    await q.query(`ALTER TABLE compliance.requirements ADD COLUMN review_flag jsonb`);
    await q.query(`ALTER TABLE compliance.board_cards ALTER COLUMN created_by DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM compliance.board_cards WHERE created_by IS NULL`);
    await q.query(`ALTER TABLE compliance.board_cards ALTER COLUMN created_by SET NOT NULL`);
    await q.query(`ALTER TABLE compliance.requirements DROP COLUMN review_flag`);
    await q.query(`DROP TABLE compliance.workspace_changes`);
  }
}
