import type { LawMetadata, LawStructure } from '@laglig/contracts';
import { parseSfsText } from '@laglig/sfs-parser';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  allSections,
  amendedThroughText,
  amendmentNote,
  buildToc,
  divisionLabel,
  formatDate,
  lawDescription,
  lawKind,
  legalForce,
  legislationJsonLd,
  punktLabel,
  sortAmendments,
  styckeLead,
  textParagraphs,
  todayInStockholm,
  validityNote,
} from './law-format';

const CORPUS = join(__dirname, '../../../../../data/sfs');

function structureOf(file: string): LawStructure {
  const parsed = parseSfsText(readFileSync(join(CORPUS, file), 'utf8'));
  return JSON.parse(JSON.stringify({ preamble: parsed.preamble, body: parsed.body, transitional: parsed.transitional })) as LawStructure;
}

const meta: LawMetadata = {
  sfs: '1977:480',
  documentId: 'd1',
  title: 'Semesterlag (1977:480)',
  department: 'Arbetsmarknadsdepartementet ARM',
  issuedAt: '1977-06-09',
  inForce: '1978-01-01',
  amendedThrough: 't.o.m. SFS 2014:424',
  repealed: false,
  repealedAt: null,
  sourceName: 'SFST',
  sourceUrl: 'https://rkrattsbaser.gov.se/sfst?bet=1977:480',
  fetchedAt: '2024-04-11T22:30:00.000Z',
  updatedAt: '2024-04-12T10:00:00.000Z',
  version: { id: '9b2f1c3e-0000-4000-8000-000000000001', contentHash: 'h', amendedThrough: 't.o.m. SFS 2014:424', createdAt: '2024-04-12T10:00:00.000Z' },
};

describe('formatDate', () => {
  it('keeps ISO dates and reads timestamps in Europe/Stockholm', () => {
    expect(formatDate('2025-07-01')).toBe('2025-07-01');
    // 22:30 UTC on 11 April is already 12 April in Stockholm (CEST, UTC+2).
    expect(formatDate('2024-04-11T22:30:00.000Z')).toBe('2024-04-12');
    expect(formatDate(null)).toBeNull();
    expect(formatDate('den dag regeringen bestämmer')).toBe('den dag regeringen bestämmer');
  });

  it('gives today in Stockholm', () => {
    expect(todayInStockholm(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
  });
});

describe('labels', () => {
  it('tells the kind of statute from the word before the SFS number', () => {
    expect(lawKind('Miljöbalk (1998:808)')).toBe('balk');
    expect(lawKind('Arbetsmiljöförordning (1977:1166)')).toBe('förordning');
    expect(lawKind('Lag (2018:218) med kompletterande bestämmelser till EU:s dataskyddsförordning')).toBe('lag');
    expect(lawKind('Plan- och bygglag (2010:900)')).toBe('lag');
    expect(lawKind('Kungörelse (1974:152) om beslutad ny regeringsform')).toBe('övrig');
  });

  it('writes amendment notes with the kind of act', () => {
    expect(amendmentNote('Semesterlag (1977:480)', '2012:333')).toBe('Lag (2012:333).');
    expect(amendmentNote('Förordning (1998:899) om miljöfarlig verksamhet', '2024:163')).toBe('Förordning (2024:163).');
  });

  it('prints punkt markers and division names as statutes do', () => {
    expect(punktLabel('1')).toBe('1.');
    expect(punktLabel('3 a')).toBe('3 a.');
    expect(punktLabel('b')).toBe('b)');
    expect(punktLabel('-')).toBe('–');
    expect(divisionLabel({ number: '1' })).toBe('Första avdelningen');
    expect(divisionLabel({ number: '7' })).toBe('Sjunde avdelningen');
    expect(divisionLabel({ number: '25' })).toBe('Avdelning 25');
  });

  it('marks wording not yet in force and wording that expires', () => {
    expect(validityNote({ kind: 'future', from: '2025-07-01' })).toEqual({ kind: 'future', text: 'Träder i kraft 2025-07-01' });
    expect(validityNote({ kind: 'expiring', until: '2025-07-01' })).toEqual({ kind: 'expiring', text: 'Upphör att gälla 2025-07-01' });
    expect(validityNote({ kind: 'future', from: '' })?.text).toBe('Träder i kraft den dag regeringen bestämmer');
    expect(validityNote(null)).toBeNull();
  });

  it('normalises "senast ändrad"', () => {
    expect(amendedThroughText('t.o.m. SFS 2023:349')).toBe('t.o.m. SFS 2023:349');
    expect(amendedThroughText('SFS 2023:349')).toBe('t.o.m. SFS 2023:349');
    expect(amendedThroughText('2023:349')).toBe('t.o.m. SFS 2023:349');
    expect(amendedThroughText(null)).toBeNull();
  });
});

describe('styckeLead', () => {
  it('separates the lead from the list', () => {
    expect(
      styckeLead({
        text: 'Med arbetstagare likställs\n1. den som genomgår utbildning,\n2. den som utför anvisat arbete.',
        punkter: [{ text: 'den som genomgår utbildning,' }, { text: 'den som utför anvisat arbete.' }],
      }),
    ).toBe('Med arbetstagare likställs');
    expect(styckeLead({ text: '1. a,\n2. b.', punkter: [{ text: 'a,' }, { text: 'b.' }] })).toBe('');
    expect(styckeLead({ text: 'Bara text.', punkter: [] })).toBe('Bara text.');
  });

  it('reconstructs every stycke of the bundled corpus: lead plus punkter is the whole text', () => {
    const files = readdirSync(CORPUS).filter((f) => /^\d{4}-\d+\.txt$/.test(f));
    expect(files.length).toBeGreaterThan(40);
    let withLists = 0;
    for (const file of files) {
      for (const section of allSections(structureOf(file))) {
        for (const stycke of section.stycken) {
          if (stycke.punkter.length === 0) continue;
          withLists += 1;
          const lead = styckeLead(stycke);
          expect(stycke.text.startsWith(lead)).toBe(true);
          for (const punkt of stycke.punkter) expect(stycke.text.slice(lead.length)).toContain(punkt.text);
        }
      }
    }
    expect(withLists).toBeGreaterThan(500);
  });
});

describe('buildToc', () => {
  it('lists chapters with their sections (Arbetsmiljölagen)', () => {
    const toc = buildToc(structureOf('1977-1160.txt'));
    const k3 = toc.find((e) => e.anchor === 'K3');
    expect(k3?.label).toBe('3 kap.');
    expect(k3?.title).toBe('Allmänna skyldigheter');
    expect(k3?.sections.map((s) => s.anchor)).toContain('K3P2a');
    expect(k3?.sections.find((s) => s.anchor === 'K3P2a')?.label).toBe('2 a §');
  });

  it('groups sections under rubriker when there are no chapters (Semesterlagen)', () => {
    const toc = buildToc(structureOf('1977-480.txt'));
    expect(toc[0]?.label).toBe('Semesterförmåner');
    expect(toc[0]?.sections[0]).toEqual({ anchor: 'P1', label: '1 §', note: null });
    expect(toc.flatMap((e) => e.sections).length).toBeGreaterThan(40);
  });

  it('nests chapters under avdelningar and notes new wording (Miljöbalken)', () => {
    const toc = buildToc(structureOf('1998-808.txt'));
    expect(toc[0]?.label).toBe('Första avdelningen');
    expect(toc[0]?.children[0]?.label).toBe('1 kap.');
    const notes = toc.flatMap((d) => d.children.flatMap((c) => c.sections)).filter((s) => s.note === 'ny lydelse');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]?.anchor).toMatch(/-I\d{4}-\d{2}-\d{2}$/);
  });
});

