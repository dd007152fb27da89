/**
 * @mentions in card comments: members are named as "@Namn" (or "@e-post");
 * the server resolves them and notifies the people named.
 */

/** The name being typed after an "@" just before the caret ("@An" → "An"), or null. */
export function mentionQuery(text: string, caret: number): string | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@([\p{L}\p{N}._-]*(?: [\p{L}\p{N}._-]*)?)$/u.exec(before);
  return match ? match[1] : null;
}

/** Replaces the "@…" being typed with "@<name> " and returns the new text and caret. */
export function insertMention(text: string, caret: number, name: string): { text: string; caret: number } {
  const query = mentionQuery(text, caret);
  const start = query === null ? caret : caret - query.length - 1;
  const mention = `@${name} `;
  const next = text.slice(0, start) + mention + text.slice(caret);
  return { text: next, caret: start + mention.length };
}

export interface Mentionable {
  userId: string;
  displayName: string;
  email: string;
}

/** Members whose name or e-mail starts with (a word of) the query, at most `limit`. */
export function mentionCandidates<T extends Mentionable>(members: readonly T[], query: string, limit = 6): T[] {
  const q = query.trim().toLocaleLowerCase('sv');
  if (q === '') return members.slice(0, limit);
  return members
    .filter((m) => {
      const name = m.displayName.toLocaleLowerCase('sv');
      return name.startsWith(q) || name.split(/\s+/).some((w) => w.startsWith(q)) || m.email.toLocaleLowerCase('sv').startsWith(q);
    })
    .slice(0, limit);
}

/** A comment body split into text and mention parts, for highlighting the names of members. */
export function commentParts(body: string, names: readonly string[]): Array<{ text: string; mention: boolean }> {
  const sorted = [...names].filter(Boolean).sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return [{ text: body, mention: false }];
  const escaped = sorted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`@(?:${escaped.join('|')})`, 'gu');
  const parts: Array<{ text: string; mention: boolean }> = [];
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ text: body.slice(last, at), mention: false });
    parts.push({ text: match[0], mention: true });
    last = at + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last), mention: false });
  return parts;
}
