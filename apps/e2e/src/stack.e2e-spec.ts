/**
 * The real stack over HTTP: the gateway's public law API (answers checked
 * against the contract schemas) and the web server's SSR cache in front of it.
 */
import { LawDocumentSchema, LawListResultSchema, LawMetadataSchema, SearchResultSchema } from '@laglig/contracts';
import { stackUrls } from './support/env';

interface Res {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

describe('gateway law API (real stack)', () => {
  const { gateway, web } = stackUrls();
  const api = `${gateway}/api/v1`;

  it('reports health', async () => {
    expect((await get(`${api}/health`)).status).toBe(200);
  });

  it('returns a statute that satisfies the contract, by either SFS spelling', async () => {
    const res = await get(`${api}/laws/${encodeURIComponent('1977:1160')}`);
    expect(res.status).toBe(200);
    const doc = LawDocumentSchema.parse(res.json());
    expect(doc.sfs).toBe('1977:1160');
    expect(doc.title).toBe('Arbetsmiljölag (1977:1160)');
    const k3 = doc.structure.body.find((n) => n.anchor === 'K3');
    expect(k3?.type).toBe('kapitel');
    expect(JSON.stringify(k3)).toContain('"anchor":"K3P2a"');

    const dashed = await get(`${api}/laws/1977-1160`);
    expect(dashed.status).toBe(200);
    expect(LawDocumentSchema.parse(dashed.json()).version.id).toBe(doc.version.id);
  });

  it('answers 404 for an unknown SFS and 400 for a malformed one, with the error body', async () => {
    const missing = await get(`${api}/laws/1999:9999`);
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String) });

    const malformed = await get(`${api}/laws/inte-ett-nummer`);
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT', message: expect.any(String) });
  });

  it('serves cheap metadata with the same version as the document, and an ETag', async () => {
    const meta = LawMetadataSchema.parse((await get(`${api}/laws/1977:480/meta`)).json());
    const doc = await get(`${api}/laws/1977:480`);
    expect(LawDocumentSchema.parse(doc.json()).version.id).toBe(meta.version.id);
    const etag = doc.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get(`${api}/laws/1977:480`, { 'If-None-Match': etag ?? '' });
    expect(again.status).toBe(304);
  });

  it('lists the amendment register', async () => {
    const res = await get(`${api}/laws/1977:480/amendments`);
    expect(res.status).toBe(200);
    const body = res.json<{ sfs: string; items: Array<{ sfs: string; title: string }> }>();
    expect(body.sfs).toBe('1977:480');
    expect(body.items).toEqual(expect.arrayContaining([expect.objectContaining({ sfs: '1978:411' })]));
  });

  it('searches full text with «» marks and parses references', async () => {
    const text = SearchResultSchema.parse((await get(`${api}/laws?q=semester`)).json());
    expect(text.mode).toBe('fulltext');
    expect(text.hits.some((h) => h.sfs === '1977:480')).toBe(true);
    expect(text.hits.some((h) => /«[^»]+»/.test(h.snippet))).toBe(true);

    const reference = SearchResultSchema.parse((await get(`${api}/laws?q=${encodeURIComponent('1977:1160 3 kap. 2 a §')}`)).json());
    expect(reference.mode).toBe('reference');
    expect(reference.hits[0]).toMatchObject({ sfs: '1977:1160', anchor: 'K3P2a' });
  });

  it('pages through the index with a cursor, each statute once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = LawListResultSchema.parse((await get(`${api}/laws-index?limit=10${query}`)).json());
      seen.push(...page.items.map((item) => item.sfs));
      total = page.total;
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(seen).toContain('1977:1160');
    expect(total).toBeGreaterThanOrEqual(50);
  });

  it('is reachable through the web server’s /api proxy', async () => {
    const direct = await get(`${api}/laws/1977:480/meta`);
    const proxied = await get(`${web}/api/v1/laws/1977:480/meta`);
    expect(proxied.status).toBe(200);
    expect(proxied.json()).toEqual(direct.json());
    expect((await get(`${web}/api/v1/laws/1999:9999`)).status).toBe(404);
  });
});

describe('web SSR cache (real stack)', () => {
  const { gateway, web } = stackUrls();

  it('answers X-Cache: HIT the second time and 304 for a matching If-None-Match', async () => {
    const url = `${web}/lagar/1982:80`;
    const first = await get(url);
    expect(first.status).toBe(200);
    expect(['MISS', 'HIT']).toContain(first.headers.get('x-cache'));
    const meta = LawMetadataSchema.parse((await get(`${gateway}/api/v1/laws/1982:80/meta`)).json());
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toContain(meta.version.id);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');

    await new Promise((r) => setTimeout(r, 300));
    const second = await get(url);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.text).toBe(first.text);

    const conditional = await get(url, { 'If-None-Match': etag });
    expect(conditional.status).toBe(304);
    expect(conditional.text).toBe('');
  });

  it('renders an unknown statute as a 404 page that is not cached', async () => {
    const res = await get(`${web}/lagar/1999:9999`);
    expect(res.status).toBe(404);
    expect(res.text.includes('Författningen hittades inte')).toBe(true);
    expect(res.headers.get('etag')).toBeNull();
  });
});
