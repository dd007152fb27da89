/** Pure metric functions of the evaluation runner (unit-tested in metrics.spec.ts). */
import { REFUSAL_SENTENCE, type ChatAnswer } from '@laglig/contracts';
import type { ExpectedAnchor } from './questions';

export interface SectionRef {
  sfs: string;
  anchor: string;
}

const matches = (hit: SectionRef, expected: readonly ExpectedAnchor[]): boolean =>
  expected.some((e) => e.sfs === hit.sfs && e.anchor === hit.anchor);

/** 1-based rank of the first hit that is one of the expected sections (same law and anchor); null when none is. */
export function firstRelevantRank(hits: readonly SectionRef[], expected: readonly ExpectedAnchor[]): number | null {
  const i = hits.findIndex((h) => matches(h, expected));
  return i < 0 ? null : i + 1;
}

export interface RetrievalFigures {
  questions: number;
  recallAt5: number;
  recallAt10: number;
  /** Mean reciprocal rank of the first expected section within the top 10 (0 when not there). */
  mrrAt10: number;
}

/** Recall@5/@10 (a question is a hit when any expected section is in the top k) and MRR@10 over first-hit ranks. */
export function retrievalFigures(ranks: ReadonlyArray<number | null>): RetrievalFigures {
  const n = ranks.length;
  const within = (k: number) => ranks.filter((r) => r !== null && r <= k).length;
  const rr = ranks.reduce<number>((sum, r) => sum + (r !== null && r <= 10 ? 1 / r : 0), 0);
  return {
    questions: n,
    recallAt5: n ? within(5) / n : Number.NaN,
    recallAt10: n ? within(10) / n : Number.NaN,
    mrrAt10: n ? rr / n : Number.NaN,
  };
}

const MARKER = /\[(\d+(?:\s*(?:[,;]|[-–])\s*\d+)*)\]/g;

/** Every citation number in an answer text: [1], [1, 2], [1–3]. */
export function citationMarkers(text: string): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(MARKER)) {
    for (const part of (m[1] as string).split(/\s*[,;]\s*/)) {
      const [from, to] = part.split(/\s*[-–]\s*/).map(Number) as [number, number | undefined];
      for (let n = from; n <= Math.min(to ?? from, from + 50); n++) out.add(n);
    }
  }
  return [...out];
}

/**
 * What is wrong with an answer's citations (empty when valid): an answered
 * answer must carry at least one citation, and every [n] in its text must be
 * one of its citations; a refusal carries none.
 */
export function citationProblems(answer: Pick<ChatAnswer, 'status' | 'answer' | 'citations'>): string[] {
  const problems: string[] = [];
  const numbers = new Set(answer.citations.map((c) => c.n));
  if (answer.status === 'answered') {
    if (answer.citations.length === 0) problems.push('answered without citations');
    const markers = citationMarkers(answer.answer);
    if (markers.length === 0) problems.push('no [n] in the answer text');
    for (const n of markers) if (!numbers.has(n)) problems.push(`[${n}] has no citation`);
  } else {
    if (answer.citations.length > 0) problems.push(`${answer.status} answer carries ${answer.citations.length} citations`);
    if (answer.status === 'refused' && answer.answer !== REFUSAL_SENTENCE) problems.push('refusal text is not REFUSAL_SENTENCE');
  }
  return problems;
}

/** True when one of the answer's citations is an expected section. */
export function citesExpected(answer: Pick<ChatAnswer, 'citations'>, expected: readonly ExpectedAnchor[]): boolean {
  return answer.citations.some((c) => matches(c, expected));
}

/** a / b, NaN when b is 0 (printed as "-"). */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}
