import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CHUNK_TSV } from '../chunks/chunk.entity';

const PREVIOUS_TSV =
  "(setweight(to_tsvector('swedish'::regconfig, text), 'A') || setweight(to_tsvector('swedish'::regconfig, COALESCE(heading, ''::text)), 'B')) || setweight(to_tsvector('swedish'::regconfig, law_title), 'D')";

/**
 * The chapter title of a chunk's section ("2 kap. Allmänna hänsynsregler
 * m.m.") becomes part of its full text at weight C: a question about a
 * chapter's subject now reaches its sections even when the section text
 * does not repeat it (Recall@10 on scripts/eval, apps/rag/README.md).
 *
 * A generated column cannot change its expression in PostgreSQL 15, so `tsv`
 * is dropped and added again (a table rewrite, ~1 min per million chunks)
 * with its GIN index. Existing rows keep their full text (the title is NULL)
 * until re-indexed: every indexed law is marked `pending`, so the indexer
 * re-chunks it from law-catalog in the background, reusing every embedding
 * (the content hashes are unchanged). `rag.lexeme_df` stays right: the
 * rewrite changes no row's lexemes, and the re-indexing goes through its
 * triggers.
 */
export class ChunkChapterTitle1797100000000 implements MigrationInterface {
  name = 'ChunkChapterTitle1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rag.chunks ADD COLUMN chapter_title text`);
    await this.replaceTsv(q, CHUNK_TSV);
    await q.query(`UPDATE rag.law_index_state SET status = 'pending', updated_at = now() WHERE status = 'indexed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.replaceTsv(q, PREVIOUS_TSV);
    await q.query(`ALTER TABLE rag.chunks DROP COLUMN chapter_title`);
  }

  private async replaceTsv(q: QueryRunner, expression: string): Promise<void> {
    await q.query(`ALTER TABLE rag.chunks DROP COLUMN tsv`);
    await q.query(`ALTER TABLE rag.chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (${expression}) STORED`);
    await q.query(`CREATE INDEX "IDX_chunks_tsv" ON rag.chunks USING gin (tsv)`);
    await q.query(
      `UPDATE rag.typeorm_metadata SET value = $1
        WHERE "schema" = 'rag' AND "table" = 'chunks' AND "type" = 'GENERATED_COLUMN' AND "name" = 'tsv'`,
      [expression],
    );
  }
}
