import { STOPWORDS, stem, statutorySynonyms, words } from '../text/swedish';
import type { Excerpt } from './citations';

/**
 * How well a text covers a question: the question's content words, weighted,
 * found in the text by stem or as part of a compound. This decides whether
 * retrieval found enough to answer (the refusal threshold) and which
 * sentences the extractive answer quotes.
 */
export interface QuestionTerm {
  word: string;
  stem: string;
  weight: number;
  /** The word names a statute ("studieledighetslagen", "miljöbalkens"): the part before "lagen"/"balken"/"förordningen". */
  statute?: string;
  /** The question asks for a quantity ("Hur många …", "Hur länge …"): set on every term of such a question. */
  quantity?: boolean;
}

/** "Hur många/mycket/lång/länge/långt/stor/ofta/hög/gammal …", "Vilken ålder …": the answer is a number or a duration. */
const ASKS_QUANTITY = /(?<!\p{L})(hur (många|mycket|lång|långa|långt|länge|stor|stort|stora|ofta|hög|högt|höga|gammal|gamla|tidigt|sent)|vilken (ålder|summa|procentsats|nivå))(?!\p{L})/iu;

/**
 * Words that appear in most legal questions and say little about which law
 * answers them ("Vilka regler gäller för …", "Måste vi …"). They count a little.
 */
const GENERIC = new Set(
  (
    'lag lagen lagar lagstiftning regel regler reglerna gäller gälla gäl krav kraven måste får ska skall behöver behöva finns enligt ' +
    'rätt rätten skyldig skyldighet skyldigheter många mycket vilka vilken vilket när hur vad gör göra görs sägs säger står ' +
    'företag företaget vårt våra oss mig min mitt någon något kan kunna bör ' +
    // The frame of a question rather than its subject: "Hur länge …", "Hur ofta …", "Vad menas med …".
    'lång långt långa länge ofta stor stort stora hög högt tid gång gånger menas innebär innebära betyder fungerar räknas krävs kräver'
  ).split(' '),
);
const GENERIC_WEIGHT = 0.25;
/** Pronouns missing from the Snowball stop-word list. */
const PRONOUNS = new Set(['hen', 'hens', 'henom']);

/**
 * A statute named by a compound: "studieledighetslagen", "miljöbalkens",
 * "arbetsmiljöförordningen" → the subject before the statute word (a linking
 * -s- dropped). Only definite forms: "lag" alone is mostly another word
 * ("förslag", "aktiebolag").
 */
const STATUTE_NAME = /^(\p{L}{4,}?)s?(?:lagen|lagens|balken|balkens|förordningen|förordningens)$/u;
/** Common words that end like a statute name but are none ("aktiebolagen", "förslagen", "underlagen"). */
const NOT_STATUTES = /(?:bolag|^(?:för|an|be|av|ut|in|upp|till|på|om)?slag|underlag|upplag)ens?$/u;

export function statuteSubject(word: string): string | null {
  if (NOT_STATUTES.test(word)) return null;
  return STATUTE_NAME.exec(word)?.[1] ?? null;
}

/** Content words of a question with weights: longer words say more. */
export function questionTerms(question: string): QuestionTerm[] {
  const seen = new Set<string>();
  const terms: QuestionTerm[] = [];
  for (const word of words(question)) {
    if (STOPWORDS.has(word) || PRONOUNS.has(word) || word.length < 2) continue;
    const s = stem(word);
    if (seen.has(s)) continue;
    seen.add(s);
    const generic = GENERIC.has(word) || GENERIC.has(s);
    const weight = generic ? GENERIC_WEIGHT : /^\d/.test(word) ? 1 : Math.min(1.5, 0.5 + word.length / 10);
    const statute = statuteSubject(word);
    terms.push({ word, stem: s, weight, ...(statute ? { statute } : {}) });
  }
  if (ASKS_QUANTITY.test(question)) for (const t of terms) t.quantity = true;
  return terms;
}

/** A text prepared for repeated coverage checks. */
export class TermIndex {
  private readonly stems = new Set<string>();
  private readonly longWords: string[] = [];
  private readonly longStems: string[] = [];

  constructor(text: string) {
    for (const w of words(text)) {
      const s = stem(w);
      this.stems.add(s);
      if (w.length >= 6) this.longWords.push(w);
      if (s.length >= 5) this.longStems.push(s);
    }
  }

