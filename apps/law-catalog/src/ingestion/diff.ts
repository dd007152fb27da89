import { Diff } from 'diff';
import type { DiffPart, SectionChange } from '@laglig/contracts';

/**
 * Section-level comparison of two versions of a statute: which sections were
 * added, modified, repealed or renumbered, whether each difference is only
 * editorial, and one plain-language Swedish line per section (for law.changed,
 * the change records and laws.diff).
 */
export interface ComparableSection {
  anchor: string;
  /** "3 kap. 2 a §" (stored with the section); the anchor is used when absent. */
  label?: string;
  heading: string | null;
  text: string;
  repealed: boolean;
  validity?: { kind: 'future' | 'expiring'; date: string | null; raw?: string } | null;
}

/** One differing section with the texts it was compared on. */
export interface ComparedSection {
  change: SectionChange;
  /** The section in the old version (null for an added one). */
  before: ComparableSection | null;
  /** The section in the new version (null when it is gone). */
  after: ComparableSection | null;
}

export interface SectionComparison {
  /** Anchors live in the new version but not in the old one (a renumbered section's new anchor too). */
  added: string[];
  /** Anchors live in both with a different text, heading or validity (editorial differences included). */
  modified: string[];
  /** Anchors live in the old version, repealed or gone in the new one (a renumbered section's old anchor too). */
  repealed: string[];
  /** Any section non-editorial, or any section added or repealed. */
  substantive: boolean;
  /** Per section, in the order of the new version (gone sections where they stood). */
  sections: SectionChange[];
  compared: ComparedSection[];
}

/** Dice coefficient on word tokens at or above which a vanished and a new section are one renumbered section. */
export const RENUMBER_SIMILARITY = 0.8;
/** Longest quote in a summary (characters). */
export const QUOTE_MAX = 120;
/** Text changes listed in one summary; the rest are counted. */
const MAX_SUMMARY_CHANGES = 3;

const live = (section: ComparableSection | undefined | null): section is ComparableSection => !!section && !section.repealed;
const labelOf = (section: ComparableSection): string => section.label || section.anchor;
/** Anchors of the parser's parallel versions ("K1P1-I2026-07-01") never take part in renumbering. */
const isBaseAnchor = (anchor: string): boolean => !anchor.includes('-');

/* ------------------------------------------------------------ editorial text */

