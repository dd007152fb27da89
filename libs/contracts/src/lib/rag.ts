import { z } from 'zod';
import { SfsNumberSchema } from './sfs';

/* Retrieval over the rag service's chunk index (hybrid full text + vectors). */

export const RetrievalSearchInputSchema = z.object({
  query: z.string().trim().min(1).max(2000),
  k: z.number().int().min(1).max(50).default(10),
  /** Restrict to these laws (a workspace's law list); still returns up to k hits. */
  sfs: z.array(SfsNumberSchema).max(5000).optional(),
});

export const RetrievalHitSchema = z.object({
  chunkId: z.string(),
  sfs: z.string(),
  title: z.string(),
  anchor: z.string(),
  /** "3 kap. 2 a §" */
  label: z.string(),
  chapter: z.string().nullable(),
  heading: z.string().nullable(),
  text: z.string(),
  /** Fused score (reciprocal rank fusion plus reference boosts); higher is better. */
  score: z.number(),
  /** 1-based rank in each list, null when the chunk was not in that list. */
  fullTextRank: z.number().int().nullable(),
  vectorRank: z.number().int().nullable(),
  /** Cosine similarity of the query embedding, null when not in the vector list. */
  similarity: z.number().nullable(),
  /** True when the question named this law or section. */
  referenced: z.boolean(),
});

export const RetrievalSearchResultSchema = z.object({
  hits: z.array(RetrievalHitSchema),
  embeddingModel: z.string(),
});

export const IndexStatusSchema = z.object({
  laws: z.object({ pending: z.number().int(), indexed: z.number().int(), removed: z.number().int() }),
  chunks: z.number().int(),
  embeddingModel: z.string(),
  dimension: z.number().int(),
});

export type RetrievalSearchInput = z.input<typeof RetrievalSearchInputSchema>;
export type RetrievalHit = z.infer<typeof RetrievalHitSchema>;
export type RetrievalSearchResult = z.infer<typeof RetrievalSearchResultSchema>;
export type RagIndexStatus = z.infer<typeof IndexStatusSchema>;
