import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents, versions (by content hash), sections with Swedish full-text
 * vectors, the amendment register, sync runs and the event outbox.
 *
 * Generated tsvector columns are registered in typeorm_metadata the way
 * TypeORM records them itself, so the drift check compares the expression
 * instead of proposing to rebuild the column.
 */
export class InitialLawCatalog1795317874339 implements MigrationInterface {
  name = 'InitialLawCatalog1795317874339';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE law_catalog.documents (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        sfs text NOT NULL,
        dok_id text NOT NULL,
        title text NOT NULL,
        department text,
        issued_at date,
        in_force text,
        repealed boolean NOT NULL DEFAULT false,
        repealed_at date,
        repealed_by text,
        current_version_id uuid,
        source_name text NOT NULL,
        source_url text,
        fetched_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        title_tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('swedish'::regconfig, title), 'A')) STORED,
        CONSTRAINT documents_pkey PRIMARY KEY (id),
        CONSTRAINT documents_sfs_key UNIQUE (sfs)
      )`);
    await q.query(`CREATE INDEX documents_dok_id_idx ON law_catalog.documents (dok_id)`);
    await q.query(`CREATE INDEX documents_title_tsv_idx ON law_catalog.documents USING gin (title_tsv)`);

    await q.query(`
      CREATE TABLE law_catalog.document_versions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL,
        content_hash text NOT NULL,
        amended_through text,
        raw_text text NOT NULL,
        structure jsonb NOT NULL,
        section_count integer NOT NULL,
        parser_warnings jsonb NOT NULL,
        source_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT document_versions_pkey PRIMARY KEY (id),
        CONSTRAINT document_versions_document_id_content_hash_key UNIQUE (document_id, content_hash),
        CONSTRAINT document_versions_document_id_fkey FOREIGN KEY (document_id)
          REFERENCES law_catalog.documents (id) ON DELETE CASCADE
      )`);
    await q.query(`
      ALTER TABLE law_catalog.documents ADD CONSTRAINT documents_current_version_id_fkey
        FOREIGN KEY (current_version_id) REFERENCES law_catalog.document_versions (id) ON DELETE SET NULL`);

    await q.query(`
      CREATE TABLE law_catalog.sections (
        version_id uuid NOT NULL,
        anchor text NOT NULL,
        document_id uuid NOT NULL,
        chapter text,
        number text NOT NULL,
        label text NOT NULL,
        heading text,
        text text NOT NULL,
        position integer NOT NULL,
        repealed boolean NOT NULL,
        amended_by text,
        validity jsonb,
        tsv tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('swedish'::regconfig, COALESCE(heading, ''::text)), 'B') || to_tsvector('swedish'::regconfig, text)
        ) STORED,
        CONSTRAINT sections_pkey PRIMARY KEY (version_id, anchor),
        CONSTRAINT sections_version_id_fkey FOREIGN KEY (version_id)
          REFERENCES law_catalog.document_versions (id) ON DELETE CASCADE,
        CONSTRAINT sections_document_id_fkey FOREIGN KEY (document_id)
          REFERENCES law_catalog.documents (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX sections_document_id_idx ON law_catalog.sections (document_id)`);
    await q.query(`CREATE INDEX sections_tsv_idx ON law_catalog.sections USING gin (tsv)`);

    await q.query(`
      CREATE TABLE law_catalog.amendments (
        document_id uuid NOT NULL,
        amending_sfs text NOT NULL,
        title text,
        in_force date,
        notes text,
        position integer NOT NULL,
        CONSTRAINT amendments_pkey PRIMARY KEY (document_id, amending_sfs),
        CONSTRAINT amendments_document_id_fkey FOREIGN KEY (document_id)
          REFERENCES law_catalog.documents (id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE law_catalog.sync_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        source text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        status text NOT NULL,
        stats jsonb,
        cursor text,
        CONSTRAINT sync_runs_pkey PRIMARY KEY (id)
      )`);

    await q.query(`
      CREATE TABLE law_catalog.event_outbox (
        id text NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT event_outbox_pkey PRIMARY KEY (id)
      )`);
    await q.query(
      `CREATE INDEX event_outbox_pending_idx ON law_catalog.event_outbox (created_at) WHERE published_at IS NULL`,
    );

    await registerGeneratedColumn(q, 'documents', 'title_tsv', "setweight(to_tsvector('swedish'::regconfig, title), 'A')");
    await registerGeneratedColumn(
      q,
      'sections',
      'tsv',
      "setweight(to_tsvector('swedish'::regconfig, COALESCE(heading, ''::text)), 'B') || to_tsvector('swedish'::regconfig, text)",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM law_catalog.typeorm_metadata WHERE "schema" = 'law_catalog' AND "type" = 'GENERATED_COLUMN'`);
    await q.query(`DROP TABLE law_catalog.event_outbox`);
    await q.query(`DROP TABLE law_catalog.sync_runs`);
    await q.query(`DROP TABLE law_catalog.amendments`);
    await q.query(`DROP TABLE law_catalog.sections`);
    await q.query(`ALTER TABLE law_catalog.documents DROP CONSTRAINT documents_current_version_id_fkey`);
    await q.query(`DROP TABLE law_catalog.document_versions`);
    await q.query(`DROP TABLE law_catalog.documents`);
  }
}

/** What TypeORM writes for a generated column (it reads the expression back from here, not from pg_attrdef). */
async function registerGeneratedColumn(q: QueryRunner, table: string, column: string, expression: string): Promise<void> {
  await q.query(
    `INSERT INTO law_catalog.typeorm_metadata ("database", "schema", "table", "type", "name", "value")
     VALUES (current_database(), 'law_catalog', $1, 'GENERATED_COLUMN', $2, $3)`,
    [table, column, expression],
  );
}
