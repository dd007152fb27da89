import { createHash } from 'node:crypto';
import type { LawChunk } from '../../../apps/rag/src/chunks/chunker';
import { CHUNK_COLUMNS, chunkCopyLine, parseVectorLiteral, vectorLiteral } from './vector';

describe('vectorLiteral', () => {
  it('writes six significant digits, no trailing zeros, and 0 for zero', () => {
    expect(vectorLiteral([0.123456789, -0.5, 0, -0, 1e-7, 0.000123456789])).toBe('[0.123457,-0.5,0,0,1e-7,0.000123457]');
  });

  it('round-trips within the relative precision asked for', () => {
    const values = Array.from({ length: 384 }, (_, i) => Math.sin(i * 12.9898) * 0.2);
    const back = parseVectorLiteral(vectorLiteral(values));
    expect(back).toHaveLength(384);
    back.forEach((v, i) => expect(Math.abs(v - (values[i] as number))).toBeLessThanOrEqual(Math.abs(values[i] as number) * 1e-5 + 1e-12));
    expect(parseVectorLiteral(vectorLiteral(values, 17))).toEqual(values);
  });

  it('refuses what pgvector would refuse', () => {
    expect(() => vectorLiteral([0.1, Number.NaN])).toThrow('component 1');
    expect(() => vectorLiteral([0.1], 0)).toThrow('digits');
    expect(parseVectorLiteral('[]')).toEqual([]);
  });
});

describe('chunkCopyLine', () => {
  it('writes one COPY line in CHUNK_COLUMNS order, NULL for a missing chapter, heading and chapter title', () => {
    const embeddingText = 'Semesterlag (1977:480) (SFS 1977:480)\n4 §\nArbetstagare har rätt till semesterledighet.';
    const chunk: LawChunk = {
      position: 3,
      anchor: 'P4',
      part: 0,
      chapter: null,
      label: '4 §',
      lawTitle: 'Semesterlag (1977:480)',
      heading: null,
      chapterTitle: null,
      text: 'Arbetstagare har rätt till semesterledighet.\tmed tab',
      embeddingText,
      contentHash: createHash('sha256').update(embeddingText).digest('hex'),
    };
    const line = chunkCopyLine({ sfs: '1977:480', versionId: '00000000-0000-4000-8000-000000000001', title: 'Semesterlag (1977:480)' }, chunk, '[0.5,0]', 'local-hash-v1:384');
    expect(line.endsWith('\n')).toBe(true);
    // The tab inside the text is escaped (\\t), so it does not split the row.
    const cells = line.slice(0, -1).split('\t');
    expect(cells).toHaveLength(CHUNK_COLUMNS.length);
    const col = (name: (typeof CHUNK_COLUMNS)[number]): string | undefined => cells[CHUNK_COLUMNS.indexOf(name)];
    expect(col('text')).toBe('Arbetstagare har rätt till semesterledighet.\\tmed tab');
    expect(col('sfs')).toBe('1977:480');
    expect(col('position')).toBe('3');
    expect(col('chapter')).toBe('\\N');
    expect(col('heading')).toBe('\\N');
    expect(col('chapter_title')).toBe('\\N');
    expect(col('law_title')).toBe('Semesterlag (1977:480)');
    expect(col('content_hash')).toMatch(/^[0-9a-f]{64}$/);
    expect(col('embedding')).toBe('[0.5,0]');
    expect(col('embedding_model')).toBe('local-hash-v1:384');
  });
});
