import { SECTION_CHANGE_LABELS, type SectionChange } from '@laglig/contracts';

/**
 * The machine-written summary of a law change: what the chat model is told
 * and what of its answer a mail may show.
 *
 * The prompt holds only public facts about the change — the statute's title,
 * the amending SFS, the ikraftträdande and, per section, its label, kind and
 * law-catalog's diff line. Nothing about a user, a workspace or a list: one
 * summary per change serves every recipient.
 */

/** What the prompt needs of a change (a stored change fits). */
export interface SummarySource {
  title: string;
  amendingSfs: string | null;
  inForce: string | null;
  sections: readonly SectionChange[];
}

export interface SummaryPrompt {
  system: string;
  user: string;
}

/** Sections in one prompt (substantive first); the rest are counted. */
export const PROMPT_MAX_SECTIONS = 40;
/** Longest diff line passed on (law-catalog's lines are one sentence; this bounds the prompt). */
const PROMPT_MAX_LINE = 300;
/** The answer a mail may show: one sentence of about 30 words. */
export const SUMMARY_MAX_WORDS = 40;
export const SUMMARY_MAX_CHARS = 320;
/** Tokens the model may spend (about 30 Swedish words need 60–80). */
export const SUMMARY_MAX_TOKENS = 160;

export const SUMMARY_SYSTEM_PROMPT = [
  'Du sammanfattar ändringar i svenska författningar för företag som bevakar lagar.',
  'Skriv EN kort mening på svenska, högst 30 ord, om vad ändringen innebär för ett företag.',
  'Använd bara uppgifterna i meddelandet: hitta inte på något, lägg inte till tolkningar, råd eller rekommendationer,',
  'och nämn inga paragrafer, datum eller författningar som inte står i meddelandet.',
  'Svara med enbart meningen, utan rubrik, citattecken, punktlista eller länkar.',
].join(' ');

/** One line of the prompt: no line breaks, bounded. */
const line = (value: string, max: number): string => {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};

/**
 * The prompt for one change, or null when there is nothing for a model to
 * summarise: no section changed in substance (none listed, or editorial
 * edits only) — the change line and the section lines say it all.
 */
export function buildSummaryPrompt(change: SummarySource): SummaryPrompt | null {
  const substantive = change.sections.filter((s) => !s.editorial);
  if (substantive.length === 0) return null;
  const ordered = [...substantive, ...change.sections.filter((s) => s.editorial)];
  const shown = ordered.slice(0, PROMPT_MAX_SECTIONS);
  const lines = [`Författning: ${line(change.title, 200)}`];
  if (change.amendingSfs) lines.push(`Ändringsförfattning: SFS ${line(change.amendingSfs, 30)}`);
  if (change.inForce && /^\d{4}-\d{2}-\d{2}$/.test(change.inForce)) lines.push(`Ikraftträdande: ${change.inForce}`);
  lines.push('Ändrade paragrafer:');
  for (const s of shown) {
    const kind = `${SECTION_CHANGE_LABELS[s.kind]}${s.editorial ? ', redaktionell' : ''}`;
    const label = line(s.label, 60) || line(s.anchor, 60);
    const summary = line(s.summary, PROMPT_MAX_LINE);
    lines.push(`- ${label} (${kind})${summary ? `: ${summary}` : ''}`);
  }
  if (ordered.length > shown.length) lines.push(`… och ${ordered.length - shown.length} paragrafer till.`);
  return { system: SUMMARY_SYSTEM_PROMPT, user: lines.join('\n') };
}

export type SummaryRejection = 'empty' | 'too-long' | 'link' | 'markup' | 'refusal';

/**
 * The model's answer as a mail may show it, or why not: one line, without
 * wrapping quotes or a "Sammanfattning:" label, at most SUMMARY_MAX_WORDS
 * words and SUMMARY_MAX_CHARS characters, no links (a mail must not carry a
 * link nobody wrote), no markup, not the model speaking of itself; ends
 * with a full stop.
 */
export function validateSummary(answer: string): { ok: true; summary: string } | { ok: false; reason: SummaryRejection } {
  let text = answer.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 2; i++) {
    text = text.replace(/^sammanfattning\s*:\s*/i, '');
    const quoted = /^["'”“„«»‘’](.*)["'”“„«»‘’]$/.exec(text);
    if (quoted) text = (quoted[1] ?? '').trim();
  }
  if (!/\p{L}/u.test(text)) return { ok: false, reason: 'empty' };
  if (/https?:\/\/|www\.|[\p{L}\p{N}-]\.(?:se|com|nu|org|net|eu|io)(?![\p{L}\p{N}])/iu.test(text)) return { ok: false, reason: 'link' };
  // The model speaking of itself ("Jag kan inte …", "Som AI …") is no summary.
  if (/^(?:jag|som (?:en )?(?:ai|språkmodell))\b/i.test(text)) return { ok: false, reason: 'refusal' };
  if (/[<>`]|\*\*|^#|^[-*•]\s/.test(text)) return { ok: false, reason: 'markup' };
  const words = text.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (words > SUMMARY_MAX_WORDS || text.length > SUMMARY_MAX_CHARS) return { ok: false, reason: 'too-long' };
  if (!/[.!?]$/.test(text)) text = `${text}.`;
  return { ok: true, summary: text };
}
