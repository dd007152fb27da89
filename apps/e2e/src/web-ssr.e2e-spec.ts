/**
 * The built web server against a loopback gateway stand-in (FakeGateway,
 * serving the bundled corpus through the real SFS parser). Covers what the
 * real stack cannot produce on demand: a new document version, Redis down,
 * the gateway down.
 */
import { deleteKeysWithPrefix, testRedisUrl } from '@laglig/testing';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { FakeGateway } from './support/fake-gateway';
import { startWebServer, type WebServer } from './support/stack';

const ROOT = resolve(__dirname, '../../..');
const LOG_DIR = join(ROOT, 'tmp', 'e2e', `web-ssr-${Date.now().toString(36)}`);

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** Like toContain, but reports the missing text without printing a whole statute. */
function assertContains(body: string, needle: string): void {
  if (!body.includes(needle)) {
    throw new Error(`Expected the response to contain ${JSON.stringify(needle)} (${body.length} chars; starts ${JSON.stringify(body.slice(0, 200))})`);
  }
}

describe('web server with a stand-in gateway', () => {
  const gateway = new FakeGateway(join(ROOT, 'data', 'sfs'), ['1977:1160', '1977:480', '1995:584', '1998:808']);
  const redisUrl = testRedisUrl();
  const prefix = `laglig-e2e-web-${randomBytes(4).toString('hex')}:ssr`;
  let web: WebServer;
  let redis: Redis;

  beforeAll(async () => {
    await gateway.start();
    web = await startWebServer({ root: ROOT, gatewayUrl: gateway.url, redisUrl, ssrCachePrefix: prefix, logDir: LOG_DIR, name: 'web-fake-gateway' });
    redis = new Redis(redisUrl);
  });

  afterAll(async () => {
    await web?.stop();
    await gateway.stop();
    redis?.disconnect();
    await deleteKeysWithPrefix(redisUrl, prefix);
  });

  beforeEach(() => {
    gateway.down = false;
  });

  it('server-renders the statute with anchors, metadata, canonical and JSON-LD', async () => {
    const res = await get(`${web.url}/lagar/1977:480`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    assertContains(res.body, '<html lang="sv"');
    assertContains(res.body, '<title>Semesterlag (1977:480) | Laglig</title>');
    assertContains(res.body, `<link rel="canonical" href="${web.url}/lagar/1977:480">`);
    expect(res.body).toMatch(/<meta name="description" content="Semesterlag \(1977:480\) i lydelse t\.o\.m\. SFS 2014:424/);
    const ld = /<script id="structured-data" type="application\/ld\+json">([^<]*)<\/script>/.exec(res.body)?.[1];
    expect(JSON.parse(ld ?? '{}')).toMatchObject({
      '@type': 'Legislation',
      legislationIdentifier: 'SFS 1977:480',
      legislationJurisdiction: 'SE',
      inLanguage: 'sv',
      legislationLegalForce: 'https://schema.org/InForce',
    });
    // Structure: rubrik, section permalink, stycke and punkt ids, amendment note, register.
    assertContains(res.body, 'id="P1"');
    assertContains(res.body, 'id="P1S2N1"');
    assertContains(res.body, 'href="/lagar/1977:480#P1"');
    assertContains(res.body, 'Lag (2012:333).');
    assertContains(res.body, 'Ändringsregister');
    assertContains(res.body, 'Lag (1978:411) om ändring i semesterlagen (1977:480)');
    assertContains(res.body, 'Övergångsbestämmelser');
  });

  it('marks wording not yet in force and wording that expires', async () => {
    const res = await get(`${web.url}/lagar/1995:584`);
    assertContains(res.body, 'id="P3-I2024-07-01"');
    assertContains(res.body, 'Träder i kraft 2024-07-01');
    expect(res.body).toMatch(/Upphör att gälla 2024-07-01/);
  });

  it('renders the largest statute (Miljöbalken: avdelningar, kapitel)', async () => {
    const res = await get(`${web.url}/lagar/1998:808`);
    expect(res.status).toBe(200);
    assertContains(res.body, 'Första avdelningen');
    assertContains(res.body, 'id="K2P3"');
    expect(res.body.length).toBeGreaterThan(500_000);
  });

  it('caches per version: MISS, HIT, 304, and a new version is rendered anew and replaces the old entry', async () => {
    const url = `${web.url}/lagar/1977:1160`;
    const first = await get(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const etag = first.headers.get('etag') ?? '';
    const oldVersion = gateway.metadata('1977:1160')?.version.id ?? '';
    expect(etag).toContain(oldVersion);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');

    await new Promise((r) => setTimeout(r, 200)); // the store happens after the response
    const second = await get(url);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toBe(first.body);
    expect(await redis.exists(`${prefix}:law:1977:1160:${oldVersion}`)).toBe(1);

    const notModified = await get(url, { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBe('');

    const newVersion = gateway.bumpVersion('1977:1160');
    const third = await get(url, { 'If-None-Match': etag });
    expect(third.status).toBe(200);
    expect(third.headers.get('x-cache')).toBe('MISS');
    expect(third.headers.get('etag')).toContain(newVersion);
    await new Promise((r) => setTimeout(r, 200));
    expect(await redis.exists(`${prefix}:law:1977:1160:${oldVersion}`)).toBe(0);
    expect(await redis.exists(`${prefix}:law:1977:1160:${newVersion}`)).toBe(1);
    expect((await get(url)).headers.get('x-cache')).toBe('HIT');
  });

  it('redirects the dashed form to the canonical URL', async () => {
    const res = await get(`${web.url}/lagar/1977-1160`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/lagar/1977:1160');
  });

  it('answers 404 for an unknown statute and 400 for a malformed number, uncached', async () => {
    const unknown = await get(`${web.url}/lagar/1999:9999`);
    expect(unknown.status).toBe(404);
    assertContains(unknown.body, 'Författningen hittades inte');
    assertContains(unknown.body, '<meta name="robots" content="noindex">');
    expect(unknown.headers.get('x-cache')).toBeNull();

    const malformed = await get(`${web.url}/lagar/inte-ett-nummer`);
    expect(malformed.status).toBe(400);
    assertContains(malformed.body, 'Ogiltigt SFS-nummer');

    const route = await get(`${web.url}/finns/inte`);
    expect(route.status).toBe(404);
    assertContains(route.body, 'Sidan finns inte');
  });

  it('searches on the server; snippets are marked with <mark>, not raw HTML', async () => {
    const res = await get(`${web.url}/sok?q=semester`);
    expect(res.status).toBe(200);
    assertContains(res.body, 'Semesterlag (1977:480)');
    assertContains(res.body, '<mark>');
    const visible = res.body.replace(/<script[\s\S]*?<\/script>/g, '');
    expect(visible.includes('«')).toBe(false);
    // Marked words sit in the running text without added spaces.
    assertContains(visible.replace(/<!--[^>]*-->/g, ''), 'rätt till </span><mark>semester</mark><span>förmåner');
    assertContains(res.body, 'href="/lagar/1977:480#P1"');

    const reference = await get(`${web.url}/sok?q=${encodeURIComponent('1977:1160 3 kap. 2 a §')}`);
    assertContains(reference.body, 'href="/lagar/1977:1160#K3P2a"');
  });

  it('serves robots.txt and a sitemap index whose page lists the statutes', async () => {
    const robots = await get(`${web.url}/robots.txt`);
    expect(robots.body).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${web.url}/sitemap.xml\n`);
    const index = await get(`${web.url}/sitemap.xml`);
    expect(index.headers.get('content-type')).toMatch(/^application\/xml/);
    assertContains(index.body, `<loc>${web.url}/sitemaps/laws-1.xml</loc>`);
    const page = await get(`${web.url}/sitemaps/laws-1.xml`);
    assertContains(page.body, `<loc>${web.url}/lagar/1977:1160</loc>`);
    expect(page.body.match(/<url>/g)).toHaveLength(4);
    expect((await get(`${web.url}/sitemaps/laws-2.xml`)).status).toBe(404);
  });

  it('proxies /api to the gateway', async () => {
    const res = await get(`${web.url}/api/v1/laws/1977:480/meta`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ sfs: '1977:480', title: 'Semesterlag (1977:480)' });
    const missing = await get(`${web.url}/api/v1/laws/1999:9999`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('shows a Swedish 503 page, not cached, when the gateway fails', async () => {
    gateway.down = true;
    const law = await get(`${web.url}/lagar/1977:480`);
    expect(law.status).toBe(503);
    assertContains(law.body, 'Lagtexten kunde inte hämtas');
    expect(law.headers.get('etag')).toBeNull();
    const home = await get(`${web.url}/`);
    expect(home.status).toBe(200);
    assertContains(home.body, 'Förteckningen kunde inte hämtas just nu');
  });

  it('keeps serving pages when Redis is unreachable', async () => {
    const noRedis = await startWebServer({
      root: ROOT,
      gatewayUrl: gateway.url,
      redisUrl: 'redis://127.0.0.1:1',
      ssrCachePrefix: prefix,
      logDir: LOG_DIR,
      name: 'web-no-redis',
    });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await get(`${noRedis.url}/lagar/1977:480`);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-cache')).toBe('MISS');
        assertContains(res.body, 'Semesterlag (1977:480)');
      }
    } finally {
      await noRedis.stop();
    }
  });
});
