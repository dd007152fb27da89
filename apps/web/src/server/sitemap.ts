import { lawPath } from '../app/core/sfs-path';
import { escapeXml } from './xml';

/** The sitemap protocol's limit of URLs per file. */
export const SITEMAP_MAX_URLS = 50_000;

export interface IndexItem {
  sfs: string;
  title: string;
  updatedAt: string;
}

export interface IndexPage {
  items: IndexItem[];
  nextCursor: string | null;
  total: number;
}

/** `GET /api/v1/laws-index?cursor=&limit=` */
export type FetchIndex = (cursor: string | null, limit: number) => Promise<IndexPage>;

/**
 * Remembers where each sitemap page starts in the cursor sequence, so page n
 * does not walk pages 1..n-1 again on every request (Redis-backed in server.ts;
 * losing it only costs time).
 */
export interface CursorStore {
  get(page: number): Promise<string | null | undefined>;
  set(page: number, cursor: string): Promise<void>;
}

export const noCursorStore: CursorStore = {
  get: async () => undefined,
  set: async () => undefined,
};

export function sitemapPageCount(total: number, pageSize = SITEMAP_MAX_URLS): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function sitemapIndexXml(baseUrl: string, pages: number): string {
  const entries = Array.from(
    { length: pages },
    (_, i) => `  <sitemap>\n    <loc>${escapeXml(`${baseUrl}/sitemaps/laws-${i + 1}.xml`)}</loc>\n  </sitemap>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`;
}

function lastmod(value: string): string | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function sitemapUrlsetXml(baseUrl: string, items: readonly IndexItem[]): string {
  const entries = items.map((item) => {
    const mod = lastmod(item.updatedAt);
    const loc = `    <loc>${escapeXml(`${baseUrl}${lawPath(item.sfs)}`)}</loc>`;
    return mod ? `  <url>\n${loc}\n    <lastmod>${mod}</lastmod>\n  </url>` : `  <url>\n${loc}\n  </url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`;
}

export interface SitemapPageOptions {
  pageSize?: number;
  /** Items per gateway call (divides the page so page boundaries fall on cursor boundaries). */
  chunk?: number;
  cursors?: CursorStore;
}

/**
 * Items of sitemap page `page` (1-based), walking the catalog's cursor from the
 * nearest page whose start cursor is known. Returns null past the last page.
 */
export async function sitemapPageItems(fetchIndex: FetchIndex, page: number, options: SitemapPageOptions = {}): Promise<IndexItem[] | null> {
  const pageSize = options.pageSize ?? SITEMAP_MAX_URLS;
  const chunk = Math.min(options.chunk ?? 5_000, pageSize);
  const cursors = options.cursors ?? noCursorStore;
  if (!Number.isInteger(page) || page < 1) return null;

  // Start from the closest page at or before `page` whose start cursor is remembered.
  let current = 1;
  let cursor: string | null = null;
  for (let p = page; p > 1; p--) {
    const known = await cursors.get(p);
    if (typeof known === 'string') {
      current = p;
      cursor = known;
      break;
    }
  }

  for (;;) {
    const items: IndexItem[] = [];
    let exhausted = false;
    while (items.length < pageSize) {
      const result = await fetchIndex(cursor, Math.min(chunk, pageSize - items.length));
      items.push(...result.items);
      cursor = result.nextCursor;
      if (!cursor || result.items.length === 0) {
        exhausted = true;
        break;
      }
    }
    if (current === page) return items.length > 0 || page === 1 ? items : null;
    if (exhausted || !cursor) return null;
    current += 1;
    await cursors.set(current, cursor);
  }
}
