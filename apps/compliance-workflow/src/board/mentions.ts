/** A member who can be named in a comment. */
export interface Mentionable {
  userId: string;
  displayName: string;
  email: string;
}

const WORD = /[\p{L}\p{N}_]/u;

/**
 * The members a comment names, in order of first appearance: `@Anna Andersson`
 * (display name) or `@anna@firma.se` (e-mail), case-insensitive. The longest
 * name wins (`@Anna Andersson` over a member called `Anna`), a name must end
 * at a word boundary (`@Annabel` does not name Anna), and an `@` inside a word
 * (an e-mail address in the text) starts no mention. Two members with the
 * same display name are both named.
 */
export function resolveMentions(body: string, members: readonly Mentionable[]): string[] {
  const candidates = members
    .flatMap((m) => [
      { text: m.displayName.trim().toLocaleLowerCase('sv'), userId: m.userId },
      { text: m.email.trim().toLocaleLowerCase('sv'), userId: m.userId },
    ])
    .filter((c) => c.text.length > 0)
    .sort((a, b) => b.text.length - a.text.length);
  const found: string[] = [];
  for (let at = body.indexOf('@'); at >= 0; at = body.indexOf('@', at + 1)) {
    if (at > 0 && WORD.test(body.charAt(at - 1))) continue;
    let matched = -1;
    for (const c of candidates) {
      if (matched >= 0 && c.text.length < matched) break;
      const end = at + 1 + c.text.length;
      if (body.slice(at + 1, end).toLocaleLowerCase('sv') !== c.text) continue;
      if (end < body.length && WORD.test(body.charAt(end))) continue;
      matched = c.text.length;
      if (!found.includes(c.userId)) found.push(c.userId);
    }
  }
  return found;
}
