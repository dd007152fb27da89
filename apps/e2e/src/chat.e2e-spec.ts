/**
 * "Fråga lagen" (/fraga) in Chromium against the real stack: the question is
 * streamed from POST /api/v1/chat (gateway → rag) through the web server's
 * /api proxy, the answer cites sections, and a citation opens the statute at
 * the cited section.
 */
import { REFUSAL_SENTENCE } from '@laglig/contracts';
import type { Browser, Page } from 'playwright-core';
import { resolve } from 'node:path';
import { collectErrors, isInViewport, launchBrowser, newContext, screenshotPath } from './support/browser';
import { stackUrls } from './support/env';

const ROOT = resolve(__dirname, '../../..');
/** Retrieval and answering on a 2-core machine, first question (cold caches) included. */
const ANSWER_TIMEOUT_MS = 90_000;
/** How long rag may take to index the ingested corpus after the stack has started. */
const INDEX_TIMEOUT_MS = 300_000;
/**
 * Asked over the API (reading the stream's done event) until it is answered from Semesterlagen, which
 * tells that rag has indexed it. Worded differently from the browser's
 * question so the browser's answer is not served from the answer cache.
 */
const WARM_UP_QUESTION = 'Hur många semesterdagar har arbetstagare rätt till enligt semesterlagen?';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * rag indexes the statutes asynchronously (law.ingested events) after the
 * stack is up; until Semesterlagen is indexed every question is refused. Polls
 * at most every 5 s (the gateway allows 20 questions a minute per client).
 */
async function waitUntilRagAnswers(gateway: string): Promise<void> {
  const deadline = Date.now() + INDEX_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${gateway}/api/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ question: WARM_UP_QUESTION }),
      });
      const text = await res.text();
      // The answer is the stream's `done` event (errors before the stream are JSON).
      const done = /^event: done\ndata: (.*)$/m.exec(text)?.[1];
      const body = (done ? JSON.parse(done) : JSON.parse(text || '{}')) as { status?: string; code?: string; citations?: Array<{ sfs?: string }> };
      if (res.ok && body.status === 'answered' && body.citations?.some((c) => c.sfs === '1977:480')) return;
      last = `${res.status} ${body.status ?? body.code ?? ''}`;
      if (res.status === 429) {
        await sleep(Math.max(5, Number(res.headers.get('retry-after') ?? 5)) * 1000);
        continue;
      }
    } catch (error) {
      last = String(error);
    }
    await sleep(5_000);
  }
  throw new Error(`rag did not answer from Semesterlag (1977:480) within ${INDEX_TIMEOUT_MS / 1000} s (last: ${last})`);
}

