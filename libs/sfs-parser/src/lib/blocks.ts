/**
 * Splitting normalised lines into blocks.
 *
 * A block is a run of non-blank lines. In the rkrattsbaser/Riksdagen text a
 * new structural element (section, chapter, rubrik) always starts a block;
 * lines inside a block are hard-wrapped text. Two real-world exceptions are
 * repaired here:
 *  - the Riksdagen HTML-derived text (and a few rkrattsbaser records) glue a
 *    section to the previous one without a blank line ("... Lag (1994:579).\n2 § Denna lag");
 *  - a rubrik can be glued to the end of the previous stycke ("... (1992:497).\nAnsökan om tillstånd").
 */
import { compareNumbers, isBlank } from './text';
import { endsSentence, isHeadingLike, matchChapterHeader, matchSectionHeader } from './patterns';
import { takeLeadingMarkers } from './validity';

export interface Block {
  lines: string[];
  /** 1-based line number of the first line in the normalised input. */
  line: number;
  /** True when the block was split off a preceding block (no blank line before it). */
  glued: boolean;
}

/**
 * Repair headers broken over two lines, "34 a /Träder i kraft I:2025-01-01/"
 * followed by "§ Huvudmannen ska ...", into "34 a § /Träder .../" + "Huvudmannen ska ...".
 */
export function repairSplitSectionHeaders(lines: string[], warnings: string[]): string[] {
  const repaired = [...lines];
  for (let i = 0; i + 1 < repaired.length; i++) {
    const head = /^(\d{1,4}(?: ?[a-z])?) (\/[^/]+\/)$/.exec(repaired[i]);
    const tail = /^§(?:\s+(.*))?$/.exec(repaired[i + 1]);
    if (head && tail) {
      repaired[i] = `${head[1]} § ${head[2]}`;
      repaired[i + 1] = tail[1] ?? '';
      warnings.push(`line ${i + 1}: repaired section header split over two lines ("${head[1]} ... §")`);
    }
  }
  return repaired;
}

/** Group lines into blocks separated by blank lines. */
export function splitIntoBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  lines.forEach((line, index) => {
    if (isBlank(line)) {
      current = null;
      return;
    }
    if (!current) {
      current = { lines: [], line: index + 1, glued: false };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  return blocks;
}

/**
 * Split blocks where a section or chapter header follows a finished sentence
 * without a blank line. A glued section must continue the numbering (higher
 * number than the previous section, or the same number with a validity
 * marker), which rules out wrapped references like "enligt 3 kap.\n7 d § tredje stycket".
 */
export function splitGluedHeaders(blocks: readonly Block[]): Block[] {
  const result: Block[] = [];
  let lastSection: string | null = null;
  for (const block of blocks) {
    let current: Block = { ...block, lines: [block.lines[0]] };
    result.push(current);
    lastSection = trackSequence(block.lines[0], lastSection);
    for (let i = 1; i < block.lines.length; i++) {
      const line = block.lines[i];
      if (endsSentence(block.lines[i - 1]) && isGluedStart(line, lastSection)) {
        current = { lines: [], line: block.line + i, glued: true };
        result.push(current);
      }
      current.lines.push(line);
      if (current.lines.length === 1) lastSection = trackSequence(line, lastSection);
    }
  }
  return result;
}

function isGluedStart(line: string, lastSection: string | null): boolean {
  if (matchChapterHeader(line)) return true;
  const section = matchSectionHeader(line);
  if (!section) return false;
  if (lastSection === null) return true;
  const order = compareNumbers(section.number, lastSection);
  return order > 0 || (order === 0 && takeLeadingMarkers(section.rest).markers.length > 0);
}

/** Track the last section number seen at a block start; a chapter header resets it. */
function trackSequence(firstLine: string, lastSection: string | null): string | null {
  if (matchChapterHeader(firstLine)) return null;
  return matchSectionHeader(firstLine)?.number ?? lastSection;
}

/**
 * Split off a rubrik glued to the end of the previous block: the last line
 * looks like a heading, the line before it ends a sentence, and the next
 * block starts a section.
 */
export function splitGluedHeadings(blocks: readonly Block[]): Block[] {
  const result: Block[] = [];
  blocks.forEach((block, index) => {
    const next = blocks[index + 1];
    const lines = block.lines;
    const last = lines[lines.length - 1];
    const canSplit =
      lines.length >= 2 &&
      next !== undefined &&
      startsSection(next) &&
      endsSentence(lines[lines.length - 2]) &&
      isHeadingLike([last]);
    if (!canSplit) {
      result.push(block);
      return;
    }
    result.push({ ...block, lines: lines.slice(0, -1) });
    result.push({ lines: [last], line: block.line + lines.length - 1, glued: true });
  });
  return result;
}

function startsSection(block: Block): boolean {
  const firstContent = block.lines.find((line) => takeLeadingMarkers(line).rest !== '') ?? '';
  return matchSectionHeader(firstContent) !== null;
}
