/**
 * Entry point: consolidated SFS text -> {@link ParsedSfs}.
 *
 * Pipeline (each step is a pure function):
 *  1. normalise lines (line endings, no-break spaces) and repair broken headers;
 *  2. split into blocks at blank lines, then split blocks where a section,
 *     chapter or rubrik is glued to the previous text;
 *  3. classify blocks in context (classify.ts);
 *  4. build the tree (build.ts) and parse the transitional part (tail.ts);
 *  5. assign unique anchors (anchors.ts).
 */
import { assignAnchors } from './anchors';
import { repairSplitSectionHeaders, splitGluedHeaders, splitGluedHeadings, splitIntoBlocks } from './blocks';
import { buildTree } from './build';
import { classifyBlocks } from './classify';
import { parseTail } from './tail';
import { normaliseLines } from './text';
import { SfsParseError, type ParsedSfs, type SfsAppendix, type SfsTransitional } from './types';

/**
 * Parse the consolidated text of a statute (rkrattsbaser / Riksdagen text
 * format, also the Riksdagen HTML-derived and laglig-normalised variants).
 *
 * @throws SfsParseError when the input is not a statute at all (empty, or no
 *   section, chapter or running text can be found).
 */
export function parseSfsText(text: string): ParsedSfs {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new SfsParseError('Empty input: not a statute text');
  }
  const warnings: string[] = [];
  const lines = repairSplitSectionHeaders(normaliseLines(text), warnings);
  const blocks = splitGluedHeadings(splitGluedHeaders(splitIntoBlocks(lines)));
  const classified = classifyBlocks(blocks, warnings);
  const tree = buildTree(classified, warnings);
  const tail = parseTail(tree.tail);

  if (tree.sections.length === 0 && tree.body.length === 0) {
    throw new SfsParseError('No sections, chapters or statute text found');
  }

  const transitional: SfsTransitional[] = tail.transitional.map((entry) => ({ anchor: '', ...entry }));
  const appendices: SfsAppendix[] = tail.appendices.map((appendix) => ({
    anchor: '',
    number: appendix.number,
    title: appendix.title,
    text: appendix.text,
    repealed: appendix.repealedBy !== null,
    repealedBy: appendix.repealedBy,
  }));
  const parsed: ParsedSfs = {
    preamble: tree.preamble,
    body: tree.body,
    transitional,
    appendices,
    sections: tree.sections,
    repealedBy: tree.repealedBy,
    warnings,
  };
  assignAnchors(parsed, warnings);
  return parsed;
}
