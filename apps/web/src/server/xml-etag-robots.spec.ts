import { etagMatches, lawPageEtag } from './etag';
import { robotsTxt } from './robots';
import { escapeXml } from './xml';

describe('escapeXml', () => {
  it('escapes markup characters and drops characters XML forbids', () => {
    expect(escapeXml(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
    expect(escapeXml('x\u0000y\u0007z')).toBe('xyz');
  });
});

describe('etag', () => {
  const etag = lawPageEtag('9b2f1c3e-0000-4000-8000-000000000001', 'abc123');

  it('contains the version id', () => {
    expect(etag).toBe('"9b2f1c3e-0000-4000-8000-000000000001-abc123"');
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    expect(etagMatches(etag, etag)).toBe(true);
    expect(etagMatches(`"other", ${etag}`, etag)).toBe(true);
    expect(etagMatches(`W/${etag}`, etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
    expect(etagMatches('"other"', etag)).toBe(false);
    expect(etagMatches(undefined, etag)).toBe(false);
  });
});

describe('robotsTxt', () => {
  it('allows everything and names the sitemap index', () => {
    expect(robotsTxt('https://laglig.se')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://laglig.se/sitemap.xml\n');
  });
});
