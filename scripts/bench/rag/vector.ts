/**
 * Vectors and chunk rows for the rag benchmarks: the pgvector text literal of
 * an embedding, compact enough for a million COPY rows, and the COPY line of
 * one `rag.chunks` row in the column order of CHUNK_COLUMNS.
 */
import type { LawChunk } from '../../../apps/rag/src/chunks/chunker';
import { copyLine } from '../corpus/rows';

/**
 * `[0.0123457,-0.5,0,...]` with `digits` significant digits. The column is
 * halfvec (11 significant bits, ~3.3 decimal digits), so 6 digits change the
 * stored value only when a component lies within 1e-6 (relative) of a
 * half-precision rounding boundary — about 0.1 % of components, by one unit
 * in the last place — while the text is a third of JavaScript's shortest
 * double representation (~6 KB per 384-dimensional vector).
 */
export function vectorLiteral(values: ArrayLike<number>, digits = 6): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new Error(`digits must be 1..17 (got ${digits})`);
  let out = '[';
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) throw new Error(`component ${i} is not finite: ${x}`);
    if (i > 0) out += ',';
    // Number(...) drops trailing zeros of toPrecision ("0.500000" -> "0.5"); -0 becomes 0.
    out += x === 0 ? '0' : String(Number(x.toPrecision(digits)));
  }
  return `${out}]`;
}

/** Parses a pgvector text literal (for tests and for reading vectors back). */
export function parseVectorLiteral(literal: string): number[] {
  const m = /^\[(.*)\]$/s.exec(literal.trim());
  if (!m) throw new Error(`not a vector literal: ${literal.slice(0, 40)}`);
  return (m[1] ?? '').trim() === '' ? [] : (m[1] as string).split(',').map(Number);
}

/** The columns the loader writes; id (gen_random_uuid()) and tsv (generated) are PostgreSQL's. */
export const CHUNK_COLUMNS = [
  'sfs',
  'version_id',
  'position',
  'anchor',
  'part',
  'chapter',
  'label',
  'law_title',
  'heading',
  'chapter_title',
  'text',
  'content_hash',
  'embedding',
  'embedding_model',
] as const;

export interface ChunkLaw {
  sfs: string;
  versionId: string;
  title: string;
}

/** One COPY text line of rag.chunks, as IndexerService.replaceChunks would insert the chunk. */
export function chunkCopyLine(law: ChunkLaw, chunk: LawChunk, embedding: string, model: string): string {
  return copyLine([
    law.sfs,
    law.versionId,
    chunk.position,
    chunk.anchor,
    chunk.part,
    chunk.chapter,
    chunk.label,
    law.title,
    chunk.heading,
    chunk.chapterTitle,
    chunk.text,
    chunk.contentHash,
    embedding,
    model,
  ]);
}
