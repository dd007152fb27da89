import express, { type Express } from 'express';
import request from 'supertest';
import { gunzipSync } from 'node:zlib';
import { GatewayClient, type FetchLike } from './gateway-client';
import type { LawHtmlCache } from './law-cache';
import { LAW_PAGE_CACHE_CONTROL, lawPageHandler, type Render } from './law-page-handler';

const VERSION = '9b2f1c3e-0000-4000-8000-000000000001';
const PAGE = '<!doctype html><html lang="sv"><body><lg-root ng-server-context="ssr"><h1>Arbetsmiljölag (1977:1160)</h1></lg-root></body></html>';

class MemoryCache implements LawHtmlCache {
  readonly store = new Map<string, Buffer>();
  failing = false;
  async get(sfs: string, v: string) {
    if (this.failing) return null;
    return this.store.get(`${sfs}|${v}`) ?? null;
  }
  async set(sfs: string, v: string, gz: Buffer) {
    if (!this.failing) this.store.set(`${sfs}|${v}`, gz);
  }
}

interface Setup {
  app: Express;
  cache: MemoryCache;
  renders: string[];
  meta: { status: number; version: string };
  rendered: { status: number; html: string } | null;
}

function setup(): Setup {
  const state: Setup = {
    app: express(),
    cache: new MemoryCache(),
    renders: [],
    meta: { status: 200, version: VERSION },
    rendered: { status: 200, html: PAGE },
  };
  const fetchImpl: FetchLike = async (url) => {
    if (!url.endsWith('/meta')) throw new Error(`unexpected ${url}`);
    if (state.meta.status !== 200) return new Response(JSON.stringify({ statusCode: state.meta.status }), { status: state.meta.status });
    return new Response(JSON.stringify({ sfs: '1977:1160', version: { id: state.meta.version } }), { status: 200 });
  };
  const render: Render = async (req) => {
    state.renders.push(req.originalUrl);
    const r = state.rendered;
    return r ? new Response(r.html, { status: r.status, headers: { 'content-type': 'text/html;charset=UTF-8' } }) : null;
  };
  state.app.get(
    '/lagar/:sfs',
    lawPageHandler({ gateway: new GatewayClient('http://gateway.test', 1000, fetchImpl), cache: state.cache, render, buildId: 'b1', log: { warn: () => undefined } }),
  );
  state.app.use((_req, res) => void res.status(299).end('angular fallback'));
  return state;
}

describe('lawPageHandler', () => {
  it('renders on a miss, then serves the stored page with the same ETag', async () => {
    const s = setup();
    const first = await request(s.app).get('/lagar/1977:1160');
    expect(first.status).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers['etag']).toBe(`"${VERSION}-b1"`);
    expect(first.headers['cache-control']).toBe(LAW_PAGE_CACHE_CONTROL);
    expect(first.text).toContain('Arbetsmiljölag');
    await new Promise((r) => setImmediate(r));
    expect(gunzipSync(s.cache.store.get(`1977:1160|${VERSION}`) ?? Buffer.alloc(0)).toString()).toBe(PAGE);

    const second = await request(s.app).get('/lagar/1977:1160');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.headers['etag']).toBe(`"${VERSION}-b1"`);
    expect(second.text).toBe(PAGE);
    expect(s.renders).toHaveLength(1);
  });

  it('sends the stored gzip bytes as they are to clients that accept gzip', async () => {
    const s = setup();
    await request(s.app).get('/lagar/1977:1160');
    await new Promise((r) => setImmediate(r));
    const res = await request(s.app).get('/lagar/1977:1160').set('Accept-Encoding', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.text).toBe(PAGE); // supertest decompresses
  });

  it('answers 304 for a matching If-None-Match without rendering', async () => {
    const s = setup();
    const res = await request(s.app).get('/lagar/1977:1160').set('If-None-Match', `"${VERSION}-b1"`);
    expect(res.status).toBe(304);
    expect(res.headers['etag']).toBe(`"${VERSION}-b1"`);
    expect(s.renders).toHaveLength(0);
  });

  it('renders again when the document version changes', async () => {
    const s = setup();
    await request(s.app).get('/lagar/1977:1160');
    await new Promise((r) => setImmediate(r));
    s.meta.version = '9b2f1c3e-0000-4000-8000-000000000002';
    const res = await request(s.app).get('/lagar/1977:1160').set('If-None-Match', `"${VERSION}-b1"`);
    expect(res.status).toBe(200);
    expect(res.headers['x-cache']).toBe('MISS');
    expect(res.headers['etag']).toBe('"9b2f1c3e-0000-4000-8000-000000000002-b1"');
    expect(s.renders).toHaveLength(2);
  });

  it('redirects other spellings to the canonical path', async () => {
    const s = setup();
    const dashed = await request(s.app).get('/lagar/1977-1160?x=1');
    expect(dashed.status).toBe(301);
    expect(dashed.headers['location']).toBe('/lagar/1977:1160?x=1');
    const encoded = await request(s.app).get('/lagar/1977%3A1160');
    expect(encoded.headers['location']).toBe('/lagar/1977:1160');
  });

  it('leaves unknown and malformed numbers to Angular (404/400 page, never cached)', async () => {
    const s = setup();
    s.meta.status = 404;
    expect((await request(s.app).get('/lagar/1999:9999')).status).toBe(299);
    expect((await request(s.app).get('/lagar/inte-ett-nummer')).status).toBe(299);
    expect(s.cache.store.size).toBe(0);
  });

  it('renders without cache headers when the gateway cannot say which version is current', async () => {
    const s = setup();
    s.meta.status = 503;
    const res = await request(s.app).get('/lagar/1977:1160');
    expect(res.status).toBe(299);
    expect(res.headers['etag']).toBeUndefined();
  });

  it('does not store error pages or client-side fallbacks', async () => {
    const s = setup();
    s.rendered = { status: 503, html: '<html><lg-root ng-server-context="ssr">Lagtexten kunde inte hämtas</lg-root></html>' };
    const error = await request(s.app).get('/lagar/1977:1160');
    expect(error.status).toBe(503);
    expect(error.headers['cache-control']).toBe('no-store');
    expect(error.headers['etag']).toBeUndefined();

    s.rendered = { status: 200, html: '<html><lg-root></lg-root></html>' };
    const shell = await request(s.app).get('/lagar/1977:1160');
    expect(shell.status).toBe(200);
    expect(shell.headers['cache-control']).toBe('no-store');
    await new Promise((r) => setImmediate(r));
    expect(s.cache.store.size).toBe(0);
  });

  it('still serves pages when the cache fails', async () => {
    const s = setup();
    s.cache.failing = true;
    const res = await request(s.app).get('/lagar/1977:1160');
    expect(res.status).toBe(200);
    expect(res.headers['x-cache']).toBe('MISS');
  });

  it('renders once for concurrent misses of the same version', async () => {
    const s = setup();
    const responses = await Promise.all([1, 2, 3].map(() => request(s.app).get('/lagar/1977:1160')));
    expect(responses.every((r) => r.status === 200 && r.text === PAGE)).toBe(true);
    expect(s.renders.length).toBeLessThan(3);
  });
});
