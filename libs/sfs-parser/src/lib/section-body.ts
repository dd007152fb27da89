/**
 * Building the stycken and punkter of one section from its content blocks.
 *
 * Rules (see README):
 *  - every block (text between blank lines) that is not a list item starts a new stycke;
 *  - list items ("1.", "a)", "-") belong to the preceding stycke; a lettered
 *    item after a numbered one is nested under it ("3 a");
 *  - inside a block, a line starting with "2." is a new item only if the
 *    previous line ends a list entry (",", ";", ":", "och", "eller", "samt")
 *    and the number continues the list, so a hard-wrapped "... enligt 1 och\n3. Lag (...)." is not an item;
 *  - amendment notes ("Lag (2012:333).") are removed from the end of blocks and collected.
 */
import { endsSentence, matchListItem, takeTrailingNotes, type ListItemMatch } from './patterns';
import { UPPER, joinWrapped } from './text';
import type { PunktKind } from './types';

export interface PunktDraft {
  kind: PunktKind;
  label: string;
  /** Anchor fragment within the stycke: 'N1', 'Na', 'N3a', 'T2', 'T5N1'. */
  id: string;
  /** Fragment of the enclosing punkt ('N3' for "3 a"), null at top level. */
  parent: string | null;
  text: string;
}

export interface StyckeDraft {
  lead: string;
  punkter: PunktDraft[];
}

export interface SectionBodyDraft {
  stycken: StyckeDraft[];
  /** SFS numbers of all amendment notes, in reading order. */
  notes: string[];
  /** Irregularities that were repaired. */
  issues: string[];
}

interface Segment {
  item: ListItemMatch | null;
  lines: string[];
}

/** Work-in-progress stycke: text is kept as lines until the section is complete. */
interface OpenPunkt {
  item: ListItemMatch;
  id: string;
  parent: string | null;
  lines: string[];
}

interface OpenStycke {
  lead: string[];
  punkter: OpenPunkt[];
}

/** Build stycken and punkter from content blocks (each block given as its lines). */
export function buildSectionBody(blocks: readonly string[][]): SectionBodyDraft {
  const stycken: OpenStycke[] = [];
  const notes: string[] = [];
  const issues: string[] = [];
  let pendingItem: ListItemMatch | null = null;

  for (const rawLines of blocks) {
    const { lines, notes: blockNotes } = stripTrailingNotes(rawLines);
    notes.push(...blockNotes);
    if (lines.length === 0) continue;

    const segments = segmentBlock(lines, stycken[stycken.length - 1] ?? null);
    if (pendingItem) {
      // "1." alone on a line with its text in the next block (laglig-normalised text).
      if (segments[0].item === null) segments[0] = { item: pendingItem, lines: segments[0].lines };
      else addPunkt(stycken, pendingItem, [], issues);
      pendingItem = null;
    }

    for (const segment of segments) {
      if (!segment.item && continuesStycke(segment, stycken)) {
        addPunkt(stycken, { kind: 'unmarked', label: '', text: '' }, segment.lines, issues);
      } else if (!segment.item) {
        stycken.push({ lead: segment.lines, punkter: [] });
      } else if (segment.item.text === '' && segment.lines.length === 0 && segments.length === 1) {
        pendingItem = segment.item;
      } else {
        addPunkt(stycken, segment.item, segment.item.text === '' ? segment.lines : [segment.item.text, ...segment.lines], issues);
      }
    }
  }
  if (pendingItem) addPunkt(stycken, pendingItem, [], issues);
  return { stycken: stycken.map(finishStycke), notes, issues };
}

/**
 * A block continues the list of the current stycke as an unmarked entry when
 * it starts with a lower-case letter (a stycke never does), or when the text
 * before it ends like a list entry ("," ";" ":" "och" "eller" "samt"), as in
 * definition lists: "abonnent: den som ...,\n\nBerec: Organet för ...".
 */
