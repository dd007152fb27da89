import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { succeed, type OperationResult, type RagIndexStatus, type RetrievalHit, type RetrievalSearchResult } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { parseSectionReference } from '@laglig/sfs-parser';
import { QUERY_EMBEDDING_CACHE, type QueryEmbeddingCache } from '../cache/query-embedding-cache';
import { EMBEDDING_PROVIDER, type EmbeddingProvider } from '../embeddings/embedding-provider';
import { answerTypeWords, DEFAULT_FULL_TEXT, planFullText, questionWords, selectionQueries, vectorQueryText, type FullTextOptions, type FullTextTerm, type QueryAnalysis } from './full-text';
import { fuseScores, sectionAnchorOf, type FusionOptions } from './fusion';

const RetrievalConfigSchema = z.object({
  /** HNSW candidate list at query time (pgvector default 40). */
  HNSW_EF_SEARCH: z.coerce.number().int().min(1).max(1000).default(100),
  /** Candidates taken from each list before fusion. */
  RETRIEVAL_CANDIDATES: z.coerce.number().int().min(10).max(1000).default(50),
});

export interface SearchInput {
  query: string;
  k: number;
  sfs?: string[];
}

interface ChunkRow {
  id: string;
  sfs: string;
  law_title: string;
  anchor: string;
  label: string;
  chapter: string | null;
  heading: string | null;
  text: string;
}

/** Bonus for a section the question names ("3 kap. 2 §" with a law): above any fused score. */
const PIN_BONUS = 1;

export interface RetrievalTuning {
  fullText: FullTextOptions;
  fusion: FusionOptions;
}

/**
 * Chosen on the evaluation set (scripts/eval; figures in apps/rag/README.md,
 * "Retrieval quality"). Score fusion, full text weighted 0.6: the full-text
 * list is the stronger one with the offline embedding; a chunk that tops
 * one list is no longer buried under chunks at middling ranks in both (RRF).
 * Fused scores stay in [0, 0.5]; + 0.1 for a named law, + 1 for a named section.
 */
export const DEFAULT_TUNING: RetrievalTuning = {
  fullText: DEFAULT_FULL_TEXT,
  fusion: { method: 'score', rrfK: 60, fullTextWeight: 0.6, namedLawWeight: 1, referenceBonus: 0.1 },
};

/**
 * Hybrid retrieval: BM25-like Swedish full text (idf from rag.lexeme_df,
 * compound prefixes and splits, see full-text.ts) and pgvector cosine top-k,
 * fused on normalised scores; a law the question names adds both lists
 * restricted to that law and a bonus, a section it names is pinned.
 */
