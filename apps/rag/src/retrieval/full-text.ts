import { STOPWORDS, statutorySynonyms, words } from '../text/swedish';

/**
 * Query side of the full-text search: which tsquery terms a question becomes
 * and how much each one counts (pure functions; the SQL is in
 * retrieval.service.ts).
 *
 * Scoring is BM25-like: Σ over terms of idf(term) × ts_rank(chunk, term),
 * where ts_rank of a single term is a saturating term frequency weighted by
 * the field (text A, heading B, law title D), and idf comes from
 * `rag.lexeme_df` (document frequencies maintained by triggers, see migration
 * 1795500000000-LexemeDf). Common words ("får", "ska", "enligt") therefore
 * count almost nothing instead of pulling long chunks of big laws up.
 *
 * Swedish compounds are met from both sides:
 * - prefix: the question's "semester" (stem "semest") also matches the
 *   text's "semesterdagar", "semesterledighet" (`'semest':*`), at a discount;
 * - decompounding: a question word the index hardly knows
 *   ("hälsouppgifter", "arbetsmiljöansvar") is split into two words the
 *   index does know ("hälsa" + "uppgifter", "arbetsmiljö" + "ansvar"),
 *   using the index's own vocabulary as the dictionary, at a discount.
 */
export interface FullTextOptions {
  /** Weight of a prefix (compound head) match relative to an exact lexeme match. */
  prefixWeight: number;
  /** Shortest stem used as a prefix (shorter ones match too many unrelated compounds). */
  minPrefixLength: number;
  /** Weight of each part of a split compound relative to an exact match. */
  compoundPartWeight: number;
  /** Weight of a statutory synonym ("arbetstagare" for "anställda", text/swedish.ts) relative to an exact match. */
  synonymWeight: number;
  /** Weight of an answer-type word ("kronor" for "hur mycket", see answerTypeWords) relative to an exact match; it only scores. */
  answerTypeWeight: number;
  /** A word is split when fewer than this share of the chunks (at least 3) contain it. */
  decompoundBelowShare: number;
  /** Terms in more than this share of the chunks only score; they do not select candidates. */
  maxCandidateShare: number;
  /** Selecting terms are added rarest first while their frequencies sum to at most this (the rarest one alone: twice this). */
  candidateBudget: number;
  /** Above this many estimated candidates, select chunks with two question words first (selectionQueries). */
  twoWordsAbove: number;
  /** Above twoWordsAbove, at most this many candidates are read when two words find too few. */
  maxCandidates: number;
  /** ts_rank weights for the {D, C, B, A} fields: law title, —, heading, text. */
  fieldWeights: [number, number, number, number];
  /** ts_rank normalisation flags (0: none; 1: divide by 1 + log(length)). */
  normalization: number;
}

/** Chosen on the evaluation set (scripts/eval; ablations in apps/rag/README.md, "Retrieval quality"). */
export const DEFAULT_FULL_TEXT: FullTextOptions = {
  prefixWeight: 0.6,
  minPrefixLength: 5,
  compoundPartWeight: 0.7,
  synonymWeight: 0.9,
  answerTypeWeight: 0.5,
  decompoundBelowShare: 0.0005,
  maxCandidateShare: 0.1,
  candidateBudget: 20_000,
  twoWordsAbove: 3_000,
  maxCandidates: 3_000,
  fieldWeights: [0.5, 0.5, 0.5, 1],
  normalization: 1,
};

/** One scored tsquery term. */
export interface FullTextTerm {
  /** tsquery text: `'semest'` or `'semest':*`. */
  tsquery: string;
  /** idf × kind weight. */
  weight: number;
  /** Document frequency (for a prefix: the sum over the lexemes it matches, capped at the chunk count). */
  df: number;
  /** Also selects candidate chunks (rare enough); every term scores. */
  selects: boolean;
  /** The question word it stands for (that word's lexeme): its exact form, prefix, synonyms and parts share one. */
  group: string;
  /** In at most maxCandidateShare of the chunks: usable as the second word of a two-word selection. */
  intersects: boolean;
  /** An answer-type word: scores, never selects. */
  answerType?: true;
}