function continuesStycke(segment: Segment, stycken: readonly OpenStycke[]): boolean {
  const current = stycken[stycken.length - 1];
  if (!current) return false;
  if (/^[a-zåäö]/.test(segment.lines[0]?.trim() ?? '')) return true;
  const lastPunkt = current.punkter[current.punkter.length - 1];
  const previousLines = lastPunkt ? lastPunkt.lines : current.lead;
  const previous = previousLines[previousLines.length - 1] ?? '';
  return endsListEntry(previous);
}

function finishStycke(stycke: OpenStycke): StyckeDraft {
  return {
    lead: joinWrapped(stycke.lead),
    punkter: stycke.punkter.map((punkt) => ({
      kind: punkt.item.kind,
      label: punkt.item.label,
      id: punkt.id,
      parent: punkt.parent,
      text: joinWrapped(punkt.lines),
    })),
  };
}

/** Remove amendment notes from the end of a block; a line holding only a note disappears. */
function stripTrailingNotes(rawLines: readonly string[]): { lines: string[]; notes: string[] } {
  const lines = [...rawLines];
  const notes: string[] = [];
  while (lines.length > 0) {
    const last = lines[lines.length - 1];
    let taken = takeTrailingNotes(last);
    if (taken.notes.length === 0 && lines.length >= 2) {
      // The note itself may be hard-wrapped: "... handlingar. Lag\n(2018:1801)."
      taken = takeTrailingNotes(`${lines[lines.length - 2]} ${last}`);
      if (taken.notes.length > 0) lines.pop();
    }
    if (taken.notes.length === 0) break;
    notes.unshift(...taken.notes);
    if (taken.text !== '') {
      lines[lines.length - 1] = taken.text;
      break;
    }
    lines.pop();
  }
  return { lines, notes };
}

/** Split a block into a lead segment and list item segments. */
function segmentBlock(lines: readonly string[], currentStycke: OpenStycke | null): Segment[] {
  const firstItem = matchListItem(lines[0].trim());
  const segments: Segment[] = [{ item: firstItem, lines: firstItem ? [] : [lines[0]] }];
  const listed: ListItemMatch[] = [...(currentStycke?.punkter ?? []).map((punkt) => punkt.item), ...(firstItem ? [firstItem] : [])];

  for (let i = 1; i < lines.length; i++) {
    const item = matchListItem(lines[i].trim());
    if (item && item.text !== '' && endsListEntry(lines[i - 1]) && continuesList(listed, item)) {
      segments.push({ item, lines: [] });
      listed.push(item);
    } else {
      segments[segments.length - 1].lines.push(lines[i]);
    }
  }
  return segments;
}

function endsListEntry(line: string): boolean {
  return /(?:[,;:]|\b(?:och|eller|samt))$/.test(line.trim());
}

/** Whether `item` is the natural next entry of the list so far (1 after nothing, 3 after 2, b after a). */
function continuesList(listed: readonly ListItemMatch[], item: ListItemMatch): boolean {
  const sameKind = listed.filter((entry) => entry.kind === item.kind);
  const last = sameKind[sameKind.length - 1];
  if (item.kind === 'dash') return true;
  if (item.kind === 'numbered') return Number(item.label) === (last ? Number(last.label) + 1 : 1);
  const expected = last && listed[listed.length - 1].kind === 'lettered' ? String.fromCharCode(last.label.charCodeAt(0) + 1) : 'a';
  return item.label === expected;
}

function addPunkt(stycken: OpenStycke[], item: ListItemMatch, lines: string[], issues: string[]): void {
  if (stycken.length === 0) stycken.push({ lead: [], punkter: [] });
  let stycke = stycken[stycken.length - 1];
  if (restartsNumberedList(stycke, item)) {
    stycke = splitGluedStycke(stycke, issues);
    stycken.push(stycke);
  }
  const parent = parentFor(stycke, item);
  stycke.punkter.push({ item, id: punktId(stycke, item, parent), parent, lines });
}

