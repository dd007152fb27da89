import type { Citation } from '@laglig/contracts';

/** A run of answer text: plain text, or a citation marker that links to the cited section. */
export type AnswerSegment =
  | { kind: 'text'; text: string }
  | {
      kind: 'cite';
      n: number;
      /** What is shown: "[1]", or just "1" inside a group such as "[1, 2]". */
      text: string;
      /** Router path and fragment of the cited section ("/lagar/1977:480", "P4"). */
      path: string;
      fragment: string | undefined;
      /** Accessible name: "Källa 1: Semesterlag (1977:480) 4 §". */
      label: string;
    };

/** `[1]`, `[1, 2]`, `[1; 3]`, `[2–4]` — the marker forms the answer step accepts. */
const MARKER = /\[(\d{1,4}(?:\s*(?:[,;]|[-–])\s*\d{1,4})*)\]/g;

/** "Källa 1: Semesterlag (1977:480) 4 §" */
export function citationLabel(citation: Pick<Citation, 'n' | 'title' | 'label'>): string {
  return `Källa ${citation.n}: ${[citation.title, citation.label].filter(Boolean).join(' ')}`;
}

/**
 * Splits a site-relative URL ("/lagar/1977:480#P4") into router path and
 * fragment. Anything that is not a path on this site gives null (never linked).
 */
export function sitePath(url: string): { path: string; fragment: string | undefined } | null {
  if (!url.startsWith('/') || url.startsWith('//') || url.includes('\\')) return null;
  const hash = url.indexOf('#');
  const path = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? undefined : decodeFragment(url.slice(hash + 1));
  return { path, fragment: fragment || undefined };
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * Splits answer text into text runs and citation links, so the template
 * renders text bindings and router links (never HTML from the model). A marker
 * whose number has no citation (yet — while streaming, citations arrive after
 * the text) stays plain text.
 */
export function answerSegments(text: string, citations: readonly Citation[]): AnswerSegment[] {
  const byNumber = new Map<number, Citation>(citations.map((c) => [c.n, c]));
  const segments: AnswerSegment[] = [];
  const pushText = (value: string): void => {
    if (!value) return;
    const last = segments[segments.length - 1];
    if (last?.kind === 'text') last.text += value;
    else segments.push({ kind: 'text', text: value });
  };
  const cite = (n: number, shown: string): boolean => {
    const citation = byNumber.get(n);
    const target = citation ? sitePath(citation.url) : null;
    if (!citation || !target) return false;
    segments.push({ kind: 'cite', n, text: shown, path: target.path, fragment: target.fragment, label: citationLabel(citation) });
    return true;
  };

  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const start = match.index ?? 0;
    pushText(text.slice(last, start));
    last = start + match[0].length;
    const inner = match[1] ?? '';
    if (/^\d+$/.test(inner)) {
      if (!cite(Number(inner), match[0])) pushText(match[0]);
      continue;
    }
    // A group: brackets and separators stay text, each number is its own link.
    pushText('[');
    for (const part of inner.split(/(\d+)/)) {
      if (!part) continue;
      if (/^\d+$/.test(part) && cite(Number(part), part)) continue;
      pushText(part);
    }
    pushText(']');
  }
  pushText(text.slice(last));
  return segments;
}

/**
 * Paragraphs (separated by blank lines) of an answer, each as segments. Single
 * line breaks stay in the text and are shown by CSS (`white-space: pre-line`).
 */
export function answerParagraphs(text: string, citations: readonly Citation[]): AnswerSegment[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => answerSegments(p, citations));
}

/** The answer and its sources as plain text for the clipboard; links made absolute with `origin`. */
export function answerPlainText(answer: string, citations: readonly Citation[], origin: string): string {
  const base = origin.replace(/\/+$/, '');
  const lines = [answer.trim()];
  if (citations.length > 0) {
    lines.push('', 'Källor:');
    for (const c of citations) {
      const url = sitePath(c.url) ? `${base}${c.url}` : c.url;
      lines.push(`[${c.n}] ${[c.title, c.label].filter(Boolean).join(' ')} – ${url}`);
      if (c.excerpt.trim()) lines.push(`    ”${c.excerpt.trim()}”`);
    }
  }
  return lines.join('\n');
}
