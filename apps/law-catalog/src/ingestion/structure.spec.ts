import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LawStructureSchema } from '@laglig/contracts';
import { parseSfsText } from '@laglig/sfs-parser';
import { markerDetail, sectionLabel, toContractStructure, toContractValidity, toSectionRows, toStoredStructure } from './structure';

const DATA = join(__dirname, '..', '..', '..', '..', 'data', 'sfs');

describe('sectionLabel', () => {
  it('writes chapter-scoped sections as "3 kap. 2 a §"', () => {
    expect(sectionLabel({ anchor: 'K3P2a', chapter: '3', number: '2 a' })).toBe('3 kap. 2 a §');
  });
  it('omits the chapter where section numbers run through the chapters (anchor P36)', () => {
    expect(sectionLabel({ anchor: 'P36', chapter: '3', number: '36' })).toBe('36 §');
  });
  it('gives the implicit section of a statute without § no label', () => {
    expect(sectionLabel({ anchor: 'P', chapter: null, number: '' })).toBe('');
  });
});

describe('validity mapping', () => {
  it('keeps the date (null when the marker has none) and the marker wording', () => {
    expect(toContractValidity({ kind: 'future', from: '2025-07-01', raw: '/Träder i kraft I:2025-07-01/' })).toEqual({
      kind: 'future',
      from: '2025-07-01',
      raw: '2025-07-01',
    });
    expect(
      toContractValidity({ kind: 'expiring', until: null, raw: '/Upphör att gälla U:den dag som regeringen bestämmer/' }),
    ).toEqual({ kind: 'expiring', until: null, raw: 'den dag som regeringen bestämmer' });
    expect(toContractValidity(null)).toBeNull();
    expect(markerDetail('/Träder i kraft I:den dag som regeringen bestämmer/')).toBe('den dag som regeringen bestämmer');
  });
});

describe('stored and served structure', () => {
  it.each(['1977-1160', '2010-800', '1998-808', '1994-2076'])('maps %s to the contract shape', (base) => {
    const parsed = parseSfsText(readFileSync(join(DATA, `${base}.txt`), 'utf8'));
    // Through JSON, as it comes back from the jsonb column.
    const stored = JSON.parse(JSON.stringify(toStoredStructure(parsed))) as ReturnType<typeof toStoredStructure>;
    const served = toContractStructure(stored);
    expect(LawStructureSchema.parse(served)).toEqual(served);
    const rows = toSectionRows(parsed);
    expect(rows).toHaveLength(parsed.sections.length);
    expect(new Set(rows.map((r) => r.anchor)).size).toBe(rows.length);
    expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i));
  });

  it('flattens 1977:1160 3 kap. 2 a § with its label and text', () => {
    const parsed = parseSfsText(readFileSync(join(DATA, '1977-1160.txt'), 'utf8'));
    const row = toSectionRows(parsed).find((r) => r.anchor === 'K3P2a');
    expect(row).toMatchObject({ chapter: '3', number: '2 a', label: '3 kap. 2 a §', repealed: false });
    expect(row?.text).toMatch(/^Arbetsgivaren ska systematiskt planera/);
  });
});
