/** Abbreviations that end with a period inside a Swedish legal sentence ("m.m.", "osv." usually end one). */
const ABBREVIATIONS = /(?:\b(?:kap|st|p|jfr|prop|bet|dir|resp|ang|enl|ca|nr|t\.ex|bl\.a|d\.v\.s|dvs|s\.k|f\.d|fr\.o\.m|t\.o\.m|mom|avd|art|SFS))\.$/i;

/**
 * Splits statute text into sentences. A period ends a sentence when an upper-case
 * letter or a list number follows and the word before is no abbreviation; a
 * sentence ending in ":" keeps the list that follows it ("… ska: 1. … 2. …").
 */
export function splitSentences(text: string): string[] {
  const tokens = text.replace(/\s+/g, ' ').trim().split(' ');
  const sentences: string[] = [];
  let current: string[] = [];
  let inList = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    current.push(token);
    const next = tokens[i + 1];
    if (next === undefined) break;
    if (token.endsWith(':')) inList = true;
    const endsSentence = /[.!?]$/.test(token) && !ABBREVIATIONS.test(token) && !/^\d+\.$/.test(token);
    if (!endsSentence) continue;
    const nextStarts = /^[A-ZÅÄÖ]/.test(next);
    // Inside a list, items start with "2." / "b)" and end with "," / "och" / "."; the list ends at a capital.
    if (inList) {
      if (/^(\d+\.|[a-z]\))$/.test(next)) continue;
      if (!nextStarts) continue;
      inList = false;
    } else if (!nextStarts) {
      continue;
    }
    sentences.push(current.join(' '));
    current = [];
  }
  if (current.length) sentences.push(current.join(' '));
  return sentences.filter((s) => /[\p{L}\p{N}]/u.test(s));
}
