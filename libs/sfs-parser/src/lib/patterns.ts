/**
 * Line recognisers for the consolidated SFS text format. Each function looks
 * at one line (or one block of lines) and says what it could be; whether a
 * candidate really is a structural element is decided in `classify.ts`,
 * which looks at the context.
 */
import { UPPER, normaliseNumber } from './text';
import { isMarkerLine } from './validity';
import type { PunktKind } from './types';

// ---------------------------------------------------------------- sections

export interface SectionHeaderMatch {
  number: string;
  /** Text after "§" on the header line (may start with validity markers). */
  rest: string;
}

/** "2 a § Text", "2a §" (laglig-normalised), "1 §  Text" (double space). Never a tab after "§". */
const SECTION_HEADER = /^(\d{1,4})(?: ?([a-z]))? §(?:$| {1,2}(\S.*)$)/;
/** A real section's text starts like a sentence, with a marker, or with "har upphävts". */
const SECTION_TEXT_START = new RegExp(`^(?:[${UPPER}/"”»(]|har upphävts)`);

/**
 * Recognise a section header line. Rejects references that merely start a
 * line, such as "3 a § om väsentlighet," or "7 § första stycket\t\tden 26".
 */
export function matchSectionHeader(line: string): SectionHeaderMatch | null {
  const match = SECTION_HEADER.exec(line);
  if (!match) return null;
  const rest = match[3] ?? '';
  if (rest !== '' && !SECTION_TEXT_START.test(rest)) return null;
  return { number: normaliseNumber(match[1], match[2]), rest };
}

// ---------------------------------------------------------------- chapters

export interface ChapterHeaderMatch {
  number: string;
  /** Title text after "kap." (may start with validity markers). */
  rest: string;
}

const CHAPTER_HEADER = /^(\d{1,3})(?: ?([a-z]))? [kK]ap\.(?:$|\s+(.*)$)/;
const CHAPTER_TITLE_START = new RegExp(`^[${UPPER}/]`);

/**
 * Recognise "3 kap. Title", "3 a kap.", "1 Kap." (older statutes). Rejects
 * references ("1 kap. 3 § om ...") and table-of-contents entries ("1 kap. - Title").
 */
export function matchChapterHeader(line: string): ChapterHeaderMatch | null {
  const match = CHAPTER_HEADER.exec(line);
  if (!match) return null;
  const rest = (match[3] ?? '').trim();
  if (rest !== '' && !CHAPTER_TITLE_START.test(rest)) return null;
  return { number: normaliseNumber(match[1], match[2]), rest };
}

// ---------------------------------------------------------------- divisions

export interface DivisionHeaderMatch {
  number: string;
  label: string;
  title: string;
}

const ORDINALS = [
  'första', 'andra', 'tredje', 'fjärde', 'femte', 'sjätte', 'sjunde', 'åttonde', 'nionde', 'tionde',
  'elfte', 'tolfte', 'trettonde', 'fjortonde', 'femtonde', 'sextonde', 'sjuttonde', 'artonde', 'nittonde', 'tjugonde',
];
const ORDINAL_DIVISION = new RegExp(`^(${ORDINALS.join('|')}) avdelningen(?:\\s+(.*))?$`, 'i');
const NUMBERED_DIVISION = /^(AVDELNING|Avdelning|AVD\.|Avd\.)\s*([IVXLC]+|\d{1,2})\b\.?(?:\s+(.*))?$/;

/** Recognise "FÖRSTA AVDELNINGEN", "Första avdelningen", "AVDELNING I. TITLE", "AVD. II". */
export function matchDivisionHeader(line: string): DivisionHeaderMatch | null {
  const ordinal = ORDINAL_DIVISION.exec(line);
  if (ordinal) {
    const index = ORDINALS.indexOf(ordinal[1].toLowerCase());
    return { number: String(index + 1), label: line.slice(0, line.length - (ordinal[2] ?? '').length).trim(), title: (ordinal[2] ?? '').trim() };
  }
  const numbered = NUMBERED_DIVISION.exec(line);
  if (!numbered) return null;
  const value = /^\d+$/.test(numbered[2]) ? Number(numbered[2]) : romanToNumber(numbered[2]);
  if (!value) return null;
  return { number: String(value), label: `${numbered[1]} ${numbered[2]}`, title: (numbered[3] ?? '').trim() };
}

