/*
 * Pure presentation rules for statutes: labels, dates, validity notes, the
 * table of contents and structured data. Kept free of Angular so they are
 * unit-tested directly and shared by the page components.
 */
import type { Amendment, LawChapter, LawDivision, LawHeading, LawMetadata, LawSection, LawStructure } from '@laglig/contracts';

export type Validity = LawSection['validity'];
type BodyNode = LawStructure['body'][number];

const stockholmDate = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Swedish date (ISO style, as SFS prints it): "2024-04-12"; timestamps are read in Europe/Stockholm. */
export function formatDate(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : stockholmDate.format(date);
}

/** Today's date in Stockholm as YYYY-MM-DD. */
export function todayInStockholm(now: Date = new Date()): string {
  return stockholmDate.format(now);
}

export type LawKind = 'balk' | 'lag' | 'förordning' | 'övrig';

/** The kind of statute, from the word the title uses before "(ÅÅÅÅ:NNN)": "Miljöbalk", "Lag", "Arbetsmiljöförordning". */
export function lawKind(title: string): LawKind {
  const head = (title.split('(')[0] ?? title).trim().toLowerCase();
  if (head.endsWith('balk')) return 'balk';
  if (head.endsWith('förordning')) return 'förordning';
  if (head.endsWith('lag')) return 'lag';
  return 'övrig';
}

export const LAW_KIND_GROUPS: ReadonlyArray<{ kind: LawKind; label: string }> = [
  { kind: 'balk', label: 'Balkar' },
  { kind: 'lag', label: 'Lagar' },
  { kind: 'förordning', label: 'Förordningar' },
  { kind: 'övrig', label: 'Övriga författningar' },
];

/** Word used in amendment notes: a law is amended by "Lag (2012:333).", an ordinance by "Förordning (...)". */
export function amendmentNote(title: string, sfs: string): string {
  return `${lawKind(title) === 'förordning' ? 'Förordning' : 'Lag'} (${sfs}).`;
}

export function sectionLabel(section: Pick<LawSection, 'number'>): string {
  return section.number ? `${section.number} §` : '';
}

export function chapterLabel(chapter: Pick<LawChapter, 'number'>): string {
  return `${chapter.number} kap.`;
}

const ORDINALS = [
  'Första', 'Andra', 'Tredje', 'Fjärde', 'Femte', 'Sjätte', 'Sjunde', 'Åttonde', 'Nionde', 'Tionde',
  'Elfte', 'Tolfte', 'Trettonde', 'Fjortonde', 'Femtonde', 'Sextonde', 'Sjuttonde', 'Artonde', 'Nittonde', 'Tjugonde',
];

/** "Första avdelningen" for division 1 (as balkar print it). */
export function divisionLabel(division: Pick<LawDivision, 'number'>): string {
  const ordinal = ORDINALS[Number(division.number) - 1];
  return ordinal ? `${ordinal} avdelningen` : `Avdelning ${division.number}`;
}

/** Punkt marker as printed: "1.", "a)", "–". */
export function punktLabel(label: string): string {
  if (label === '-' || label === '–') return '–';
  if (/^\d+(?: ?[a-z])?$/.test(label)) return `${label}.`;
  if (/^[a-zåäö]$/.test(label)) return `${label})`;
  return label;
}

export interface ValidityNote {
  kind: 'future' | 'expiring';
  text: string;
}

/** "Träder i kraft 2025-07-01" / "Upphör att gälla 2025-07-01"; null for wording in force. */
export function validityNote(validity: Validity | undefined): ValidityNote | null {
  if (!validity) return null;
  if (validity.kind === 'future') {
    const from = formatDate(validity.from);
    return { kind: 'future', text: from ? `Träder i kraft ${from}` : 'Träder i kraft den dag regeringen bestämmer' };
  }
  const until = formatDate(validity.until);
  return { kind: 'expiring', text: until ? `Upphör att gälla ${until}` : 'Upphör att gälla den dag regeringen bestämmer' };
}

/** "t.o.m. SFS 2023:349" whatever form the catalog stores. */
export function amendedThroughText(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^t\.\s?o\.\s?m\./i.test(v)) return v;
  const sfs = /^(?:SFS\s*)?(\d{4}:\d+)/i.exec(v);
  return sfs ? `t.o.m. SFS ${sfs[1]}` : v;
}

/**
 * The lead text of a stycke (the words before its list). The catalog's
 * `text` holds the lead followed by one line per punkt.
 */
export function styckeLead(stycke: { text: string; punkter: ReadonlyArray<{ text: string }> }): string {
  const { text, punkter } = stycke;
  if (punkter.length === 0) return text;
  const lines = text.split('\n');
  const leadLines = lines.length - punkter.length;
  if (leadLines >= 0 && punkter.every((p, i) => (lines[leadLines + i] ?? '').trimEnd().endsWith(p.text.trim()))) {
    return lines.slice(0, leadLines).join('\n').trim();
  }
  const first = punkter[0]?.text.trim() ?? '';
  const at = first ? text.indexOf(first) : -1;
  if (at > 0) return text.slice(0, at).replace(/\s*(?:\d+(?: ?[a-z])?\.|[a-zåäö]\)|[-–])\s*$/, '').trim();
  return '';
}

const LIST_LINE = /^(?:\d+(?: ?[a-z])?\.|[a-zåäö]\)|[-–])\s/;

/**
 * Free text (preamble, transitional provisions) as paragraphs of lines:
 * blank lines separate paragraphs, hard-wrapped lines are joined, list items
 * ("1. ...", "a) ...", "- ...") keep their own line.
 */