@Injectable()
export class RetrievalService {
  private readonly config = loadConfig(RetrievalConfigSchema);
  /** Scoring constants (chosen on the evaluation set, scripts/eval); replaceable in-process for experiments. */
  tuning: RetrievalTuning = DEFAULT_TUNING;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDING_PROVIDER) private readonly embeddings: EmbeddingProvider,
    @Optional() @Inject(QUERY_EMBEDDING_CACHE) private readonly queryCache: QueryEmbeddingCache | null = null,
  ) {}

  /** The embedding model the index is searched with (part of the answer cache key). */
  get embeddingModel(): string {
    return this.embeddings.id;
  }

  async search(input: SearchInput): Promise<OperationResult<RetrievalSearchResult>> {
    const k = input.k;
    const filter = input.sfs && input.sfs.length > 0 ? [...new Set(input.sfs)] : null;
    const n = Math.max(this.config.RETRIEVAL_CANDIDATES, k * 3);
    const ref = parseSectionReference(input.query);
    const refLaw = ref?.sfs && (!filter || filter.includes(ref.sfs)) ? ref.sfs : null;
    const refSection = sectionAnchorOf(ref?.anchor);

    const embeddedQuery = vectorQueryText(input.query);
    const [queryVector, terms] = await Promise.all([
      this.queryCache ? this.queryCache.embedQuery(embeddedQuery) : this.embeddings.embed([embeddedQuery], 'query').then((v) => v[0]),
      this.fullTextTerms(input.query),
    ]);
    const vectorLiteral = `[${queryVector.join(',')}]`;

    const [fullText, vector, lawFullText, lawVector, pinned] = await Promise.all([
      this.fullText(terms, filter, n),
      this.vector(vectorLiteral, filter, n),
      refLaw ? this.fullText(terms, [refLaw], k) : Promise.resolve([]),
      refLaw ? this.vector(vectorLiteral, [refLaw], k) : Promise.resolve([]),
      refLaw && refSection ? this.pinned(refLaw, refSection) : Promise.resolve([]),
    ]);

    const { fusion } = this.tuning;
    const scores = fuseScores(
      [
        { scores: fullText.map((h) => [h.id, h.score] as const), weight: fusion.fullTextWeight },
        { scores: vector.map((v) => [v.id, v.similarity] as const), weight: 1 - fusion.fullTextWeight },
        ...(lawFullText.length ? [{ scores: lawFullText.map((h) => [h.id, h.score] as const), weight: fusion.fullTextWeight * fusion.namedLawWeight }] : []),
        ...(lawVector.length ? [{ scores: lawVector.map((v) => [v.id, v.similarity] as const), weight: (1 - fusion.fullTextWeight) * fusion.namedLawWeight }] : []),
      ],
      fusion,
    );
    const ids = new Set([...scores.keys(), ...pinned]);
    const rows = await this.load([...ids]);
    const similarity = new Map([...vector, ...lawVector].map((v) => [v.id, v.similarity]));
    const ftRank = new Map(fullText.map((h, i) => [h.id, i + 1]));
    const vecRank = new Map(vector.map((v, i) => [v.id, i + 1]));
    const pinnedSet = new Set(pinned);

    const hits: RetrievalHit[] = rows.map((r) => {
      let score = scores.get(r.id) ?? 0;
      const inRefLaw = refLaw !== null && r.sfs === refLaw;
      const sectionMatch = refSection !== null && r.anchor === refSection && (refLaw === null || inRefLaw);
      if (pinnedSet.has(r.id)) score += PIN_BONUS;
      else if (inRefLaw || sectionMatch) score += fusion.referenceBonus;
      return {
        chunkId: r.id,
        sfs: r.sfs,
        title: r.law_title,
        anchor: r.anchor,
        label: r.label,
        chapter: r.chapter,
        heading: r.heading,
        text: r.text,
        score,
        fullTextRank: ftRank.get(r.id) ?? null,
        vectorRank: vecRank.get(r.id) ?? null,
        similarity: similarity.get(r.id) ?? null,
        referenced: pinnedSet.has(r.id) || inRefLaw || sectionMatch,
      };
    });
    hits.sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
    return succeed({ hits: hits.slice(0, k), embeddingModel: this.embeddings.id });
  }

  async status(): Promise<OperationResult<RagIndexStatus>> {
    const laws: Array<{ status: string; n: number }> = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM rag.law_index_state GROUP BY status`,
    );
    const [chunks] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM rag.chunks WHERE embedding_model = $1`,
      [this.embeddings.id],
    )) as Array<{ n: number }>;
    const by = Object.fromEntries(laws.map((l) => [l.status, l.n]));
    return succeed({
      laws: { pending: by['pending'] ?? 0, indexed: by['indexed'] ?? 0, removed: by['removed'] ?? 0 },
      chunks: chunks?.n ?? 0,
      embeddingModel: this.embeddings.id,
      dimension: this.embeddings.dimension,
    });
  }

  /**
   * The question's scored full-text terms: one statement reads the lexemes of
   * the question, of its words and of their possible compound parts with
   * their document frequencies (primary-key lookups in rag.lexeme_df, plus a
   * key range per prefix), never the chunks.
   */
  private async fullTextTerms(query: string): Promise<FullTextTerm[]> {
    const words = questionWords(query);
    const answerTypes = answerTypeWords(query);
    const inputs = [...new Set([query, ...words.map((w) => w.word), ...words.flatMap((w) => [...w.synonyms, ...w.splits.flat()]), ...answerTypes])];
    const rows: Array<{ n: number; lexeme: string; df: number; prefix_df: number | null }> = await this.dataSource.query(
      `WITH input AS (SELECT s, n FROM unnest($1::text[]) WITH ORDINALITY AS i(s, n)),
            lex AS (SELECT DISTINCT i.n, l.lexeme FROM input i, unnest(to_tsvector('swedish', i.s)) AS l)
       SELECT lex.n::int AS n, lex.lexeme, coalesce(d.df, 0)::int AS df,
              CASE WHEN lex.n = 1 AND length(lex.lexeme) >= $2 AND lex.lexeme !~ '[0-9]' THEN
                (SELECT coalesce(sum(p.df), 0)::float8 FROM rag.lexeme_df p
                  WHERE p.lexeme >= lex.lexeme COLLATE "C" AND p.lexeme < (lex.lexeme || chr(1114111)) COLLATE "C")
              END AS prefix_df
         FROM lex LEFT JOIN rag.lexeme_df d ON d.lexeme = lex.lexeme COLLATE "C"
       UNION ALL
       SELECT 0, '', df, NULL FROM rag.lexeme_df WHERE lexeme = ''`,
      [inputs, this.tuning.fullText.minPrefixLength],
    );
    const analysis: QueryAnalysis = { total: 0, question: [], lexemesOf: new Map() };
    for (const r of rows) {
      if (r.n === 0) {
        analysis.total = r.df;
        continue;
      }
      if (r.n === 1) analysis.question.push({ lexeme: r.lexeme, df: r.df, prefixDf: r.prefix_df === null ? null : Number(r.prefix_df) });
      const input = inputs[r.n - 1];
      analysis.lexemesOf.set(input, [...(analysis.lexemesOf.get(input) ?? []), { lexeme: r.lexeme, df: r.df }]);
    }
    return planFullText(words, analysis, this.tuning.fullText, answerTypes);
  }

  /**
   * BM25-like full text (see full-text.ts): chunks containing any selecting
   * term (GIN), scored Σ idf × ts_rank over all terms; top n.
   */
  private async fullText(terms: readonly FullTextTerm[], filter: string[] | null, n: number): Promise<Array<{ id: string; score: number }>> {
    const { any, twoWords, estimated } = selectionQueries(terms);
    const { twoWordsAbove, maxCandidates } = this.tuning.fullText;
    // The estimate ignores the law filter: a small filter reads few candidates anyway.
    const large = any === null || (filter === null && estimated > twoWordsAbove);
    if (!large || twoWords === null) return any === null ? [] : this.fullTextOf(any, terms, filter, n, large ? maxCandidates : null);
    const paired = await this.fullTextOf(twoWords, terms, filter, n, maxCandidates);
    if (paired.length >= n || any === null) return paired;
    // Too few chunks hold two words: add the best of (at most maxCandidates) chunks with any selecting
    // term. Both lists are scored by the same terms, so they merge by score.
    const single = await this.fullTextOf(any, terms, filter, n, maxCandidates);
    const merged = new Map([...paired, ...single].map((r) => [r.id, r]));
    return [...merged.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, n);
  }

  private async fullTextOf(
    selection: string,
    terms: readonly FullTextTerm[],
    filter: string[] | null,
    n: number,
    maxCandidates: number | null,
  ): Promise<Array<{ id: string; score: number }>> {
    const { fieldWeights, normalization } = this.tuning.fullText;
    const params: unknown[] = [selection, filter, n, `{${fieldWeights.join(',')}}`, normalization, maxCandidates];
    const score = terms
      .map((t) => {
        params.push(t.weight, t.tsquery);
        return `$${params.length - 1}::float8 * ts_rank($4::float4[], s.tsv, $${params.length}::tsquery, $5::int)`;
      })
      .join(' + ');
    // A chunk's tsvector is usually TOASTed: `tsv || ''` fetches it once per candidate
    // instead of once per ts_rank call (the LIMIT, NULL = none, keeps the subquery from being flattened).
    const rows: Array<{ id: string; score: number }> = await this.dataSource.query(
      `SELECT s.id, (${score})::float8 AS score
         FROM (SELECT c.id, c.tsv || ''::tsvector AS tsv FROM rag.chunks c
                WHERE c.tsv @@ $1::tsquery AND ($2::text[] IS NULL OR c.sfs = ANY($2::text[]))
                LIMIT $6::int) s
        ORDER BY score DESC, s.id
        LIMIT $3`,
      params,
    );
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /**
   * Vector top-n through the HNSW index. `hnsw.iterative_scan = relaxed_order`
   * (pgvector 0.8) keeps scanning when the filter (laws, model) removes
   * candidates, so a filtered search still returns n rows; relaxed order is
   * re-sorted here.
   */
  private async vector(vector: string, filter: string[] | null, n: number): Promise<Array<{ id: string; similarity: number }>> {
    const model = this.embeddings.id;
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`, [
        String(Math.max(this.config.HNSW_EF_SEARCH, n)),
      ]);
      const rows: Array<{ id: string; distance: number }> = await tx.query(
        `SELECT id, (embedding <=> $1::halfvec(384))::float8 AS distance FROM rag.chunks
          WHERE embedding_model = $2 AND ($3::text[] IS NULL OR sfs = ANY($3::text[]))
          ORDER BY embedding <=> $1::halfvec(384)
          LIMIT $4`,
        [vector, model, filter, n],
      );
      return rows
        .map((r) => ({ id: r.id, similarity: 1 - Number(r.distance) }))
        .sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id));
    });
  }

  private async pinned(sfs: string, anchor: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM rag.chunks WHERE sfs = $1 AND anchor = $2 ORDER BY position LIMIT 5`,
      [sfs, anchor],
    );
    return rows.map((r) => r.id);
  }

  private async load(ids: string[]): Promise<ChunkRow[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, sfs, law_title, anchor, label, chapter, heading, text FROM rag.chunks WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
