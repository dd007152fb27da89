import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tsvector as this migration created it (ChunkChapterTitle1797100000000 added the chapter title). */
const CHUNK_TSV =
  "(setweight(to_tsvector('swedish'::regconfig, text), 'A') || setweight(to_tsvector('swedish'::regconfig, COALESCE(heading, ''::text)), 'B')) || setweight(to_tsvector('swedish'::regconfig, law_title), 'D')";

/**
 * The retrieval index: one row per section (or part of a long section) with
 * a Swedish tsvector (GIN) and a halfvec(384) embedding (HNSW, cosine).
 * HNSW m = 16, ef_construction = 64: pgvector's defaults; recall and build
 * time at 1M chunks are measured in docs/benchmarks.md §5 (apps/rag/README.md).
 */
export class Chunks1795400000000 implements MigrationInterface {
  name = 'Chunks1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rag.chunks (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        sfs text NOT NULL,
        version_id uuid NOT NULL,
        position integer NOT NULL,
        anchor text NOT NULL,
        part integer NOT NULL DEFAULT 0,
        chapter text,
        label text NOT NULL,
        law_title text NOT NULL,
        heading text,
        text text NOT NULL,
        content_hash text NOT NULL,
        embedding halfvec(384) NOT NULL,
        embedding_model text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (${CHUNK_TSV}) STORED,
        CONSTRAINT "PK_chunks" PRIMARY KEY (id),
        CONSTRAINT "UQ_chunks_sfs_position" UNIQUE (sfs, position)
      )`);
    await q.query(`CREATE INDEX "IDX_chunks_sfs_hash" ON rag.chunks (sfs, content_hash)`);
    await q.query(`CREATE INDEX "IDX_chunks_tsv" ON rag.chunks USING gin (tsv)`);
    await q.query(
      `CREATE INDEX "IDX_chunks_embedding_hnsw" ON rag.chunks USING hnsw (embedding halfvec_cosine_ops) WITH (m = 16, ef_construction = 64)`,
    );
    // TypeORM creates this table itself only while an entity has a generated column, which
    // rag.chunks no longer has after ChunkChapterTitle1797100000000 (same columns as TypeORM's).
    await q.query(
      `CREATE TABLE IF NOT EXISTS rag.typeorm_metadata ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`,
    );
    await q.query(
      `INSERT INTO rag.typeorm_metadata ("database", "schema", "table", "type", "name", "value")
       VALUES (current_database(), 'rag', 'chunks', 'GENERATED_COLUMN', 'tsv', $1)`,
      [CHUNK_TSV],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM rag.typeorm_metadata WHERE "schema" = 'rag' AND "table" = 'chunks' AND "type" = 'GENERATED_COLUMN'`);
    await q.query(`DROP TABLE rag.chunks`);
  }
}