/**
 * Anchor fragment of a punkt: "N2" (numbered), "Na" (lettered), "T3" (the
 * third unnumbered entry of the stycke); nested entries are prefixed with
 * their parent: "N3a" for "3 a", "T5N1" for a numbered list under an
 * unnumbered definition entry.
 */
function punktId(stycke: OpenStycke, item: ListItemMatch, parent: string | null): string {
  if (item.kind === 'dash' || item.kind === 'unmarked') {
    const unnumbered = stycke.punkter.filter((punkt) => punkt.item.kind === 'dash' || punkt.item.kind === 'unmarked').length;
    return `${parent ?? ''}T${unnumbered + 1}`;
  }
  if (item.kind === 'lettered' && parent?.startsWith('N')) return `${parent}${item.label}`;
  return `${parent ?? ''}N${item.label}`;
}

/**
 * "1." right after a numbered or lettered item of the same stycke: a new
 * stycke whose lead was glued to the last item. (After an unnumbered entry
 * a "1." opens a nested list instead.)
 */
function restartsNumberedList(stycke: OpenStycke, item: ListItemMatch): boolean {
  const last = stycke.punkter[stycke.punkter.length - 1];
  return item.kind === 'numbered' && item.label === '1' && (last?.item.kind === 'numbered' || last?.item.kind === 'lettered');
}

/**
 * A missing blank line glued the lead of the next stycke to the last list
 * item ("5. ... ska bedrivas.\nFöreskrifter om undantag ... får meddelas\nendast").
 * Move the lines from the last sentence start onwards into a new stycke.
 */
function splitGluedStycke(previous: OpenStycke, issues: string[]): OpenStycke {
  const last = previous.punkter[previous.punkter.length - 1];
  for (let i = last.lines.length - 1; i >= 1; i--) {
    if (endsSentence(last.lines[i - 1]) && new RegExp(`^[${UPPER}]`).test(last.lines[i].trim())) {
      const lead = last.lines.splice(i);
      issues.push(`list restarts at 1.; split the glued stycke "${joinWrapped(lead).slice(0, 40)}" off the previous item`);
      return { lead, punkter: [] };
    }
  }
  issues.push('list restarts at 1. without a lead text; started a new stycke');
  return { lead: [], punkter: [] };
}

/**
 * The enclosing punkt of a new item:
 *  - a lettered item belongs to the latest numbered item ("3 a"), unless a top-level lettered list is running;
 *  - "1." right after an unnumbered entry opens a list nested under that entry;
 *  - a numbered item continuing a nested list keeps the parent of its predecessor.
 */
function parentFor(stycke: OpenStycke, item: ListItemMatch): string | null {
  const punkter = stycke.punkter;
  const last = punkter[punkter.length - 1];
  if (!last) return null;
  if (item.kind === 'lettered') {
    for (let i = punkter.length - 1; i >= 0; i--) {
      const punkt = punkter[i];
      if (punkt.item.kind === 'numbered') return punkt.id;
      if (punkt.item.kind === 'lettered' && punkt.parent === null) return null;
    }
    return null;
  }
  if (item.kind !== 'numbered') return null;
  if ((last.item.kind === 'dash' || last.item.kind === 'unmarked') && item.label === '1') return last.id;
  const previous = [...punkter].reverse().find((punkt) => punkt.item.kind === 'numbered');
  return previous && Number(previous.item.label) + 1 === Number(item.label) ? previous.parent : null;
}

/** Render a stycke as plain text: the lead, then one line per punkt. */
export function renderStycke(stycke: StyckeDraft): string {
  const lines = stycke.lead === '' ? [] : [stycke.lead];
  for (const punkt of stycke.punkter) lines.push(`${renderLabel(punkt)} ${punkt.text}`.trim());
  return lines.join('\n');
}

function renderLabel(punkt: PunktDraft): string {
  switch (punkt.kind) {
    case 'numbered':
      return `${punkt.label}.`;
    case 'lettered':
      return `${punkt.label})`;
    case 'dash':
      return '-';
    case 'unmarked':
      return '';
  }
}