/** A question word and the ways it could be split into two words (surface forms, lower case). */
export interface WordSplits {
  word: string;
  splits: Array<[head: string, tail: string]>;
  /** The words statutes use for it ("arbetstagare" for "anställda"). */
  synonyms: readonly string[];
}

/** Shortest part of a split compound (surface form). */
const MIN_PART = 3;

/**
 * Every way to read a word as head + tail: "hälsouppgifter" → ["hälso",
 * "uppgifter"], ["hälsa", "uppgifter"] (a linking -o-, -e- or -u- often
 * replaces a final -a), ["arbetsmiljö", "ansvar"] after dropping a linking
 * -s- ("arbetsmiljö|s|ansvar" is tried as well). Which of them are real words
 * is decided by the index (lexeme frequencies).
 */
export function compoundSplits(word: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (/\d/.test(word)) return out;
  for (let i = MIN_PART; i <= word.length - MIN_PART; i++) {
    const head = word.slice(0, i);
    const heads = /[oeu]$/.test(head) ? [head, `${head.slice(0, -1)}a`] : [head];
    const tails = [word.slice(i)];
    if (word[i] === 's' && word.length - i - 1 >= MIN_PART && i >= 4) tails.push(word.slice(i + 1));
    for (const h of heads) for (const t of tails) out.push([h, t]);
  }
  return out;
}

