import { classifyTextChange, compareSections, diffSections, partsOf, quote, summariseTextChange, textSimilarity, wordDiff, type ComparableSection } from './diff';

const s = (
  anchor: string,
  text: string,
  repealed = false,
  heading: string | null = null,
  extra: Partial<ComparableSection> = {},
): ComparableSection => ({ anchor, text, repealed, heading, ...extra });

describe('diffSections (anchor lists of law.changed)', () => {
  it('finds added, modified and repealed anchors in document order', () => {
    const previous = [s('P1', 'Första.'), s('P2', 'Andra.'), s('P3', 'Tredje.'), s('P4', 'Fjärde.')];
    const next = [s('P1', 'Första.'), s('P2', 'Andra, ändrad.'), s('P2a', 'Ny.'), s('P3', 'Har upphävts genom lag (2024:1).', true)];
    expect(diffSections(previous, next)).toEqual({ added: ['P2a'], modified: ['P2'], repealed: ['P3', 'P4'], substantive: true });
  });

  it('marks a whitespace-only change as modified but not substantive', () => {
    const result = diffSections([s('P1', 'En  text.')], [s('P1', 'En text.')]);
    expect(result).toEqual({ added: [], modified: ['P1'], repealed: [], substantive: false });
  });

  it('counts a changed heading as a modification', () => {
    const result = diffSections([s('P1', 'Text.', false, 'Gammal rubrik')], [s('P1', 'Text.', false, 'Ny rubrik')]);
    expect(result.modified).toEqual(['P1']);
    expect(result.substantive).toBe(true);
  });

  it('treats a re-introduced section as added and ignores sections repealed in both', () => {
    const previous = [s('P1', 'Upphävd.', true), s('P2', 'Upphävd.', true)];
    const next = [s('P1', 'Ny lydelse.'), s('P2', 'Upphävd.', true)];
    expect(diffSections(previous, next)).toEqual({ added: ['P1'], modified: [], repealed: [], substantive: true });
  });

  it('reports nothing for identical versions', () => {
    const sections = [s('K1P1', 'a'), s('K1P2', 'b')];
    expect(diffSections(sections, sections)).toEqual({ added: [], modified: [], repealed: [], substantive: false });
  });
});

describe('classifyTextChange', () => {
  it('treats dashes, quotes, punctuation and line breaks as typography', () => {
    expect(classifyTextChange('Vid tillämpning av 2–4 och 7–9 kap. ska', 'Vid tillämpning av 2-4 och 7-9 kap. ska')).toBe('typography');
    expect(classifyTextChange('benämns ”skyddsombud”.', 'benämns "skyddsombud"')).toBe('typography');
    expect(classifyTextChange('Första meningen. Andra meningen.', 'Första meningen.\n\nAndra meningen.')).toBe('typography');
  });

  it('treats renumbered section and chapter references as editorial', () => {
    expect(classifyTextChange('enligt 3 kap. 2 § första stycket', 'enligt 3 kap. 3 § första stycket')).toBe('references');
    expect(classifyTextChange('i 6 kap. 6 a, 8 och 15 §§ samt', 'i 6 kap. 6 b, 9 och 16 §§ samt')).toBe('references');
  });

  it('treats changed words, numbers outside references and SFS numbers as substantive', () => {
    expect(classifyTextChange('lägst 1 000 kronor', 'lägst 2 000 kronor')).toBe('substantive');
    expect(classifyTextChange('socialtjänstlagen (2001:453)', 'socialtjänstlagen (2025:400)')).toBe('substantive');
    expect(classifyTextChange('Arbetsgivaren ska', 'Arbetsgivaren får')).toBe('substantive');
  });
});

