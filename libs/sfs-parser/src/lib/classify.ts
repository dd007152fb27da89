/**
 * Context-dependent classification of blocks.
 *
 * `patterns.ts` says what a single line could be; this module decides what
 * each block really is by looking at its neighbours:
 *  - a chapter header is real only if sections follow it before the next
 *    chapter header (tables of contents list many "N kap. Title" lines in a row),
 *  - a division header is real only if a real chapter or section follows it
 *    after at most two title blocks,
 *  - "Övergångsbestämmelser" opens the transitional part only if an SFS number line follows,
 *  - a rubrik is a heading-like block followed (possibly through further
 *    heading-like blocks) by a section header.
 */
import type { Block } from './blocks';
import {
  isHeadingLike,
  isTransitionalHeading,
  matchAppendixHeader,
  matchChapterHeader,
  matchDivisionHeader,
  matchRepealed,
  matchSectionHeader,
  matchSfsNumberLine,
} from './patterns';
import { compareNumbers } from './text';
import { takeLeadingMarkers } from './validity';
import type { ValidityMarker } from './types';

export type BlockRole =
  | 'text'
  | 'marker'
  | 'division'
  | 'divisionTitle'
  | 'chapter'
  | 'chapterTitle'
  | 'heading'
  | 'section'
  | 'tail';

/** A block with its leading validity marker lines separated from its content lines. */
export interface MarkedBlock {
  block: Block;
  marks: ValidityMarker[];
  /** Content lines after the leading marker lines. */
  lines: string[];
}

export interface Classified extends MarkedBlock {
  role: BlockRole;
}

type Candidate = 'text' | 'marker' | 'division' | 'chapter' | 'section' | 'transitionalHeading' | 'sfsLine';

/** Separate leading marker-only lines ("/Rubriken träder i kraft I:2024-07-01/") from the content. */
export function separateLeadingMarkers(block: Block): MarkedBlock {
  const marks: ValidityMarker[] = [];
  let index = 0;
  for (; index < block.lines.length; index++) {
    const { markers, rest } = takeLeadingMarkers(block.lines[index]);
    if (markers.length === 0 || rest !== '') break;
    marks.push(...markers);
  }
  return { block, marks, lines: block.lines.slice(index) };
}

function candidateOf(marked: MarkedBlock): Candidate {
  const first = marked.lines[0];
  if (first === undefined) return 'marker';
  if (marked.lines.length === 1 && isTransitionalHeading(first)) return 'transitionalHeading';
  if (matchSfsNumberLine(first)) return 'sfsLine';
  if (matchSectionHeader(first)) return 'section';
  if (matchChapterHeader(first)) return 'chapter';
  if (matchDivisionHeader(first)) return 'division';
  return 'text';
}

/** Classify every block; `warnings` receives notes about rejected candidates. */
export function classifyBlocks(blocks: readonly Block[], warnings: string[]): Classified[] {
  const marked = blocks.map(separateLeadingMarkers);
  const candidates = marked.map(candidateOf);
  const tailStart = findTailStart(marked, candidates);
  const roles: BlockRole[] = candidates.map((candidate, index) => {
    if (index >= tailStart) return 'tail';
    if (candidate === 'section') return 'section';
    if (candidate === 'marker') return 'marker';
    return 'text';
  });

  acceptChapters(marked, candidates, roles, tailStart, warnings);
  acceptDivisions(marked, candidates, roles, tailStart, warnings);
  assignTitles(marked, roles, tailStart);
  acceptHeadings(marked, roles, tailStart);
  warnAboutDecreasingSections(marked, roles, warnings);

  return marked.map((block, index) => ({ ...block, role: roles[index] }));
}

/**
 * The transitional part starts at the first "Övergångsbestämmelser" block
 * that is followed by an SFS number line, or at a bare "Bilaga N" header
 * after the last section when there are no transitional provisions.
 */
