import { type CursorStore, type FetchIndex, type IndexItem, sitemapIndexXml, sitemapPageCount, sitemapPageItems, sitemapUrlsetXml } from './sitemap';

function catalog(n: number): { fetchIndex: FetchIndex; calls: Array<{ cursor: string | null; limit: number }> } {
  const all: IndexItem[] = Array.from({ length: n }, (_, i) => ({ sfs: `2000:${i + 1}`, title: `Lag ${i + 1}`, updatedAt: '2024-04-12T10:00:00.000Z' }));
  const calls: Array<{ cursor: string | null; limit: number }> = [];
  const fetchIndex: FetchIndex = async (cursor, limit) => {
    calls.push({ cursor, limit });
    const start = cursor ? Number(cursor) : 0;
    const items = all.slice(start, start + limit);
    return { items, nextCursor: start + limit < n ? String(start + limit) : null, total: n };
  };
  return { fetchIndex, calls };
}

function memoryCursors(): CursorStore & { map: Map<number, string> } {
  const map = new Map<number, string>();
  return { map, get: async (p) => map.get(p), set: async (p, c) => void map.set(p, c) };
}

describe('sitemap pages', () => {
  it('counts pages of at most 50,000 URLs (170,000 documents → 4 files)', () => {
    expect(sitemapPageCount(170_000)).toBe(4);
    expect(sitemapPageCount(50_000)).toBe(1);
    expect(sitemapPageCount(0)).toBe(1);
  });

  it('walks the cursor in chunks and returns exactly one page', async () => {
    const { fetchIndex, calls } = catalog(120);
    const page2 = await sitemapPageItems(fetchIndex, 2, { pageSize: 50, chunk: 20 });
    expect(page2?.map((i) => i.sfs)).toEqual(Array.from({ length: 50 }, (_, i) => `2000:${i + 51}`));
    expect(calls.every((c) => c.limit <= 20)).toBe(true);
    expect((await sitemapPageItems(fetchIndex, 3, { pageSize: 50, chunk: 20 }))?.length).toBe(20);
    expect(await sitemapPageItems(fetchIndex, 4, { pageSize: 50, chunk: 20 })).toBeNull();
    expect(await sitemapPageItems(fetchIndex, 0, { pageSize: 50, chunk: 20 })).toBeNull();
  });

  it('remembers page start cursors so a later page does not re-walk earlier ones', async () => {
    const { fetchIndex, calls } = catalog(120);
    const cursors = memoryCursors();
    await sitemapPageItems(fetchIndex, 3, { pageSize: 50, chunk: 50, cursors });
    expect(cursors.map.get(2)).toBe('50');
    expect(cursors.map.get(3)).toBe('100');
    calls.length = 0;
    await sitemapPageItems(fetchIndex, 3, { pageSize: 50, chunk: 50, cursors });
    expect(calls).toEqual([{ cursor: '100', limit: 50 }]);
  });

  it('returns an empty first page for an empty catalog', async () => {
    const { fetchIndex } = catalog(0);
    expect(await sitemapPageItems(fetchIndex, 1)).toEqual([]);
  });
});

describe('sitemap XML', () => {
  it('writes an index pointing at the law pages', () => {
    const xml = sitemapIndexXml('https://laglig.se', 2);
    expect(xml).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(xml).toContain('<loc>https://laglig.se/sitemaps/laws-1.xml</loc>');
    expect(xml).toContain('<loc>https://laglig.se/sitemaps/laws-2.xml</loc>');
    expect(xml).not.toContain('laws-3.xml');
  });

  it('writes escaped law URLs with lastmod', () => {
    const xml = sitemapUrlsetXml('https://laglig.se', [
      { sfs: '1977:1160', title: 'Arbetsmiljölag', updatedAt: '2024-04-12T10:00:00.000Z' },
      { sfs: '1904:48 s.1', title: 'A & B', updatedAt: 'not a date' },
    ]);
    expect(xml).toContain('<url>\n    <loc>https://laglig.se/lagar/1977:1160</loc>\n    <lastmod>2024-04-12T10:00:00.000Z</lastmod>\n  </url>');
    expect(xml).toContain('<loc>https://laglig.se/lagar/1904:48%20s.1</loc>\n  </url>');
  });
});
