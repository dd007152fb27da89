import { join } from 'node:path';
import { LawStructureSchema } from '@laglig/contracts';
import { toContractStructure, type StoredStructure } from '../../../apps/law-catalog/src/ingestion/structure';
import { copyLine, copyValue, DOCUMENT_COLUMNS, encodeDocument, SECTION_COLUMNS, VERSION_COLUMNS } from './rows';
import { synthesizeDocument, SYNTHETIC_SOURCE } from './synth';
import { loadBundle, type Bundle } from './templates';

/** Inverse of copyValue, for the tests. */
function parseCopyLine(line: string): Array<string | null> {
  return line
    .replace(/\n$/, '')
    .split('\t')
    .map((cell) => (cell === '\\N' ? null : cell.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c))));
}

describe('COPY text encoding', () => {
  it('escapes what COPY treats specially and writes NULL as \\N', () => {
    expect(copyValue('a\\b\nc\td\re')).toBe('a\\\\b\\nc\\td\\re');
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(false)).toBe('f');
    expect(copyValue(12)).toBe('12');
    expect(copyValue('x\u0000y')).toBe('xy');
    expect(copyLine(['a', null, 3])).toBe('a\t\\N\t3\n');
  });

  it('round-trips through the inverse', () => {
    const values = ['multi\nline\ttext with \\ backslash', null, '§ 3 kap.'];
    expect(parseCopyLine(copyLine(values))).toEqual(values);
  });
});

describe('encodeDocument', () => {
  let bundle: Bundle;
  beforeAll(async () => {
    bundle = await loadBundle(join(__dirname, '..', '..', '..', 'data', 'sfs'));
  }, 60_000);

  it('writes one row per document and version, one per section, in the column order declared', () => {
    const doc = synthesizeDocument(5, bundle, { seed: 3, minSections: 20, maxSections: 40 });
    const encoded = encodeDocument(doc, 3, '2026-01-01T00:00:00.000Z');
    const [document] = encoded.documents.split(/\n(?=.)/).map(parseCopyLine);
    const [version] = encoded.versions.split(/\n(?=.)/).map(parseCopyLine);
    const sections = encoded.sections.trimEnd().split('\n').map(parseCopyLine);
    expect(document).toHaveLength(DOCUMENT_COLUMNS.length);
    expect(version).toHaveLength(VERSION_COLUMNS.length);
    expect(sections).toHaveLength(encoded.sectionCount);
    for (const row of sections) expect(row).toHaveLength(SECTION_COLUMNS.length);

    const col = <T extends readonly string[]>(cols: T, row: Array<string | null>, name: T[number]): string | null => row[cols.indexOf(name)] ?? null;
    const d = document as Array<string | null>;
    const v = version as Array<string | null>;
    expect(col(DOCUMENT_COLUMNS, d, 'sfs')).toBe(doc.sfs);
    expect(col(DOCUMENT_COLUMNS, d, 'source_name')).toBe(SYNTHETIC_SOURCE);
    expect(col(DOCUMENT_COLUMNS, d, 'current_version_id')).toBe(col(VERSION_COLUMNS, v, 'id'));
    expect(col(VERSION_COLUMNS, v, 'document_id')).toBe(col(DOCUMENT_COLUMNS, d, 'id'));
    expect(col(VERSION_COLUMNS, v, 'section_count')).toBe(String(encoded.sectionCount));
    expect(col(VERSION_COLUMNS, v, 'content_hash')).toMatch(/^[0-9a-f]{64}$/);

    // The stored structure is what the read path maps to the public contract.
    const stored = JSON.parse(col(VERSION_COLUMNS, v, 'structure') as string) as StoredStructure;
    expect(LawStructureSchema.safeParse(toContractStructure(stored)).success).toBe(true);
    const positions = sections.map((row) => Number(col(SECTION_COLUMNS, row, 'position')));
    expect(positions).toEqual(positions.map((_, i) => i));
  });

  it('leaves current_version_id empty when asked to defer it', () => {
    const doc = synthesizeDocument(6, bundle, { seed: 3, minSections: 20, maxSections: 40 });
    const row = parseCopyLine(encodeDocument(doc, 3, '2026-01-01T00:00:00.000Z', true).documents);
    expect(row[DOCUMENT_COLUMNS.indexOf('current_version_id')]).toBeNull();
  });
});