function findTailStart(marked: readonly MarkedBlock[], candidates: readonly Candidate[]): number {
  for (let i = 0; i < marked.length; i++) {
    if (candidates[i] === 'transitionalHeading' && candidates[i + 1] === 'sfsLine') return i;
  }
  const lastSection = candidates.lastIndexOf('section');
  for (let i = lastSection + 1; lastSection >= 0 && i < marked.length; i++) {
    const appendix = marked[i].lines.length > 0 ? matchAppendixHeader(marked[i].lines[0]) : null;
    if (appendix && (appendix.rest === '' || matchRepealed(appendix.rest) || appendix.rest.startsWith('/'))) return i;
  }
  return marked.length;
}

function isRepealedChapter(marked: MarkedBlock): boolean {
  const header = matchChapterHeader(marked.lines[0] ?? '');
  if (!header) return false;
  const rest = takeLeadingMarkers(header.rest).rest;
  return matchRepealed([rest, ...marked.lines.slice(1)].join(' ')) !== null;
}

function hasMarkers(marked: MarkedBlock, header: string): boolean {
  return marked.marks.length > 0 || takeLeadingMarkers(header).markers.length > 0;
}

/**
 * Accept chapter candidates. Consecutive candidates with no section between
 * them form a run; in a run of two or more, all but the last are table of
 * contents entries. The last one is the real chapter only if it restarts the
 * numbering (Riksdagen's "Innehåll:" list followed by "1 kap."); a list that
 * keeps counting upwards and then runs into the rest of a section is a table
 * of contents too (e.g. 1 kap. 2 § of SFS 2023:200). Repealed chapters
 * ("5 kap. Har upphävts genom lag ...") are always accepted.
 */
function acceptChapters(
  marked: readonly MarkedBlock[],
  candidates: readonly Candidate[],
  roles: BlockRole[],
  tailStart: number,
  warnings: string[],
): void {
  const runs: number[][] = [];
  let run: number[] = [];
  for (let i = 0; i < tailStart; i++) {
    if (candidates[i] === 'section' && run.length > 0) {
      runs.push(run);
      run = [];
    }
    if (candidates[i] !== 'chapter') continue;
    if (isRepealedChapter(marked[i])) roles[i] = 'chapter';
    else run.push(i);
  }
  if (run.length > 0) runs.push(run);

  for (const members of runs) {
    const last = members[members.length - 1];
    if (members.length === 1) {
      roles[last] = 'chapter';
      continue;
    }
    const restarts = compareNumbers(chapterNumber(marked[last]), chapterNumber(marked[members[members.length - 2]])) <= 0;
    if (restarts) roles[last] = 'chapter';
  }

  // Chapter numbers must not decrease; the same number twice needs a validity marker.
  let previous: { number: string; marked: boolean } | null = null;
  for (let i = 0; i < tailStart; i++) {
    if (roles[i] !== 'chapter') continue;
    const header = matchChapterHeader(marked[i].lines[0]);
    if (!header) continue;
    const current = { number: header.number, marked: hasMarkers(marked[i], header.rest) };
    if (previous) {
      const order = compareNumbers(current.number, previous.number);
      if (order < 0) {
        roles[i] = 'text';
        warnings.push(`line ${marked[i].block.line}: "${header.number} kap." after ${previous.number} kap. is not treated as a chapter`);
        continue;
      }
      if (order === 0 && !current.marked && !previous.marked) {
        warnings.push(`line ${marked[i].block.line}: chapter ${header.number} appears twice without validity markers`);
      }
    }
    previous = current;
  }
}

function chapterNumber(marked: MarkedBlock): string {
  return matchChapterHeader(marked.lines[0])?.number ?? '0';
}

/**
 * Accept a division header when a real chapter or section follows after at
 * most two plain title blocks, and its number increases.
 */
function acceptDivisions(
  marked: readonly MarkedBlock[],
  candidates: readonly Candidate[],
  roles: BlockRole[],
  tailStart: number,
  warnings: string[],
): void {
  let previous = 0;
  for (let i = 0; i < tailStart; i++) {
    if (candidates[i] !== 'division') continue;
    const header = matchDivisionHeader(marked[i].lines[0]);
    if (!header) continue;
    let next = i + 1;
    while (next < tailStart && next - i <= 3 && candidates[next] === 'text') next++;
    const followedByStructure = next < tailStart && next - i <= 3 && (roles[next] === 'chapter' || roles[next] === 'section');
    if (!followedByStructure) continue;
    if (Number(header.number) <= previous) {
      warnings.push(`line ${marked[i].block.line}: division ${header.label} is out of order and not treated as a division`);
      continue;
    }
    roles[i] = 'division';
    previous = Number(header.number);
  }
}

