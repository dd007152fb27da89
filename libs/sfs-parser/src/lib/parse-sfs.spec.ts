/** Rule-level tests on small synthetic texts in the rkrattsbaser format. */
import { listAnchors } from './anchors';
import { parseSfsText } from './parse-sfs';
import { SfsParseError, type ParsedSfs, type SfsSection } from './types';

function text(...lines: string[]): string {
  return lines.join('\n');
}

function byAnchor(parsed: ParsedSfs, anchor: string): SfsSection | undefined {
  return parsed.sections.find((section) => section.anchor === anchor);
}

describe('parseSfsText', () => {
  it('throws SfsParseError for empty input', () => {
    expect(() => parseSfsText('')).toThrow(SfsParseError);
    expect(() => parseSfsText(' \n\n ')).toThrow(SfsParseError);
  });

  it('joins hard-wrapped lines and separates stycken at blank lines', () => {
    const parsed = parseSfsText(text('1 § Denna lag gäller', 'varje verksamhet.', '', 'Andra stycket', 'fortsätter här. Lag (2012:333).'));
    const section = parsed.sections[0];
    expect(section).toMatchObject({ anchor: 'P1', number: '1', chapter: null, amendedBy: '2012:333' });
    expect(section.stycken.map((stycke) => [stycke.anchor, stycke.text])).toEqual([
      ['P1S1', 'Denna lag gäller varje verksamhet.'],
      ['P1S2', 'Andra stycket fortsätter här.'],
    ]);
    expect(section.text).toBe('Denna lag gäller varje verksamhet.\n\nAndra stycket fortsätter här.');
  });

  it('does not start a section at a wrapped "enligt\\n3 § första stycket"', () => {
    const parsed = parseSfsText(text('2 § Beslut fattas enligt', '3 § första stycket av nämnden.', '', '3 § Nämnden beslutar.'));
    expect(parsed.sections.map((section) => section.anchor)).toEqual(['P2', 'P3']);
    expect(parsed.sections[0].text).toBe('Beslut fattas enligt 3 § första stycket av nämnden.');
  });

  it('does not take "N §" followed by lower-case text after a blank line as a section', () => {
    const parsed = parseSfsText(text('1 § Följande gäller:', '', '3 a § om väsentlighet,', '', '2 § Slut.'));
    expect(parsed.sections.map((section) => section.anchor)).toEqual(['P1', 'P2']);
  });

  it('splits sections glued without a blank line after a finished sentence (Riksdagen HTML text)', () => {
    const parsed = parseSfsText(text('1 kap. Inledning', '', '1 § Första. Lag (1994:579).', '2 § Andra enligt 3 kap.', '7 d § tredje stycket.', '3 § Tredje.'));
    expect(parsed.sections.map((section) => section.anchor)).toEqual(['K1P1', 'K1P2', 'K1P3']);
    expect(parsed.sections[1].text).toBe('Andra enligt 3 kap. 7 d § tredje stycket.');
  });

  it('builds numbered, lettered and in-block punkter', () => {
    const parsed = parseSfsText(
      text('1 § Lagen gäller', '', '1. den första,', '', '2. den andra om', '', 'a) något, eller', '', 'b) annat, och', '', '3. den tredje.', '', 'Sista stycket.'),
    );
    const [first, second] = parsed.sections[0].stycken;
    expect(first.punkter.map((punkt) => punkt.anchor)).toEqual(['P1S1N1', 'P1S1N2', 'P1S1N2a', 'P1S1N2b', 'P1S1N3']);
    expect(first.text).toBe('Lagen gäller\n1. den första,\n2. den andra om\na) något, eller\nb) annat, och\n3. den tredje.');
    expect(second).toMatchObject({ anchor: 'P1S2', text: 'Sista stycket.', punkter: [] });
  });

  it('does not take a wrapped "1 och\\n3. Lag (...)" for a punkt', () => {
    const parsed = parseSfsText(text('1 § Lagen gäller', '', '1. intyg som avses i 1 och', '3. Lag (2016:782).'));
    const stycke = parsed.sections[0].stycken[0];
    expect(stycke.punkter).toHaveLength(1);
    expect(stycke.punkter[0].text).toBe('intyg som avses i 1 och 3.');
    expect(parsed.sections[0].amendedBy).toBe('2016:782');
  });

  it('treats a following lower-case block as an unmarked list entry of the stycke', () => {
    const parsed = parseSfsText(text('1 § Till fastighet hör', '', 'byggnader,', '', 'träd och andra växter.'));
    const stycken = parsed.sections[0].stycken;
    expect(stycken).toHaveLength(1);
    expect(stycken[0].punkter.map((punkt) => [punkt.anchor, punkt.kind])).toEqual([
      ['P1S1T1', 'unmarked'],
      ['P1S1T2', 'unmarked'],
    ]);
  });

  it('keeps a definition list with a nested numbered list in one stycke', () => {
    const parsed = parseSfsText(
      text('7 § I lagen avses med', '', 'abonnent: den som har avtal,', '', 'Berec: Organet för regleringsmyndigheter,', '', 'tjänst: en tjänst som är en', '', '1. internetanslutningstjänst,', '', '2. annan tjänst,', '', 'vara: en sak.'),
    );
    const [stycke] = parsed.sections[0].stycken;
    expect(parsed.sections[0].stycken).toHaveLength(1);
    expect(stycke.punkter.map((punkt) => punkt.anchor)).toEqual(['P7S1T1', 'P7S1T2', 'P7S1T3', 'P7S1T3N1', 'P7S1T3N2', 'P7S1T4']);
    expect(stycke.punkter[3]).toMatchObject({ kind: 'numbered', label: '1', parent: 'T3' });
  });

  it('recognises rubriker only before sections', () => {
    const parsed = parseSfsText(text('Inledande bestämmelser', '', '1 § Lagen gäller', '', 'Skolväsendet omfattar', '', '- förskola,', '', 'Nästa rubrik', '', 'Underrubrik', '', '2 § Text.'));
    expect(parsed.body.map((node) => `${node.type}:${node.anchor}`)).toEqual([
      'rubrik:R-P1',
      'paragraf:P1',
      'rubrik:R-P2',
      'rubrik:R-P2-2',
      'paragraf:P2',
    ]);
    expect(byAnchor(parsed, 'P1')?.stycken[1].punkter[0]).toMatchObject({ anchor: 'P1S2T1', kind: 'dash', text: 'förskola,' });
    expect(byAnchor(parsed, 'P2')?.heading).toBe('Underrubrik');
  });

  it('splits off a rubrik glued to the end of the previous stycke', () => {
    const parsed = parseSfsText(text('1 § Har upphävts genom lag (2024:804).', 'Sanktionsavgift', '', '2 § Text.'));
    expect(byAnchor(parsed, 'P1')).toMatchObject({ repealed: true, repealedBy: '2024:804', stycken: [], amendedBy: null });
    expect(byAnchor(parsed, 'P2')?.heading).toBe('Sanktionsavgift');
  });

  it('parses chapters, letter chapters and chapter titles on the next block', () => {
    const parsed = parseSfsText(text('1 Kap.', '', 'Allmänna bestämmelser', '', '1 § A.', '', '3 a kap. Särskilt', '', '1 § B.'));
    expect(parsed.body.map((node) => [node.type, node.anchor])).toEqual([
      ['kapitel', 'K1'],
      ['kapitel', 'K3a'],
    ]);
    expect(parsed.body[0]).toMatchObject({ title: 'Allmänna bestämmelser' });
    expect(parsed.sections.map((section) => section.anchor)).toEqual(['K1P1', 'K3aP1']);
  });

  it('rejects table-of-contents chapter lines', () => {
    const parsed = parseSfsText(
      text('1 kap. Innehåll', '', '1 § Lagen är uppdelad enligt följande.', '', '1 kap. Innehåll', '', '2 kap. Definitioner', '', '2 § Mer text.', '', '2 kap. Definitioner', '', '1 § Def.'),
    );
    expect(parsed.body.filter((node) => node.type === 'kapitel').map((node) => node.anchor)).toEqual(['K1', 'K2']);
    expect(byAnchor(parsed, 'K1P1')?.stycken.map((stycke) => stycke.text)).toEqual([
      'Lagen är uppdelad enligt följande.',
      '1 kap. Innehåll',
      '2 kap. Definitioner',
    ]);
  });

  it('parses avdelningar in their different forms', () => {
    const ordinal = parseSfsText(text('FÖRSTA AVDELNINGEN', '', 'ALLMÄNT', '', '1 kap. Mål', '', '1 § A.', '', 'ANDRA AVDELNINGEN', '', 'NATUR', '', '2 kap. Skydd', '', '1 § B.'));
    expect(ordinal.body.map((node) => [node.type, node.anchor, node.type === 'avdelning' ? node.title : null])).toEqual([
      ['avdelning', 'A1', 'ALLMÄNT'],
      ['avdelning', 'A2', 'NATUR'],
    ]);
    const roman = parseSfsText(text('AVDELNING I. INLEDANDE', 'BESTÄMMELSER', '', '1 kap. Innehåll', '', '1 § A.', '', 'AVD. II', '', '2 kap. Två', '', '1 § B.'));
    expect(roman.body.map((node) => (node.type === 'avdelning' ? [node.anchor, node.number, node.title] : null))).toEqual([
      ['A1', '1', 'INLEDANDE BESTÄMMELSER'],
      ['A2', '2', null],
    ]);
  });

  it('gives dual wordings distinct anchors and validity', () => {
    const parsed = parseSfsText(
      text('1 kap. A', '', '3 § /Upphör att gälla U:2028-07-01/', 'Gammal lydelse.', '', '3 § /Träder i kraft I:2028-07-01/', 'Ny lydelse.', '', '4 § /Träder i kraft I:den dag som regeringen bestämmer/', 'Senare.'),
    );
    expect(parsed.sections.map((section) => [section.anchor, section.validity?.kind])).toEqual([
      ['K1P3', 'expiring'],
      ['K1P3-I2028-07-01', 'future'],
      ['K1P4-Ipending', 'future'],
    ]);
    expect(parsed.sections[0].validity).toEqual({ kind: 'expiring', until: '2028-07-01', raw: '/Upphör att gälla U:2028-07-01/' });
    expect(parsed.sections[1].stycken[0].anchor).toBe('K1P3S1-I2028-07-01');
    expect(parsed.sections[2].validity).toMatchObject({ kind: 'future', from: null });
  });

  it('applies rubrik and chapter markers from the line before', () => {
    const parsed = parseSfsText(text('/Kapitlet träder i kraft I:2025-07-01/', '6 a kap. Nytt', '', '/Rubriken träder i kraft I:2025-07-01/', 'Rubrik', '', '1 § Text.'));
    const chapter = parsed.body[0];
    expect(chapter).toMatchObject({ type: 'kapitel', anchor: 'K6a-I2025-07-01', title: 'Nytt' });
    expect(parsed.sections[0]).toMatchObject({ anchor: 'K6aP1-I2025-07-01', validity: { kind: 'future', from: '2025-07-01' } });
    if (chapter.type !== 'kapitel') throw new Error('expected a chapter');
    expect(chapter.children[0]).toMatchObject({ type: 'rubrik', text: 'Rubrik', validity: { kind: 'future' } });
  });

  it('collects övergångsbestämmelser by SFS number and bilagor', () => {
    const parsed = parseSfsText(
      text('1 § Text. Lag (2012:333).', '', 'Övergångsbestämmelser', '', '1977:480', '', 'Denna lag träder', 'i kraft den 1 april 1978.', '', '2012:333', '', '1. Denna lag träder i kraft.', '', '2. Äldre bestämmelser gäller.', '', 'Bilaga 2 a', '', 'Tabell', 'rad 1'),
    );
    expect(parsed.sections).toHaveLength(1);
    expect(parsed.sections[0].text).toBe('Text.');
    expect(parsed.transitional).toEqual([
      { anchor: 'O-1977:480', sfs: '1977:480', text: 'Denna lag träder i kraft den 1 april 1978.' },
      { anchor: 'O-2012:333', sfs: '2012:333', text: '1. Denna lag träder i kraft.\n\n2. Äldre bestämmelser gäller.' },
    ]);
    expect(parsed.appendices).toEqual([{ anchor: 'B2a', number: '2 a', title: 'Tabell rad 1', text: 'Tabell\nrad 1', repealed: false, repealedBy: null }]);
  });

  it('keeps "Övergångsbestämmelser" as a rubrik when no SFS number follows', () => {
    const parsed = parseSfsText(text('1 § A.', '', 'Övergångsbestämmelser', '', '2 § B.'));
    expect(parsed.transitional).toEqual([]);
    expect(byAnchor(parsed, 'P2')?.heading).toBe('Övergångsbestämmelser');
  });

  it('deduplicates anchors deterministically, preferring live sections', () => {
    const parsed = parseSfsText(text('9 § Har upphävts genom lag (2015:760).', '', '9 § En förälder har rätt.', '', '9 § Dubblett utan markör.'));
    // Live sections claim anchors first (in document order), the repealed stub comes last.
    expect(parsed.sections.map((section) => section.anchor)).toEqual(['P9-3', 'P9', 'P9-2']);
    expect(parsed.warnings).toEqual(['duplicate anchor P9; using P9-2', 'duplicate anchor P9; using P9-3']);
    const anchors = listAnchors(parsed);
    expect(new Set(anchors).size).toBe(anchors.length);
  });

  it('normalises no-break spaces and CRLF', () => {
    const parsed = parseSfsText('3\u00a0a § Text som\r\nfortsätter.\r\n');
    expect(parsed.sections[0]).toMatchObject({ anchor: 'P3a', number: '3 a', text: 'Text som fortsätter.' });
  });

  it('keeps loose text between a chapter header and its first section, with a warning', () => {
    const parsed = parseSfsText(text('1 kap. A', '', 'Detta kapitel innehåller inledande bestämmelser.', 'Det gäller alla.', 'Även andra.', 'Och fler.', '', '1 § B.'));
    expect(parsed.sections.map((section) => [section.anchor, section.implicit])).toEqual([
      ['K1P', true],
      ['K1P1', false],
    ]);
    expect(parsed.warnings[0]).toMatch(/^line 3: text outside any section/);
  });

  it('keeps running text of a statute without § in an implicit section', () => {
    const parsed = parseSfsText(text('Bestämmelserna ska gälla även', 'för tjänstgöring', '', '1. som reservofficer. Lag (2010:460).'));
    expect(parsed.preamble).toBe('');
    expect(parsed.sections[0]).toMatchObject({ implicit: true, anchor: 'P', amendedBy: '2010:460' });
  });
});
