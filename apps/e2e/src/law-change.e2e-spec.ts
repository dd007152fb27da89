/**
 * Law change monitoring end to end, through the real stack and the loopback
 * Riksdagen API (issue 5's "done when"): Arbetsmiljölag (1977:1160) is served
 * in its 2024 version (the one the stack ingested at start), then Riksdagen
 * publishes the 2025 version (t.o.m. SFS 2025:732: 1 kap. 4 § now refers to
 * the new socialtjänstlag, 8 kap. 4 § is repealed). Without any manual step
 * beyond the sync and digest triggers a scheduler would fire, it must end as:
 * a new version with the right changed sections, a law page showing the new
 * text, the rag chunks of the new version, flagged requirements on the
 * changed sections only (not on an unchanged one), a card on the board, and
 * one digest mail to the affected user and none to the others — also when the
 * digest runs twice (each run started with 202 and followed until completed).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Browser } from 'playwright-core';
import { collectErrors, launchBrowser, newContext } from './support/browser';
import { STACK_ENV, stackUrls } from './support/env';
import { mailsTo, waitForMailMatch } from './support/mail';

const ROOT = resolve(__dirname, '../../..');
const SFS = '1977:1160';
const DOK_ID = 'sfs-1977-1160';
const V2 = readFileSync(join(ROOT, 'data/sfs/versions/1977-1160/2025-t.o.m.2025-732.riksdagen.txt'), 'utf8');
const PASSWORD = 'lagbevakning-är-viktig-2026';
/** Words of 8 kap. 4 § in the 2024 version; the 2025 version repeals the section. */
const REPEALED_TEXT = 'ett ämne i strid mot förbud';
const run = randomBytes(3).toString('hex');

