import { createHash } from 'node:crypto';

/**
 * The canonical form of a statute text: what is stored and hashed. The same
 * consolidated text arrives with CRLF from the Riksdagen API and LF from the
 * bundled files, sometimes with no-break spaces or trailing blanks; none of
 * that is a change of the law, so none of it may create a new version.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F\u2009\u200A]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/** sha256 (hex) of the normalised text: the identity of a version. */
export function contentHash(normalisedText: string): string {
  return createHash('sha256').update(normalisedText, 'utf8').digest('hex');
}

/** "t.o.m. SFS 2023:349" -> "2023:349" (the latest amendment included in a consolidated text). */
export function amendingSfsOf(amendedThrough: string | null): string | null {
  if (!amendedThrough) return null;
  const match = /(\d{4}:\d+(?:\s?s\.\s?\d+)?)\s*$/.exec(amendedThrough.trim());
  return match ? match[1] : null;
}

/** The first ISO date in a source field ("1978-01-01 överg.best." -> "1978-01-01"), else null. */
export function isoDateIn(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d) ? `${y}-${m}-${d}` : null;
}

/** The first SFS number in a text ("SFS 1991:1929" -> "1991:1929"), else null. */
export function sfsNumberIn(value: string | null | undefined): string | null {
  if (!value) return null;
  return /(\d{4}:\d+)/.exec(value)?.[1] ?? null;
}