describe('Fråga lagen in Chromium', () => {
  const { web, gateway } = stackUrls();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    await waitUntilRagAnswers(gateway);
  }, INDEX_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(javaScriptEnabled = true): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    return { page, errors: collectErrors(page), close: () => context.close() };
  }

  /** Types the question into the textarea and submits it with Enter (no mouse). */
  async function askWithKeyboard(page: Page, question: string): Promise<void> {
    await page.locator('#fraga-text').focus();
    await page.keyboard.type(question);
    await page.keyboard.press('Enter');
  }

  async function waitForDone(page: Page): Promise<void> {
    await page.locator('.chat-answer[data-state="done"], .chat-answer[data-state="failed"]').waitFor({ timeout: ANSWER_TIMEOUT_MS });
    const failure = page.locator('.chat-answer[data-state="failed"] .chat-error');
    if ((await failure.count()) > 0) throw new Error(`the chat page shows an error instead of an answer: ${await failure.innerText()}`);
  }

  it('server-renders the empty form with its label, note and title', async () => {
    const { page, close } = await openPage(false);
    try {
      const response = await page.goto(`${web}/fraga`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('Fråga lagen');
      expect(await page.title()).toBe('Fråga lagen | Laglig');
      expect(await page.getByLabel('Din fråga').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Fråga', exact: true }).count()).toBe(1);
      expect(await page.locator('.chat-disclaimer').innerText()).toMatch(/Svaren bygger enbart på lagtexten.*inte juridisk rådgivning/s);
      expect(await page.locator('.chat-answer').getAttribute('aria-live')).toBe('polite');
      expect(await page.locator('nav.site-nav a[href="/fraga"]').getAttribute('aria-current')).toBe('page');
    } finally {
      await close();
    }
  });

  it('keeps Shift+Enter as a new line and reaches the button with Tab', async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${web}/fraga`, { waitUntil: 'networkidle' });
      const input = page.locator('#fraga-text');
      await input.focus();
      await page.keyboard.type('Första raden');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type('andra raden');
      expect(await input.inputValue()).toBe('Första raden\nandra raden');
      expect(await page.locator('.chat-answer').getAttribute('data-state')).toBe('idle');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Fråga');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('answers how many vacation days an employee gets, cites Semesterlagen and opens the cited section', async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${web}/fraga`, { waitUntil: 'networkidle' });
      // Survives only client-side navigation: the citation click must not reload the page.
      await page.evaluate(() => ((window as unknown as { __spa: number }).__spa = 1));
      await askWithKeyboard(page, 'Hur många semesterdagar har en arbetstagare rätt till?');
      await waitForDone(page);

      const area = page.locator('.chat-answer');
      expect(await area.getAttribute('data-status')).toBe('answered');
      const answer = area.locator('.chat-final');
      expect(await answer.innerText()).toMatch(/\b25\b|tjugofem/i);
      // Focus moves to the answer heading when the answer is done.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('svar-rubrik');

      const cite = answer.locator('a.chat-cite').first();
      expect(await cite.count()).toBe(1);
      expect(await cite.getAttribute('aria-label')).toMatch(/^Källa \d+: .+/);
      const href = (await cite.getAttribute('href')) ?? '';
      const target = /^(\/lagar\/[^#]+)#(.+)$/.exec(href);
      expect(target).not.toBeNull();
      const [, path, anchor] = target ?? [];

      const sources = area.locator('ol.chat-sources > li');
      expect(await sources.count()).toBeGreaterThan(0);
      expect(await sources.filter({ hasText: 'Semesterlag (1977:480)' }).count()).toBeGreaterThan(0);
      expect(await area.getByRole('button', { name: 'Kopiera svar' }).count()).toBe(1);
      await page.screenshot({ path: screenshotPath(ROOT, 'chat-semester-answer.png'), fullPage: true });

      await cite.click();
      await page.waitForURL((url) => url.pathname === decodeURI(path ?? '') && url.hash === `#${anchor}`);
      const section = page.locator(`[id="${anchor}"]`);
      await section.waitFor();
      await page.waitForTimeout(300);
      expect(await isInViewport(page, `[id="${anchor}"]`)).toBe(true);
      expect(new URL(page.url()).hash).toBe(`#${anchor}`);
      expect(await page.evaluate(() => (window as unknown as { __spa?: number }).__spa)).toBe(1);
      await page.screenshot({ path: screenshotPath(ROOT, 'chat-cited-section.png') });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows the refusal for a question the statutes do not answer', async () => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${web}/fraga`, { waitUntil: 'networkidle' });
      await askWithKeyboard(page, 'Vad kostar en flygbiljett till månen?');
      await waitForDone(page);
      const area = page.locator('.chat-answer');
      const status = await area.getAttribute('data-status');
      expect(['refused', 'out_of_scope']).toContain(status);
      const refusal = area.locator('.chat-refusal');
      expect(await refusal.count()).toBe(1);
      if (status === 'refused') expect(await refusal.innerText()).toContain(REFUSAL_SENTENCE);
      expect(await area.locator('a.chat-cite').count()).toBe(0);
      expect(await area.locator('ol.chat-sources').count()).toBe(0);
      await page.screenshot({ path: screenshotPath(ROOT, 'chat-refusal.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