  /**
   * 1 for the same stem; 0.9 for a compound whose parts both occur
   * ("semesterdagar" ~ "semesterledighet … dagar"); 0.7 when the question's
   * word is part of a compound in the text ("semester" in
   * "semesterledighet"); 0.5 when only a part of the question's compound
   * occurs ("tjänst" of "tjänstebilar").
   */
  match(term: QuestionTerm): number {
    if (this.stems.has(term.stem)) return 1;
    if (/^\d/.test(term.word)) return 0;
    if (statutorySynonyms(term.word).some((w) => this.stems.has(stem(w)))) return 0.9;
    const compound = this.compound(term.word);
    if (compound > 0.5) return compound;
    if (term.stem.length >= 5 && this.longWords.some((w) => w.includes(term.stem))) return 0.7;
    // An inflection the stemmer leaves apart ("sexuellt" / "sexuella" → "sexuell").
    if (this.longStems.some((s) => term.word.startsWith(s) && term.word.length - s.length <= 2)) return 0.9;
    if (term.word.length >= 8 && this.longStems.some((s) => term.word.includes(s))) return 0.5;
    return compound;
  }

  private compound(word: string): number {
    let best = 0;
    for (let i = 4; i <= word.length - 3; i++) {
      const head = word.slice(0, i);
      if (!this.hasWordStartingWith(head)) continue;
      const tail = word.slice(word[i] === 's' && i + 4 <= word.length ? i + 1 : i);
      const tailStem = stem(tail);
      if (tailStem.length >= 3 && (this.stems.has(tailStem) || this.longWords.some((w) => w.endsWith(tail)))) return 0.9;
      if (head.length >= 5) best = 0.5;
    }
    return best;
  }

  private hasWordStartingWith(head: string): boolean {
    return this.longWords.some((w) => w.startsWith(head)) || this.stems.has(head);
  }

  /** Weighted share of the terms found, 0..1. */
  coverage(terms: readonly QuestionTerm[]): number {
    let total = 0;
    let found = 0;
    for (const t of terms) {
      total += t.weight;
      found += t.weight * this.match(t);
    }
    return total === 0 ? 0 : found / total;
  }
}

export function coverage(terms: readonly QuestionTerm[], text: string): number {
  return new TermIndex(text).coverage(terms);
}

/** Weight of the question's words that are neither generic nor numbers: 0 means the question has nothing to look for. */
export function contentWeight(terms: readonly QuestionTerm[]): number {
  return terms.filter((t) => t.weight > GENERIC_WEIGHT && !/^\d/.test(t.word)).reduce((sum, t) => sum + t.weight, 0);
}

/** Evidence of the retrieved sections for a question, compared with CHAT_MIN_EVIDENCE. */
export interface EvidenceAssessment {
  score: number;
  /** The question named a section that was found (e.g. "3 kap. 2 a § AML"). */
  pinned: boolean;
}

/** The law's title names the statute subject: "Semesterlag" for "semester(lagen)", "… om åtgärder mot penningtvätt …" for "penningtvätt(slagen)". */
function titleNames(title: string, subject: string): boolean {
  const head = stem(subject);
  return words(title).some((w) => w.startsWith(subject) || (head.length >= 4 && w.startsWith(head)));
}

/**
 * The refusal evidence: the best coverage of the question's words by one of
 * the top three sections (its law title, heading, label and text). A question
 * that names a section which was found is supported by definition; a question
 * with nothing but generic words ("Vad gäller?") is not, and neither is one
 * that names a statute none of the retrieved sections belongs to
 * ("studieledighetslagen" when the index has no such law: its words may still
 * occur in other laws, which do not answer it).
 */
export function assessEvidence(terms: readonly QuestionTerm[], excerpts: readonly Excerpt[]): EvidenceAssessment {
  const top = excerpts.slice(0, 3);
  if (top.some((e) => e.hit.referenced && e.hit.score >= 1)) return { score: 1, pinned: true };
  if (contentWeight(terms) === 0) return { score: 0, pinned: false };
  for (const t of terms) {
    if (t.statute && !excerpts.some((e) => e.hit.referenced || titleNames(e.hit.title, t.statute as string))) return { score: 0, pinned: false };
  }
  const score = Math.max(0, ...top.map((e) => new TermIndex(`${e.hit.title} ${e.hit.heading ?? ''} ${e.hit.label} ${e.hit.text}`).coverage(terms)));
  return { score, pinned: false };
}