describe('textParagraphs', () => {
  it('joins hard-wrapped lines and keeps list items on their own lines', () => {
    expect(textParagraphs('1. Denna lag träder i kraft\nden 1 januari 2025.\n2. Äldre föreskrifter\ngäller.\n\nSlut.')).toEqual([
      ['1. Denna lag träder i kraft den 1 januari 2025.', '2. Äldre föreskrifter gäller.'],
      ['Slut.'],
    ]);
  });
});

describe('structured data and description', () => {
  it('describes the statute as schema.org Legislation', () => {
    const ld = legislationJsonLd(meta, 'https://laglig.se/lagar/1977:480', '2025-01-01');
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Legislation',
      name: 'Semesterlag (1977:480)',
      legislationIdentifier: 'SFS 1977:480',
      legislationDate: '1977-06-09',
      legislationJurisdiction: 'SE',
      inLanguage: 'sv',
      legislationLegalForce: 'https://schema.org/InForce',
      url: 'https://laglig.se/lagar/1977:480',
    });
  });

  it('knows when a statute is not in force', () => {
    expect(legalForce({ repealed: true, inForce: '1978-01-01' }, '2025-01-01')).toBe('NotInForce');
    expect(legalForce({ repealed: false, inForce: '2026-07-01' }, '2025-01-01')).toBe('NotInForce');
    expect(legalForce({ repealed: false, inForce: null }, '2025-01-01')).toBe('InForce');
  });

  it('builds the description from metadata only', () => {
    expect(lawDescription(meta)).toBe(
      'Semesterlag (1977:480) i lydelse t.o.m. SFS 2014:424: hela författningstexten med innehållsförteckning, ändringsregister och övergångsbestämmelser.',
    );
  });

  it('orders the amendment register newest first', () => {
    const sorted = sortAmendments([
      { sfs: '1978:411', title: 'a', inForce: null, notes: null },
      { sfs: '2014:424', title: 'c', inForce: null, notes: null },
      { sfs: '1982:90', title: 'b', inForce: null, notes: null },
    ]);
    expect(sorted.map((a) => a.sfs)).toEqual(['2014:424', '1982:90', '1978:411']);
  });
});
