/**
 * The public law pages in Chromium against the real stack (ingested corpus,
 * gateway, law-catalog, SSR web server).
 */
import type { Browser, Page } from 'playwright-core';
import { resolve } from 'node:path';
import { collectErrors, isInViewport, launchBrowser, newContext, screenshotPath } from './support/browser';
import { stackUrls } from './support/env';

const ROOT = resolve(__dirname, '../../..');

describe('public law pages in Chromium', () => {
  const { web } = stackUrls();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(javaScriptEnabled = true): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    return { page, errors: collectErrors(page), close: () => context.close() };
  }

  it('shows the whole statute with JavaScript disabled', async () => {
    const { page, close } = await openPage(false);
    try {
      const response = await page.goto(`${web}/lagar/1977:1160`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('Arbetsmiljölag (1977:1160)');
      const section = page.locator('[id="K3P2a"]');
      expect(await section.count()).toBe(1);
      expect(await section.innerText()).toContain('Arbetsgivaren ska systematiskt planera, leda och kontrollera verksamheten');
      expect(await page.locator('[id="K3P2aS2"]').count()).toBe(1);
      expect(await page.locator('a.pnr[href="/lagar/1977:1160#K3P2a"]').innerText()).toBe('2 a §');
      const html = await page.content();
      expect(html.includes('id="K3P2a"')).toBe(true);
      expect(await page.locator('nav.law-toc a[href="/lagar/1977:1160#K3"]').count()).toBe(1);
      expect(await page.locator('#overgangsbestammelser').count()).toBe(1);
      expect(await page.title()).toBe('Arbetsmiljölag (1977:1160) | Laglig');
      expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(`${web}/lagar/1977:1160`);
      const ld = JSON.parse((await page.locator('script#structured-data').textContent()) ?? '{}') as Record<string, unknown>;
      expect(ld).toMatchObject({ '@type': 'Legislation', legislationIdentifier: 'SFS 1977:1160', inLanguage: 'sv', legislationJurisdiction: 'SE' });
    } finally {
      await close();
    }
  });

  it('hydrates without errors and a table-of-contents click lands on the section', async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${web}/lagar/1977:1160`, { waitUntil: 'networkidle' });
      await page.locator('nav.law-toc a[href="/lagar/1977:1160#K3P2a"]').click();
      await page.waitForURL(/#K3P2a$/);
      await page.waitForTimeout(100);
      expect(await isInViewport(page, '[id="K3P2a"]')).toBe(true);
      await page.locator('nav.law-toc a[href="/lagar/1977:1160#K7"]').click();
      await page.waitForURL(/#K7$/);
      expect(await isInViewport(page, '[id="K7"]')).toBe(true);
      expect(await page.locator('h1').innerText()).toBe('Arbetsmiljölag (1977:1160)');
      await page.screenshot({ path: screenshotPath(ROOT, 'law-page-toc-K7.png') });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('lands on a permalinked section when the page is opened with a fragment', async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${web}/lagar/1977:480#P12a`, { waitUntil: 'networkidle' });
      expect(await isInViewport(page, '[id="P12a"]')).toBe(true);
      await page.screenshot({ path: screenshotPath(ROOT, 'law-page-1977-480-P12a.png') });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('finds Semesterlagen by searching for "semester" and opens the hit client-side', async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${web}/`, { waitUntil: 'networkidle' });
      // Survives only client-side navigation: proves hydration and the router took over.
      await page.evaluate(() => ((window as unknown as { __spa: number }).__spa = 1));
      const search = page.getByRole('search').first();
      await search.getByRole('searchbox').fill('semester');
      await search.getByRole('button', { name: 'Sök' }).click();
      await page.waitForURL(/\/sok\?q=semester$/);
      const hit = page.locator('ol.hits a.hit-link', { hasText: 'Semesterlag (1977:480)' }).first();
      await hit.waitFor();
      expect(await page.locator('ol.hits mark').count()).toBeGreaterThan(0);
      const href = await hit.getAttribute('href');
      expect(href).toMatch(/^\/lagar\/1977:480(#.+)?$/);
      await hit.click();
      await page.waitForURL((url) => url.pathname === '/lagar/1977:480');
      await page.locator('h1', { hasText: 'Semesterlag (1977:480)' }).waitFor();
      await page.locator('.law-text').waitFor();
      expect(await page.evaluate(() => (window as unknown as { __spa?: number }).__spa)).toBe(1);
      expect(await page.locator('.law-text .paragraf').count()).toBeGreaterThan(30);
      const anchor = href?.split('#')[1];
      if (anchor) {
        await page.waitForTimeout(300);
        expect(await isInViewport(page, `[id="${anchor}"]`)).toBe(true);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('scrolls to a deep section after a client-side navigation from a reference search', async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${web}/sok`, { waitUntil: 'networkidle' });
      await page.evaluate(() => ((window as unknown as { __spa: number }).__spa = 1));
      await page.locator('#sok-sida-fraga').fill('1977:1160 7 kap. 3 §');
      await page.locator('#sok-sida-fraga').press('Enter');
      const hit = page.locator('ol.hits a.hit-link').first();
      await hit.waitFor();
      expect(await hit.getAttribute('href')).toBe('/lagar/1977:1160#K7P3');
      await hit.click();
      await page.waitForURL(/\/lagar\/1977:1160#K7P3$/);
      await page.locator('[id="K7P3"]').waitFor();
      await page.waitForTimeout(300);
      expect(await isInViewport(page, '[id="K7P3"]')).toBe(true);
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);
      expect(await page.evaluate(() => (window as unknown as { __spa?: number }).__spa)).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('searches without JavaScript through the plain GET form', async () => {
    const { page, close } = await openPage(false);
    try {
      await page.goto(`${web}/sok`);
      await page.locator('#sok-sida-fraga').fill('semester');
      await page.locator('#sok-sida-fraga').press('Enter');
      await page.waitForURL(/\/sok\?q=semester$/);
      expect(await page.locator('ol.hits a.hit-link', { hasText: 'Semesterlag (1977:480)' }).count()).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });

  it('links a reference query straight to the section', async () => {
    const { page, close } = await openPage(false);
    try {
      await page.goto(`${web}/sok?q=${encodeURIComponent('1977:1160 3 kap. 2 a §')}`);
      expect(await page.locator('ol.hits a.hit-link').first().getAttribute('href')).toBe('/lagar/1977:1160#K3P2a');
    } finally {
      await close();
    }
  });

  it('answers an unknown statute and an unknown page with the 404 page', async () => {
    const { page, errors, close } = await openPage();
    try {
      const law = await page.goto(`${web}/lagar/1999:9999`, { waitUntil: 'networkidle' });
      expect(law?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('Författningen hittades inte');
      const other = await page.goto(`${web}/finns-inte`, { waitUntil: 'networkidle' });
      expect(other?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('Sidan finns inte');
      expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    } finally {
      await close();
    }
  });

  it('has a skip link to the main content', async () => {
    const { page, close } = await openPage();
    try {
      await page.goto(`${web}/lagar/1977:480`, { waitUntil: 'networkidle' });
      await page.keyboard.press('Tab');
      const skip = page.locator('a.skip-link');
      expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await skip.innerText()).toBe('Hoppa till innehållet');
      await page.keyboard.press('Enter');
      await page.waitForURL(/#innehall$/);
      expect(page.url()).toBe(`${web}/lagar/1977:480#innehall`);
    } finally {
      await close();
    }
  });

  it('serves a well-formed sitemap index whose page lists /lagar/1977:1160', async () => {
    const { page, close } = await openPage();
    try {
      const parse = async (url: string) => {
        const res = await fetch(url);
        expect(res.status).toBe(200);
        const xml = await res.text();
        // The browser's XML parser is the validator: no <parsererror>, and the expected root element.
        return page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, 'application/xml');
          return {
            error: doc.getElementsByTagName('parsererror').length > 0,
            root: doc.documentElement.localName,
            ns: doc.documentElement.namespaceURI,
            locs: Array.from(doc.getElementsByTagName('loc')).map((n) => n.textContent ?? ''),
          };
        }, xml);
      };
      await page.goto(`${web}/`);
      const index = await parse(`${web}/sitemap.xml`);
      expect(index).toMatchObject({ error: false, root: 'sitemapindex', ns: 'http://www.sitemaps.org/schemas/sitemap/0.9' });
      expect(index.locs).toEqual([`${web}/sitemaps/laws-1.xml`]);
      const urls = await parse(index.locs[0] ?? '');
      expect(urls).toMatchObject({ error: false, root: 'urlset' });
      expect(urls.locs).toContain(`${web}/lagar/1977:1160`);
      expect(urls.locs.length).toBeGreaterThanOrEqual(50);
    } finally {
      await close();
    }
  });

  it('renders a readable page (screenshot for review)', async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(`${web}/lagar/1977:480`, { waitUntil: 'networkidle' });
      await page.screenshot({ path: screenshotPath(ROOT, 'law-page-1977-480.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: screenshotPath(ROOT, 'law-page-1977-480-mobile.png') });
      const measure = await page.locator('.law-text').evaluate((el) => el.getBoundingClientRect().width);
      expect(measure).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
