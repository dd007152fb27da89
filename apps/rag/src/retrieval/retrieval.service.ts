import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { succeed, type OperationResult, type RagIndexStatus, type RetrievalHit, type RetrievalSearchResult } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { parseSectionReference } from '@laglig/sfs-parser';
import { EMBEDDING_PROVIDER, type EmbeddingProvider } from '../embeddings/embedding-provider';
import { RRF_K, reciprocalRankFusion, sectionAnchorOf, type RankedList } from './fusion';

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
/** Bonus for chunks of a law the question names, or a section number named without a law: one first place. */
const REFERENCE_BONUS = 1 / (RRF_K + 1);

/**
 * Hybrid retrieval: Swedish full text (OR over the question's lexemes) and
 * pgvector cosine top-k, fused with reciprocal rank fusion (k = 60); laws
 * and sections named in the question are boosted or pinned.
 */
@Injectable()
export class RetrievalService {
  private readonly config = loadConfig(RetrievalConfigSchema);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDING_PROVIDER) private readonly embeddings: EmbeddingProvider,
  ) {}

  async search(input: SearchInput): Promise<OperationResult<RetrievalSearchResult>> {
    const k = input.k;
    const filter = input.sfs && input.sfs.length > 0 ? [...new Set(input.sfs)] : null;
    const n = Math.max(this.config.RETRIEVAL_CANDIDATES, k * 3);
    const ref = parseSectionReference(input.query);
    const refLaw = ref?.sfs && (!filter || filter.includes(ref.sfs)) ? ref.sfs : null;
    const refSection = sectionAnchorOf(ref?.anchor);

    const [queryVector] = await this.embeddings.embed([input.query]);
    const vectorLiteral = `[${queryVector.join(',')}]`;

    const [fullText, vector, lawVector, pinned] = await Promise.all([
      this.fullText(input.query, filter, n),
      this.vector(vectorLiteral, filter, n),
      refLaw ? this.vector(vectorLiteral, [refLaw], k) : Promise.resolve([]),
      refLaw && refSection ? this.pinned(refLaw, refSection) : Promise.resolve([]),
    ]);

    const lists: RankedList[] = [{ ids: fullText }, { ids: vector.map((v) => v.id) }];
    if (lawVector.length) lists.push({ ids: lawVector.map((v) => v.id) });
    const scores = reciprocalRankFusion(lists);
    const ids = new Set([...scores.keys(), ...pinned]);
    const rows = await this.load([...ids]);
    const similarity = new Map([...vector, ...lawVector].map((v) => [v.id, v.similarity]));
    const ftRank = new Map(fullText.map((id, i) => [id, i + 1]));
    const vecRank = new Map(vector.map((v, i) => [v.id, i + 1]));
    const pinnedSet = new Set(pinned);

    const hits: RetrievalHit[] = rows.map((r) => {
      let score = scores.get(r.id) ?? 0;
      const inRefLaw = refLaw !== null && r.sfs === refLaw;
      const sectionMatch = refSection !== null && r.anchor === refSection && (refLaw === null || inRefLaw);
      if (pinnedSet.has(r.id)) score += PIN_BONUS;
      else if (inRefLaw || sectionMatch) score += REFERENCE_BONUS;
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

  /** Full text with OR semantics: any of the question's Swedish lexemes matches; ranked by ts_rank_cd. */
  private async fullText(query: string, filter: string[] | null, n: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `WITH q AS (
         SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS tsq
           FROM unnest(to_tsvector('swedish', $1)) AS t(lexeme, positions, weights)
       )
       SELECT c.id FROM rag.chunks c, q
        WHERE q.tsq IS NOT NULL AND c.tsv @@ q.tsq AND ($2::text[] IS NULL OR c.sfs = ANY($2::text[]))
        ORDER BY ts_rank_cd(c.tsv, q.tsq) DESC, c.id
        LIMIT $3`,
      [query, filter, n],
    );
    return rows.map((r) => r.id);
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
