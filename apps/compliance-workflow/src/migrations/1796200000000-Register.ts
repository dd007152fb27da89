import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The legal register: the company profile (one per workspace), law lists and
 * their laws (SFS or AFS, with the reasons they are there; removal keeps the
 * row), requirements (kravpunkter) with their assessment and a version for
 * optimistic concurrency, and evidence (stored files or links).
 */
export class Register1796200000000 implements MigrationInterface {
  name = 'Register1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance.company_profiles (
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        org_number text NOT NULL,
        sni_codes jsonb NOT NULL,
        employees integer NOT NULL,
        screening jsonb NOT NULL,
        updated_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT company_profiles_pkey PRIMARY KEY (workspace_id),
        CONSTRAINT company_profiles_employees_check CHECK (employees >= 0),
        CONSTRAINT company_profiles_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT company_profiles_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES compliance.users (id) ON DELETE SET NULL
      )`);

    await q.query(`
      CREATE TABLE compliance.law_lists (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        generated boolean NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT law_lists_pkey PRIMARY KEY (id),
        CONSTRAINT law_lists_workspace_name_key UNIQUE (workspace_id, name),
        CONSTRAINT law_lists_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT law_lists_created_by_fkey FOREIGN KEY (created_by) REFERENCES compliance.users (id) ON DELETE SET NULL
      )`);

    await q.query(`
      CREATE TABLE compliance.law_list_items (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        list_id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        kind text NOT NULL,
        ref text NOT NULL,
        title text NOT NULL,
        area text NOT NULL,
        reasons jsonb NOT NULL,
        origin text NOT NULL,
        status text NOT NULL DEFAULT 'active',
        removed_reason text,
        removed_by uuid,
        removed_at timestamptz,
        added_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT law_list_items_pkey PRIMARY KEY (id),
        CONSTRAINT law_list_items_list_ref_key UNIQUE (list_id, ref),
        CONSTRAINT law_list_items_kind_check CHECK (kind IN ('SFS', 'AFS')),
        CONSTRAINT law_list_items_origin_check CHECK (origin IN ('generated', 'manual')),
        CONSTRAINT law_list_items_status_check CHECK (status IN ('active', 'removed')),
        CONSTRAINT law_list_items_list_id_fkey FOREIGN KEY (list_id) REFERENCES compliance.law_lists (id) ON DELETE CASCADE,
        CONSTRAINT law_list_items_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT law_list_items_removed_by_fkey FOREIGN KEY (removed_by) REFERENCES compliance.users (id) ON DELETE SET NULL,
        CONSTRAINT law_list_items_added_by_fkey FOREIGN KEY (added_by) REFERENCES compliance.users (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX law_list_items_workspace_ref_idx ON compliance.law_list_items (workspace_id, ref)`);

    await q.query(`
      CREATE TABLE compliance.requirements (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        list_id uuid NOT NULL,
        item_id uuid NOT NULL,
        anchor text,
        title text NOT NULL,
        description text NOT NULL,
        origin text NOT NULL,
        status text,
        motivation text,
        action text,
        responsible_user_id uuid,
        review_date date,
        assessed_by uuid,
        assessed_by_name text,
        assessed_at timestamptz,
        position integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT requirements_pkey PRIMARY KEY (id),
        CONSTRAINT requirements_origin_check CHECK (origin IN ('suggested', 'manual')),
        CONSTRAINT requirements_status_check CHECK (status IN ('UPPFYLLD', 'DELVIS', 'EJ_UPPFYLLD', 'EJ_TILLAMPLIG')),
        -- Ej tillämplig always carries its motivering.
        CONSTRAINT requirements_motivation_check CHECK (status IS DISTINCT FROM 'EJ_TILLAMPLIG' OR (motivation IS NOT NULL AND btrim(motivation) <> '')),
        CONSTRAINT requirements_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT requirements_list_id_fkey FOREIGN KEY (list_id) REFERENCES compliance.law_lists (id) ON DELETE CASCADE,
        CONSTRAINT requirements_item_id_fkey FOREIGN KEY (item_id) REFERENCES compliance.law_list_items (id) ON DELETE CASCADE,
        CONSTRAINT requirements_responsible_user_id_fkey FOREIGN KEY (responsible_user_id) REFERENCES compliance.users (id) ON DELETE SET NULL,
        CONSTRAINT requirements_assessed_by_fkey FOREIGN KEY (assessed_by) REFERENCES compliance.users (id) ON DELETE SET NULL,
        CONSTRAINT requirements_created_by_fkey FOREIGN KEY (created_by) REFERENCES compliance.users (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX requirements_workspace_list_idx ON compliance.requirements (workspace_id, list_id)`);
    await q.query(`CREATE INDEX requirements_item_idx ON compliance.requirements (item_id, position)`);
    await q.query(`CREATE INDEX requirements_responsible_idx ON compliance.requirements (workspace_id, responsible_user_id)`);
    await q.query(`CREATE INDEX requirements_review_date_idx ON compliance.requirements (workspace_id, review_date)`);

    await q.query(`
      CREATE TABLE compliance.evidence (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        requirement_id uuid NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        url text,
        filename text,
        mime_type text,
        size integer,
        sha256 text,
        storage_key text,
        scan_status text NOT NULL,
        created_by uuid,
        created_by_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT evidence_pkey PRIMARY KEY (id),
        CONSTRAINT evidence_storage_key_key UNIQUE (storage_key),
        CONSTRAINT evidence_kind_check CHECK (kind IN ('file', 'link')),
        CONSTRAINT evidence_scan_status_check CHECK (scan_status IN ('unscanned', 'clean', 'infected')),
        CONSTRAINT evidence_shape_check CHECK (
          (kind = 'link' AND url IS NOT NULL AND storage_key IS NULL)
          OR (kind = 'file' AND storage_key IS NOT NULL AND filename IS NOT NULL AND mime_type IS NOT NULL AND size IS NOT NULL AND sha256 IS NOT NULL)
        ),
        CONSTRAINT evidence_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES compliance.workspaces (id) ON DELETE CASCADE,
        CONSTRAINT evidence_requirement_id_fkey FOREIGN KEY (requirement_id) REFERENCES compliance.requirements (id) ON DELETE CASCADE,
        CONSTRAINT evidence_created_by_fkey FOREIGN KEY (created_by) REFERENCES compliance.users (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX evidence_requirement_idx ON compliance.evidence (requirement_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE compliance.evidence`);
    await q.query(`DROP TABLE compliance.requirements`);
    await q.query(`DROP TABLE compliance.law_list_items`);
    await q.query(`DROP TABLE compliance.law_lists`);
    await q.query(`DROP TABLE compliance.company_profiles`);
  }
}