describe('summaries', () => {
  it('says what replaced what, with the neighbouring word for bare numbers', () => {
    const before = 'framgår av 4 kap. 6 § socialtjänstlagen (2001:453).';
    const after = 'framgår av 12 kap. 6 § socialtjänstlagen (2025:400).';
    expect(summariseTextChange(before, after)).toBe(
      '\u201D4 kap.\u201D ersätts av \u201D12 kap.\u201D. \u201Dsocialtjänstlagen (2001:453)\u201D ersätts av \u201Dsocialtjänstlagen (2025:400)\u201D.',
    );
  });

  it('reports additions and removals', () => {
    expect(summariseTextChange('Arbetsgivaren ska planera.', 'Arbetsgivaren ska planera och följa upp.')).toBe('Tillägg: \u201Doch följa upp\u201D.');
    expect(summariseTextChange('Arbetsgivaren ska noga planera.', 'Arbetsgivaren ska planera.')).toBe('Borttaget: \u201Dnoga\u201D.');
  });

  it('ignores editorial stretches and counts changes beyond three', () => {
    const before = 'a1 x. b1 x. c1 x. d1 x. 2–4 kap.';
    const after = 'a2 x. b2 x. c2 x. d2 x. 2-4 kap.';
    const summary = summariseTextChange(before, after) as string;
    expect(summary).toContain('\u201Da1\u201D ersätts av \u201Da2\u201D.');
    expect(summary).toMatch(/Ytterligare en ändring\.$/);
    expect(summary).not.toContain('2-4');
  });

  it('cuts long quotes at about 120 characters', () => {
    const quoted = quote('ord '.repeat(100));
    expect(quoted.length).toBeLessThanOrEqual(123);
    expect(quoted.endsWith('\u2026\u201D')).toBe(true);
  });
});

