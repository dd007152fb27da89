/**
 * "Fråga lagen" in a workspace (/app/<ws>/fraga), signed in, in Chromium
 * against the real stack: a verified user with a workspace and a generated
 * law list (set up over the API) asks over all laws and gets a streamed,
 * cited answer; the conversation is listed under "Tidigare frågor", is there
 * after a reload with its question and answer, takes a follow-up question and
 * is deleted. Then, with Semesterlagen removed from the list, the same
 * question asked over "Bara lagarna i våra laglistor" cites only laws on the
 * workspace's list (checked in the stored conversation and the page).
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchBrowser, newContext, screenshotPath } from './support/browser';
import { stackUrls } from './support/env';
import { waitForMailMatch } from './support/mail';

const ROOT = resolve(__dirname, '../../..');
/** Retrieval and answering on a 2-core machine, first question (cold caches) included. */
const ANSWER_TIMEOUT_MS = 90_000;
/** How long rag may take to index the ingested corpus after the stack has started. */
const INDEX_TIMEOUT_MS = 300_000;
const WARM_UP_QUESTION = 'Hur många dagars semester har arbetstagare rätt till enligt semesterlagen?';
const QUESTION = 'Hur många semesterdagar har en anställd rätt till?';
const FOLLOW_UP = 'Hur räknas semesterlönen ut?';
const SEMESTERLAG = '1977:480';
const PASSWORD = 'ett långt lösenord för frågor';
const run = randomBytes(3).toString('hex');
const EMAIL = `fraga.${run}@example.se`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Reply {
  status: number;
  json: unknown;
  text: string;
}

interface StoredConversation {
  id: string;
  workspaceId: string | null;
  title: string;
  messages: Array<{ role: 'user' | 'assistant'; text: string; status: string | null; citations: Array<{ sfs: string; url: string }> }>;
}

/** Console noise that is not an error of the app: a refused call the page handles. */
const expectedNoise = (line: string) => /Failed to load resource: the server responded with a status of (401)/.test(line);

