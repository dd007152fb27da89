import { sectionLabelOf, type Excerpt } from './citations';
import { TermIndex, type QuestionTerm } from './evidence';
import { splitSentences } from './sentences';

export interface ExtractiveOptions {
  /** Sections quoted at most. */
  maxSections: number;
  /** Sentences quoted at most per section. */
  maxSentencesPerSection: number;
  /** Words quoted at most in all. */
  maxWords: number;
}

export const DEFAULT_EXTRACTIVE: ExtractiveOptions = { maxSections: 3, maxSentencesPerSection: 2, maxWords: 170 };

export interface ExtractiveAnswer {
  text: string;
  /** The quoted sections, numbered 1, 2, … in answer order: the numbers the text cites. */
  sources: Excerpt[];
  /** Retrieval's excerpt numbers of the sources, in the same order. */
  cited: number[];
  /** The quoted words per source number (shown as the citation's excerpt). */
  quotes: Map<number, string>;
}

interface Candidate {
  n: number;
  order: number;
  sentence: string;
  score: number;
  words: number;
  /** How well the sentence matches each question term (0..1). */
  matches: number[];
}

/** A further sentence must score this share of the best one… */
const MIN_RELATIVE_SCORE = 0.7;
/** …and cover this weighted share of the question that the chosen sentences do not yet cover. */
const MIN_GAIN = 0.1;

/** A number, in digits or words ("25", "tjugofem", "två månader", "tio procent"). */
const QUANTITY =
  /(?<!\p{L})(\d|(två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton|sjutton|arton|nitton|tjugo|trettio|fyrtio|femtio|sextio|sjuttio|åttio|nittio|hundra|tusen|halvt?)\p{L}*(?!\p{L})|procent)/iu;
/** Added to a sentence that states a number when the question asks "how many/long/much". */
const QUANTITY_BONUS = 0.15;

/** Longest sentence quoted whole; longer ones are cut at a word boundary with an ellipsis. */
const MAX_SENTENCE_WORDS = 80;

/**
 * The offline answer: the sentences of the retrieved sections that best cover
 * the question, quoted verbatim with their section and an [n] citation. It
 * invents no text: every word outside the quotation marks is the law's title
 * and the section's label. Returns null when no sentence covers the question.
 */
export function composeExtractiveAnswer(
  terms: readonly QuestionTerm[],
  excerpts: readonly Excerpt[],
  options: ExtractiveOptions = DEFAULT_EXTRACTIVE,
): ExtractiveAnswer | null {
  const candidates: Candidate[] = [];
  const asksQuantity = terms.some((t) => t.quantity);
  excerpts.forEach((excerpt, rank) => {
    // The section's context (law, chapter heading) counts a little: a sentence of the right law wins a tie.
    const context = new TermIndex(`${excerpt.hit.title} ${excerpt.hit.heading ?? ''}`).coverage(terms);
    splitSentences(excerpt.hit.text).forEach((sentence, order) => {
      const index = new TermIndex(sentence);
      const coverage = index.coverage(terms);
      if (coverage === 0) return;
      const matches = terms.map((t) => index.match(t));
      // Density: of two sentences covering the question, the one that says it in fewer words wins.
      const words = sentence.split(' ').length;
      const density = Math.min(1, (4 * matches.reduce((a, b) => a + b, 0)) / words);
      // "Hur många semesterdagar …" is answered by the sentence with the number in it.
      const answersQuantity = asksQuantity && QUANTITY.test(sentence) ? QUANTITY_BONUS : 0;
      const score = coverage + 0.15 * context + 0.1 * density + answersQuantity + (excerpt.hit.referenced ? 0.2 : 0) - 0.03 * rank;
      candidates.push({ n: excerpt.n, order, sentence: clip(sentence), score, words, matches });
    });
  });
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => b.score - a.score || a.n - b.n || a.order - b.order);

  const best = candidates[0].score;
  const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);
  const covered = terms.map(() => 0);
  const chosen: Candidate[] = [];
  const sections = new Set<number>();
  let wordCount = 0;
  for (const c of candidates) {
    if (c.score < best * MIN_RELATIVE_SCORE) break;
    const gain = terms.reduce((sum, t, i) => sum + t.weight * Math.max(0, c.matches[i] - covered[i]), 0) / totalWeight;
    if (chosen.length > 0 && gain < MIN_GAIN) continue;
    if (!sections.has(c.n) && sections.size >= options.maxSections) continue;
    if (chosen.filter((x) => x.n === c.n).length >= options.maxSentencesPerSection) continue;
    if (chosen.length > 0 && wordCount + c.words > options.maxWords) continue;
    chosen.push(c);
    c.matches.forEach((m, i) => (covered[i] = Math.max(covered[i], m)));
    sections.add(c.n);
    wordCount += c.words;
  }

  const order = [...sections].sort((a, b) => excerpts.findIndex((e) => e.n === a) - excerpts.findIndex((e) => e.n === b));
  // The answer numbers its own sources 1, 2, …: a single quoted section is [1], whatever its rank in retrieval.
  const quotes = new Map<number, string>();
  const sources: Excerpt[] = [];
  const lines = order.map((n, i) => {
    const excerpt = excerpts.find((e) => e.n === n) as Excerpt;
    const quote = chosen
      .filter((c) => c.n === n)
      .sort((a, b) => a.order - b.order)
      .map((c) => c.sentence)
      .join(' … ');
    const shown = i + 1;
    quotes.set(shown, quote);
    sources.push({ n: shown, hit: excerpt.hit });
    return `${excerpt.hit.title}, ${sectionLabelOf(excerpt.hit.label)}: ”${quote}” [${shown}]`;
  });
  return { text: lines.join('\n\n'), sources, cited: order, quotes };
}

function clip(sentence: string): string {
  const parts = sentence.split(' ');
  return parts.length <= MAX_SENTENCE_WORDS ? sentence : `${parts.slice(0, MAX_SENTENCE_WORDS).join(' ')} …`;
}
