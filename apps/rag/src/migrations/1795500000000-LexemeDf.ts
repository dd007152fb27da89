import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Document frequencies of the full-text lexemes, for inverse-document-frequency
 * weighting at query time (retrieval/full-text.ts): `rag.lexeme_df(lexeme, df)`
 * holds, per lexeme of `rag.chunks.tsv`, the number of chunks containing it;
 * the row with the empty lexeme (never produced by to_tsvector) holds the
 * number of chunks. A query reads only the rows of its own lexemes (primary
 * key; `COLLATE "C"` so `LIKE 'prefix%'` is an index range for compound
 * prefixes), never the chunks.
 *
 * Kept current by statement-level triggers with transition tables on
 * rag.chunks, so every writer (indexer, purge, evaluation, benchmark COPY)
 * maintains it in the same transaction. Each trigger first updates the
 * chunk-count row: that row lock serialises concurrent writers' frequency
 * updates until they commit, so two indexer transactions can never deadlock
 * on lexeme rows (they are short: embedding happens before the first write).
 * TRUNCATE empties the table. The existing chunks are counted once here
 * (ts_stat: one pass over the table).
 */
export class LexemeDf1795500000000 implements MigrationInterface {
  name = 'LexemeDf1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rag.lexeme_df (
        lexeme text COLLATE "C" NOT NULL,
        df integer NOT NULL,
        CONSTRAINT "PK_lexeme_df" PRIMARY KEY (lexeme)
      )`);
    await q.query(`
      CREATE FUNCTION rag.chunks_lexeme_df() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM rag.lexeme_df WHERE lexeme <> '';
          UPDATE rag.lexeme_df SET df = 0 WHERE lexeme = '';
          RETURN NULL;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          UPDATE rag.lexeme_df SET df = df - (SELECT count(*) FROM old_rows) WHERE lexeme = '';
          WITH s AS (
            SELECT u.lexeme, count(*)::int AS n FROM old_rows r, unnest(r.tsv) AS u GROUP BY u.lexeme
          )
          UPDATE rag.lexeme_df d SET df = d.df - s.n FROM s WHERE d.lexeme = s.lexeme;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          UPDATE rag.lexeme_df SET df = df + (SELECT count(*) FROM new_rows) WHERE lexeme = '';
          INSERT INTO rag.lexeme_df AS d (lexeme, df)
            SELECT u.lexeme, count(*)::int FROM new_rows r, unnest(r.tsv) AS u GROUP BY u.lexeme
          ON CONFLICT (lexeme) DO UPDATE SET df = d.df + EXCLUDED.df;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          DELETE FROM rag.lexeme_df d
           WHERE d.df <= 0 AND d.lexeme <> ''
             AND d.lexeme IN (SELECT u.lexeme FROM old_rows r, unnest(r.tsv) AS u);
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER chunks_lexeme_df_insert AFTER INSERT ON rag.chunks REFERENCING NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION rag.chunks_lexeme_df()`,
    );
    await q.query(
      `CREATE TRIGGER chunks_lexeme_df_delete AFTER DELETE ON rag.chunks REFERENCING OLD TABLE AS old_rows
         FOR EACH STATEMENT EXECUTE FUNCTION rag.chunks_lexeme_df()`,
    );
    await q.query(
      `CREATE TRIGGER chunks_lexeme_df_update AFTER UPDATE ON rag.chunks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
         FOR EACH STATEMENT EXECUTE FUNCTION rag.chunks_lexeme_df()`,
    );
    await q.query(`CREATE TRIGGER chunks_lexeme_df_truncate AFTER TRUNCATE ON rag.chunks FOR EACH STATEMENT EXECUTE FUNCTION rag.chunks_lexeme_df()`);
    await q.query(`INSERT INTO rag.lexeme_df (lexeme, df) SELECT '', count(*)::int FROM rag.chunks`);
    await q.query(`INSERT INTO rag.lexeme_df (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM rag.chunks')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['insert', 'delete', 'update', 'truncate']) await q.query(`DROP TRIGGER chunks_lexeme_df_${t} ON rag.chunks`);
    await q.query(`DROP FUNCTION rag.chunks_lexeme_df()`);
    await q.query(`DROP TABLE rag.lexeme_df`);
  }
}