const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const QUOTES = /[\u201C\u201D\u201E\u201F\u2018\u2019\u201A\u201B\u00AB\u00BB\u2039\u203A'`´]/g;

/** The text with dashes and quotes unified (what differs between SFST and Riksdagen renderings). */
export function unifyTypography(text: string): string {
  return text.replace(DASHES, '-').replace(QUOTES, '"').replace(/\u00A0/g, ' ');
}

/** Only letters, digits and § are left: whitespace, punctuation, dashes and quote styles are gone. */
const punctuationFree = (text: string): string => unifyTypography(text).replace(/[\s\p{P}]+/gu, '');

/**
 * A chain of section or chapter references: "3 kap. 2 §", "6 a, 8, 15, 17 och 18 §§",
 * "2-4 och 7-9 kap." — the numbers in it are replaced by '#'.
 */
const NUMBER = String.raw`\d+(?:\s?[a-z](?![\p{L}]))?`;
const REFERENCE_CHAIN = new RegExp(
  String.raw`${NUMBER}(?:\s*(?:,|och|eller|-|\u2013|\u2014)\s*${NUMBER})*\s*(?:§§?|kap\.|kapitlet)`,
  'gu',
);
const maskReferences = (text: string): string =>
  unifyTypography(text).replace(REFERENCE_CHAIN, (chain) => chain.replace(new RegExp(NUMBER, 'gu'), '#'));

export type EditorialKind = 'identical' | 'typography' | 'references' | 'substantive';

/** How two texts differ: not at all, only in whitespace/punctuation/dashes/quotes, only in reference numbers, or really. */
export function classifyTextChange(before: string, after: string): EditorialKind {
  if (before === after) return 'identical';
  if (punctuationFree(before) === punctuationFree(after)) return 'typography';
  if (punctuationFree(maskReferences(before)) === punctuationFree(maskReferences(after))) return 'references';
  return 'substantive';
}

/* ------------------------------------------------------------ similarity */

const wordTokens = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** Dice coefficient of the word-token sets of two texts (1 = same words). */
export function textSimilarity(a: string, b: string): number {
  const A = wordTokens(a);
  const B = wordTokens(b);
  if (A.size === 0 && B.size === 0) return 1;
  let common = 0;
  for (const token of A) if (B.has(token)) common++;
  return (2 * common) / (A.size + B.size);
}

/* ------------------------------------------------------------ word diff */

/**
 * jsdiff's word diff with legal tokens: an SFS number ("2025:400") is one
 * token, so a changed reference reads as one replacement instead of
 * "2001"→"2025", ":", "453"→"400". Otherwise words (letters and digits),
 * runs of whitespace and single punctuation marks, as diffWordsWithSpace.
 */
class LegalWordDiff extends Diff<string, string> {
  override tokenize(value: string): string[] {
    return value.match(/\d+:\d+|\s+|[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  }

  override join(tokens: string[]): string {
    return tokens.join('');
  }

  override removeEmpty(tokens: string[]): string[] {
    return tokens.filter((token) => token !== '');
  }
}
const legalWordDiff = new LegalWordDiff();

/** Word-level diff (see LegalWordDiff), adjacent runs of one kind merged. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of legalWordDiff.diff(before, after)) {
    const op: DiffPart['op'] = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += change.value;
    else parts.push({ op, text: change.value });
  }
  return parts;
}

/* ------------------------------------------------------------ summaries */

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** ”text” (whitespace collapsed, cut at ~120 characters on a word boundary). */
export function quote(text: string, max = QUOTE_MAX): string {
  let value = collapse(text);
  if (value.length > max) {
    const cut = value.slice(0, max);
    const space = cut.lastIndexOf(' ');
    value = `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/u, '')}…`;
  }
  return `\u201D${value}\u201D`;
}

interface Region {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const hasLetter = (text: string): boolean => /\p{L}/u.test(text);

/** The regions where two texts differ, from the word diff (whitespace-only gaps joined). */
function changedRegions(before: string, after: string): Region[] {
  const regions: Region[] = [];
  let oldPos = 0;
  let newPos = 0;
  let current: Region | null = null;
  for (const part of wordDiff(before, after)) {
    if (part.op === 'equal') {
      if (current && part.text.trim() !== '') {
        regions.push(current);
        current = null;
      }
      oldPos += part.text.length;
      newPos += part.text.length;
      continue;
    }
    current ??= { oldStart: oldPos, oldEnd: oldPos, newStart: newPos, newEnd: newPos };
    if (part.op === 'delete') oldPos += part.text.length;
    else newPos += part.text.length;
    current.oldEnd = oldPos;
    current.newEnd = newPos;
  }
  if (current) regions.push(current);
  return regions;
}

/** Joins regions separated by a short equal stretch (at most three words, no sentence end). */
function mergeClose(regions: Region[], before: string): Region[] {
  const merged: Region[] = [];
  for (const region of regions) {
    const last = merged[merged.length - 1];
    if (last) {
      const gap = before.slice(last.oldEnd, region.oldStart);
      const words = gap.match(/[\p{L}\p{N}§]+/gu)?.length ?? 0;
      if (words <= 3 && gap.length <= 30 && !/[.;]\s/.test(gap)) {
        last.oldEnd = region.oldEnd;
        last.newEnd = region.newEnd;
        continue;
      }
    }
    merged.push({ ...region });
  }
  return merged;
}

/** Widens a region to whole words; a change without letters (numbers) takes a neighbouring word along. */
function widen(region: Region, before: string, after: string): Region {
  const r = { ...region };
  const oldText = before.slice(r.oldStart, r.oldEnd);
  const newText = after.slice(r.newStart, r.newEnd);
  // Only a change that starts (ends) inside a word is widened to that word.
  const openLeft = (oldText !== '' && !isSpace(oldText[0])) || (newText !== '' && !isSpace(newText[0]));
  const openRight = (oldText !== '' && !isSpace(oldText[oldText.length - 1])) || (newText !== '' && !isSpace(newText[newText.length - 1]));
  while (openLeft && r.oldStart > 0 && r.newStart > 0 && !isSpace(before[r.oldStart - 1]) && before[r.oldStart - 1] === after[r.newStart - 1]) {
    r.oldStart--;
    r.newStart--;
  }
  while (openRight && r.oldEnd < before.length && r.newEnd < after.length && !isSpace(before[r.oldEnd]) && before[r.oldEnd] === after[r.newEnd]) {
    r.oldEnd++;
    r.newEnd++;
  }
  if (!hasLetter(before.slice(r.oldStart, r.oldEnd)) && !hasLetter(after.slice(r.newStart, r.newEnd))) {
    const next = /^\s+(kap\.|§§?|st\.|stycket|punkten)/u.exec(before.slice(r.oldEnd));
    if (next && after.slice(r.newEnd).startsWith(next[0])) {
      r.oldEnd += next[0].length;
      r.newEnd += next[0].length;
    } else {
      const previous = /[\p{L}\p{N}§.()-]+\s+$/u.exec(before.slice(0, r.oldStart));
      if (previous && after.slice(0, r.newStart).endsWith(previous[0])) {
        r.oldStart -= previous[0].length;
        r.newStart -= previous[0].length;
      }
    }
  }
  return r;
}

/** Trims separators at the ends; a final period stays after an abbreviation ("kap.", "m.fl."). */
function trimSegment(text: string): string {
  const trimmed = collapse(text).replace(/^[\s,;:]+/u, '').replace(/[\s,;:]+$/u, '');
  return /(?:^|[\s(])(?:kap|st|p|m\.fl|bl\.a|t\.ex|jfr|resp|dvs|s\.k)\.$/u.test(trimmed) ? trimmed : trimmed.replace(/[.]+$/u, '');
}

/** Length a summary's list of text changes aims to stay within (the first change is always listed). */
export const SUMMARY_BUDGET = 400;

/** "”a” ersätts av ”b”. Tillägg: ”c”." — the non-editorial text changes of a section, or null when there are none. */
export function summariseTextChange(before: string, after: string, budget = SUMMARY_BUDGET): string | null {
  const regions = mergeClose(
    changedRegions(before, after).filter(
      (r) => classifyTextChange(before.slice(r.oldStart, r.oldEnd), after.slice(r.newStart, r.newEnd)) === 'substantive',
    ),
    before,
  ).map((r) => widen(r, before, after));
  if (regions.length === 0) return null;
  const lines: string[] = [];
  let length = 0;
  for (const r of regions.slice(0, MAX_SUMMARY_CHANGES)) {
    const removed = trimSegment(before.slice(r.oldStart, r.oldEnd));
    const added = trimSegment(after.slice(r.newStart, r.newEnd));
    const line = removed && added ? `${quote(removed)} ersätts av ${quote(added)}.` : added ? `Tillägg: ${quote(added)}.` : `Borttaget: ${quote(removed)}.`;
    if (lines.length > 0 && length + line.length > budget) break;
    lines.push(line);
    length += line.length + 1;
  }
  const rest = regions.length - lines.length;
  if (rest > 0) lines.push(rest === 1 ? 'Ytterligare en ändring.' : `Ytterligare ${rest} ändringar.`);
  return lines.join(' ');
}

const dateText = (date: string | null | undefined): string => date ?? 'den dag regeringen bestämmer';

function validitySummary(before: ComparableSection['validity'], after: ComparableSection['validity']): string | null {
  const a = before ?? null;
  const b = after ?? null;
  if ((a?.kind ?? null) === (b?.kind ?? null) && (a?.date ?? null) === (b?.date ?? null)) return null;
  if (b?.kind === 'expiring') return `Upphör att gälla ${dateText(b.date)}.`;
  if (b?.kind === 'future') return `Träder i kraft ${dateText(b.date)}.`;
  if (a?.kind === 'expiring') return `Tidsbegränsningen (${dateText(a.date)}) tas bort.`;
  return `Lydelsen gäller nu (ikraftträdande ${dateText(a?.date)}).`;
}

function headingSummary(before: string | null, after: string | null): { text: string; substantive: boolean } | null {
  const kind = classifyTextChange(before ?? '', after ?? '');
  if (kind === 'identical') return null;
  if (kind !== 'substantive') return { text: '', substantive: false };
  if (before && after) return { text: `Rubriken ${quote(before)} ersätts av ${quote(after)}.`, substantive: true };
  if (after) return { text: `Ny rubrik: ${quote(after)}.`, substantive: true };
  return { text: `Rubriken ${quote(before ?? '')} tas bort.`, substantive: true };
}

const EDITORIAL_SUMMARY: Record<'typography' | 'references', string> = {
  typography: 'Redaktionell ändring (skiljetecken/mellanslag).',
  references: 'Redaktionell ändring (omnumrerade hänvisningar).',
};

/** Differences between two live versions of one section: editorial or not, and the summary. */
function describeModification(before: ComparableSection, after: ComparableSection): { editorial: boolean; summary: string } | null {
  const text = classifyTextChange(before.text, after.text);
  const heading = headingSummary(before.heading, after.heading);
  const validity = validitySummary(before.validity, after.validity);
  if (text === 'identical' && !heading && !validity) return null;
  const parts: string[] = [];
  if (heading?.text) parts.push(heading.text);
  if (validity) parts.push(validity);
  if (text === 'substantive') {
    const budget = Math.max(120, SUMMARY_BUDGET - parts.join(' ').length);
    parts.push(summariseTextChange(before.text, after.text, budget) ?? 'Texten ändras.');
  }
  const editorial = text !== 'substantive' && !heading?.substantive && !validity;
  if (editorial) return { editorial, summary: EDITORIAL_SUMMARY[text === 'references' ? 'references' : 'typography'] };
  return { editorial, summary: parts.join(' ') };
}

const REPEALED_BY = /upphävts? genom (?:lag|förordning|kungörelse)\s*\((\d{4}:\d+)\)/iu;

function repealSummary(before: ComparableSection, after: ComparableSection | null): string {
  if (!after && before.validity?.kind === 'future') {
    return `Den aviserade lydelsen (ikraftträdande ${dateText(before.validity.date)}) har trätt i kraft eller utgått.`;
  }
  if (!after && before.validity?.kind === 'expiring') {
    return `Den tidsbegränsade lydelsen (${dateText(before.validity.date)}) har upphört.`;
  }
  const by = after ? REPEALED_BY.exec(after.text)?.[1] : undefined;
  return by ? `Paragrafen upphävs (SFS ${by}).` : 'Paragrafen upphävs.';
}

function addedSummary(after: ComparableSection): string {
  if (after.validity?.kind === 'future') return `Ny lydelse som träder i kraft ${dateText(after.validity.date)}.`;
  if (after.validity?.kind === 'expiring') return `Ny paragraf (gäller till ${dateText(after.validity.date)}).`;
  return 'Ny paragraf.';
}

/* ------------------------------------------------------------ comparison */

/** Below this similarity a section's new text under the same anchor counts as another section (a shift). */
const SHIFT_SIMILARITY = 0.5;

/** Pairs vanished (or shifted) and new (or shifted) sections whose texts are nearly the same (best match first). */
function findRenumbered(gone: ComparableSection[], fresh: ComparableSection[]): Map<string, ComparableSection> {
  const candidates: Array<{ from: ComparableSection; to: ComparableSection; score: number }> = [];
  for (const from of gone) {
    if (!isBaseAnchor(from.anchor)) continue;
    for (const to of fresh) {
      if (!isBaseAnchor(to.anchor) || to.anchor === from.anchor) continue;
      const score = textSimilarity(from.text, to.text);
      if (score >= RENUMBER_SIMILARITY) candidates.push({ from, to, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const byNewAnchor = new Map<string, ComparableSection>();
  const used = new Set<string>();
  for (const { from, to } of candidates) {
    if (used.has(from.anchor) || byNewAnchor.has(to.anchor)) continue;
    used.add(from.anchor);
    byNewAnchor.set(to.anchor, from);
  }
  return byNewAnchor;
}

/**
 * Compares the sections of two versions. Sections match by anchor; a section
 * that vanished and one that appeared with nearly the same words (Dice ≥ 0.8)
 * are one renumbered section.
 */
export function compareSections(previous: readonly ComparableSection[], next: readonly ComparableSection[]): SectionComparison {
  const before = new Map(previous.map((section) => [section.anchor, section]));
  const after = new Map(next.map((section) => [section.anchor, section]));
  // Renumbering candidates: sections that vanished or appeared, and those whose anchor now holds another text
  // (a shift: "7 a §" became "8 §" while "8 §" became "8 a §").
  const shifted = (a: ComparableSection | undefined, b: ComparableSection | undefined): boolean =>
    live(a) && live(b) && a.text !== b.text && textSimilarity(a.text, b.text) < SHIFT_SIMILARITY;
  const gone = previous.filter((section) => live(section) && (!after.has(section.anchor) || shifted(section, after.get(section.anchor))));
  const fresh = next.filter((section) => live(section) && (!before.has(section.anchor) || shifted(before.get(section.anchor), section)));
  const renumbered = findRenumbered(gone, fresh);
  const renumberedFrom = new Set([...renumbered.values()].map((section) => section.anchor));

  const entries: Array<ComparedSection & { order: number }> = [];
  const newPosition = new Map(next.map((section, index) => [section.anchor, index]));

  next.forEach((section, index) => {
    const old = before.get(section.anchor);
    const base = { anchor: section.anchor, label: labelOf(section), fromAnchor: null };
    if (!live(section)) {
      if (live(old)) {
        entries.push({
          order: index,
          before: old,
          after: section,
          change: { ...base, kind: 'repealed', editorial: false, summary: repealSummary(old, section) },
        });
      }
      return;
    }
    const from = renumbered.get(section.anchor);
    if (from) {
      const described = describeModification(from, section);
      const summary = [`Betecknas nu ${labelOf(section)} (tidigare ${labelOf(from)}).`, described && !described.editorial ? described.summary : '']
        .filter(Boolean)
        .join(' ');
      entries.push({
        order: index,
        before: from,
        after: section,
        change: { ...base, kind: 'renumbered', fromAnchor: from.anchor, editorial: described ? described.editorial : true, summary },
      });
      return;
    }
    if (!live(old)) {
      entries.push({ order: index, before: old ?? null, after: section, change: { ...base, kind: 'added', editorial: false, summary: addedSummary(section) } });
      return;
    }
    const described = describeModification(old, section);
    if (described) {
      entries.push({ order: index, before: old, after: section, change: { ...base, kind: 'modified', ...described } });
    }
  });

  // Vanished sections (not renumbered) stand after the nearest preceding old section that still exists.
  let anchorPosition = -1;
  previous.forEach((section, index) => {
    const position = newPosition.get(section.anchor);
    if (position !== undefined) {
      anchorPosition = position;
      return;
    }
    if (!live(section) || renumberedFrom.has(section.anchor)) return;
    if (after.has(section.anchor)) return; // shifted away, but not found elsewhere: reported under its anchor
    entries.push({
      order: anchorPosition + 0.5 + index / (previous.length + 1) / 2,
      before: section,
      after: null,
      change: { anchor: section.anchor, label: labelOf(section), kind: 'repealed', fromAnchor: null, editorial: false, summary: repealSummary(section, null) },
    });
  });
  entries.sort((a, b) => a.order - b.order);

  // The anchor lists keep their plain meaning: a renumbered section's new anchor is added (or modified when it
  // held another text before), its old anchor repealed (unless another section now holds it).
  const added: string[] = [];
  const modified: string[] = [];
  const repealed: string[] = [];
  const renumberedSources: string[] = [];
  for (const { change } of entries) {
    if (change.kind === 'added') added.push(change.anchor);
    else if (change.kind === 'modified') modified.push(change.anchor);
    else if (change.kind === 'repealed') repealed.push(change.anchor);
    else {
      (live(before.get(change.anchor)) ? modified : added).push(change.anchor);
      if (!live(after.get(change.fromAnchor as string))) renumberedSources.push(change.fromAnchor as string);
    }
  }
  repealed.push(...renumberedSources.filter((anchor) => !repealed.includes(anchor)));
  const substantive = entries.some(({ change }) => !change.editorial || change.kind === 'added' || change.kind === 'repealed');
  const compared: ComparedSection[] = entries.map(({ change, before: b, after: a }) => ({ change, before: b, after: a }));
  return { added, modified, repealed, substantive, sections: compared.map((entry) => entry.change), compared };
}

/** The anchor lists and the substantive flag only (the shape law.changed has always carried). */
export function diffSections(
  previous: readonly ComparableSection[],
  next: readonly ComparableSection[],
): Pick<SectionComparison, 'added' | 'modified' | 'repealed' | 'substantive'> {
  const { added, modified, repealed, substantive } = compareSections(previous, next);
  return { added, modified, repealed, substantive };
}

/** The word diff shown for one compared section (insert only for an added one, delete only for a vanished one). */
export function partsOf(entry: ComparedSection): DiffPart[] {
  if (!entry.before) return [{ op: 'insert', text: entry.after?.text ?? '' }];
  if (!entry.after) return [{ op: 'delete', text: entry.before.text }];
  return wordDiff(entry.before.text, entry.after.text);
}
