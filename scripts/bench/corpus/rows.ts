/**
 * A synthetic statute as the rows ingestion would write for a new statute
 * (IngestionService.create): one documents row, one document_versions row
 * (normalised text, content hash, the parser's tree via toStoredStructure,
 * parser warnings), its sections via toSectionRows, and the amendment
 * register — encoded as PostgreSQL COPY text lines. The mapping functions
 * are the law-catalog's own, imported, so the shapes cannot drift apart.
 * Generated columns (documents.title_tsv, sections.tsv) are left to
 * PostgreSQL, as with ingestion.
 */
import { parseSfsText } from '@laglig/sfs-parser';
import { contentHash, normaliseText } from '../../../apps/law-catalog/src/ingestion/normalise';
import { toSectionRows, toStoredStructure } from '../../../apps/law-catalog/src/ingestion/structure';
import { hashSeed, Prng } from '../lib/prng';
import { SYNTHETIC_SOURCE, type SynthDocument } from './synth';

export const DOCUMENT_COLUMNS = [
  'id',
  'sfs',
  'dok_id',
  'title',
  'department',
  'issued_at',
  'in_force',
  'repealed',
  'repealed_at',
  'repealed_by',
  'current_version_id',
  'source_name',
  'source_url',
  'fetched_at',
  'created_at',
  'updated_at',
] as const;
export const VERSION_COLUMNS = [
  'id',
  'document_id',
  'content_hash',
  'amended_through',
  'raw_text',
  'structure',
  'section_count',
  'parser_warnings',
  'source_name',
  'created_at',
] as const;
export const SECTION_COLUMNS = [
  'version_id',
  'anchor',
  'document_id',
  'chapter',
  'number',
  'label',
  'heading',
  'text',
  'position',
  'repealed',
  'amended_by',
  'validity',
] as const;
export const AMENDMENT_COLUMNS = ['document_id', 'amending_sfs', 'title', 'in_force', 'notes', 'position'] as const;

type Cell = string | number | boolean | null;

/**
 * One value in COPY text format: NULL is \N; backslash, newline, carriage
 * return and tab are escaped; NUL cannot be stored in text and is dropped.
 */
export function copyValue(value: Cell): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\\\n\r\t\u0000]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : ''));
}

export function copyLine(values: readonly Cell[]): string {
  return `${values.map(copyValue).join('\t')}\n`;
}

export interface EncodedDocument {
  sfs: string;
  documents: string;
  versions: string;
  sections: string;
  amendments: string;
  sectionCount: number;
  /** The parser found a different number of sections than were written (kept: the parser is the truth). */
  sectionMismatch: boolean;
  warnings: number;
  bytes: number;
}

/**
 * Rows of one synthetic statute. Ids are drawn from the document's own
 * generator, so a corpus is the same, ids included, on every run.
 * `deferCurrentVersion`: leave documents.current_version_id NULL (for a
 * loader whose foreign keys are checked per row; it sets the column after
 * the version is in).
 */
export function encodeDocument(doc: SynthDocument, seed: number, fetchedAt: string, deferCurrentVersion = false): EncodedDocument {
  const ids = new Prng(hashSeed(seed, doc.index, 'ids'));
  const documentId = ids.uuid();
  const versionId = ids.uuid();
  const text = normaliseText(doc.text);
  const parsed = parseSfsText(text);
  const rows = toSectionRows(parsed);
  const repealedBy = doc.repealedBy ?? parsed.repealedBy ?? null;

  const documents = copyLine([
    documentId,
    doc.sfs,
    doc.dokId,
    doc.title,
    doc.department,
    doc.issuedAt,
    doc.inForce,
    Boolean(doc.repealedAt || repealedBy),
    doc.repealedAt,
    repealedBy,
    deferCurrentVersion ? null : versionId,
    SYNTHETIC_SOURCE,
    null,
    fetchedAt,
    fetchedAt,
    fetchedAt,
  ]);
  const versions = copyLine([
    versionId,
    documentId,
    contentHash(text),
    doc.amendedThrough,
    text,
    JSON.stringify(toStoredStructure(parsed)),
    rows.length,
    JSON.stringify(parsed.warnings),
    SYNTHETIC_SOURCE,
    fetchedAt,
  ]);
  let sections = '';
  for (const row of rows) {
    sections += copyLine([
      versionId,
      row.anchor,
      documentId,
      row.chapter,
      row.number,
      row.label,
      row.heading,
      row.text,
      row.position,
      row.repealed,
      row.amendedBy,
      row.validity ? JSON.stringify(row.validity) : null,
    ]);
  }
  let amendments = '';
  doc.amendments.forEach((a, position) => {
    amendments += copyLine([documentId, a.sfs, a.title, a.inForce, a.notes, position]);
  });
  return {
    sfs: doc.sfs,
    documents,
    versions,
    sections,
    amendments,
    sectionCount: rows.length,
    sectionMismatch: rows.length !== doc.writtenSections,
    warnings: parsed.warnings.length,
    bytes: documents.length + versions.length + sections.length + amendments.length,
  };
}
