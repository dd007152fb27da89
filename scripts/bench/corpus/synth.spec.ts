import { join } from 'node:path';
import { parseSfsText } from '@laglig/sfs-parser';
import { normaliseText } from '../../../apps/law-catalog/src/ingestion/normalise';
import { hashSeed, Prng } from '../lib/prng';
import { actKind, loadBundle, titleSubject, type Bundle } from './templates';
import { FIRST_YEAR, LAST_YEAR, swapWords, synthesizeDocument, synthSfs, wrap } from './synth';

const DATA = join(__dirname, '..', '..', '..', 'data', 'sfs');
const OPTIONS = { seed: 11, minSections: 20, maxSections: 40 };

describe('synthSfs', () => {
  it('walks the years 1900-2026 and numbers within a year', () => {
    const none = new Set<string>();
    expect(synthSfs(0, none).sfs).toBe(`${FIRST_YEAR}:1`);
    expect(synthSfs(1, none).sfs).toBe(`${FIRST_YEAR + 1}:1`);
    expect(synthSfs(LAST_YEAR - FIRST_YEAR, none).sfs).toBe(`${LAST_YEAR}:1`);
    expect(synthSfs(LAST_YEAR - FIRST_YEAR + 1, none).sfs).toBe(`${FIRST_YEAR}:2`);
  });

  it('never gives out a reserved number, and never the same number twice', () => {
    const reserved = new Set(['1900:1', '1900:3', '1977:1', '1977:2']);
    const seen = new Set<string>();
    for (let i = 0; i < 127 * 6; i++) {
      const { sfs } = synthSfs(i, reserved);
      expect(reserved.has(sfs)).toBe(false);
      expect(seen.has(sfs)).toBe(false);
      seen.add(sfs);
    }
    expect(synthSfs(0, reserved).sfs).toBe('1900:2');
    expect(synthSfs(127, reserved).sfs).toBe('1900:4');
    expect(synthSfs(77, reserved).sfs).toBe('1977:3');
  });
});

describe('text helpers', () => {
  it('wraps lines without starting one with a number or §', () => {
    const text = wrap('enligt bestämmelserna i 3 § första stycket och 12 kap. 4 § gäller detta också för arbetstagare', 20);
    for (const line of text.split('\n')) expect(line).not.toMatch(/^[\d§]/);
    expect(text.replace(/\n/g, ' ')).toBe('enligt bestämmelserna i 3 § första stycket och 12 kap. 4 § gäller detta också för arbetstagare');
  });

  it('swaps only whole lower-case words of four letters or more', () => {
    const rng = new Prng(hashSeed(1));
    const swapped = swapWords('Lagens 3 § gäller arbetsgivare. Lag (2012:333).', 1, rng, ['X']);
    expect(swapped).toBe('Lagens 3 § X X. Lag (2012:333).');
  });

  it('reads the kind and subject of a title', () => {
    expect(actKind('Förordning (1977:1166) om ändring')).toBe('Förordning');
    expect(actKind('Arbetsmiljöförordning (1977:1166)')).toBe('Förordning');
    expect(actKind('Lag (1982:80) om anställningsskydd')).toBe('Lag');
    expect(titleSubject('Lag (1982:80) om anställningsskydd')).toBe('om anställningsskydd');
    expect(titleSubject('Miljöbalk (1998:808)')).toBeNull();
  });
});

describe('synthesizeDocument (from the bundled statutes)', () => {
  let bundle: Bundle;
  beforeAll(async () => {
    bundle = await loadBundle(DATA);
  }, 60_000);

  it('draws its material from the bundle', () => {
    expect(bundle.templates.length).toBeGreaterThanOrEqual(50);
    expect(bundle.reservedSfs.has('1977:1160')).toBe(true);
    expect(bundle.vocabulary.length).toBeGreaterThan(10_000);
  });

  it('is deterministic: the same index gives the same statute', () => {
    const a = synthesizeDocument(1234, bundle, OPTIONS);
    const b = synthesizeDocument(1234, bundle, OPTIONS);
    expect(b).toEqual(a);
    expect(synthesizeDocument(1235, bundle, OPTIONS).text).not.toBe(a.text);
    expect(synthesizeDocument(1234, bundle, { ...OPTIONS, seed: 12 }).text).not.toBe(a.text);
  });

  it('writes statutes the real parser reads with the intended number of sections', () => {
    let mismatches = 0;
    const texts = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const doc = synthesizeDocument(i, bundle, OPTIONS);
      const parsed = parseSfsText(normaliseText(doc.text));
      if (parsed.sections.length !== doc.writtenSections) mismatches++;
      expect(doc.writtenSections).toBeGreaterThanOrEqual(OPTIONS.minSections);
      expect(doc.writtenSections).toBeLessThanOrEqual(OPTIONS.maxSections);
      expect(new Set(parsed.sections.map((s) => s.anchor)).size).toBe(parsed.sections.length);
      expect(doc.title).toContain(`(${doc.sfs})`);
      expect(bundle.reservedSfs.has(doc.sfs)).toBe(false);
      texts.add(doc.text);
    }
    expect(texts.size).toBe(60);
    expect(mismatches).toBeLessThanOrEqual(1);
  });

  it('keeps amendments after the statute, sorted, and names the last one in amendedThrough', () => {
    for (let i = 0; i < 40; i++) {
      const doc = synthesizeDocument(i, bundle, OPTIONS);
      const year = Number(doc.sfs.split(':')[0]);
      const years = doc.amendments.map((a) => Number(a.sfs.split(':')[0]));
      for (const y of years) expect(y).toBeGreaterThan(year);
      expect([...years].sort((a, b) => a - b)).toEqual(years);
      const last = doc.amendments[doc.amendments.length - 1];
      expect(doc.amendedThrough).toBe(last ? `t.o.m. SFS ${last.sfs}` : null);
    }
  });
});
