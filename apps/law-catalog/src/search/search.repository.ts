import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { HEADLINE_OPTIONS } from './query';

export interface FulltextRow {
  sfs: string;
  title: string;
  anchor: string | null;
  label: string | null;
  snippet: string;
  rank: number;
  total: number;
}

export interface SectionMatchRow {
  sfs: string;
  title: string;
  anchor: string;
  label: string;
  text: string;
}

/** PostgreSQL error code for a statement cancelled by statement_timeout. */
export const QUERY_CANCELED = '57014';

/** Below the gateway's RPC timeout (RPC_TIMEOUT_MS, default 5000), so the caller gets a real answer. */
export function searchTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env['SEARCH_TIMEOUT_MS'] ?? 4000);
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 4000;
}

/** Sections per statute in one result list, so one large statute cannot fill a page. */
export const MAX_SECTIONS_PER_DOCUMENT = 3;
/** Weight of a title match: a statute whose title matches outranks passing mentions elsewhere. */
const TITLE_BOOST = 0.5;

@Injectable()
export class SearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Lexemes of the `swedish` configuration for the user's words (stemmed, stop words removed). */
  async lexemes(text: string): Promise<string[]> {
    const rows: Array<{ lexeme: string }> = await this.dataSource.query(
      `SELECT lexeme FROM unnest(to_tsvector('swedish', $1)) ORDER BY positions[1]`,
      [text],
    );
    return rows.map((row) => row.lexeme);
  }

  /**
   * Full-text hits on the current versions.
   *
   * Score of a section = sum of the IDF of the query terms it contains
   * (ln(N / df), df counted over the matching sections, which is the corpus
   * df because the query ORs all terms) + its cover density (ts_rank_cd),
   * boosted when the statute's title matches too. So a section holding the
   * rare word of a question beats one repeating a common word. At most a few
   * sections per statute; one extra hit per statute whose title matches.
   * Snippets (ts_headline) are computed only for the page served.
   */
  async fulltext(query: { query: string; terms: string[] }, limit: number, offset: number): Promise<FulltextRow[]> {
    // Bounded by SEARCH_TIMEOUT_MS: a caller gives up after its RPC timeout, and
    // the query must not keep running (and piling up) after that.
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('statement_timeout', $1, true)`, [`${searchTimeoutMs()}ms`]);
      return this.fulltextIn(manager, query, limit, offset);
    });
  }

  private fulltextIn(
    manager: EntityManager,
    query: { query: string; terms: string[] },
    limit: number,
    offset: number,
  ): Promise<FulltextRow[]> {
    return manager.query(
      `WITH query AS (SELECT $1::tsquery AS q),
       terms AS (SELECT ord, term::tsquery AS tq FROM unnest($7::text[]) WITH ORDINALITY AS u(term, ord)),
       candidates AS (
         SELECT d.id AS document_id, d.sfs, d.title, (d.title_tsv @@ query.q) AS title_match,
                s.version_id, s.anchor, s.label, s.heading, s.text, s.position, s.tsv,
                ts_rank_cd(s.tsv, query.q, 1) AS density
           FROM law_catalog.sections s
           JOIN law_catalog.documents d ON d.current_version_id = s.version_id
          CROSS JOIN query
          WHERE s.tsv @@ query.q AND NOT s.repealed
       ),
       corpus AS (
         SELECT greatest(
                  (SELECT count(*) FROM candidates) + 1,
                  (SELECT CASE WHEN c.reltuples > 0 THEN c.reltuples ELSE 0 END FROM pg_class c
                    WHERE c.oid = 'law_catalog.sections'::regclass)
                )::float8 AS n
       ),
       matches AS (SELECT c.version_id, c.anchor, t.ord FROM candidates c JOIN terms t ON c.tsv @@ t.tq),
       df AS (SELECT ord, count(*)::float8 AS n FROM matches GROUP BY ord),
       idf AS (SELECT df.ord, ln(corpus.n / df.n) AS weight FROM df CROSS JOIN corpus),
       scores AS (
         SELECT m.version_id, m.anchor, sum(idf.weight) AS weight
           FROM matches m JOIN idf USING (ord) GROUP BY m.version_id, m.anchor
       ),
       section_hits AS (
         SELECT c.document_id, c.sfs, c.title, c.anchor, c.label, c.heading, c.text, c.position,
                (coalesce(sc.weight, 0) + c.density) * (1 + CASE WHEN c.title_match THEN $4::float8 ELSE 0 END) AS rank
           FROM candidates c LEFT JOIN scores sc USING (version_id, anchor)
       ),
       ranked AS (
         SELECT *, row_number() OVER (PARTITION BY document_id ORDER BY rank DESC, position) AS nth FROM section_hits
       ),
       title_hits AS (
         SELECT d.id AS document_id, d.sfs, d.title,
                (SELECT coalesce(sum(coalesce(idf.weight, ln(corpus.n))), 0)
                   FROM terms t LEFT JOIN idf USING (ord)
                  WHERE d.title_tsv @@ t.tq) AS title_weight
           FROM law_catalog.documents d CROSS JOIN query CROSS JOIN corpus
          WHERE d.title_tsv @@ query.q AND d.current_version_id IS NOT NULL
       ),
       hits AS (
         SELECT sfs, title, anchor, label, heading, text, rank FROM ranked WHERE nth <= $5
         UNION ALL
         SELECT th.sfs, th.title, NULL, NULL, NULL, th.title,
                greatest(th.title_weight * (1 + $4::float8),
                         coalesce((SELECT max(r.rank) FROM ranked r WHERE r.document_id = th.document_id), 0)) + 0.01
           FROM title_hits th
       ),
       page AS (
         SELECT *, count(*) OVER () AS total FROM hits
          ORDER BY rank DESC, sfs, anchor NULLS FIRST
          LIMIT $2 OFFSET $3
       )
       SELECT page.sfs, page.title, page.anchor, NULLIF(page.label, '') AS label,
              ts_headline('swedish', CASE WHEN page.heading IS NULL THEN page.text ELSE page.heading || ' – ' || page.text END,
                          query.q, $6) AS snippet,
              page.rank::float8 AS rank, page.total::int AS total
         FROM page CROSS JOIN query
        ORDER BY page.rank DESC, page.sfs, page.anchor NULLS FIRST`,
      [query.query, limit, offset, TITLE_BOOST, MAX_SECTIONS_PER_DOCUMENT, HEADLINE_OPTIONS, query.terms],
    );
  }

  /** The current statute with this SFS number (title), if catalogued. */
  async documentBySfs(sfs: string): Promise<{ sfs: string; title: string; preamble: string | null } | null> {
    const rows: Array<{ sfs: string; title: string; first_text: string | null }> = await this.dataSource.query(
      `SELECT d.sfs, d.title,
              (SELECT s.text FROM law_catalog.sections s WHERE s.version_id = d.current_version_id ORDER BY s.position LIMIT 1) AS first_text
         FROM law_catalog.documents d
        WHERE d.sfs = $1 AND d.current_version_id IS NOT NULL`,
      [sfs],
    );
    const row = rows[0];
    return row ? { sfs: row.sfs, title: row.title, preamble: row.first_text } : null;
  }

  /** SFS numbers of current statutes whose title starts with the given base form ("arbetsmiljölag"). */
  async sfsByTitleStem(stem: string): Promise<string[]> {
    const rows: Array<{ sfs: string }> = await this.dataSource.query(
      `SELECT sfs FROM law_catalog.documents
        WHERE current_version_id IS NOT NULL
          AND (lower(title) LIKE $1 || '%' OR lower(title) LIKE '%' || ' ' || $1 || ' %')
        ORDER BY repealed, length(title), sfs
        LIMIT 5`,
      [stem.toLowerCase().replace(/[%_\\]/g, '')],
    );
    return rows.map((row) => row.sfs);
  }

  /**
   * Sections of current versions matching a reference: the exact anchor
   * first, then by number (and chapter), so statutes with running section
   * numbers across chapters (anchor P36 in "3 kap.") are found too.
   */
  async sectionsByReference(
    ref: { sfs: string | null; chapter: string | null; section: string; anchor: string | null },
    limit: number,
    offset: number,
  ): Promise<{ rows: SectionMatchRow[]; total: number }> {
    const rows: Array<SectionMatchRow & { total: number }> = await this.dataSource.query(
      `SELECT d.sfs, d.title, s.anchor, s.label, s.text, count(*) OVER ()::int AS total
         FROM law_catalog.sections s
         JOIN law_catalog.documents d ON d.current_version_id = s.version_id
        WHERE s.number = $2
          AND ($1::text IS NULL OR d.sfs = $1)
          AND ($3::text IS NULL OR s.chapter = $3)
        ORDER BY (s.anchor = $4) DESC, s.repealed, d.sfs, s.position
        LIMIT $5 OFFSET $6`,
      [ref.sfs, ref.section, ref.chapter, ref.anchor ?? '', limit, offset],
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }

  /** A chapter of a statute: the first section in it (for "3 kap." references). */
  async firstSectionOfChapter(sfs: string, chapter: string): Promise<SectionMatchRow | null> {
    const rows: SectionMatchRow[] = await this.dataSource.query(
      `SELECT d.sfs, d.title, s.anchor, s.label, s.text
         FROM law_catalog.sections s
         JOIN law_catalog.documents d ON d.current_version_id = s.version_id
        WHERE d.sfs = $1 AND s.chapter = $2
        ORDER BY s.position LIMIT 1`,
      [sfs, chapter],
    );
    return rows[0] ?? null;
  }
}