/** Convert a Roman numeral ("XIV") to a number; 0 when it is not a valid numeral. */
export function romanToNumber(roman: string): number {
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  let total = 0;
  for (let i = 0; i < roman.length; i++) {
    const value = values[roman[i]];
    if (!value) return 0;
    const next = values[roman[i + 1]] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

// ---------------------------------------------------------------- transitional provisions and appendices

const TRANSITIONAL_HEADING = /^(?:ikraftträdande-\s+och\s+)?övergångsbestämmelser$/i;
const SFS_NUMBER_LINE = /^(\d{4}:\d+)$/;

export function isTransitionalHeading(line: string): boolean {
  return TRANSITIONAL_HEADING.test(line.trim());
}

/** A line holding only an SFS number ("2012:333"), which opens a transitional block. */
export function matchSfsNumberLine(line: string): string | null {
  return SFS_NUMBER_LINE.exec(line.trim())?.[1] ?? null;
}

export interface AppendixHeaderMatch {
  number: string;
  rest: string;
}

const APPENDIX_HEADER = /^Bilaga(?:\s+(\d{1,3})(?:\s?([a-z]))?)?(?=\s|$)\s*(.*)$/;

/** "Bilaga", "Bilaga 2 a", "Bilaga 1 Har upphävts genom lag (2001:1079).", "Bilaga 1 /Bilagan är inte med här/". */
export function matchAppendixHeader(line: string): AppendixHeaderMatch | null {
  const match = APPENDIX_HEADER.exec(line.trim());
  if (!match) return null;
  return { number: match[1] ? normaliseNumber(match[1], match[2]) : '', rest: match[3].trim() };
}

// ---------------------------------------------------------------- amendment notes and repeals

const TRAILING_NOTE = /(?:^|\s|(?<=\.))(?:Lag|Förordning|Kungörelse)\s*\(\s*(\d{4}:\d+)\s*\)\.?$/;

/**
 * Strip amendment notes ("Lag (2012:333).", "Förordning (2018:938).", also
 * without the final period and repeated ones) from the end of a text.
 * Returns the notes in reading order.
 */
export function takeTrailingNotes(text: string): { text: string; notes: string[] } {
  const notes: string[] = [];
  let rest = text.trim();
  for (let match = TRAILING_NOTE.exec(rest); match; match = TRAILING_NOTE.exec(rest)) {
    notes.unshift(match[1]);
    rest = rest.slice(0, match.index).trim();
  }
  return { text: rest, notes };
}

/** True when the text is nothing but an amendment note. */
export function isNoteOnly(text: string): boolean {
  const { text: rest, notes } = takeTrailingNotes(text);
  return notes.length > 0 && rest === '';
}

const REPEALED = /^(?:kapitlet\s+|bilagan\s+)?(?:har\s+upphävts|upphävd|upphävs)\s+genom\s+(?:lag|förordning|kungörelse|balk)?\s*\(?\s*(\d{4}:\d+)\s*\)?\s*\.?$/i;

/** "Har upphävts genom lag (2024:804)." -> '2024:804'. */
export function matchRepealed(text: string): string | null {
  return REPEALED.exec(text.trim())?.[1] ?? null;
}

// ---------------------------------------------------------------- list items (punkter)

export interface ListItemMatch {
  kind: PunktKind;
  label: string;
  text: string;
}

const NUMBERED_ITEM = /^(\d{1,3})\.(?:\s+(.*))?$/;
const LETTERED_ITEM = /^([a-zåäö])\)(?:\s+(.*))?$/;
/** "c. andra anställda ..." (SFS 2005:551 uses "a." as well as "a)"). */
const LETTERED_DOT_ITEM = /^([a-zåäö])\.\s+(\S.*)$/;
const DASH_ITEM = /^[-–•]\s+(.*)$/;

/** Recognise "1. text", "1." (marker alone), "a) text", "a. text", "- text", "– text". */
export function matchListItem(line: string): ListItemMatch | null {
  const numbered = NUMBERED_ITEM.exec(line);
  if (numbered) return { kind: 'numbered', label: String(Number(numbered[1])), text: (numbered[2] ?? '').trim() };
  const lettered = LETTERED_ITEM.exec(line);
  if (lettered) return { kind: 'lettered', label: lettered[1], text: (lettered[2] ?? '').trim() };
  const letteredDot = LETTERED_DOT_ITEM.exec(line);
  if (letteredDot) return { kind: 'lettered', label: letteredDot[1], text: letteredDot[2].trim() };
  const dash = DASH_ITEM.exec(line);
  if (dash) return { kind: 'dash', label: '-', text: dash[1].trim() };
  return null;
}

// ---------------------------------------------------------------- headings (rubriker)

const HEADING_START = new RegExp(`^[${UPPER}]`);
/** Abbreviations that may end a heading although they end with a period. */
const HEADING_ABBREVIATION_END = /(?:m\.\s?m|m\.\s?fl|bl\.\s?a|etc|osv)\.$/;

/**
 * Whether a block of lines looks like a rubrik: one to three short lines,
 * starting with a capital letter, not ending like a sentence (".", ",", ";",
 * ":"; "m.m." is fine, "?" is fine), no tabulated columns, no SFS number.
 * The caller must still check the context (a rubrik precedes a section).
 *
 * `allowPeriod` accepts a final period; used where no section is open, i.e.
 * right after a chapter header, where older statutes have rubriker such as
 * "Företräde mellan förvärv som grundas på överlåtelse ... kraft." (SFS 1970:994).
 */
export function isHeadingLike(lines: readonly string[], allowPeriod = false): boolean {
  if (lines.length === 0 || lines.length > 3) return false;
  const text = lines.map((line) => line.trim()).join(' ');
  if (text.length > 250 || !HEADING_START.test(text)) return false;
  if (lines.some((line) => /\t| {3,}/.test(line.trim()))) return false;
  if (/\d{4}:\d+/.test(text)) return false;
  const sentenceEnd = allowPeriod ? /[,;:]$/ : /[.,;:]$/;
  if (sentenceEnd.test(text) && !HEADING_ABBREVIATION_END.test(text)) return false;
  if (lines.some(isMarkerLine)) return false;
  const first = lines[0];
  return !(matchListItem(first) || matchSectionHeader(first) || matchChapterHeader(first) || matchDivisionHeader(first) || matchRepealed(text));
}

/** A line that ends a sentence, so that a section header may follow without a blank line. */
export function endsSentence(line: string): boolean {
  const trimmed = line.trim();
  if (!/[.!?]$/.test(trimmed)) return false;
  return !/(?:\bkap|§|\bst|\bp|\bm\.\s?m|\bbl\.\s?a|\bt\.\s?ex|\bnr|\bart|\bjfr|\bresp|\bdvs)\.$/.test(trimmed);
}
