import { type Citation, type RefusalReason, type RetrievalHit } from '@laglig/contracts';

/** A retrieved section handed to the answer step, numbered as it appears in the prompt: [n]. */
export interface Excerpt {
  n: number;
  hit: RetrievalHit;
}

/** "4 § (del 2 av 3)" → "4 §": a citation names the section, not the chunk. */
export function sectionLabelOf(label: string): string {
  return label.replace(/\s*\(del \d+ av \d+\)$/, '');
}

/** Web path of a section: the law page with the section's permanent anchor. */
export function sectionUrl(sfs: string, anchor: string): string {
  return `/lagar/${sfs}#${anchor}`;
}

const MARKER = /\[(\d+(?:\s*(?:[,;]|[-–])\s*\d+)*)\]/g;

/** Every number cited with [n], [n, m] or [n–m], in order of first appearance. */
export function citedNumbers(text: string): number[] {
  const seen = new Set<number>();
  for (const match of text.matchAll(MARKER)) {
    for (const part of match[1].split(/\s*[,;]\s*/)) {
      const range = part.split(/\s*[-–]\s*/).map(Number);
      const [from, to] = range.length === 2 ? range : [range[0], range[0]];
      for (let n = from; n <= Math.min(to, from + 50); n++) seen.add(n);
    }
  }
  return [...seen];
}

const REFUSAL_CORE = 'jag har inte tillräcklig information';

export type Validation = { ok: true; cited: number[] } | { ok: false; reason: Exclude<RefusalReason, 'weak_retrieval' | 'out_of_scope'> };

/**
 * The citation validator: an answer is kept only when it is not a refusal,
 * cites at least one excerpt and cites nothing but the excerpts it was given.
 */
export function validateAnswer(text: string, excerptCount: number): Validation {
  const normalised = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (normalised === '' || normalised.includes(REFUSAL_CORE)) return { ok: false, reason: 'model_refused' };
  const cited = citedNumbers(text);
  if (cited.length === 0) return { ok: false, reason: 'missing_citations' };
  if (cited.some((n) => !Number.isInteger(n) || n < 1 || n > excerptCount)) return { ok: false, reason: 'invalid_citation' };
  return { ok: true, cited };
}

const EXCERPT_CHARS = 400;

/** Structured citations for the numbers an answer cites, in citation order. */
export function buildCitations(cited: readonly number[], excerpts: readonly Excerpt[], quotes: ReadonlyMap<number, string> = new Map()): Citation[] {
  const byNumber = new Map(excerpts.map((e) => [e.n, e]));
  return cited.flatMap((n) => {
    const e = byNumber.get(n);
    if (!e) return [];
    const text = quotes.get(n) ?? e.hit.text;
    return [
      {
        n,
        sfs: e.hit.sfs,
        title: e.hit.title,
        anchor: e.hit.anchor,
        label: sectionLabelOf(e.hit.label),
        excerpt: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS).replace(/\s+\S*$/, '')} …` : text,
        url: sectionUrl(e.hit.sfs, e.hit.anchor),
      },
    ];
  });
}