export function textParagraphs(text: string): string[][] {
  return text
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const lines: string[] = [];
      for (const raw of block.split('\n')) {
        const line = raw.trim();
        if (!line) continue;
        if (lines.length === 0 || LIST_LINE.test(line)) lines.push(line);
        else lines[lines.length - 1] += ` ${line}`;
      }
      return lines;
    })
    .filter((lines) => lines.length > 0);
}

export interface TocSection {
  anchor: string;
  label: string;
  note: string | null;
}

export interface TocEntry {
  anchor: string;
  /** null for sections that come before any heading. */
  label: string | null;
  title: string | null;
  children: TocEntry[];
  sections: TocSection[];
}

function tocSection(section: LawSection): TocSection | null {
  const label = sectionLabel(section);
  if (!label) return null;
  const note = section.validity?.kind === 'future' ? 'ny lydelse' : section.repealed ? 'upphävd' : null;
  return { anchor: section.anchor, label, note };
}

function chapterEntry(chapter: LawChapter): TocEntry {
  const sections: TocSection[] = [];
  for (const child of chapter.children) {
    if (child.type !== 'paragraf') continue;
    const entry = tocSection(child);
    if (entry) sections.push(entry);
  }
  return { anchor: chapter.anchor, label: chapterLabel(chapter), title: chapter.title, children: [], sections };
}

function collectEntries(nodes: ReadonlyArray<BodyNode | LawHeading>): TocEntry[] {
  const entries: TocEntry[] = [];
  let current: TocEntry | null = null;
  for (const node of nodes) {
    switch (node.type) {
      case 'avdelning':
        current = null;
        entries.push({
          anchor: node.anchor,
          label: divisionLabel(node),
          title: node.title,
          children: collectEntries(node.children),
          sections: [],
        });
        break;
      case 'kapitel':
        current = null;
        entries.push(chapterEntry(node));
        break;
      case 'rubrik':
        current = { anchor: node.anchor, label: node.text, title: null, children: [], sections: [] };
        entries.push(current);
        break;
      case 'paragraf': {
        const section = tocSection(node);
        if (!section) break;
        if (!current) {
          current = { anchor: node.anchor, label: null, title: null, children: [], sections: [] };
          entries.push(current);
        }
        current.sections.push(section);
        break;
      }
    }
  }
  return entries;
}

/** Table of contents: avdelningar › kapitel (with their §), or rubriker › § for statutes without chapters. */
export function buildToc(structure: Pick<LawStructure, 'body'>): TocEntry[] {
  return collectEntries(structure.body);
}

/** Every section in document order. */
export function allSections(structure: Pick<LawStructure, 'body'>): LawSection[] {
  const out: LawSection[] = [];
  const visit = (nodes: ReadonlyArray<BodyNode | LawHeading>): void => {
    for (const node of nodes) {
      if (node.type === 'paragraf') out.push(node);
      else if (node.type === 'kapitel' || node.type === 'avdelning') visit(node.children);
    }
  };
  visit(structure.body);
  return out;
}

function sfsOrder(sfs: string): number {
  const m = /^(\d{4}):(\d+)/.exec(sfs);
  return m ? Number(m[1]) * 1_000_000 + Number(m[2]) : 0;
}

/** Ändringsregister, newest amendment first. */
export function sortAmendments(items: readonly Amendment[]): Amendment[] {
  return [...items].sort((a, b) => sfsOrder(b.sfs) - sfsOrder(a.sfs));
}

export type LegalForce = 'InForce' | 'NotInForce';

export function legalForce(meta: Pick<LawMetadata, 'repealed' | 'inForce'>, today: string): LegalForce {
  if (meta.repealed) return 'NotInForce';
  const inForce = formatDate(meta.inForce);
  if (inForce && /^\d{4}-\d{2}-\d{2}$/.test(inForce) && inForce > today) return 'NotInForce';
  return 'InForce';
}

const LEGISLATION_TYPE: Record<LawKind, string> = { balk: 'Balk', lag: 'Lag', förordning: 'Förordning', övrig: 'Författning' };

/** schema.org `Legislation` for the law page. */
export function legislationJsonLd(meta: LawMetadata, canonicalUrl: string, today: string): Record<string, unknown> {
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Legislation',
    name: meta.title,
    legislationIdentifier: `SFS ${meta.sfs}`,
    legislationType: LEGISLATION_TYPE[lawKind(meta.title)],
    legislationJurisdiction: 'SE',
    inLanguage: 'sv',
    legislationLegalForce: `https://schema.org/${legalForce(meta, today)}`,
    url: canonicalUrl,
  };
  const issued = formatDate(meta.issuedAt);
  if (issued) data['legislationDate'] = issued;
  const modified = formatDate(meta.updatedAt);
  if (modified) data['dateModified'] = modified;
  if (meta.department) data['legislationPassedBy'] = { '@type': 'GovernmentOrganization', name: meta.department };
  return data;
}

/** Meta description: built from metadata only, so the server and the browser agree. */
export function lawDescription(meta: Pick<LawMetadata, 'title' | 'amendedThrough' | 'repealed'>): string {
  const through = amendedThroughText(meta.amendedThrough);
  const version = through ? ` i lydelse ${through}` : '';
  const status = meta.repealed ? ' Författningen är upphävd.' : '';
  return `${meta.title}${version}: hela författningstexten med innehållsförteckning, ändringsregister och övergångsbestämmelser.${status}`;
}
