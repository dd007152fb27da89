/**
 * Tests against the real statutes bundled in data/sfs (rkrattsbaser text),
 * data/sfs/versions (other versions and formats).
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { listAnchors } from './anchors';
import { parseSfsText } from './parse-sfs';
import type { ParsedSfs, SfsBodyNode, SfsChapter, SfsDivision, SfsSection } from './types';

const DATA_DIR = path.resolve(__dirname, '../../../../data/sfs');

function corpusFiles(): string[] {
  const top = readdirSync(DATA_DIR)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => path.join(DATA_DIR, name));
  const versionsDir = path.join(DATA_DIR, 'versions');
  const versions = existsSync(versionsDir)
    ? readdirSync(versionsDir).flatMap((dir) =>
        readdirSync(path.join(versionsDir, dir))
          .filter((name) => name.endsWith('.txt'))
          .map((name) => path.join(versionsDir, dir, name)),
      )
    : [];
  return [...top, ...versions].sort();
}

const cache = new Map<string, ParsedSfs>();
function parse(relative: string): ParsedSfs {
  let parsed = cache.get(relative);
  if (!parsed) {
    parsed = parseSfsText(readFileSync(path.join(DATA_DIR, relative), 'utf8'));
    cache.set(relative, parsed);
  }
  return parsed;
}

function section(parsed: ParsedSfs, anchor: string): SfsSection {
  const found = parsed.sections.find((candidate) => candidate.anchor === anchor);
  if (!found) throw new Error(`no section ${anchor}`);
  return found;
}

function chapters(parsed: ParsedSfs): SfsChapter[] {
  const result: SfsChapter[] = [];
  const visit = (nodes: readonly SfsBodyNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'kapitel') result.push(node);
      if (node.type === 'avdelning') visit(node.children);
    }
  };
  visit(parsed.body);
  return result;
}

function divisions(parsed: ParsedSfs): SfsDivision[] {
  return parsed.body.filter((node): node is SfsDivision => node.type === 'avdelning');
}

describe('bundled corpus', () => {
  const files = corpusFiles();

  it('has the 53 statutes and the version files', () => {
    expect(files.filter((file) => path.dirname(file) === DATA_DIR)).toHaveLength(53);
    expect(files.filter((file) => file.includes(`${path.sep}versions${path.sep}`)).length).toBeGreaterThanOrEqual(8);
  });

  describe.each(files.map((file) => [path.relative(DATA_DIR, file)]))('%s', (relative) => {
    it('parses with sections and unique anchors', () => {
      const parsed = parse(relative);
      expect(parsed.sections.length).toBeGreaterThan(0);
      const anchors = listAnchors(parsed);
      expect(anchors.every((anchor) => anchor !== '')).toBe(true);
      expect(new Set(anchors).size).toBe(anchors.length);
    });

    it('keeps section text free of amendment notes and transitional text', () => {
      const parsed = parse(relative);
      for (const parsedSection of parsed.sections) {
        expect(parsedSection.text).not.toMatch(/^Övergångsbestämmelser$/m);
        for (const stycke of parsedSection.stycken) {
          expect(stycke.text).not.toMatch(/(?:^|\s)(?:Lag|Förordning) \(\d{4}:\d+\)\.?$/);
        }
      }
    });
  });
});

describe('Arbetsmiljölag (1977:1160)', () => {
  const parsed = (): ParsedSfs => parse('1977-1160.txt');

  it('has chapters 1–9 and no divisions', () => {
    expect(chapters(parsed()).map((chapter) => chapter.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(chapters(parsed())[0]).toMatchObject({ anchor: 'K1', title: 'Lagens ändamål och tillämpningsområde' });
    expect(divisions(parsed())).toHaveLength(0);
  });

  it('finds 2 kap. 1 § and 3 kap. 2 a § with their stycken', () => {
    expect(section(parsed(), 'K2P1')).toMatchObject({ chapter: '2', number: '1' });
    const systematic = section(parsed(), 'K3P2a');
    expect(systematic).toMatchObject({ chapter: '3', number: '2 a', amendedBy: '2010:1225', repealed: false, validity: null });
    expect(systematic.text.startsWith('Arbetsgivaren ska systematiskt planera, leda och kontrollera verksamheten')).toBe(true);
    expect(systematic.stycken[0].anchor).toBe('K3P2aS1');
    expect(systematic.stycken[1]).toMatchObject({ anchor: 'K3P2aS2', number: 2 });
    expect(systematic.stycken[1].text.startsWith('Arbetsgivaren ska i den utsträckning verksamheten kräver dokumentera')).toBe(true);
    expect(systematic.text).not.toContain('Lag (2010:1225)');
  });

  it('captures numbered punkter of 1 kap. 3 §', () => {
    const stycke = section(parsed(), 'K1P3').stycken[0];
    expect(stycke.text.startsWith('Vid tillämpning av 2–4 och 7–9 kap. ska med arbetstagare likställas\n1. den som genomgår utbildning')).toBe(true);
    expect(stycke.punkter.map((punkt) => punkt.anchor)).toEqual(['K1P3S1N1', 'K1P3S1N2', 'K1P3S1N3']);
    expect(stycke.punkter[1]).toMatchObject({ label: '2', kind: 'numbered', text: 'den som under vård i anstalt utför anvisat arbete,' });
  });

  it('captures amendment notes, also on their own line', () => {
    expect(section(parsed(), 'K1P1').amendedBy).toBe('1994:579');
    expect(section(parsed(), 'K1P2').amendedBy).toBe('2022:1109');
    expect(section(parsed(), 'K1P2').stycken).toHaveLength(4);
  });

  it('flags repealed sections', () => {
    expect(section(parsed(), 'K8P9')).toMatchObject({ repealed: true, repealedBy: '2013:610', stycken: [] });
    expect(section(parsed(), 'K9P1')).toMatchObject({ repealed: true, repealedBy: '2000:764' });
  });

  it('does not start a section at a hard-wrapped "3 kap.\\n2 a §." reference', () => {
    const wrapped = parsed().sections.find((candidate) => candidate.text.includes('vid upprättande av handlingsplaner enligt 3 kap. 2 a §.'));
    expect(wrapped?.chapter).toBe('6');
    expect(parsed().sections.filter((candidate) => candidate.chapter === '6' && candidate.number === '2 a')).toHaveLength(0);
  });

  it('collects övergångsbestämmelser separately from the last section', () => {
    const { transitional } = parsed();
    expect(transitional[0]).toMatchObject({ anchor: 'O-1977:1160', sfs: '1977:1160' });
    expect(transitional[0].text.startsWith('Denna lag träder i kraft den 1 juli 1978')).toBe(true);
    expect(transitional.map((entry) => entry.sfs)).toContain('2013:610');
    const last = parsed().sections[parsed().sections.length - 1];
    expect(last.anchor).toBe('K9P5');
    expect(last.text).toBe('En tillsynsmyndighet eller en marknadskontrollmyndighet får bestämma att dess beslut ska gälla omedelbart.');
  });

  it('records the nearest rubrik as heading', () => {
    expect(section(parsed(), 'K8P5').heading).toBe('Sanktionsavgift');
    expect(section(parsed(), 'K8P1').heading).toBe('Ansvar');
  });
});

describe('Semesterlag (1977:480)', () => {
  const parsed = (): ParsedSfs => parse('1977-480.txt');

  it('has no chapters and P-anchors', () => {
    expect(chapters(parsed())).toHaveLength(0);
    expect(parsed().sections.every((candidate) => candidate.chapter === null)).toBe(true);
    expect(section(parsed(), 'P4').text).toContain('tjugofem semesterdagar');
    expect(section(parsed(), 'P4').amendedBy).toBe('2009:1439');
  });

  it('keeps rubriker at body level', () => {
    expect(parsed().body[0]).toMatchObject({ type: 'rubrik', text: 'Semesterförmåner', anchor: 'R-P1' });
    expect(section(parsed(), 'P4').heading).toBe('Semesterledighet och semesterdagar');
  });
});

describe('Miljöbalk (1998:808)', () => {
  const parsed = (): ParsedSfs => parse('1998-808.txt');

  it('has seven avdelningar with titles containing the chapters', () => {
    const found = divisions(parsed());
    expect(found.map((division) => division.anchor)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
    expect(found[0]).toMatchObject({ label: 'FÖRSTA AVDELNINGEN', title: 'ÖVERGRIPANDE BESTÄMMELSER' });
    expect(found[0].children[0]).toMatchObject({ type: 'kapitel', anchor: 'K1', title: 'Miljöbalkens mål och tillämpningsområde' });
  });

  it('uses chapter-scoped section anchors and keeps repealed chapters', () => {
    expect(section(parsed(), 'K2P3').chapter).toBe('2');
    expect(chapters(parsed()).find((chapter) => chapter.number === '20')).toMatchObject({ repealed: true, repealedBy: '2010:923', title: null });
  });

  it('splits a stycke glued to the previous list item (10 kap. 21 §)', () => {
    const stycken = section(parsed(), 'K10P21').stycken;
    expect(stycken).toHaveLength(2);
    expect(stycken[1].text.startsWith('Föreskrifter om undantag enligt första stycket 3 får meddelas endast')).toBe(true);
    expect(stycken[1].punkter.map((punkt) => punkt.anchor)).toEqual(['K10P21S2N1', 'K10P21S2N1a', 'K10P21S2N1b', 'K10P21S2N2']);
  });
});

describe('Föräldraledighetslag (1995:584): dual wordings', () => {
  it('gives the current and the future wording of 3 § distinct anchors', () => {
    const wordings = parse('1995-584.txt').sections.filter((candidate) => candidate.number === '3');
    expect(wordings).toHaveLength(2);
    expect(wordings[0]).toMatchObject({ anchor: 'P3', validity: { kind: 'expiring', until: '2024-07-01' } });
    expect(wordings[1]).toMatchObject({ anchor: 'P3-I2024-07-01', validity: { kind: 'future', from: '2024-07-01' } });
    expect(wordings[1].stycken[0].anchor).toBe('P3S1-I2024-07-01');
  });
});

describe('hard-wrapped references', () => {
  it('"i strid mot\\n4 § första stycket" does not start a section (1982:80 36 §)', () => {
    const parsed = parse('1982-80.txt');
    expect(section(parsed, 'P36').text).toContain('i strid mot 4 § första stycket ska förklaras gälla tills vidare');
    const fours = parsed.sections.filter((candidate) => candidate.number === '4');
    expect(fours).toHaveLength(1);
    expect(fours[0].text.startsWith('Anställningsavtal gäller tills vidare.')).toBe(true);
  });

  it('lower-case text after "N §" at line start is never a section (1995:1554 "3 a § om väsentlighet,")', () => {
    const parsed = parse('1995-1554.txt');
    expect(parsed.sections.some((candidate) => candidate.text.startsWith('om väsentlighet'))).toBe(false);
  });
});

describe('other formats and edge cases', () => {
  it('parses the Riksdagen HTML-derived text with glued sections and a table of contents', () => {
    const parsed = parse('versions/1977-1160/2025-t.o.m.2025-732.riksdagen.txt');
    expect(parsed.preamble).toContain('SFS nr:');
    expect(parsed.preamble).toContain('Innehåll:');
    expect(chapters(parsed).map((chapter) => chapter.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(section(parsed, 'K1P2a').amendedBy).toBe('2018:126');
    expect(section(parsed, 'K7P19').text).toContain('åtgärder enligt 16 §.');
    expect(section(parsed, 'K6P17').validity).toMatchObject({ kind: 'expiring', until: '2028-07-01' });
    expect(section(parsed, 'K6P17-I2028-07-01').validity).toMatchObject({ kind: 'future', from: '2028-07-01' });
    expect(section(parsed, 'K8P4')).toMatchObject({ repealed: true, repealedBy: '2024:804' });
    expect(section(parsed, 'K8P5').heading).toBe('Sanktionsavgift');
  });

  it('parses the laglig-normalised text the same way as the Riksdagen text', () => {
    const riksdagen = parse('versions/1977-1160/2025-t.o.m.2025-732.riksdagen.txt');
    const normalised = parse('versions/1977-1160/2026-03.laglig-normalized.txt');
    expect(normalised.sections.map((candidate) => candidate.anchor)).toEqual(riksdagen.sections.map((candidate) => candidate.anchor));
    expect(section(normalised, 'K3P14')).toMatchObject({ repealed: true, repealedBy: '2008:934' });
    expect(section(normalised, 'K1P3').stycken.map((stycke) => stycke.text)).toEqual(section(riksdagen, 'K1P3').stycken.map((stycke) => stycke.text));
  });

  it('ignores tables of contents inside sections (2023:200, 2011:1244, 2021:890)', () => {
    const vat = parse('2023-200.txt');
    const numbers = chapters(vat).map((chapter) => chapter.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(section(vat, 'K1P2').stycken.length).toBeGreaterThan(20);
    const procedure = parse('2011-1244.txt');
    expect(divisions(procedure)).toHaveLength(16);
    expect(chapters(procedure).filter((chapter) => chapter.number === '1')).toHaveLength(1);
    expect(chapters(parse('2021-890.txt')).map((chapter) => chapter.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('uses P-anchors for statutes with running section numbers across chapters (1967:837)', () => {
    const parsed = parse('1967-837.txt');
    expect(section(parsed, 'P28')).toMatchObject({ chapter: '3', number: '28' });
    expect(chapters(parsed)[0]).toMatchObject({ anchor: 'K1', title: 'Allmänna bestämmelser' });
  });

  it('records a repealed statute', () => {
    expect(parse('versions/1967-837/2025-01-02.upphavd-2024-945.txt').repealedBy).toBe('2024:945');
  });

  it('wraps a statute without § in one implicit section (1994:2076)', () => {
    const parsed = parse('1994-2076.txt');
    expect(parsed.sections).toHaveLength(1);
    expect(parsed.sections[0]).toMatchObject({ implicit: true, number: '', anchor: 'P', amendedBy: '2010:460' });
    expect(parsed.sections[0].stycken[0].punkter).toHaveLength(6);
  });

  it('handles three wordings and chapter-level markers (2010:800, 2025 version)', () => {
    const parsed = parse('versions/2010-800/2025-06-24.t.o.m.2025-730.txt');
    const twelve = parsed.sections.filter((candidate) => candidate.chapter === '1' && candidate.number === '12');
    expect(twelve.map((candidate) => candidate.anchor)).toEqual(['K1P12', 'K1P12-I2025-07-01', 'K1P12-I2026-07-01']);
    expect(twelve[1].validityMarks.map((mark) => mark.kind)).toEqual(['future', 'expiring']);
    const futureChapter = chapters(parsed).find((chapter) => chapter.number === '6 a');
    expect(futureChapter).toMatchObject({ anchor: 'K6a-I2025-07-01', validity: { kind: 'future', from: '2025-07-01' } });
    expect(section(parsed, 'K6aP1-I2025-07-01').validity).toMatchObject({ kind: 'future', from: '2025-07-01' });
    expect(chapters(parsed).find((chapter) => chapter.number === '9')).toMatchObject({
      title: 'Förskoleklassen',
      validity: { kind: 'expiring', until: '2026-07-01', by: '2025:729' },
    });
  });

  it('repairs a section header split over two lines (2010:800 2 kap. 34 a §)', () => {
    const parsed = parse('2010-800.txt');
    expect(section(parsed, 'K2P34a-I2025-01-01').text.startsWith('Huvudmannen ska se till att')).toBe(true);
  });

  it('nests lettered punkter under the numbered punkt (1994:448 3 §)', () => {
    const punkter = section(parse('1994-448.txt'), 'P3').stycken[0].punkter;
    expect(punkter.map((punkt) => punkt.anchor)).toEqual(['P3S1N1', 'P3S1N2', 'P3S1N3', 'P3S1N3a', 'P3S1N3b', 'P3S1N3c']);
    expect(punkter[3]).toMatchObject({ kind: 'lettered', label: 'a', id: 'N3a', parent: 'N3' });
  });

  it('accepts a rubrik ending with a period right after a chapter header (1970:994 17 kap.)', () => {
    const parsed = parse('1970-994.txt');
    expect(section(parsed, 'K17P1').heading).toBe(
      'Företräde mellan förvärv som grundas på överlåtelse eller på upplåtelse av nyttjanderätt, servitut eller rätt till elektrisk kraft.',
    );
  });

  it('keeps definition lists in one stycke (2022:482 1 kap. 7 §)', () => {
    const stycken = section(parse('2022-482.txt'), 'K1P7').stycken;
    expect(stycken).toHaveLength(1);
    expect(stycken[0].text.startsWith('I lagen avses med\nabonnent: den som har ingått avtal')).toBe(true);
    expect(stycken[0].punkter.find((punkt) => punkt.text.startsWith('Berec:'))?.kind).toBe('unmarked');
    expect(stycken[0].punkter.filter((punkt) => punkt.parent !== null).map((punkt) => punkt.anchor)).toEqual([
      'K1P7S1T5N1',
      'K1P7S1T5N2',
      'K1P7S1T5N3',
      'K1P7S1T12N1',
      'K1P7S1T12N2',
    ]);
  });

  it('collects appendices after the övergångsbestämmelser (1995:1554)', () => {
    const parsed = parse('1995-1554.txt');
    expect(parsed.appendices.map((appendix) => appendix.anchor)).toEqual(['B1', 'B2', 'B3']);
    expect(parsed.appendices[0].title).toBe('Uppställningsform för balansräkningen (kontoform)');
    expect(parsed.transitional.map((entry) => entry.anchor).slice(0, 2)).toEqual(['O-2020:1033', 'O-1995:1554']);
  });

  it('deduplicates colliding anchors with a warning (1995:1554 4 kap. 16 § twice)', () => {
    const parsed = parse('1995-1554.txt');
    const sixteens = parsed.sections.filter((candidate) => candidate.chapter === '4' && candidate.number === '16');
    expect(sixteens.map((candidate) => [candidate.anchor, candidate.repealed])).toEqual([
      ['K4P16', false],
      ['K4P16-2', true],
    ]);
    expect(parsed.warnings).toContain('duplicate anchor K4P16; using K4P16-2');
  });
});