/** Content words of a question (no stop words, no duplicates) with their possible splits. */
export function questionWords(question: string): WordSplits[] {
  const seen = new Set<string>();
  const out: WordSplits[] = [];
  for (const word of words(question)) {
    if (STOPWORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    out.push({ word, splits: word.length >= 2 * MIN_PART ? compoundSplits(word) : [], synonyms: statutorySynonyms(word) });
  }
  return out;
}

/**
 * The text the vector side embeds for a question: the question and its
 * statutory words ("moms" → "mervärdesskatt") — a hashed embedding only meets
 * the words it is given.
 */
export function vectorQueryText(question: string): string {
  return [question, ...questionWords(question).flatMap((w) => w.synonyms)].join(' ');
}

/**
 * What kind of answer a question asks for, as words a statute answering it
 * would contain (classic answer-type matching in question answering): "hur
 * mycket / hur stor / hur hög" asks for an amount ("kronor", "procent"), "hur
 * länge / hur lång tid / hur långt i förväg" for a period ("veckor",
 * "månader", "senast"), "vad räknas som / vad menas med" for a definition
 * ("Med miljöfarlig verksamhet avses …"). The question rarely shares these
 * words with the section that answers it; they only add to the score of
 * candidates found by the question's own words, never select any.
 */
// Word boundaries as in answers/evidence.ts: `\b` does not know å, ä and ö are letters.
const ANSWER_TYPES: ReadonlyArray<{ pattern: RegExp; words: readonly string[] }> = [
  {
    pattern: /(?<!\p{L})(hur (mycket|stora?|stort|höga?|högt|dyr[ta]?)|vilket belopp|vad kostar|vilken (avgift|sats|skattesats|momssats))(?!\p{L})/u,
    words: ['kronor', 'procent', 'belopp', 'prisbasbelopp', 'högst', 'minst'],
  },
  {
    pattern: /(?<!\p{L})(hur (länge|lång tid|långt i förväg|snart|tidigt|ofta)|inom vilken tid|hur många (dagar|veckor|månader|år|timmar))(?!\p{L})/u,
    words: ['dagar', 'veckor', 'månader', 'år', 'året', 'timmar', 'senast', 'inom'],
  },
  {
    pattern: /(?<!\p{L})(vad (räknas|menas|avses|betyder|innebär) |vad är (en|ett) |när räknas )/u,
    words: ['avses', 'definitioner', 'betyder'],
  },
];

/** Answer-type words of a question (empty for most questions). */
export function answerTypeWords(question: string): string[] {
  const q = question.toLowerCase().normalize('NFC').replace(/\s+/g, ' ');
  return [...new Set(ANSWER_TYPES.filter((t) => t.pattern.test(q)).flatMap((t) => t.words))];
}

/** What the index says about the question: lexemes of each input string and their frequencies. */
export interface QueryAnalysis {
  /** Chunks in the index (the empty lexeme's row of rag.lexeme_df). */
  total: number;
  /** Lexemes of the whole question with df and, for prefix candidates, the summed df of every lexeme they prefix. */
  question: Array<{ lexeme: string; df: number; prefixDf: number | null }>;
  /** Lexemes (with df) of every other input string: the words and their split parts. */
  lexemesOf: Map<string, Array<{ lexeme: string; df: number }>>;
}

/** Robertson–Spärck Jones idf as in BM25 (always > 0). */
export function idf(df: number, total: number): number {
  const n = Math.min(df, total);
  return Math.log(1 + (total - n + 0.5) / (n + 0.5));
}

export function tsqueryLiteral(lexeme: string, prefix = false): string {
  return `'${lexeme.replace(/'/g, "''").replace(/\\/g, '\\\\')}'${prefix ? ':*' : ''}`;
}

/**
 * The scored terms of a question: its lexemes (idf-weighted), prefix terms
 * for compound heads, and the parts of compounds the index does not know
 * (or hardly). Terms absent from the index are dropped; which terms select
 * candidates is decided by frequency (rarest first, within a budget), so a
 * query never reads the posting lists of words like "får" or "ska".
 */
export function planFullText(
  words: readonly WordSplits[],
  analysis: QueryAnalysis,
  options: FullTextOptions = DEFAULT_FULL_TEXT,
  answerTypes: readonly string[] = [],
): FullTextTerm[] {
  const total = Math.max(analysis.total, 1);
  const terms = new Map<string, FullTextTerm>();
  const add = (tsquery: string, df: number, kindWeight: number, group: string): void => {
    if (df <= 0) return;
    const weight = kindWeight * idf(df, total);
    const existing = terms.get(tsquery);
    if (!existing || existing.weight < weight) {
      terms.set(tsquery, { tsquery, weight, df: Math.min(df, total), selects: false, group: existing?.group ?? group, intersects: df <= options.maxCandidateShare * total });
    }
  };
  const groupOf = (word: string): string => (analysis.lexemesOf.get(word) ?? [])[0]?.lexeme ?? word;
  const exact = new Set<string>();
  for (const { lexeme, df, prefixDf } of analysis.question) {
    exact.add(lexeme);
    add(tsqueryLiteral(lexeme), df, 1, lexeme);
    if (prefixDf !== null && lexeme.length >= options.minPrefixLength && prefixDf > df) add(tsqueryLiteral(lexeme, true), prefixDf, options.prefixWeight, lexeme);
  }

  for (const { word, synonyms } of words) {
    for (const synonym of synonyms) {
      const lexeme = single(analysis.lexemesOf.get(synonym));
      if (lexeme && !exact.has(lexeme.lexeme)) add(tsqueryLiteral(lexeme.lexeme), lexeme.df, options.synonymWeight, groupOf(word));
    }
  }

  const rare = Math.max(3, options.decompoundBelowShare * total);
  for (const { word, splits } of words) {
    const own = analysis.lexemesOf.get(word) ?? [];
    if (own.length !== 1 || own[0].df >= rare) continue;
    let best: { head: { lexeme: string; df: number }; tail: { lexeme: string; df: number }; tailLength: number } | null = null;
    for (const [h, t] of splits) {
      const head = single(analysis.lexemesOf.get(h));
      const tail = single(analysis.lexemesOf.get(t));
      if (!head || !tail || head.lexeme.length < MIN_PART || tail.lexeme.length < MIN_PART) continue;
      // The longest known head wins ("arbetsmiljö|ansvar" over "arbets|miljöansvar"), then the
      // shorter tail ("livsmedel|s|lagen" over "livsmedel|slagen").
      if (!best || head.lexeme.length > best.head.lexeme.length || (head.lexeme.length === best.head.lexeme.length && t.length < best.tailLength)) {
        best = { head, tail, tailLength: t.length };
      }
    }
    if (!best) continue;
    for (const part of [best.head, best.tail]) if (!exact.has(part.lexeme)) add(tsqueryLiteral(part.lexeme), part.df, options.compoundPartWeight, own[0].lexeme);
  }

  for (const word of answerTypes) {
    const lexeme = single(analysis.lexemesOf.get(word));
    if (!lexeme || exact.has(lexeme.lexeme) || terms.has(tsqueryLiteral(lexeme.lexeme))) continue;
    const weight = options.answerTypeWeight * idf(lexeme.df, total);
    if (weight > 0) {
      const tsquery = tsqueryLiteral(lexeme.lexeme);
      terms.set(tsquery, { tsquery, weight, df: Math.min(lexeme.df, total), selects: false, group: '', intersects: false, answerType: true });
    }
  }

  // Rarest first within the budget; the rarest term alone may use twice the budget, so a
  // question of common words only still gets full-text candidates at a bounded cost.
  const list = [...terms.values()].sort((a, b) => a.df - b.df || a.tsquery.localeCompare(b.tsquery));
  let rows = 0;
  for (const [i, term] of list.filter((t) => !t.answerType).entries()) {
    const limit = i === 0 ? 2 * options.candidateBudget : options.candidateBudget;
    if (term.df > options.maxCandidateShare * total && i > 0) continue;
    if (rows + term.df > limit) continue;
    term.selects = true;
    rows += term.df;
  }
  return list;
}

/** How a question's candidates are selected (see selectionQueries). */
export interface CandidateSelection {
  /** Chunks with any selecting term; null when nothing selects (then `twoWords` pairs the question's usable words). */
  any: string | null;
  /** Chunks with a selecting term and a term of another question word; null with one question word. */
  twoWords: string | null;
  /** Candidates `any` selects at most (the sum of the selecting terms' document frequencies). */
  estimated: number;
}

/**
 * The tsqueries that select candidate chunks. Every candidate is scored by
 * every term, reading its (usually TOASTed) tsvector from a page of its own,
 * so the cost is the number of candidates: at a million chunks a question
 * whose rarest word is in 10,000 of them spends ~100–600 ms there
 * (docs/benchmarks.md §5). When `any` would select more than
 * `twoWordsAbove` chunks, the service first asks for chunks that also hold a
 * term of a second question word (minimum-should-match 2, as in Lucene; the
 * second word may be a common one, intersected in the GIN index) — a few
 * hundred candidates instead of thousands; a chunk matching one word of the
 * question seldom outscores fifty that match two. Only when that finds fewer
 * than the wanted rows does it read `any`, then at most `maxCandidates`.
 * Below `twoWordsAbove` (every question of the 10,000-chunk evaluation index)
 * `any` is read as before.
 */
export function selectionQueries(terms: readonly FullTextTerm[]): CandidateSelection {
  const selecting = terms.filter((t) => t.selects);
  // Per question word: its selecting terms (one side of a pair) and its terms rare enough to
  // intersect cheaply (the other side).
  const groups = new Map<string, { selecting: string[]; other: string[] }>();
  for (const t of terms) {
    if (t.answerType) continue;
    const g = groups.get(t.group) ?? { selecting: [], other: [] };
    if (t.selects) g.selecting.push(t.tsquery);
    if (t.intersects) g.other.push(t.tsquery);
    groups.set(t.group, g);
  }
  // A question of common words only (nothing selects) still gets the chunks where two of them meet.
  if (selecting.length === 0) for (const g of groups.values()) g.selecting = [...g.other];
  const any = selecting.length ? selecting.map((t) => t.tsquery).join(' | ') : null;
  const estimated = selecting.reduce((sum, t) => sum + t.df, 0);
  const or = (list: string[]): string => (list.length === 1 ? list[0] : `(${list.join(' | ')})`);
  const all = [...groups.values()];
  const pairs: string[] = [];
  all.forEach((a, i) => {
    all.forEach((b, j) => {
      // A chunk with a selecting term of word a and any usable term of another word b, each pair
      // of words once: a candidate set no larger than `any`.
      if (i === j || a.selecting.length === 0 || b.other.length === 0) return;
      if (j < i && b.selecting.length > 0) return;
      pairs.push(`(${or(a.selecting)} & ${or(b.other)})`);
    });
  });
  return { any, twoWords: pairs.length ? pairs.join(' | ') : null, estimated };
}

function single(lexemes: Array<{ lexeme: string; df: number }> | undefined): { lexeme: string; df: number } | null {
  return lexemes && lexemes.length === 1 && lexemes[0].df > 0 ? lexemes[0] : null;
}
