import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables every part of the service stands on: users, workspaces and
 * memberships (the tenancy every method checks), the append-only activity
 * log and the transactional event outbox.
 */
export class CoreAccounts1796000000000 implements MigrationInterface {
  name = 'CoreAccounts1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance.users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        email_verified_at timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_pkey PRIMARY KEY (id),
        CONSTRAINT users_email_key UNIQUE (email)
      )`);
    await q.query(`
      CREATE TABLE compliance.workspaces (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT workspaces_pkey PRIMARY KEY (id),
        CONSTRAINT workspaces_created_by_fkey FOREIGN KEY (created_by) REFERENCES compliance.users (id) ON DELETE SET NULL
      )`);
    await q.query(`
      CREATE TABLE compliance.memberships (
        workspace_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT memberships_pkey PRIMARY KEY (workspace_id, user_id),
        CONSTRAINT memberships_role_check CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'AUDITOR')),
        CONSTRAINT memberships_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT memberships_user_id_fkey FOREIGN KEY (user_id) REFERENCES compliance.users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX memberships_user_idx ON compliance.memberships (user_id)`);

    await q.query(`
      CREATE TABLE compliance.activity (
        id bigserial NOT NULL,
        workspace_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_name text,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL,
        summary text,
        CONSTRAINT activity_pkey PRIMARY KEY (id),
        CONSTRAINT activity_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX activity_workspace_idx ON compliance.activity (workspace_id, id)`);
    await q.query(`CREATE INDEX activity_entity_idx ON compliance.activity (workspace_id, entity_type, entity_id, id)`);
    // The log an auditor reads is append-only: an entry is never rewritten.
    await q.query(`
      CREATE FUNCTION compliance.activity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'compliance.activity is append-only';
      END $$`);
    await q.query(
      `CREATE TRIGGER activity_no_update BEFORE UPDATE ON compliance.activity FOR EACH ROW EXECUTE FUNCTION compliance.activity_append_only()`,
    );

    await q.query(`
      CREATE TABLE compliance.event_outbox (
        id text NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT event_outbox_pkey PRIMARY KEY (id)
      )`);
    await q.query(`CREATE INDEX event_outbox_pending_idx ON compliance.event_outbox (created_at) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE compliance.event_outbox`);
    await q.query(`DROP TABLE compliance.activity`);
    await q.query(`DROP FUNCTION compliance.activity_append_only()`);
    await q.query(`DROP TABLE compliance.memberships`);
    await q.query(`DROP TABLE compliance.workspaces`);
    await q.query(`DROP TABLE compliance.users`);
  }
}
