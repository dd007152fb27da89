import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSfsText } from '@laglig/sfs-parser';
import { compareSections } from '../../../apps/law-catalog/src/ingestion/diff';
import { contentHash, normaliseText } from '../../../apps/law-catalog/src/ingestion/normalise';
import { toSectionRows } from '../../../apps/law-catalog/src/ingestion/structure';
import { synthesizeDocument } from '../corpus/synth';
import { loadBundle, type Bundle } from '../corpus/templates';
import { mutateText } from './mutate';

/** What the catalog stores: the normalised text (the bench server serves stored texts). */
function corpus(dataDir: string, bundle: Bundle): Array<{ dokId: string; text: string }> {
  const real = readdirSync(dataDir)
    .filter((file) => file.endsWith('.txt'))
    .map((file) => ({ dokId: file, text: normaliseText(readFileSync(join(dataDir, file), 'utf8')) }));
  const synthetic = Array.from({ length: 200 }, (_, i) => {
    const doc = synthesizeDocument(i, bundle, { seed: 20260101, minSections: 20, maxSections: 40 });
    return { dokId: doc.dokId, text: normaliseText(doc.text) };
  });
  return [...real, ...synthetic];
}

describe('mutateText', () => {
  let docs: Array<{ dokId: string; text: string }>;
  beforeAll(async () => {
    const dataDir = join(__dirname, '..', '..', '..', 'data', 'sfs');
    docs = corpus(dataDir, await loadBundle(dataDir));
  }, 120_000);

  it('is deterministic in (dok_id, salt) and differs between salts', () => {
    const { dokId, text } = docs[60] as { dokId: string; text: string };
    expect(mutateText(text, dokId, 'a')).toEqual(mutateText(text, dokId, 'a'));
    expect(mutateText(text, dokId, 'a')?.text).not.toBe(mutateText(text, dokId, 'b')?.text);
  });

  it('changes the hash, keeps the sections and modifies exactly the touched ones (substantively)', () => {
    let withSentence = 0;
    let twoSections = 0;
    for (const { dokId, text } of docs) {
      const mutation = mutateText(text, dokId, 'batch-1');
      expect(mutation).not.toBeNull();
      if (!mutation) continue;
      const after = normaliseText(mutation.text);
      expect(contentHash(after)).not.toBe(contentHash(text));
      const before = toSectionRows(parseSfsText(text));
      const next = toSectionRows(parseSfsText(after));
      expect(next.map((s) => s.anchor)).toEqual(before.map((s) => s.anchor));
      const comparison = compareSections(before, next);
      expect(comparison.added).toEqual([]);
      expect(comparison.repealed).toEqual([]);
      expect(comparison.modified).toHaveLength(mutation.sections.length);
      expect(comparison.substantive).toBe(true);
      // The modified sections are the touched ones ("3 §" is the start of the section labelled "… 3 §").
      const labels = next.filter((s) => comparison.modified.includes(s.anchor)).map((s) => s.label);
      for (const header of mutation.sections) expect(labels.some((label) => label.endsWith(header))).toBe(true);
      if (mutation.edits.includes('sentence')) withSentence++;
      if (mutation.sections.length === 2) twoSections++;
    }
    // Roughly one in three gains a sentence and one in four has two sections touched.
    expect(withSentence / docs.length).toBeGreaterThan(0.2);
    expect(twoSections / docs.length).toBeGreaterThan(0.12);
  });
});
