import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change monitoring: change records (law_changes), resumable syncs (new
 * columns on sync_runs, one row per listed document in sync_items) and at
 * most one active sync at a time (a partial unique index).
 */
export class ChangeRecords1796600000000 implements MigrationInterface {
  name = 'ChangeRecords1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE law_catalog.sync_runs
        ADD COLUMN mode text,
        ADD COLUMN trigger text,
        ADD COLUMN list_since text,
        ADD COLUMN list_next_url text,
        ADD COLUMN error text`);
    await q.query(`
      CREATE UNIQUE INDEX sync_runs_one_active_sync_idx ON law_catalog.sync_runs (kind)
        WHERE kind = 'sync' AND status IN ('queued', 'listing', 'fetching')`);

    await q.query(`
      CREATE TABLE law_catalog.law_changes (
        id uuid NOT NULL,
        document_id uuid NOT NULL,
        sfs text NOT NULL,
        kind text NOT NULL,
        from_version_id uuid,
        to_version_id uuid NOT NULL,
        amending_sfs text,
        in_force text,
        substantive boolean NOT NULL,
        sections jsonb NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now(),
        sync_run_id uuid,
        CONSTRAINT law_changes_pkey PRIMARY KEY (id),
        CONSTRAINT law_changes_document_id_fkey FOREIGN KEY (document_id)
          REFERENCES law_catalog.documents (id) ON DELETE CASCADE,
        CONSTRAINT law_changes_from_version_id_fkey FOREIGN KEY (from_version_id)
          REFERENCES law_catalog.document_versions (id) ON DELETE CASCADE,
        CONSTRAINT law_changes_to_version_id_fkey FOREIGN KEY (to_version_id)
          REFERENCES law_catalog.document_versions (id) ON DELETE CASCADE,
        CONSTRAINT law_changes_sync_run_id_fkey FOREIGN KEY (sync_run_id)
          REFERENCES law_catalog.sync_runs (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX law_changes_document_id_idx ON law_catalog.law_changes (document_id)`);
    // changes.list: newest first with a keyset on (detected_at, id), optionally per statute.
    await q.query(`CREATE INDEX law_changes_detected_idx ON law_catalog.law_changes (detected_at DESC, id DESC)`);
    await q.query(`CREATE INDEX law_changes_sfs_detected_idx ON law_catalog.law_changes (sfs, detected_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE law_catalog.sync_items (
        run_id uuid NOT NULL,
        dok_id text NOT NULL,
        sfs text,
        systemdatum text,
        position integer NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        claimed_at timestamptz,
        outcome text,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sync_items_pkey PRIMARY KEY (run_id, dok_id),
        CONSTRAINT sync_items_run_id_fkey FOREIGN KEY (run_id)
          REFERENCES law_catalog.sync_runs (id) ON DELETE CASCADE
      )`);
    // Workers claim the next pending item of a run in listing order.
    await q.query(`CREATE INDEX sync_items_claim_idx ON law_catalog.sync_items (run_id, position) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE law_catalog.sync_items`);
    await q.query(`DROP TABLE law_catalog.law_changes`);
    await q.query(`DROP INDEX law_catalog.sync_runs_one_active_sync_idx`);
    await q.query(`
      ALTER TABLE law_catalog.sync_runs
        DROP COLUMN mode, DROP COLUMN trigger, DROP COLUMN list_since, DROP COLUMN list_next_url, DROP COLUMN error`);
  }
}
