/** Small, format-independent text helpers. */

/** Upper-case letters that can start a Swedish sentence or heading. */
export const UPPER = 'A-ZÅÄÖÉÜÆØ';

/**
 * Normalise raw statute text into trimmed-right lines:
 * CRLF/CR -> LF, BOM removed, no-break and other exotic spaces -> ' '.
 */
export function normaliseLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F\u2009\u200A]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''));
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Collapse runs of whitespace (including tabs of tabulated text) into one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Join hard-wrapped lines into one string, separated by single spaces. */
export function joinWrapped(lines: readonly string[]): string {
  return collapseWhitespace(lines.join(' '));
}

/** Join lines keeping the line breaks (for preamble and appendices). */
export function joinKeepingLines(lines: readonly string[]): string {
  return lines.map((line) => line.trim()).join('\n');
}

/** Normalise a section/chapter number: "2a", "2 a", "2  a" -> "2 a". */
export function normaliseNumber(digits: string, letter: string | undefined | null): string {
  return letter ? `${Number(digits)} ${letter.toLowerCase()}` : String(Number(digits));
}

/** Compare two normalised numbers such as "2" and "2 a" (returns <0, 0, >0). */
export function compareNumbers(a: string, b: string): number {
  const [aDigits, aLetter = ''] = a.split(' ');
  const [bDigits, bLetter = ''] = b.split(' ');
  const byDigits = Number(aDigits) - Number(bDigits);
  if (byDigits !== 0) return byDigits;
  return aLetter.localeCompare(bLetter);
}