describe('compareSections', () => {
  it('classifies every kind of section change with a Swedish summary', () => {
    const previous = [
      s('K1P1', 'Lagen gäller arbete.', false, null, { label: '1 kap. 1 §' }),
      s('K1P2', 'Se 2–4 kap.', false, null, { label: '1 kap. 2 §' }),
      s('K1P3', 'Arbetsgivaren ska se till att arbetsmiljön är god och att risker undersöks fortlöpande.', false, null, { label: '1 kap. 3 §' }),
      s('K1P4', 'Förverkande sker om det inte är oskäligt.', false, null, { label: '1 kap. 4 §' }),
      s('K1P5', 'Enligt 3 kap. 2 § gäller detta.', false, null, { label: '1 kap. 5 §' }),
    ];
    const next = [
      s('K1P1', 'Lagen gäller allt arbete.', false, null, { label: '1 kap. 1 §' }),
      s('K1P2', 'Se 2-4 kap.', false, null, { label: '1 kap. 2 §' }),
      s('K1P3a', 'Ny bestämmelse om skyddsombud.', false, null, { label: '1 kap. 3 a §' }),
      s('K1P4', 'Har upphävts genom lag (2024:804).', true, null, { label: '1 kap. 4 §' }),
      s('K1P5', 'Enligt 3 kap. 3 § gäller detta.', false, null, { label: '1 kap. 5 §' }),
      s('K1P6', 'Arbetsgivaren ska se till att arbetsmiljön är god och att risker undersöks fortlöpande.', false, null, { label: '1 kap. 6 §' }),
    ];
    const result = compareSections(previous, next);
    expect(result.sections).toEqual([
      { anchor: 'K1P1', label: '1 kap. 1 §', kind: 'modified', fromAnchor: null, editorial: false, summary: 'Tillägg: \u201Dallt\u201D.' },
      { anchor: 'K1P2', label: '1 kap. 2 §', kind: 'modified', fromAnchor: null, editorial: true, summary: 'Redaktionell ändring (skiljetecken/mellanslag).' },
      { anchor: 'K1P3a', label: '1 kap. 3 a §', kind: 'added', fromAnchor: null, editorial: false, summary: 'Ny paragraf.' },
      { anchor: 'K1P4', label: '1 kap. 4 §', kind: 'repealed', fromAnchor: null, editorial: false, summary: 'Paragrafen upphävs (SFS 2024:804).' },
      { anchor: 'K1P5', label: '1 kap. 5 §', kind: 'modified', fromAnchor: null, editorial: true, summary: 'Redaktionell ändring (omnumrerade hänvisningar).' },
      {
        anchor: 'K1P6',
        label: '1 kap. 6 §',
        kind: 'renumbered',
        fromAnchor: 'K1P3',
        editorial: true,
        summary: 'Betecknas nu 1 kap. 6 § (tidigare 1 kap. 3 §).',
      },
    ]);
    // The anchor lists keep their meaning for consumers that only read them.
    expect(result).toMatchObject({ added: ['K1P3a', 'K1P6'], modified: ['K1P1', 'K1P2', 'K1P5'], repealed: ['K1P4', 'K1P3'], substantive: true });
  });

  it('is not substantive when only editorial differences remain', () => {
    const result = compareSections([s('P1', 'Se 2–4 §§.'), s('P2', 'Enligt 5 § gäller.')], [s('P1', 'Se 2-4 §§.'), s('P2', 'Enligt 6 § gäller.')]);
    expect(result.substantive).toBe(false);
    expect(result.sections.every((section) => section.editorial)).toBe(true);
  });

  it('renumbers with a text change and says both', () => {
    const text = 'Den som bryter mot förbudet döms till böter eller fängelse i högst ett år om gärningen är uppsåtlig';
    const result = compareSections([s('P7', text)], [s('P8', `${text} eller grovt oaktsam`)]);
    expect(result.sections).toHaveLength(1);
    expect(result.sections[0]).toMatchObject({ kind: 'renumbered', fromAnchor: 'P7', editorial: false });
    expect(result.sections[0].summary).toBe('Betecknas nu P8 (tidigare P7). Tillägg: \u201Deller grovt oaktsam\u201D.');
  });

  it('follows a shift: 7 a § becomes 8 § while 8 § becomes 8 a §', () => {
    const a = 'Hemkommunen är skyldig att se till att den som vill få sitt kunnande kartlagt får det kartlagt';
    const b = 'Hemkommunen ansvarar för att det upprättas en individuell studieplan för varje elev i utbildningen';
    const result = compareSections([s('K20P7a', a), s('K20P8', b)], [s('K20P8', a), s('K20P8a', b)]);
    expect(result.sections.map((x) => [x.anchor, x.kind, x.fromAnchor, x.editorial])).toEqual([
      ['K20P8', 'renumbered', 'K20P7a', true],
      ['K20P8a', 'renumbered', 'K20P8', true],
    ]);
    expect(result).toMatchObject({ added: ['K20P8a'], modified: ['K20P8'], repealed: ['K20P7a'], substantive: false });
  });

  it('does not renumber dissimilar sections or parallel versions', () => {
    const result = compareSections([s('P7', 'Helt annan text om skatt.'), s('P1-I2025-01-01', 'Samma text här.')], [s('P8', 'Ny text om miljö.'), s('P1-I2026-01-01', 'Samma text här.')]);
    expect(result.sections.map((x) => x.kind)).toEqual(['repealed', 'repealed', 'added', 'added']);
  });

  it('reports a new expiry date and a future wording of the same section', () => {
    const result = compareSections(
      [s('K6P17', 'Elever i årskurs 7-9.')],
      [
        s('K6P17', 'Elever i årskurs 7-9.', false, null, { validity: { kind: 'expiring', date: '2028-07-01' } }),
        s('K6P17-I2028-07-01', 'Elever i årskurs 8-10.', false, null, { validity: { kind: 'future', date: '2028-07-01' } }),
      ],
    );
    expect(result.sections.map((x) => [x.anchor, x.kind, x.editorial, x.summary])).toEqual([
      ['K6P17', 'modified', false, 'Upphör att gälla 2028-07-01.'],
      ['K6P17-I2028-07-01', 'added', false, 'Ny lydelse som träder i kraft 2028-07-01.'],
    ]);
  });

  it('gives word-level parts for laws.diff', () => {
    const [entry] = compareSections([s('P1', 'Arbetsgivaren ska planera.')], [s('P1', 'Arbetsgivaren får planera.')]).compared;
    expect(partsOf(entry)).toEqual([
      { op: 'equal', text: 'Arbetsgivaren ' },
      { op: 'delete', text: 'ska' },
      { op: 'insert', text: 'får' },
      { op: 'equal', text: ' planera.' },
    ]);
  });

  it('measures word similarity with the Dice coefficient', () => {
    expect(textSimilarity('a b c d', 'a b c d')).toBe(1);
    expect(textSimilarity('a b c d', 'a b c e')).toBe(0.75);
  });
});

describe('wordDiff', () => {
  it('keeps an SFS number as one token and gives back both wordings', () => {
    const before = 'framgår av 4 kap. 6 § socialtjänstlagen (2001:453).';
    const after = 'framgår av 12 kap. 6 § socialtjänstlagen (2025:400).';
    const parts = wordDiff(before, after);
    expect(parts.filter((p) => p.op === 'delete').map((p) => p.text)).toEqual(['4', '2001:453']);
    expect(parts.filter((p) => p.op === 'insert').map((p) => p.text)).toEqual(['12', '2025:400']);
    expect(parts.filter((p) => p.op !== 'insert').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.op !== 'delete').map((p) => p.text).join('')).toBe(after);
  });
});
