import type { MigrationInterface, QueryRunner } from 'typeorm';
import { chunkTsv } from '../chunks/chunk.entity';

/** The generated expression of migration Chunks1795400000000. */
const PREVIOUS_TSV =
  "(setweight(to_tsvector('swedish'::regconfig, text), 'A') || setweight(to_tsvector('swedish'::regconfig, COALESCE(heading, ''::text)), 'B')) || setweight(to_tsvector('swedish'::regconfig, law_title), 'D')";

/**
 * The chapter title of a chunk's section ("2 kap. Allmänna hänsynsregler
 * m.m.") becomes part of its full text at weight C: a question about a
 * chapter's subject now reaches its sections even when the section text
 * does not repeat it (Recall@10 on scripts/eval, apps/rag/README.md).
 *
 * PostgreSQL 15 cannot change a generated column's expression, and dropping
 * and re-adding `tsv` rewrites the table and rebuilds every index — at a
 * million chunks that is the 7-minute HNSW build again. Instead `tsv` stops
 * being generated (`DROP EXPRESSION` keeps the data, no rewrite) and a
 * BEFORE row trigger computes it with the new expression. Existing rows keep
 * their full text (without the title) until re-indexed: every indexed law is
 * marked `pending`, so the indexer re-chunks it from law-catalog in the
 * background, reusing every embedding (the content hashes are unchanged).
 * `rag.lexeme_df` stays exact: its statement triggers see the rows as the
 * row trigger left them.
 */
export class ChunkChapterTitle1797100000000 implements MigrationInterface {
  name = 'ChunkChapterTitle1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rag.chunks ADD COLUMN chapter_title text`);
    await q.query(`ALTER TABLE rag.chunks ALTER COLUMN tsv DROP EXPRESSION`);
    await q.query(`DELETE FROM rag.typeorm_metadata WHERE "schema" = 'rag' AND "table" = 'chunks' AND "type" = 'GENERATED_COLUMN' AND "name" = 'tsv'`);
    await q.query(`
      CREATE FUNCTION rag.chunks_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.tsv := ${chunkTsv('NEW')};
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER chunks_tsv BEFORE INSERT OR UPDATE OF text, heading, chapter_title, law_title, tsv ON rag.chunks
         FOR EACH ROW EXECUTE FUNCTION rag.chunks_tsv()`,
    );
    await q.query(`UPDATE rag.law_index_state SET status = 'pending', updated_at = now() WHERE status = 'indexed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER chunks_tsv ON rag.chunks`);
    await q.query(`DROP FUNCTION rag.chunks_tsv()`);
    await q.query(`ALTER TABLE rag.chunks DROP COLUMN tsv`);
    await q.query(`ALTER TABLE rag.chunks DROP COLUMN chapter_title`);
    await q.query(`ALTER TABLE rag.chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (${PREVIOUS_TSV}) STORED`);
    await q.query(`CREATE INDEX "IDX_chunks_tsv" ON rag.chunks USING gin (tsv)`);
    await q.query(
      `INSERT INTO rag.typeorm_metadata ("database", "schema", "table", "type", "name", "value")
       VALUES (current_database(), 'rag', 'chunks', 'GENERATED_COLUMN', 'tsv', $1)`,
      [PREVIOUS_TSV],
    );
  }
}
