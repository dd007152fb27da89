/**
 * The part after the body: övergångsbestämmelser and bilagor.
 *
 * Transitional provisions are grouped by the amending act, announced by a
 * line holding only its SFS number ("2012:333"). Appendices start with
 * "Bilaga", "Bilaga 2" or "Bilaga 2 a". Several "Övergångsbestämmelser"
 * headings may occur (SFS 1995:1554 has one before and one after its appendices).
 */
import { isTransitionalHeading, matchAppendixHeader, matchRepealed, matchSfsNumberLine } from './patterns';
import { joinKeepingLines, joinWrapped } from './text';

export interface TransitionalDraft {
  sfs: string | null;
  text: string;
}

export interface AppendixDraft {
  number: string;
  title: string | null;
  text: string;
  repealedBy: string | null;
}

export interface TailDraft {
  transitional: TransitionalDraft[];
  appendices: AppendixDraft[];
}

interface OpenTransitional {
  kind: 'transitional';
  sfs: string | null;
  blocks: string[][];
}

interface OpenAppendix {
  kind: 'appendix';
  number: string;
  headerRest: string;
  blocks: string[][];
}

/** Parse the tail blocks (each given as its lines). */
export function parseTail(blocks: readonly string[][]): TailDraft {
  const result: TailDraft = { transitional: [], appendices: [] };
  let open: OpenTransitional | OpenAppendix | null = null;

  const close = (): void => {
    if (open?.kind === 'transitional') result.transitional.push(finishTransitional(open));
    if (open?.kind === 'appendix') result.appendices.push(finishAppendix(open));
    open = null;
  };

  for (const lines of blocks) {
    const first = lines[0].trim();
    const sfs = matchSfsNumberLine(first);
    const appendix = matchAppendixHeader(first);
    if (lines.length === 1 && isTransitionalHeading(first)) {
      close();
    } else if (sfs) {
      close();
      open = { kind: 'transitional', sfs, blocks: lines.length > 1 ? [lines.slice(1)] : [] };
    } else if (appendix && isAppendixHeaderRest(appendix.rest)) {
      close();
      open = { kind: 'appendix', number: appendix.number, headerRest: appendix.rest, blocks: lines.length > 1 ? [lines.slice(1)] : [] };
    } else if (open) {
      open.blocks.push(lines);
    } else {
      open = { kind: 'transitional', sfs: null, blocks: [lines] };
    }
  }
  close();
  return result;
}

function isAppendixHeaderRest(rest: string): boolean {
  return rest === '' || rest.startsWith('/') || matchRepealed(rest) !== null;
}

function finishTransitional(open: OpenTransitional): TransitionalDraft {
  return { sfs: open.sfs, text: open.blocks.map(joinWrapped).join('\n\n') };
}

function finishAppendix(open: OpenAppendix): AppendixDraft {
  const repealedBy = matchRepealed(open.headerRest);
  const firstBlock = open.blocks[0];
  const titleFromBlock = firstBlock && firstBlock.length <= 2 ? joinWrapped(firstBlock) : null;
  const title = repealedBy ? null : open.headerRest !== '' && !open.headerRest.startsWith('/') ? open.headerRest : titleFromBlock;
  const text = open.blocks.map(joinKeepingLines).join('\n\n');
  return { number: open.number, title: title && title.length <= 200 ? title : null, text: text || open.headerRest, repealedBy };
}
