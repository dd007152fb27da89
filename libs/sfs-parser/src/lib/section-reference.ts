/**
 * Parsing references typed by users: "SFS 1977:1160", "3 kap. 2 a §",
 * "3 kap 2a §", "1977:1160 3 kap. 2 a §", "AML 3:2a", "LAS 7 §",
 * "3 kap. 2 § första stycket 3".
 */
import { chapterAnchor, sectionAnchor } from './anchors';
import { normaliseNumber } from './text';

/** Common abbreviations and short names of statutes, mapped to their SFS number. */
export const LAW_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  AML: '1977:1160',
  LAS: '1982:80',
  MB: '1998:808',
  OSL: '2009:400',
  PBL: '2010:900',
  ABL: '2005:551',
  BFL: '1999:1078',
  ÅRL: '1995:1554',
  'GDPR-lagen': '2018:218',
  dataskyddslagen: '2018:218',
  semesterlagen: '1977:480',
  arbetsmiljölagen: '1977:1160',
  miljöbalken: '1998:808',
  MBL: '1976:580',
  medbestämmandelagen: '1976:580',
  LOU: '2016:1145',
  upphandlingslagen: '2016:1145',
  diskrimineringslagen: '2008:567',
  arbetstidslagen: '1982:673',
  ATL: '1982:673',
  föräldraledighetslagen: '1995:584',
  bokföringslagen: '1999:1078',
  skatteförfarandelagen: '2011:1244',
  SFL: '2011:1244',
  mervärdesskattelagen: '2023:200',
  momslagen: '2023:200',
  visselblåsarlagen: '2021:890',
  'offentlighets- och sekretesslagen': '2009:400',
  skollagen: '2010:800',
  distansavtalslagen: '2005:59',
  LEK: '2022:482',
  förtroendemannalagen: '1974:358',
  FML: '1974:358',
});

export interface SectionReference {
  sfs?: string;
  chapter?: string;
  section?: string;
  /** 1-based stycke number ("andra stycket" -> 2). */
  stycke?: number;
  /** Punkt label ("3", or "3 a" for a nested lettered item). */
  punkt?: string;
  /** Anchor in the parsed statute (K3P2a, P5, K3, K3P2S1N3). */
  anchor?: string;
}

const ORDINAL_STYCKE = ['första', 'andra', 'tredje', 'fjärde', 'femte', 'sjätte', 'sjunde', 'åttonde', 'nionde', 'tionde'];

const SFS_NUMBER = /(?:\bSFS\s*)?(?<![\d:])(\d{4}):(\d{1,4})(?![\d:])/i;
const SHORT_FORM = /(?<![\d:])(\d{1,3})\s*:\s*(\d{1,4})(?:\s*([a-z]))?(?![\p{L}\d])/iu;
const CHAPTER = /(?<![\d])(\d{1,3})(?:\s*([a-z]))?\s*kap(?:itlet)?\b\.?/i;
const SECTION = /(?<![\d])(\d{1,4})(?:\s*([a-z]))?\s*§(?!§)/i;
const STYCKE = new RegExp(`\\b(${ORDINAL_STYCKE.join('|')})\\s+stycket(?:\\s+(\\d{1,3})(?:\\s*([a-z])(?![\\p{L}]))?)?`, 'iu');
const PUNKT = /\b(?:punkt(?:en)?\s+(\d{1,3})|(\d{1,3})\s*p\.)/i;

/**
 * Parse a user-typed reference. Returns null when the input holds no SFS
 * number, alias, chapter or section.
 */
export function parseSectionReference(input: string): SectionReference | null {
  if (typeof input !== 'string') return null;
  let rest = input.replace(/[\u00A0\u202F]/g, ' ').replace(/\s+/g, ' ').trim();
  if (rest === '') return null;
  const reference: SectionReference = {};

  const sfs = SFS_NUMBER.exec(rest);
  if (sfs) {
    reference.sfs = `${sfs[1]}:${Number(sfs[2])}`;
    rest = remove(rest, sfs);
  }
  const alias = findAlias(rest);
  if (alias) {
    reference.sfs ??= alias.sfs;
    rest = alias.rest;
  }

  const short = SHORT_FORM.exec(rest);
  if (short) {
    reference.chapter = normaliseNumber(short[1], undefined);
    reference.section = normaliseNumber(short[2], short[3]);
    rest = remove(rest, short);
  } else {
    const chapter = CHAPTER.exec(rest);
    if (chapter) {
      reference.chapter = normaliseNumber(chapter[1], chapter[2]);
      rest = remove(rest, chapter);
    }
    const section = SECTION.exec(rest);
    if (section) {
      reference.section = normaliseNumber(section[1], section[2]);
      rest = remove(rest, section);
    }
  }

  if (reference.section) addStyckeAndPunkt(reference, rest);
  if (!reference.sfs && !reference.chapter && !reference.section) return null;
  const anchor = anchorFor(reference);
  if (anchor) reference.anchor = anchor;
  return reference;
}

function addStyckeAndPunkt(reference: SectionReference, rest: string): void {
  const stycke = STYCKE.exec(rest);
  if (stycke) {
    reference.stycke = ORDINAL_STYCKE.indexOf(stycke[1].toLowerCase()) + 1;
    if (stycke[2]) reference.punkt = normaliseNumber(stycke[2], stycke[3]);
  }
  const punkt = PUNKT.exec(rest);
  if (punkt && !reference.punkt) reference.punkt = String(Number(punkt[1] ?? punkt[2]));
}

function anchorFor(reference: SectionReference): string | undefined {
  if (reference.section) {
    let anchor = sectionAnchor(reference.chapter ?? null, reference.section);
    if (reference.stycke) anchor += `S${reference.stycke}`;
    if (reference.stycke && reference.punkt) anchor += `N${reference.punkt.replace(/\s+/g, '')}`;
    return anchor;
  }
  return reference.chapter ? chapterAnchor(reference.chapter) : undefined;
}

/** Whole-word, case-insensitive patterns for the aliases, longest alias first. */
const ALIAS_PATTERNS: ReadonlyArray<{ pattern: RegExp; sfs: string }> = Object.entries(LAW_ALIASES)
  .sort(([a], [b]) => b.length - a.length)
  .map(([alias, sfs]) => ({ pattern: new RegExp(`(?<![\\p{L}\\p{N}-])${escapeRegExp(alias)}(?![\\p{L}\\p{N}-])`, 'iu'), sfs }));

/** Find a law alias as a whole word (case-insensitive). */
function findAlias(text: string): { sfs: string; rest: string } | null {
  for (const { pattern, sfs } of ALIAS_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return { sfs, rest: remove(text, match) };
  }
  return null;
}

/** Escape characters that are special in a `u`-mode regular expression (outside character classes). */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function remove(text: string, match: RegExpExecArray): string {
  return `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`.replace(/\s+/g, ' ').trim();
}
