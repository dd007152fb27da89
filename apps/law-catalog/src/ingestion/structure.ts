/**
 * Between the parser's tree and what the catalog stores and serves.
 *
 * The version row keeps the parser's full tree (everything but the flat
 * `sections` list, which duplicates the body), so a richer contract later
 * (appendices, division labels) needs no re-ingest. Reads map it to the
 * contract shape (LawStructureSchema).
 */
import type {
  LawChapter,
  LawDivision,
  LawHeading,
  LawSection,
  LawStructure,
} from '@laglig/contracts';
import type {
  ParsedSfs,
  SfsBodyNode,
  SfsChapter,
  SfsDivision,
  SfsHeading,
  SfsSection,
  ValidityMark,
} from '@laglig/sfs-parser';
import type { SectionValidity } from '../documents/section.entity';

/** What is stored in document_versions.structure. */
export type StoredStructure = Pick<ParsedSfs, 'preamble' | 'body' | 'transitional' | 'appendices' | 'repealedBy'>;

export function toStoredStructure(parsed: ParsedSfs): StoredStructure {
  return {
    preamble: parsed.preamble,
    body: parsed.body,
    transitional: parsed.transitional,
    appendices: parsed.appendices,
    repealedBy: parsed.repealedBy,
  };
}

type ContractValidity = LawSection['validity'];

/** A marker without a date ("I:den dag som regeringen bestämmer") has a null date and keeps its wording in `raw`. */
export function toContractValidity(mark: ValidityMark | undefined): ContractValidity {
  if (!mark) return null;
  const raw = markerDetail(mark.raw);
  return mark.kind === 'future' ? { kind: 'future', from: mark.from, raw } : { kind: 'expiring', until: mark.until, raw };
}

/** "/Träder i kraft I:den dag som regeringen bestämmer/" -> "den dag som regeringen bestämmer". */
export function markerDetail(raw: string): string {
  const match = /[IU]\s*:\s*([^/]*?)\s*\/?$/.exec(raw.trim());
  return (match?.[1] ?? raw).trim();
}

function toContractSection(section: SfsSection): LawSection {
  return {
    type: 'paragraf',
    anchor: section.anchor,
    number: section.number,
    chapter: section.chapter,
    heading: section.heading,
    stycken: section.stycken.map((stycke) => ({
      anchor: stycke.anchor,
      number: stycke.number,
      text: stycke.text,
      punkter: stycke.punkter.map((punkt) => ({ anchor: punkt.anchor, label: punkt.label, text: punkt.text })),
    })),
    text: section.text,
    amendedBy: section.amendedBy,
    repealed: section.repealed,
    repealedBy: section.repealedBy,
    validity: toContractValidity(section.validity),
  };
}

function toContractHeading(heading: SfsHeading): LawHeading {
  return { type: 'rubrik', anchor: heading.anchor, text: heading.text, validity: toContractValidity(heading.validity) };
}

function toContractChapter(chapter: SfsChapter): LawChapter {
  return {
    type: 'kapitel',
    anchor: chapter.anchor,
    number: chapter.number,
    title: chapter.title,
    validity: toContractValidity(chapter.validity),
    children: chapter.children.map((child) => (child.type === 'rubrik' ? toContractHeading(child) : toContractSection(child))),
  };
}

function toContractDivision(division: SfsDivision): LawDivision {
  return {
    type: 'avdelning',
    anchor: division.anchor,
    number: division.number,
    title: division.title,
    children: division.children.map((child) => toContractNode(child) as LawChapter | LawHeading | LawSection),
  };
}

function toContractNode(node: SfsBodyNode): LawStructure['body'][number] {
  switch (node.type) {
    case 'avdelning':
      return toContractDivision(node);
    case 'kapitel':
      return toContractChapter(node);
    case 'rubrik':
      return toContractHeading(node);
    case 'paragraf':
      return toContractSection(node);
  }
}

export function toContractStructure(stored: StoredStructure): LawStructure {
  return {
    preamble: stored.preamble,
    body: stored.body.map(toContractNode),
    transitional: stored.transitional.map((t) => ({ anchor: t.anchor, sfs: t.sfs, text: t.text })),
  };
}

/** A section as stored in the `sections` table (one row per paragraf of a version). */
export interface SectionRow {
  anchor: string;
  chapter: string | null;
  number: string;
  label: string;
  heading: string | null;
  text: string;
  position: number;
  repealed: boolean;
  amendedBy: string | null;
  validity: SectionValidity | null;
}

/**
 * "3 kap. 2 a §" for chapter-scoped numbering, "36 §" where sections run
 * through the chapters (anchor without K, like lagen.nu), "" for the implicit
 * section of a statute without §.
 */
export function sectionLabel(section: Pick<SfsSection, 'anchor' | 'chapter' | 'number'>): string {
  if (section.number === '') return '';
  return section.chapter && section.anchor.startsWith('K') ? `${section.chapter} kap. ${section.number} §` : `${section.number} §`;
}

export function toSectionRows(parsed: Pick<ParsedSfs, 'sections'>): SectionRow[] {
  return parsed.sections.map((section, position) => ({
    anchor: section.anchor,
    chapter: section.chapter,
    number: section.number,
    label: sectionLabel(section),
    heading: section.heading,
    text: section.text,
    position,
    repealed: section.repealed,
    amendedBy: section.amendedBy,
    validity: section.validity
      ? {
          kind: section.validity.kind,
          date: section.validity.kind === 'future' ? section.validity.from : section.validity.until,
          raw: section.validity.raw,
        }
      : null,
  }));
}