/**
 * A division or chapter header without a title takes the following plain
 * block(s) as its title ("FÖRSTA AVDELNINGEN" / "ÖVERGRIPANDE BESTÄMMELSER",
 * "1 Kap." / "Allmänna bestämmelser").
 */
function assignTitles(marked: readonly MarkedBlock[], roles: BlockRole[], tailStart: number): void {
  for (let i = 0; i < tailStart; i++) {
    if (roles[i] === 'division') {
      const header = matchDivisionHeader(marked[i].lines[0]);
      if (!header || header.title !== '' || marked[i].lines.length > 1) continue;
      for (let next = i + 1; next < tailStart && next - i <= 2 && roles[next] === 'text'; next++) {
        roles[next] = 'divisionTitle';
      }
    } else if (roles[i] === 'chapter') {
      const header = matchChapterHeader(marked[i].lines[0]);
      const untitled = header && takeLeadingMarkers(header.rest).rest === '' && marked[i].lines.length === 1;
      const next = i + 1;
      if (untitled && next < tailStart && roles[next] === 'text' && isHeadingLike(marked[next].lines)) {
        roles[next] = 'chapterTitle';
      }
    }
  }
}

/** A section header with no text on its line, e.g. "1 §" in the laglig-normalised format. */
function isBareSectionHeader(marked: MarkedBlock): boolean {
  const header = matchSectionHeader(marked.lines[0] ?? '');
  return header !== null && marked.lines.length === 1 && takeLeadingMarkers(header.rest).rest === '';
}

/**
 * A heading-like text block is a rubrik when the chain of heading-like blocks
 * it starts ends at a section header. The first content block after a bare
 * section header ("1 §" alone) is always section text. Where no section is
 * open (right after a chapter or division header) a final period is allowed.
 */
function acceptHeadings(marked: readonly MarkedBlock[], roles: BlockRole[], tailStart: number): void {
  let sectionOpen = false;
  let structureSeen = false;
  const looksLikeHeading = (index: number, relaxed: boolean): boolean =>
    roles[index] === 'text' && isHeadingLike(marked[index].lines, relaxed);

  for (let i = 0; i < tailStart; i++) {
    const role = roles[i];
    if (role === 'section' || role === 'chapter' || role === 'chapterTitle' || role === 'division' || role === 'divisionTitle') {
      sectionOpen = role === 'section';
      structureSeen = true;
      continue;
    }
    const relaxed = structureSeen && !sectionOpen;
    if (!looksLikeHeading(i, relaxed) || followsBareSectionHeader(marked, roles, i)) continue;
    let next = i + 1;
    while (next < tailStart && next - i < 3 && looksLikeHeading(next, relaxed)) next++;
    if (next < tailStart && roles[next] === 'section') {
      for (let k = i; k < next; k++) roles[k] = 'heading';
      i = next - 1;
    }
  }
}

function followsBareSectionHeader(marked: readonly MarkedBlock[], roles: readonly BlockRole[], index: number): boolean {
  let previous = index - 1;
  while (previous >= 0 && roles[previous] === 'marker') previous--;
  return previous >= 0 && roles[previous] === 'section' && isBareSectionHeader(marked[previous]);
}

function warnAboutDecreasingSections(marked: readonly MarkedBlock[], roles: readonly BlockRole[], warnings: string[]): void {
  let previous: string | null = null;
  marked.forEach((block, index) => {
    if (roles[index] === 'chapter') previous = null;
    if (roles[index] !== 'section') return;
    const header = matchSectionHeader(block.lines[0]);
    if (!header) return;
    if (previous !== null && compareNumbers(header.number, previous) < 0) {
      warnings.push(`line ${block.block.line}: section ${header.number} § follows ${previous} § (numbering goes backwards)`);
    }
    previous = header.number;
  });
}
