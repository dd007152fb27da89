import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions and account tokens: rotating refresh tokens (families for reuse
 * detection), one-time user tokens (e-mail verification, password reset),
 * workspace invitations and the per-address login throttle. Every secret is
 * stored only as its SHA-256; the throttle is keyed by an HMAC of the e-mail,
 * so it holds no addresses and treats unknown addresses like known ones.
 */
export class Accounts1796100000000 implements MigrationInterface {
  name = 'Accounts1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance.refresh_tokens (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoke_reason text,
        replaced_by uuid,
        user_agent text,
        ip text,
        CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
        CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT refresh_tokens_revoke_reason_check CHECK (revoke_reason IN ('rotated', 'reuse', 'logout', 'password_reset')),
        CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES compliance.users (id) ON DELETE CASCADE,
        CONSTRAINT refresh_tokens_replaced_by_fkey FOREIGN KEY (replaced_by) REFERENCES compliance.refresh_tokens (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON compliance.refresh_tokens (user_id)`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON compliance.refresh_tokens (family_id)`);

    await q.query(`
      CREATE TABLE compliance.user_tokens (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        purpose text NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        CONSTRAINT user_tokens_pkey PRIMARY KEY (id),
        CONSTRAINT user_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT user_tokens_purpose_check CHECK (purpose IN ('verify_email', 'password_reset')),
        CONSTRAINT user_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES compliance.users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX user_tokens_user_idx ON compliance.user_tokens (user_id, purpose)`);

    await q.query(`
      CREATE TABLE compliance.invitations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        email text NOT NULL,
        role text NOT NULL,
        token_hash text NOT NULL,
        invited_by uuid,
        invited_by_name text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        accepted_by uuid,
        revoked_at timestamptz,
        CONSTRAINT invitations_pkey PRIMARY KEY (id),
        CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
        CONSTRAINT invitations_role_check CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'AUDITOR')),
        CONSTRAINT invitations_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT invitations_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES compliance.users (id) ON DELETE SET NULL,
        CONSTRAINT invitations_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES compliance.users (id) ON DELETE SET NULL
      )`);
    // At most one open invitation per address and workspace (a new one replaces the old).
    await q.query(
      `CREATE UNIQUE INDEX invitations_open_key ON compliance.invitations (workspace_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE compliance.login_throttle (
        key text NOT NULL,
        failures integer NOT NULL DEFAULT 0,
        lockouts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_failure_at timestamptz,
        CONSTRAINT login_throttle_pkey PRIMARY KEY (key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE compliance.login_throttle`);
    await q.query(`DROP TABLE compliance.invitations`);
    await q.query(`DROP TABLE compliance.user_tokens`);
    await q.query(`DROP TABLE compliance.refresh_tokens`);
  }
}
