import type { LawDocument, LawSection } from '@laglig/contracts';
import { chunkLaw, sectionLabel } from './chunker';

const section = (over: Partial<LawSection> & Pick<LawSection, 'anchor' | 'number' | 'text'>): LawSection => ({
  type: 'paragraf',
  chapter: null,
  heading: null,
  stycken: [],
  amendedBy: null,
  repealed: false,
  repealedBy: null,
  validity: null,
  ...over,
});

const doc = (body: LawDocument['structure']['body']): Pick<LawDocument, 'sfs' | 'title' | 'structure'> => ({
  sfs: '1977:1160',
  title: 'Arbetsmiljölag (1977:1160)',
  structure: { preamble: '', body, transitional: [] },
});

describe('chunkLaw', () => {
  const law = doc([
    {
      type: 'kapitel',
      anchor: 'K3',
      number: '3',
      title: 'Allmänna skyldigheter',
      validity: null,
      children: [
        { type: 'rubrik', anchor: 'K3R1', text: 'Arbetsgivarens ansvar', validity: null },
        section({ anchor: 'K3P2', chapter: '3', number: '2', text: 'Arbetsgivaren ska vidta alla åtgärder.' }),
        section({ anchor: 'K3P2a', chapter: '3', number: '2 a', text: 'Arbetsgivaren ska systematiskt planera.' }),
        section({ anchor: 'K3P3', chapter: '3', number: '3', text: 'Upphävd.', repealed: true }),
        section({
          anchor: 'K3P4',
          chapter: '3',
          number: '4',
          text: 'Ny lydelse.',
          validity: { kind: 'future', from: '2030-01-01' },
        }),
      ],
    },
  ]);

  it('makes one chunk per section with law, SFS, chapter, heading and label as embedding context', () => {
    const chunks = chunkLaw(law);
    expect(chunks.map((c) => [c.anchor, c.label])).toEqual([
      ['K3P2', '3 kap. 2 §'],
      ['K3P2a', '3 kap. 2 a §'],
    ]);
    expect(chunks[1]).toMatchObject({
      position: 1,
      chapter: '3',
      chapterTitle: 'Allmänna skyldigheter',
      heading: 'Arbetsgivarens ansvar',
      lawTitle: 'Arbetsmiljölag (1977:1160)',
    });
    expect(chunks[1].embeddingText).toBe(
      'Arbetsmiljölag (1977:1160) (SFS 1977:1160)\n3 kap. Allmänna skyldigheter\nArbetsgivarens ansvar\n3 kap. 2 a §\nArbetsgivaren ska systematiskt planera.',
    );
    expect(chunks[1].contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves out repealed sections and sections not yet in force', () => {
    expect(chunkLaw(law).some((c) => c.anchor === 'K3P3' || c.anchor === 'K3P4')).toBe(false);
  });

  it('is deterministic and changes the hash only for the changed section', () => {
    const a = chunkLaw(law);
    const changed = doc([section({ anchor: 'K3P2', chapter: '3', number: '2', text: 'Arbetsgivaren ska vidta alla åtgärder.' })]);
    expect(chunkLaw(law)).toEqual(a);
    const b = chunkLaw(changed);
    expect(b[0].text).toBe(a[0].text);
    // Heading context is part of the hash: the section lost its heading, so it is re-embedded.
    expect(b[0].contentHash).not.toBe(a[0].contentHash);
  });

  it('splits long sections into overlapping parts, never across sections', () => {
    const long = Array.from({ length: 50 }, (_, i) => `ord${i}`).join(' ');
    const chunks = chunkLaw(
      doc([section({ anchor: 'P1', number: '1', text: long }), section({ anchor: 'P2', number: '2', text: 'kort' })]),
      { maxWords: 20, overlapWords: 5 },
    );
    const p1 = chunks.filter((c) => c.anchor === 'P1');
    expect(p1.map((c) => c.part)).toEqual([0, 1, 2]);
    expect(p1.map((c) => c.label)).toEqual(['1 § (del 1 av 3)', '1 § (del 2 av 3)', '1 § (del 3 av 3)']);
    expect(p1[0].text.split(' ').slice(-5)).toEqual(p1[1].text.split(' ').slice(0, 5));
    expect(p1.every((c) => !c.text.includes('kort'))).toBe(true);
    expect(p1[2].text.split(' ').at(-1)).toBe('ord49');
    expect(chunks.map((c) => c.position)).toEqual([0, 1, 2, 3]);
  });

  it('labels sections without chapters', () => {
    expect(sectionLabel({ chapter: null, number: '4' })).toBe('4 §');
  });
});
