/**
 * Pure pieces of search: building the OR tsquery, deciding when a query is a
 * reference (SFS number / section) rather than words, and snippets.
 */
import type { SectionReference } from '@laglig/sfs-parser';

/** Lexemes at least this long also match as prefixes: Swedish compounds ("semester" finds "semesterlag"). */
export const PREFIX_MIN_LENGTH = 6;
/** More query terms than this are dropped (a pasted paragraph must not become a 300-term OR). */
export const MAX_TERMS = 16;

/** Quote a lexeme for tsquery input syntax ('' and \\ escaped). */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export interface OrQuery {
  /** The whole query: every term OR-ed ("'semesterdag':* | 'rätt'"). */
  query: string;
  /** Each term on its own, for per-term document frequencies (IDF weighting). */
  terms: string[];
}

/**
 * OR-query from the lexemes PostgreSQL's `swedish` configuration made of the
 * user's words (stop words removed, words stemmed), so a natural question
 * ("hur många semesterdagar har man rätt till") matches sections holding some
 * of its words; the ranking then prefers sections with more, and rarer, of
 * them. Bare numbers are dropped when there are words. Null when nothing
 * searchable is left.
 */
export function buildOrQuery(lexemes: readonly string[]): OrQuery | null {
  let unique = [...new Set(lexemes.map((l) => l.trim()).filter((l) => l !== ''))];
  const words = unique.filter((l) => !/^[\d.,:-]+$/.test(l));
  if (words.length > 0) unique = words;
  unique = unique.slice(0, MAX_TERMS);
  if (unique.length === 0) return null;
  const terms = unique.map((l) => ([...l].length >= PREFIX_MIN_LENGTH ? `${quoteLexeme(l)}:*` : quoteLexeme(l)));
  return { query: terms.join(' | '), terms };
}

/** Words that belong to a reference and carry no search meaning of their own. */
const REFERENCE_NOISE = [
  /\bsfs\b/giu,
  /\d{4}\s*:\s*\d+(?:\s*[a-z](?![\p{L}]))?/giu,
  /\d+\s*:\s*\d+(?:\s*[a-z](?![\p{L}]))?/giu,
  /\b\d+(?:\s*[a-z](?![\p{L}]))?\s*(?:kap(?:itlet)?\.?|§+)/giu,
  /\b(?:första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde|tionde)\s+stycket\b/giu,
  /\bpunkt(?:en)?\s+\d+\b/giu,
  /\b\d+\s*p\./giu,
  /[§.,:;()]/gu,
  /\d+/gu,
];

/**
 * The words of a query that are not part of a reference or a statute's name
 * ("vad säger 4 § semesterlagen" -> ["vad", "säger"]).
 */
export function residualWords(query: string, ignore: readonly string[] = []): string[] {
  let rest = query;
  for (const pattern of REFERENCE_NOISE) rest = rest.replace(pattern, ' ');
  const ignored = new Set(ignore.map((w) => w.toLowerCase()));
  return rest
    .split(/\s+/)
    .filter((word) => (word.match(/\p{L}/gu) ?? []).length >= 2)
    .filter((word) => !ignored.has(word.toLowerCase()));
}

/**
 * A statute named in free text: "arbetsmiljölagen" -> "arbetsmiljölag",
 * "miljöbalken" -> "miljöbalk", "förordningen" -> "förordning". Returns
 * the base form to match against titles, or null.
 */
export function lawNameIn(query: string): { word: string; stem: string } | null {
  for (const word of query.toLowerCase().split(/[^\p{L}-]+/u)) {
    const match = /^([\p{L}-]{3,}(?:lag|balk|förordning|ordning|kungörelse))(?:en|et)?$/u.exec(word);
    if (match) return { word, stem: match[1] };
  }
  return null;
}

/**
 * Whether to answer a query as an exact reference rather than by words:
 *  - it names a statute (SFS number, alias or title) together with a chapter/section,
 *  - or it is nothing but a reference or a statute's name ("3 kap. 2 a §", "1977:1160").
 * "vad säger 4 § om semester" and "arbetsmiljölagen skyddsombud" stay full-text questions.
 */
export function isReferenceQuery(
  query: string,
  reference: SectionReference | null,
  namedSfs: string | null,
  ignoreWords: readonly string[],
): boolean {
  if (!reference && !namedSfs) return false;
  const residual = residualWords(query, ignoreWords);
  if (residual.length === 0) return true;
  return Boolean(namedSfs && (reference?.section || reference?.chapter));
}

/** Plain-text excerpt for reference hits: the start of the text, cut at a word boundary. */
export function excerpt(text: string, maxLength = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength * 0.6 ? cut.slice(0, space) : cut).trim()} …`;
}

/** ts_headline options: «» around matches (plain text, no HTML), two fragments. */
export const HEADLINE_OPTIONS = 'StartSel=«, StopSel=», MaxWords=35, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "';
