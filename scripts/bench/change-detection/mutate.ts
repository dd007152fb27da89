/**
 * A real, small amendment of a consolidated SFS text, as a new consolidated
 * version would bring: in one section (one in four: two sections) a word or a
 * number in a sentence changes, and one in three changed statutes also gains
 * a sentence. Only the first stycke of a section ("3 § ..." up to the next
 * blank line) is touched, never a section header, a line start or an SFS
 * number, so the parser finds the same sections and the diff reports the
 * touched ones as modified. Deterministic in (dok_id, salt).
 */
import { hashSeed, Prng } from '../lib/prng';

export interface Mutation {
  text: string;
  /** Section headers of the touched sections as they start ("3 §", "2 a §"). */
  sections: string[];
  /** What changed, per touched section ("word: skyldig -> ansvarig", "number: tre -> fyra", "sentence"). */
  edits: string[];
}

/** A section's first stycke: "12 § ..." or "3 a § ..." at the start of a block. */
const SECTION_START = /^(\d{1,3}(?: [a-z])?) § /;
const NUMBER_WORDS = ['två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio', 'elva', 'tolv'];
const NUMBER_WORD = new RegExp(`(?<=[ ])(${NUMBER_WORDS.join('|')})(?![\\p{L}\\d])`, 'gu');
/** A number inside a sentence: after a space, not a line start, not part of "1977:1160", not "9 §"/"9 kap."/"9 a §". */
const DIGITS = /(?<=[ ])(\d{1,3})(?![\d:])(?! §| kap\.| [a-z] §)/g;
/** A chain of section/chapter references ("6 a, 8 och 18 §§", "2-4 kap."): its numbers are references, not amounts (as diff.ts masks them). */
const REFERENCE_NUMBER = String.raw`\d+(?:\s?[a-z](?![\p{L}]))?`;
const REFERENCE_CHAIN = new RegExp(
  String.raw`${REFERENCE_NUMBER}(?:\s*(?:,|och|eller|-|\u2013|\u2014)\s*${REFERENCE_NUMBER})*\s*(?:§§?|kap\.|kapitlet)`,
  'gu',
);
/** A lower-case word of 6+ letters after a space (never the first word of a line). */
const WORD = /(?<=[ ])\p{Ll}{6,}(?![\p{L}\d])/gu;
const REPLACEMENTS = ['myndigheten', 'arbetsgivaren', 'verksamheten', 'regeringen', 'kommunen', 'tillsynsmyndigheten', 'skyldigheten'];
const SENTENCES = [
  'Detta gäller även den som bedriver verksamheten på uppdrag av någon annan.',
  'Regeringen får meddela ytterligare föreskrifter om skyldigheten enligt första stycket.',
  'Skyldigheten gäller inte om synnerliga skäl talar emot det.',
];
/** An amendment note that ends a stycke ("Lag (2012:333)." / "Förordning (1974:48)."). */
const AMENDMENT_NOTE = / ((?:Lag|Förordning) \(\d{4}:\d+(?: s\. \d+)?\)\.)$/;

interface Block {
  start: number;
  end: number;
  header: string;
}

/** Blocks separated by blank lines; `header` is "3 §" for a section's first stycke, '' otherwise. */
function allBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n\n', start);
    if (end < 0) end = text.length;
    const header = SECTION_START.exec(text.slice(start, Math.min(end, start + 24)))?.[1];
    blocks.push({ start, end, header: header ? `${header} §` : '' });
    start = end + 2;
  }
  return blocks;
}

const sectionBlocks = (text: string): Block[] => allBlocks(text).filter((b) => b.header !== '');

function matchesIn(body: string, pattern: RegExp, from: number): RegExpExecArray[] {
  return [...body.matchAll(pattern)].filter((m) => (m.index ?? 0) >= from);
}

/** Changes one word or number of a block's body; null when there is nothing to change. */
function editBlock(body: string, header: string, rng: Prng): { body: string; edit: string } | null {
  const from = header ? header.length + 1 : 0; // never the section header itself
  const numberWords = matchesIn(body, NUMBER_WORD, from);
  const chains = [...body.matchAll(REFERENCE_CHAIN)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
  const digits = matchesIn(body, DIGITS, from).filter((m) => !chains.some(([s, e]) => (m.index ?? 0) >= s && (m.index ?? 0) < e));
  const words = matchesIn(body, WORD, from);
  const kinds = [numberWords.length ? 'number-word' : null, digits.length ? 'number' : null, words.length ? 'word' : null].filter(
    (k): k is string => k !== null,
  );
  if (kinds.length === 0) return null;
  // Numbers where there are some (a changed period or amount is the typical amendment), words otherwise.
  const kind = kinds.includes('word') && (kinds.length === 1 || rng.chance(0.5)) ? 'word' : (kinds.find((k) => k !== 'word') as string);
  const candidates = kind === 'word' ? words : kind === 'number' ? digits : numberWords;
  const match = rng.pick(candidates);
  const before = match[0];
  let after: string;
  if (kind === 'number-word') after = NUMBER_WORDS[(NUMBER_WORDS.indexOf(before) + 1) % NUMBER_WORDS.length] as string;
  else if (kind === 'number') after = String(Number(before) + 1);
  else after = rng.pick(REPLACEMENTS.filter((w) => w !== before));
  const at = match.index ?? 0;
  return { body: `${body.slice(0, at)}${after}${body.slice(at + before.length)}`, edit: `${kind === 'word' ? 'word' : 'number'}: ${before} -> ${after}` };
}

/** Adds a sentence at the end of a block's body (before a closing amendment note). */
function addSentence(body: string, rng: Prng): string {
  const sentence = rng.pick(SENTENCES);
  const note = AMENDMENT_NOTE.exec(body);
  if (note) return `${body.slice(0, note.index)} ${sentence} ${note[1]}`;
  return /[.:;]$/.test(body) ? `${body} ${sentence}` : `${body}. ${sentence}`;
}

export function mutateText(text: string, dokId: string, salt: string): Mutation | null {
  const rng = new Prng(hashSeed('change-detection', dokId, salt));
  const usable = (b: Block): boolean => {
    const body = text.slice(b.start, b.end);
    return !/[Hh]ar upphävts/.test(body) && body.split(/\s+/).length >= 8;
  };
  let blocks = sectionBlocks(text).filter(usable);
  // A statute without § (one implicit section): its first stycke of some length.
  if (blocks.length === 0) blocks = allBlocks(text).filter(usable).slice(0, 1);
  if (blocks.length === 0) return null;
  const touched = rng.chance(0.25) && blocks.length >= 2 ? 2 : 1;
  const chosen = rng.shuffle([...blocks]).slice(0, touched).sort((a, b) => b.start - a.start); // edit from the end: offsets stay valid
  const withSentence = rng.chance(1 / 3);
  let result = text;
  const sections: string[] = [];
  const edits: string[] = [];
  for (const [i, block] of chosen.entries()) {
    let body = result.slice(block.start, block.end);
    const edited = editBlock(body, block.header, rng);
    if (edited) {
      body = edited.body;
      edits.push(edited.edit);
    }
    if ((withSentence && i === 0) || !edited) {
      body = addSentence(body, rng);
      edits.push('sentence');
    }
    result = `${result.slice(0, block.start)}${body}${result.slice(block.end)}`;
    sections.push(block.header);
  }
  return { text: result, sections: sections.reverse(), edits };
}
