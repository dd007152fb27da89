import { ErrorCode, LawListResultSchema, LawMetadataSchema, SearchResultSchema, type SearchResult } from '@laglig/contracts';
import { DocumentsHandlers } from '../documents/documents.handlers';
import { createCatalogTestContext, SFS_DIR, type CatalogTestContext } from '../testing/test-support';
import { SearchHandlers } from './search.handlers';

describe('search and the laws.* handlers over the 53 bundled statutes (real PostgreSQL)', () => {
  let ctx: CatalogTestContext;
  let search: SearchHandlers;
  let laws: DocumentsHandlers;

  beforeAll(async () => {
    ctx = await createCatalogTestContext();
    const run = await ctx.runner.runFolder(SFS_DIR);
    expect(run.errors).toEqual([]);
    search = new SearchHandlers(ctx.search);
    laws = new DocumentsHandlers(ctx.documents);
  });
  afterAll(() => ctx?.close());

  async function find(q: string, page = 1, pageSize = 20): Promise<SearchResult> {
    const result = await search.handle({ q, page, pageSize });
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    return SearchResultSchema.parse(result.value);
  }

  it('"semester" finds Semesterlag first', async () => {
    const result = await find('semester');
    expect(result.mode).toBe('fulltext');
    expect(result.hits[0]).toMatchObject({ sfs: '1977:480', title: 'Semesterlag (1977:480)' });
    expect(result.hits.slice(0, 4).every((h) => h.sfs === '1977:480')).toBe(true);
  });

  it('a natural question finds Semesterlag 4 § near the top, with a «»-marked plain-text snippet', async () => {
    const result = await find('hur många semesterdagar har man rätt till');
    expect(result.mode).toBe('fulltext');
    const position = result.hits.findIndex((h) => h.sfs === '1977:480' && h.anchor === 'P4');
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThan(3);
    const hit = result.hits[position];
    expect(hit.label).toBe('4 §');
    expect(hit.snippet).toContain('«semesterdagar»');
    expect(hit.snippet).not.toMatch(/<\/?b>/);
    expect(result.hits.slice(0, 3).every((h) => h.sfs === '1977:480')).toBe(true);
  });

  it('ranks the statute on a rare word over passing mentions of a common one', async () => {
    const result = await find('uppsägning på grund av arbetsbrist');
    expect(result.hits[0].sfs).toBe('1982:80');
  });

  it('pages full-text results with a stable total and at most three sections per statute', async () => {
    const first = await find('arbetsgivare', 1, 10);
    const second = await find('arbetsgivare', 2, 10);
    expect(first.total).toBeGreaterThan(20);
    expect(second.total).toBe(first.total);
    expect(first.hits).toHaveLength(10);
    const keys = [...first.hits, ...second.hits].map((h) => `${h.sfs}#${h.anchor}`);
    expect(new Set(keys).size).toBe(keys.length);
    const perStatute = new Map<string, number>();
    for (const h of [...first.hits, ...second.hits]) if (h.anchor) perStatute.set(h.sfs, (perStatute.get(h.sfs) ?? 0) + 1);
    expect(Math.max(...perStatute.values())).toBeLessThanOrEqual(3);
  });

  it('answers an SFS number in reference mode', async () => {
    const result = await find('1977:1160');
    expect(result).toMatchObject({ mode: 'reference', total: 1, hits: [{ sfs: '1977:1160', anchor: null, title: 'Arbetsmiljölag (1977:1160)' }] });
  });

  it.each(['3 kap. 2 a § arbetsmiljölagen', 'AML 3:2a', '1977:1160 3 kap. 2 a §'])('finds the exact section for "%s"', async (q) => {
    const result = await find(q);
    expect(result.mode).toBe('reference');
    expect(result.hits[0]).toMatchObject({ sfs: '1977:1160', anchor: 'K3P2a', label: '3 kap. 2 a §' });
    expect(result.hits[0].snippet).toMatch(/^Arbetsgivaren ska systematiskt planera/);
  });

  it('finds a statute named by its title', async () => {
    const result = await find('föräldraledighetslagen');
    expect(result).toMatchObject({ mode: 'reference', hits: [{ sfs: '1995:584' }] });
  });

  it('refuses an empty query with INVALID_INPUT', async () => {
    expect(await search.handle({ q: '  ', page: 1, pageSize: 20 })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
  });

  it('answers TIMEOUT (and stops the query) when full text runs past SEARCH_TIMEOUT_MS', async () => {
    const saved = process.env['SEARCH_TIMEOUT_MS'];
    process.env['SEARCH_TIMEOUT_MS'] = '1';
    try {
      const result = await search.handle({ q: 'arbetsgivare arbetstagare skyldighet tillsyn', page: 1, pageSize: 20 });
      expect(result).toMatchObject({ ok: false, code: ErrorCode.TIMEOUT, message: expect.stringMatching(/för lång tid/) });
    } finally {
      if (saved === undefined) delete process.env['SEARCH_TIMEOUT_MS'];
      else process.env['SEARCH_TIMEOUT_MS'] = saved;
    }
    // The connection is usable again afterwards (the timeout was local to that transaction).
    expect(await search.handle({ q: 'semester', page: 1, pageSize: 5 })).toMatchObject({ ok: true });
  });

  it('laws.get and laws.meta answer NOT_FOUND for an unknown SFS number', async () => {
    expect(await laws.get({ sfs: '1900:1' })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await laws.meta({ sfs: '1900:1' })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await laws.amendments({ sfs: '1900:1' })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
  });

  it('laws.meta answers the metadata without the text', async () => {
    const result = await laws.meta({ sfs: '1982:80' });
    if (!result.ok) throw new Error(result.message);
    expect(LawMetadataSchema.parse(result.value)).toMatchObject({ sfs: '1982:80', title: 'Lag (1982:80) om anställningsskydd', repealed: false });
    expect(result.value).not.toHaveProperty('structure');
  });

  it('laws.list pages through every statute with a cursor (sitemap)', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const result = await laws.list({ cursor, limit: 20 });
      if (!result.ok) throw new Error(result.message);
      const page = LawListResultSchema.parse(result.value);
      expect(page.total).toBe(53);
      seen.push(...page.items.map((i) => i.sfs));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(53);
  });
});