describe('Fråga lagen in a workspace (signed in) in Chromium', () => {
  const { web, gateway } = stackUrls();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[] = [];
  let token = '';
  let ws = '';
  let listId = '';
  let semesterItemId = '';
  let conversationId = '';

  async function api(method: string, path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${gateway}/api/v1${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, text };
  }

  async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const reply = await api(method, path, body);
    if (reply.status >= 300) throw new Error(`${method} ${path} → ${reply.status} ${reply.text.slice(0, 300)}`);
    return reply.json as T;
  }

  /** The SFS laws on the workspace's list that are active now. */
  async function activeListLaws(): Promise<Set<string>> {
    const list = await ok<{ items: Array<{ kind: string; ref: string; status: string }> }>('GET', `/workspaces/${ws}/lists/${listId}`);
    return new Set(list.items.filter((i) => i.kind === 'SFS' && i.status === 'active').map((i) => i.ref));
  }

  /** rag indexes the corpus after the stack is up: wait until it answers from Semesterlagen (anonymous, over the API). */
  async function waitUntilRagAnswers(): Promise<void> {
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
        const done = /^event: done\ndata: (.*)$/m.exec(text)?.[1];
        const body = (done ? JSON.parse(done) : JSON.parse(text || '{}')) as { status?: string; code?: string; citations?: Array<{ sfs?: string }> };
        if (res.ok && body.status === 'answered' && body.citations?.some((c) => c.sfs === SEMESTERLAG)) return;
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

  function chatUrl(conversation?: string): string {
    return `${web}/app/${ws}/fraga${conversation ? `?konversation=${conversation}` : ''}`;
  }

  function appErrors(): string[] {
    return errors.filter((e) => !expectedNoise(e));
  }

  const history = () => page.getByRole('complementary', { name: 'Tidigare frågor' });

  /** Chooses the scope, types the question and sends it with Enter; waits for the final state. */
  async function ask(question: string, scope: 'Bara lagarna i våra laglistor' | 'Alla lagar'): Promise<void> {
    await page.getByRole('radio', { name: scope }).check();
    const input = page.getByLabel(/^Din (följd)?fråga$/);
    await input.focus();
    await page.keyboard.type(question);
    await page.keyboard.press('Enter');
    const live = page.locator('.wchat-live');
    // The final state of this question (the area names the question it answers).
    await page
      .locator('.wchat-live[data-state="done"], .wchat-live[data-state="failed"]')
      .filter({ has: page.locator('.chat-question', { hasText: question }) })
      .waitFor({ timeout: ANSWER_TIMEOUT_MS });
    const failure = live.locator('.chat-error');
    if ((await failure.count()) > 0) throw new Error(`the page shows an error instead of an answer: ${await failure.innerText()}`);
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    // A verified user with a workspace and a generated list (SNI 41.200, 25 employees: Semesterlagen is on it).
    const registered = await api('POST', '/auth/register', { email: EMAIL, password: PASSWORD, displayName: 'Frida Frågvis' });
    expect(registered.status).toBe(202);
    const verifyToken = await waitForMailMatch(EMAIL, /verifiera-epost\?token=([A-Za-z0-9_-]+)/);
    await ok('POST', '/auth/verify-email', { token: verifyToken });
    token = (await ok<{ accessToken: string }>('POST', '/auth/login', { email: EMAIL, password: PASSWORD })).accessToken;
    ws = (await ok<{ id: string }>('POST', '/workspaces', { name: `Frågor ${run}` })).id;
    await ok('PUT', `/workspaces/${ws}/profile`, { name: `Frågor ${run} AB`, orgNumber: '556012-5790', sniCodes: ['41.200'], employees: 25, screening: {} });
    const list = await ok<{ id: string; items: Array<{ id: string; ref: string }> }>('POST', `/workspaces/${ws}/lists`, { name: 'Vår laglista', generate: true });
    listId = list.id;
    semesterItemId = list.items.find((i) => i.ref === SEMESTERLAG)?.id ?? '';
    if (!semesterItemId) throw new Error('the generated list has no Semesterlag (1977:480)');

    await waitUntilRagAnswers();

    context = await newContext(browser, { width: 1280, height: 900 });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    errors = collectErrors(page);
    await page.goto(`${web}/logga-in?till=${encodeURIComponent(`/app/${ws}/fraga`)}`);
    await page.getByLabel('E-postadress').fill(EMAIL);
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL((url) => url.pathname === `/app/${ws}/fraga`);
  }, INDEX_TIMEOUT_MS + 90_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
  });

  it('asks over all laws and shows a streamed answer with a citation; the conversation is listed', async () => {
    await page.getByRole('heading', { level: 1, name: 'Fråga lagen' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Arbetsytan' });
    expect(await nav.getByRole('link', { name: 'Fråga lagen' }).getAttribute('aria-current')).toBe('page');
    await history().getByText('Du har inte ställt några frågor i den här arbetsytan ännu.').waitFor();
    // "Bara lagarna i våra laglistor" is the default.
    expect(await page.getByRole('radio', { name: 'Bara lagarna i våra laglistor' }).isChecked()).toBe(true);
    expect(await page.locator('.wchat-live').getAttribute('aria-live')).toBe('polite');

    await ask(QUESTION, 'Alla lagar');
    const live = page.locator('.wchat-live');
    expect(await live.getAttribute('data-status')).toBe('answered');
    expect(await live.locator('.wchat-scope').innerText()).toBe('Svaret bygger på alla lagar.');
    const answer = live.locator('.chat-final');
    expect(await answer.innerText()).toMatch(/\b25\b|tjugofem/i);
    const cite = answer.locator('a.chat-cite').first();
    expect(await cite.getAttribute('aria-label')).toMatch(/^Källa \d+: .+/);
    expect(await cite.getAttribute('href')).toMatch(/^\/lagar\/[^#]+#.+$/);
    expect(await live.locator('ol.chat-sources > li').filter({ hasText: 'Semesterlag (1977:480)' }).count()).toBeGreaterThan(0);
    // Focus moves to the answer heading when the answer is done.
    await page.waitForFunction(() => document.activeElement?.id === 'svar-rubrik', undefined, { timeout: 5_000 });

    // The new conversation is in the URL and on top of "Tidigare frågor".
    await page.waitForURL((url) => /^[0-9a-f-]{36}$/.test(url.searchParams.get('konversation') ?? ''));
    conversationId = new URL(page.url()).searchParams.get('konversation') ?? '';
    const item = history().locator(`li[data-conversation="${conversationId}"]`);
    await item.waitFor();
    expect(await item.getByRole('link').innerText()).toContain(QUESTION);
    expect(await item.getByRole('link').getAttribute('aria-current')).toBe('page');
    await page.screenshot({ path: screenshotPath(ROOT, 'chat-workspace-answer.png'), fullPage: true });

    const stored = await ok<StoredConversation>('GET', `/conversations/${conversationId}`);
    expect(stored.workspaceId).toBe(ws);
    expect(stored.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(stored.messages[0]?.text).toBe(QUESTION);
    expect(stored.messages[1]?.status).toBe('answered');
    expect(appErrors()).toEqual([]);
  });

  it('opens the conversation after a reload with its question and cited answer, and continues it', async () => {
    await page.goto(chatUrl());
    const link = history().getByRole('link', { name: new RegExp(QUESTION.replace(/[?]/g, '\\?')) });
    await link.waitFor();
    await link.click();
    await page.waitForURL((url) => url.searchParams.get('konversation') === conversationId);
    await page.getByRole('heading', { level: 2, name: QUESTION }).waitFor();
    const turn = page.locator('.wchat-turn').first();
    await turn.waitFor();
    expect(await turn.locator('.wchat-turn-question').innerText()).toContain(QUESTION);
    expect(await turn.locator('.chat-final').innerText()).toMatch(/\b25\b|tjugofem/i);
    expect(await turn.locator('a.chat-cite').count()).toBeGreaterThan(0);
    expect(await turn.locator('ol.chat-sources a.chat-source-link').first().getAttribute('href')).toMatch(/^\/lagar\//);
    // Keyboard users land on the opened conversation.
    await page.waitForFunction(() => document.activeElement?.id === 'konversation-rubrik', undefined, { timeout: 5_000 });

    // A follow-up goes into the same conversation (conversationId sent): still one entry, four messages.
    await ask(FOLLOW_UP, 'Alla lagar');
    expect(new URL(page.url()).searchParams.get('konversation')).toBe(conversationId);
    expect(await history().locator('li.wchat-item').count()).toBe(1);
    const stored = await ok<StoredConversation>('GET', `/conversations/${conversationId}`);
    expect(stored.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(stored.messages[2]?.text).toBe(FOLLOW_UP);
    expect(appErrors()).toEqual([]);
  });

  it('deletes the conversation after confirming', async () => {
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await history().getByRole('button', { name: `Radera ”${QUESTION}”` }).click();
    await history().getByText(`”${QUESTION}” är raderad.`).waitFor();
    expect(asked).toContain(QUESTION);
    expect(await history().locator('li.wchat-item').count()).toBe(0);
    // The open conversation is gone: an empty one takes its place.
    await page.waitForURL((url) => !url.searchParams.has('konversation'));
    await page.getByRole('heading', { level: 2, name: 'Ny konversation' }).waitFor();
    expect((await api('GET', `/conversations/${conversationId}`)).status).toBe(404);
    expect((await ok<{ items: unknown[] }>('GET', `/conversations?workspaceId=${ws}`)).items).toEqual([]);
    expect(appErrors()).toEqual([]);
  });

  it('answers "Bara lagarna i våra laglistor" from the laws on the workspace list only', async () => {
    // Without Semesterlagen on the list, the question answered from it above must not cite it now.
    await ok('POST', `/workspaces/${ws}/lists/${listId}/items/${semesterItemId}/remove`, { reason: 'Inte aktuell för oss' });
    const laws = await activeListLaws();
    expect(laws.has(SEMESTERLAG)).toBe(false);
    expect(laws.size).toBeGreaterThan(5);

    await page.goto(chatUrl());
    await page.getByRole('heading', { level: 2, name: 'Ny konversation' }).waitFor();
    await ask(QUESTION, 'Bara lagarna i våra laglistor');
    const live = page.locator('.wchat-live');
    expect(await live.locator('.wchat-scope').innerText()).toBe(`Svaret bygger bara på de ${laws.size} lagar som finns i arbetsytans laglistor.`);
    await page.waitForURL((url) => /^[0-9a-f-]{36}$/.test(url.searchParams.get('konversation') ?? ''));
    const id = new URL(page.url()).searchParams.get('konversation') ?? '';

    const stored = await ok<StoredConversation>('GET', `/conversations/${id}`);
    const answer = stored.messages[1];
    expect(answer?.role).toBe('assistant');
    expect(['answered', 'refused', 'out_of_scope']).toContain(answer?.status);
    const cited = (answer?.citations ?? []).map((c) => c.sfs);
    for (const sfs of cited) expect(laws.has(sfs)).toBe(true);
    // The page shows the same sources.
    const shown = await live.locator('ol.chat-sources > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-sfs')));
    expect(shown.sort()).toEqual([...cited].sort());
    await page.screenshot({ path: screenshotPath(ROOT, 'chat-workspace-list-scope.png'), fullPage: true });
    expect(appErrors()).toEqual([]);
  });
});
