import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SniEntry } from '@laglig/contracts';

/** One row of data/sni/sni2007.json (SCB's SNI 2007, derived from sni2007.xlsx). */
interface SniRow {
  code: string;
  level: number;
  title: string;
  parent: string | null;
  code_dotted: string;
}

export interface SniCode {
  /** Flat digits, e.g. "41200". */
  flat: string;
  /** SCB's dotted notation, e.g. "41.200". */
  code: string;
  title: string;
  level: number;
}

/** "41.200" → "41200"; anything but 2–5 digits (with an optional dot after two) → null. */
export function flatSniCode(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\d{2}(\.?\d{1,3})?$/.test(trimmed)) return null;
  return trimmed.replace('.', '');
}

/** The division (huvudgrupp): the first two digits as a number. */
export const sniDivision = (code: string): number => Number(code.replace('.', '').slice(0, 2));

const fold = (s: string): string => s.toLocaleLowerCase('sv-SE');

/**
 * SNI 2007 as shipped in data/sni/sni2007.json: lookup of a code at any of
 * the numeric levels (huvudgrupp 2 digits … detaljgrupp 5 digits) and search
 * by code prefix or by words of the Swedish title.
 */
export class SniCatalog {
  private readonly byFlat = new Map<string, SniCode>();
  private readonly codes: SniCode[];

  constructor(rows: SniRow[]) {
    this.codes = rows
      .filter((r) => r.level >= 2 && /^\d{2,5}$/.test(r.code))
      .map((r) => ({ flat: r.code, code: r.code_dotted, title: r.title, level: r.level }));
    for (const c of this.codes) this.byFlat.set(c.flat, c);
  }

  static fromDataDir(dataDir: string): SniCatalog {
    const rows = JSON.parse(readFileSync(join(dataDir, 'sni', 'sni2007.json'), 'utf8')) as SniRow[];
    return new SniCatalog(rows);
  }

  get size(): number {
    return this.codes.length;
  }

  /** The code as the list has it ("41200", "41.200", "41.2" → the entry), or null when SNI 2007 has no such code. */
  lookup(input: string): SniCode | null {
    const flat = flatSniCode(input);
    return flat ? (this.byFlat.get(flat) ?? null) : null;
  }

  /**
   * Digits (optionally dotted): codes starting with them. Words: codes whose
   * title contains every word (case-insensitive, Swedish). In list order.
   */
  search(q: string, limit: number): SniEntry[] {
    const query = q.trim();
    const digits = /^\d[\d.]*$/.test(query) ? query.replace(/\./g, '') : null;
    const words = digits === null ? fold(query).split(/\s+/).filter(Boolean) : [];
    const out: SniEntry[] = [];
    for (const c of this.codes) {
      const hit = digits !== null ? c.flat.startsWith(digits) : words.every((w) => fold(c.title).includes(w));
      if (!hit) continue;
      out.push({ code: c.code, title: c.title, level: c.level });
      if (out.length >= limit) break;
    }
    return out;
  }
}