interface Reply {
  status: number;
  text: string;
  location: string | null;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e stack is not running`);
  return value;
};

describe('Law change monitoring through the real stack', () => {
  const { gateway, web } = stackUrls();
  const adminToken = env(STACK_ENV.adminToken);
  const control = env(STACK_ENV.riksdagenControl);
  const databaseUrl = env(STACK_ENV.database);

  async function api(method: string, path: string, token: string | null, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = {};
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
    return { status: res.status, text, json, location: res.headers.get('location') };
  }

  async function ok(method: string, path: string, token: string | null, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const reply = await api(method, path, token, body);
    if (reply.status >= 300) throw new Error(`${method} ${path} → ${reply.status} ${reply.text.slice(0, 300)}`);
    return reply.json;
  }

  /** Polls until `check` returns a value (not undefined/false), or fails with the last state. */
  async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown = null;
    while (Date.now() < deadline) {
      try {
        const value = await check();
        if (value !== undefined && value !== false) return value;
      } catch (error) {
        last = error;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
  }

  interface Person {
    email: string;
    token: string;
    userId: string;
    name: string;
  }

  async function verifiedPerson(label: string): Promise<Person> {
    const email = `bevakning-${label}-${run}@example.se`;
    const name = `Test ${label}`;
    expect((await api('POST', '/auth/register', null, { email, password: PASSWORD, displayName: name })).status).toBe(202);
    const token = await waitForMailMatch(email, /verifiera-epost\?token=([A-Za-z0-9_-]+)/);
    await ok('POST', '/auth/verify-email', null, { token });
    const login = await ok('POST', '/auth/login', null, { email, password: PASSWORD });
    return { email, token: login.accessToken as string, userId: login.user.id as string, name };
  }

  async function workspaceWithList(owner: Person, name: string): Promise<{ ws: string; listId: string; itemId: string }> {
    const ws = (await ok('POST', '/workspaces', owner.token, { name })).id as string;
    await ok('PUT', `/workspaces/${ws}/profile`, owner.token, {
      name: `${name} AB`,
      orgNumber: '556012-5790',
      sniCodes: ['41.200'],
      employees: 25,
      screening: {},
    });
    const list = await ok('POST', `/workspaces/${ws}/lists`, owner.token, { name: `Laglista ${name}`, generate: true });
    const item = (list.items as Array<{ id: string; ref: string }>).find((i) => i.ref === SFS);
    if (!item) throw new Error(`the generated list has no ${SFS}`);
    return { ws, listId: list.id as string, itemId: item.id };
  }

  async function assessedRequirement(owner: Person, ws: string, itemId: string, anchor: string, title: string): Promise<string> {
    const created = await ok('POST', `/workspaces/${ws}/requirements`, owner.token, { itemId, title, anchor });
    const updated = await ok('PATCH', `/workspaces/${ws}/requirements/${created.id}`, owner.token, { version: created.version, status: 'UPPFYLLD' });
    return updated.id as string;
  }

  let affected: Person;
  let unaffected: Person;
  let noList: Person;
  let workspace: { ws: string; listId: string; itemId: string };
  const requirementIds: Record<'changed' | 'repealed' | 'unchanged', string> = { changed: '', repealed: '', unchanged: '' };
  let changeId = '';

  beforeAll(async () => {
    [affected, unaffected, noList] = [await verifiedPerson('berord'), await verifiedPerson('annan'), await verifiedPerson('utan-lista')];
    workspace = await workspaceWithList(affected, `Bevakning ${run}`);
    requirementIds.changed = await assessedRequirement(affected, workspace.ws, workspace.itemId, 'K1P4', 'Deltagare i praktik omfattas');
    requirementIds.repealed = await assessedRequirement(affected, workspace.ws, workspace.itemId, 'K8P4', 'Förverkande av otillåtna anordningar');
    requirementIds.unchanged = await assessedRequirement(affected, workspace.ws, workspace.itemId, 'K3P3', 'Systematiskt arbetsmiljöarbete');
    // The other user's list does not hold the law any more: removed entries are not watched.
    const other = await workspaceWithList(unaffected, `Annan ${run}`);
    await ok('POST', `/workspaces/${other.ws}/lists/${other.listId}/items/${other.itemId}/remove`, unaffected.token, { reason: 'Inte aktuell för oss' });
    await ok('POST', '/workspaces', noList.token, { name: `Tom ${run}` });
  }, 120_000);

  it('detects the new version on an incremental sync and records the changed sections', async () => {
    const before = await ok('GET', `/laws/${SFS}/versions`, null);
    expect(before.items).toHaveLength(1);
    const page = await (await fetch(`${web}/lagar/${SFS}`)).text();
    expect(page).toContain('socialtjänstlagen (2001:453)');
    expect(page).toContain(REPEALED_TEXT);

    // Riksdagen publishes the new consolidated text; its subtitle names the latest amendment.
    const published = await fetch(`${control}/text`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dokId: DOK_ID, text: V2, meta: { undertitel: 't.o.m. SFS 2025:732' } }),
    });
    expect(published.status).toBe(204);

    const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const started = await fetch(`${gateway}/api/v1/admin/sync`, { method: 'POST', headers: admin, body: JSON.stringify({ mode: 'incremental' }) });
    expect(started.status).toBe(202);
    const runId = ((await started.json()) as { id: string }).id;
    const finished = await until('the sync run to finish', async () => {
      const res = await fetch(`${gateway}/api/v1/admin/sync/${runId}`, { headers: admin });
      const body = (await res.json()) as { status: string; changed: number; failed: number };
      return ['succeeded', 'completed_with_errors', 'failed'].includes(body.status) ? body : undefined;
    }, 120_000);
    expect(finished).toMatchObject({ status: 'succeeded', failed: 0 });
    expect(finished.changed).toBeGreaterThanOrEqual(1);

    const versions = await ok('GET', `/laws/${SFS}/versions`, null);
    expect(versions.items).toHaveLength(2);
    // The catalog's history: the statute as first ingested ("new"), then this amendment.
    const changes = await ok('GET', `/laws/${SFS}/changes`, null);
    expect(changes.items.map((c: { kind: string }) => c.kind)).toEqual(['amended', 'new']);
    const change = changes.items[0];
    changeId = change.id;
    expect(change).toMatchObject({ sfs: SFS, kind: 'amended', substantive: true, amendingSfs: '2025:732' });
    const byAnchor = new Map((change.sections as Array<{ anchor: string; kind: string; editorial: boolean }>).map((s) => [s.anchor, s]));
    expect(byAnchor.get('K1P4')).toMatchObject({ kind: 'modified', editorial: false });
    expect(byAnchor.get('K8P4')).toMatchObject({ kind: 'repealed' });
    expect(byAnchor.has('K3P3')).toBe(false);

    const diff = await ok('GET', `/laws/${SFS}/diff?from=${change.fromVersionId}&to=${change.toVersionId}`, null);
    const k1p4 = (diff.sections as Array<{ anchor: string; parts: Array<{ op: string; text: string }> }>).find((s) => s.anchor === 'K1P4');
    // The word diff gives back both wordings: equal + inserted runs = new, equal + deleted runs = old.
    const side = (skip: string) => (k1p4?.parts ?? []).filter((p) => p.op !== skip).map((p) => p.text).join('');
    expect(side('delete')).toContain('12 kap. 6 § socialtjänstlagen (2025:400)');
    expect(side('insert')).toContain('4 kap. 6 §');
    expect(side('insert')).toContain('socialtjänstlagen (2001:453)');
    expect(k1p4?.parts.some((p) => p.op === 'insert' && p.text.includes('2025'))).toBe(true);
  }, 180_000);

  it('shows the new text on the law page and re-indexes the chat chunks of the new version', async () => {
    const current = (await ok('GET', `/laws/${SFS}/versions`, null)).items.find((v: { current: boolean }) => v.current).id as string;
    // (The page's change history quotes the old wording in its summary; the repealed section's text is gone.)
    await until('the law page to show the new version', async () => {
      const html = await (await fetch(`${web}/lagar/${SFS}`)).text();
      return html.includes('socialtjänstlagen (2025:400)') && !html.includes(REPEALED_TEXT) && html.includes('Har upphävts genom lag (2024:804)');
    });
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await until('rag to index the new version', async () => {
        const { rows } = await db.query<{ version_id: string; n: string }>('SELECT version_id, count(*) AS n FROM rag.chunks WHERE sfs = $1 GROUP BY version_id', [SFS]);
        return rows.length === 1 && rows[0].version_id === current;
      }, 120_000);
      const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM rag.chunks WHERE sfs = $1 AND text LIKE '%2001:453%'", [SFS]);
      expect(Number(rows[0].n)).toBe(0);
    } finally {
      await db.end();
    }
  }, 180_000);

  it('flags the requirements of the changed sections only and puts a card on the board', async () => {
    const requirement = (id: string) => ok('GET', `/workspaces/${workspace.ws}/requirements/${id}`, affected.token);
    const changed = await until('the changed requirement to be flagged', async () => {
      const r = await requirement(requirementIds.changed);
      return r.reviewFlag ? r : undefined;
    });
    expect(changed.status).toBe('UPPFYLLD');
    expect((await requirement(requirementIds.repealed)).reviewFlag).not.toBeNull();
    expect((await requirement(requirementIds.unchanged)).reviewFlag).toBeNull();

    const board = await ok('GET', `/workspaces/${workspace.ws}/board`, affected.token);
    const cards = (board.cards as Array<{ title: string }>).filter((c) => c.title.startsWith('Lagändring') && c.title.includes(SFS));
    expect(cards).toHaveLength(1);

    const feed = await ok('GET', `/workspaces/${workspace.ws}/changes`, affected.token);
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ sfs: SFS, changeId, acknowledgedAt: null });
  }, 120_000);

  it('mails one digest to the affected user and none to the others, also when the digest runs twice', async () => {
    // The notifier takes the change from its own queue: a digest holds a change back until the notifier's
    // immediate pass for it has finished (for at most an hour), so wait for that before starting a run.
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await until('the notifier to have taken the change', async () => {
        const { rows } = await db.query('SELECT 1 FROM notifier.law_changes_inbox WHERE change_id = $1 AND immediate_done_at IS NOT NULL', [changeId]);
        return rows.length > 0;
      });
    } finally {
      await db.end();
    }
    // Each start answers 202 at once with the queued run and where to follow it; the pass runs in the notifier.
    const runs: Array<{ id: string; sent: number; skipped: number; users: number }> = [];
    for (let i = 0; i < 2; i++) {
      const started = await api('POST', '/admin/digests/run', adminToken, {});
      expect(started.status).toBe(202);
      expect(started.json).toMatchObject({ status: 'queued', trigger: 'manual' });
      const location = `/api/v1/admin/digests/runs/${started.json.id}`;
      expect(started.location).toBe(location);
      runs.push(
        await until(`digest run ${i + 1} to complete`, async () => {
          const run = await ok('GET', location.slice('/api/v1'.length), adminToken);
          if (run.status === 'failed') throw new Error(`digest run failed: ${run.error}`);
          return run.status === 'completed' ? run : undefined;
        }),
      );
    }
    // The first run mailed the affected user (and whoever else in the stack holds the law); the second found the day taken.
    expect(runs[0]?.sent).toBeGreaterThanOrEqual(1);
    expect(runs[1]).toMatchObject({ sent: 0 });
    expect(runs[1]?.skipped).toBeGreaterThanOrEqual(1);
    const link = await waitForMailMatch(affected.email, /(\/lagar\/1977:1160\/andringar\/[0-9a-f-]{36})/, 60_000);
    expect(link).toBe(`/lagar/${SFS}/andringar/${changeId}`);
    // Let the sender finish anything else it might (wrongly) have queued.
    await new Promise((r) => setTimeout(r, 2_000));
    const digests = async (p: Person) => (await mailsTo(p.email)).filter((m) => /Lagbevakning/.test(m.subject ?? ''));
    expect(await digests(affected)).toHaveLength(1);
    expect(await digests(unaffected)).toHaveLength(0);
    expect(await digests(noList)).toHaveLength(0);
    const [digest] = await digests(affected);
    expect(digest.text).toContain('1 kap. 4 §');
    expect(digest.text).toContain('8 kap. 4 §');
    expect(digest.headerLines.some((h) => h.key === 'list-unsubscribe' && /unsubscribe\?token=/.test(h.line))).toBe(true);
  }, 120_000);

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows the change on the public diff page with insertions and deletions', async () => {
      const context = await newContext(browser, { width: 1280, height: 900 });
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${web}/lagar/${SFS}/andringar/${changeId}`);
      await page.locator('ins', { hasText: '2025:400' }).first().waitFor();
      await page.locator('del', { hasText: '2001:453' }).first().waitFor();
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it('lets the owner acknowledge the change with a comment, recorded in the activity log', async () => {
      const context = await newContext(browser, { width: 1280, height: 900 });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors = collectErrors(page);
      const till = `/app/${workspace.ws}/andringar`;
      await page.goto(`${web}/logga-in?till=${encodeURIComponent(till)}`);
      await page.getByLabel('E-postadress').fill(affected.email);
      await page.getByLabel('Lösenord').fill(PASSWORD);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.waitForURL((url) => url.pathname === till);
      const item = page.locator('article', { hasText: 'Arbetsmiljölag' }).first();
      await item.getByText('Ej kvitterad').waitFor();
      await item.getByRole('button', { name: 'Kvittera' }).click();
      const comment = 'Genomgått med skyddsombudet; rutinen för praktikanter uppdateras.';
      await item.getByLabel('Kommentar (valfritt)').fill(comment);
      await item.getByRole('button', { name: 'Kvittera', exact: true }).click();
      await item.getByText('Kvitterad', { exact: true }).waitFor();
      const feed = await ok('GET', `/workspaces/${workspace.ws}/changes`, affected.token);
      expect(feed.items[0].acknowledgeComment).toBe(comment);
      const activity = await ok('GET', `/workspaces/${workspace.ws}/activity`, affected.token);
      expect(JSON.stringify(activity.items)).toContain(comment);
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  });
});
