import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/*
 * Fractional indexing (rocicorp's `fractional-indexing`): every card and
 * column has a string key; the order is the keys' byte order (the columns are
 * COLLATE "C"). A key between two neighbours is computed without touching any
 * other row, so a move is one UPDATE — no renumbering.
 */

/** A key strictly between `before` and `after` (null = open end). */
export function keyBetween(before: string | null, after: string | null): string {
  return generateKeyBetween(before, after);
}

/** `n` ascending keys strictly between `before` and `after`. */
export function keysBetween(before: string | null, after: string | null, n: number): string[] {
  return generateNKeysBetween(before, after, n);
}

/** Byte-order comparison, the order PostgreSQL uses for COLLATE "C". */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
