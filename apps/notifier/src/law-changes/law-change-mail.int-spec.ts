import { randomUUID } from 'node:crypto';
import { defaultRepeatStrategy, Queue, type JobsOptions } from 'bullmq';
import { ErrorCode, refuse, type EventPayload, type SectionChange, type Subscriber } from '@laglig/contracts';
import { MailSender } from '../mail/mail-sender.service';
import { NotifierHarness } from '../testing/notifier-harness';
import { SmtpCatcher } from '../testing/smtp-catcher';
import { ChangeInbox } from './change-inbox.service';
import { DigestJobs } from './digest-jobs.service';
import { DIGEST_QUEUE, DIGEST_SCHEDULER_ID, DigestScheduler } from './digest-scheduler.service';

const BASE = 'https://laglig.test';
const SECRET = 'test-unsubscribe-secret-0123456789abcdef';

/** Stockholm calendar facts of an instant, computed independently of the code under test. */
const stockholm = (at: Date) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    monday: parts['weekday'] === 'Mon',
    time: `${parts['hour']}:${parts['minute']}`,
    dayMonth: new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'long' }).format(at),
  };
};
const DAY = 86_400_000;
/** The first instant ≥ now + 1 day, at the same time of day, that is a Monday (or not) in Stockholm. */
const dayWhere = (monday: boolean, from = new Date()): Date => {
  for (let k = 1; ; k++) {
    const at = new Date(from.getTime() + k * DAY);
    if (stockholm(at).monday === monday) return at;
  }
};

interface Person {
  userId: string;
  email: string;
  displayName: string;
}
interface Membership {
  person: Person;
  workspaceId: string;
  workspaceName: string;
  listId: string;
  listName: string;
  sfs: string[];
}

let sfsCounter = 10_000 + Math.floor(Math.random() * 80_000);
const nextSfs = () => `1999:${sfsCounter++}`;
const person = (name: string): Person => ({ userId: randomUUID(), email: `${name.toLowerCase()}.${randomUUID().slice(0, 8)}@example.se`, displayName: name });

/**
 * Law-change mail end to end inside the notifier: law-catalog's events over
 * BullMQ, a stand-in compliance-workflow answering subscribers.forLaws, real
 * PostgreSQL, a real SMTP server on loopback.
 */
describe('notifier: law-change mail (digests, immediate, preferences, unsubscribe)', () => {
  const smtp = new SmtpCatcher({ user: 'laglig', pass: 'hemligt' });
  let h: NotifierHarness;
  const directory: Membership[] = [];
  let complianceDown = false;

  /** subscribers.forLaws as compliance-workflow answers it: per user and workspace, the lists holding any asked statute. */
  const answer = (asked: string[]): Subscriber[] | ReturnType<typeof refuse> => {
    if (complianceDown) return refuse(ErrorCode.UNAVAILABLE, 'nere');
    const bySubscriber = new Map<string, Subscriber>();
    for (const m of directory) {
      const sfs = m.sfs.filter((s) => asked.includes(s));
      if (sfs.length === 0) continue;
      const key = `${m.person.userId}/${m.workspaceId}`;
      const s = bySubscriber.get(key) ?? {
        userId: m.person.userId,
        email: m.person.email,
        displayName: m.person.displayName,
        workspaceId: m.workspaceId,
        workspaceName: m.workspaceName,
        lists: [],
      };
      s.lists.push({ listId: m.listId, listName: m.listName, sfs });
      bySubscriber.set(key, s);
    }
    return [...bySubscriber.values()];
  };

  beforeAll(async () => {
    await smtp.start();
    h = await new NotifierHarness('notifier-law-change', {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Laglig <no-reply@laglig.test>',
      UNSUBSCRIBE_SECRET: SECRET,
      DIGEST_CRON: 'off',
    }).start();
    await h.standInCompliance(answer);
  }, 60_000);

  let queueOfDigests: Queue | undefined;
  /** The digest queue as the notifier sees it (to drop a job whose retry would outlive the test). */
  const digestQueue = (): Queue => (queueOfDigests ??= new Queue(DIGEST_QUEUE, { connection: h.connection.redis, prefix: h.connection.prefix }));

  afterAll(async () => {
    await queueOfDigests?.close();
    await h?.stop();
    await smtp.stop();
  });

  beforeEach(() => {
    directory.length = 0; // each test's own users only
    complianceDown = false;
  });

  const sections: SectionChange[] = [
    { anchor: 'K1P1', label: '1 kap. 1 §', kind: 'modified', fromAnchor: null, editorial: true, summary: 'Ett skiljetecken har ändrats.' },
    { anchor: 'K3P2a', label: '3 kap. 2 a §', kind: 'added', fromAnchor: null, editorial: false, summary: 'Arbetsgivaren ska dokumentera riskbedömningen skriftligt.' },
    { anchor: 'K3P4', label: '3 kap. 4 §', kind: 'repealed', fromAnchor: null, editorial: false, summary: 'Paragrafen upphävs.' },
  ];

  async function publishChange(sfs: string, over: Partial<EventPayload<'law.changed'>> = {}, id = `law.changed.${randomUUID()}`) {
    const changeId = randomUUID();
    const payload: EventPayload<'law.changed'> = {
      sfs,
      title: `Lag (${sfs}) om arbetsmiljö`,
      previousVersionId: randomUUID(),
      versionId: randomUUID(),
      amendingSfs: '2026:900',
      inForce: '2027-07-01',
      added: ['K3P2a'],
      modified: ['K1P1'],
      repealed: ['K3P4'],
      substantive: true,
      changeId,
      sections,
      ...over,
    };
    await h.lawCatalog.publish('law.changed', payload, { id });
    expect(await h.settled(id)).toBe('completed');
    return { id, changeId, payload };
  }

  /** digests.start, then the run's status until it has completed (as the admin endpoint's caller polls). */
  async function runDigest(at?: Date) {
    const run = await h.runDigest(at);
    if (run.status !== 'completed') throw new Error(`digest run ${run.id} ended ${run.status}: ${run.error}`);
    return run;
  }

  const outboxFor = (email: string): Promise<Array<{ event_id: string; event_type: string; status: string; headers: Record<string, string> | null }>> =>
    h.ds.query(`SELECT event_id, event_type, status, headers FROM notifier.mail_outbox WHERE recipient = $1 ORDER BY created_at`, [email]);
  const received = (email: string, count = 1) => h.until(() => smtp.to(email), (m) => m.length >= count);
  const tokenOf = (header: string | undefined): string => {
    const match = /^<(https:\/\/laglig\.test\/api\/v1\/unsubscribe\?token=([^>]+))>$/.exec(header ?? '');
    if (!match) throw new Error(`no List-Unsubscribe URL in ${header}`);
    return new URL(match[1] as string).searchParams.get('token') as string;
  };

  it('sends one digest to each user whose list holds the changed law, grouped, substantive before editorial, with links; a second run sends nothing', async () => {
    const sfs = nextSfs();
    const other = nextSfs();
    const anna = person('Anna');
    const bo = person('Bo');
    const cecilia = person('Cecilia');
    const ws = randomUUID();
    const ws2 = randomUUID();
    const list = randomUUID();
    directory.push(
      { person: anna, workspaceId: ws, workspaceName: 'Bygg & Söner AB', listId: list, listName: 'Arbetsmiljö', sfs: [sfs, other] },
      { person: bo, workspaceId: ws, workspaceName: 'Bygg & Söner AB', listId: list, listName: 'Arbetsmiljö', sfs: [sfs, other] },
      { person: bo, workspaceId: ws2, workspaceName: 'Andra AB', listId: randomUUID(), listName: 'Miljö', sfs: [sfs] },
      { person: cecilia, workspaceId: ws, workspaceName: 'Bygg & Söner AB', listId: randomUUID(), listName: 'Brand', sfs: [other] },
    );
    const { changeId } = await publishChange(sfs);
    const requirementId = randomUUID();
    const flagId = `requirements.flagged.${randomUUID()}`;
    await h.bus.publish(
      'requirements.flagged',
      {
        workspaceId: ws,
        workspaceChangeId: randomUUID(),
        changeId,
        sfs,
        title: `Lag (${sfs}) om arbetsmiljö`,
        listIds: [list],
        requirements: [{ id: requirementId, title: 'Riskbedömning <dokumenterad>', anchor: 'K3P2a', url: `/app/${ws}/krav/${requirementId}` }],
        cardId: null,
        substantive: true,
      },
      { id: flagId },
    );
    expect(await h.settled(flagId)).toBe('completed');

    const now = new Date();
    const first = await runDigest(now);
    expect(first).toMatchObject({ period: stockholm(now).date, sent: 2 });

    const [toAnna] = await received(anna.email);
    const [toBo] = await received(bo.email);
    expect(smtp.to(cecilia.email)).toHaveLength(0);
    expect(await outboxFor(cecilia.email)).toHaveLength(0);

    expect(toAnna.subject).toBe(`Lagbevakning ${stockholm(now).dayMonth}: 1 ändring i dina laglistor`);
    expect(toAnna.text).toContain('Hej Anna!');
    const text = toAnna.text;
    const order = ['Bygg & Söner AB', 'Laglista: Arbetsmiljö', `Lag (${sfs}) om arbetsmiljö (SFS ${sfs})`, 'Ändrad genom SFS 2026:900, träder i kraft 1 juli 2027.', '3 kap. 2 a § – Ny: Arbetsgivaren ska dokumentera', '3 kap. 4 § – Upphävd: Paragrafen upphävs.', '1 kap. 1 § – Ändrad (Redaktionell): Ett skiljetecken'];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions); // grouped in this order; substantive before editorial
    expect(text).toContain(`Visa ändringarna: ${BASE}/lagar/${sfs}/andringar/${changeId}`);
    expect(text).toContain(`Riskbedömning <dokumenterad>: ${BASE}/app/${ws}/krav/${requirementId}`);
    expect(toAnna.html).toContain(`href="${BASE}/lagar/${sfs}/andringar/${changeId}"`);
    expect(toAnna.html).toContain('Riskbedömning &lt;dokumenterad&gt;');
    expect(toAnna.html).toContain('Bygg &amp; Söner AB');
    expect(toAnna.html).toMatch(/<a href="https:\/\/laglig\.test\/avregistrera\?token=[^"]+"/);
    expect(toAnna.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(tokenOf(toAnna.headers.get('list-unsubscribe'))).toMatch(/^[\w-]+\.[\w-]+$/);

    // Bo has the law on lists in two workspaces: one mail, both groups, the requirement link only where it was flagged.
    expect(toBo.subject).toBe(`Lagbevakning ${stockholm(now).dayMonth}: 1 ändring i dina laglistor`);
    expect(toBo.text.indexOf('Andra AB')).toBeLessThan(toBo.text.indexOf('Bygg & Söner AB'));
    expect(toBo.text).toContain('Laglista: Miljö');
    expect(toBo.text).toContain(`Se laglistan: ${BASE}/app/${ws2}/laglista`);
    expect(toBo.text).toContain(`${BASE}/app/${ws}/krav/${requirementId}`);

    const [row] = await outboxFor(anna.email);
    expect(row).toMatchObject({ event_id: `digest:${stockholm(now).date}:${anna.userId}`, event_type: 'law-change.digest' });

    // Same day again: nothing new is stored, nobody gets a second digest.
    const second = await runDigest(new Date());
    expect(second.sent).toBe(0);
    expect(await outboxFor(anna.email)).toHaveLength(1);
    expect(await outboxFor(bo.email)).toHaveLength(1);
    // Even on the next day the change is not repeated (each user is told once).
    const tomorrow = await runDigest(new Date(now.getTime() + DAY));
    expect(tomorrow.sent).toBe(0);
    expect(await outboxFor(anna.email)).toHaveLength(1);
  });

  it('digests.start answers at once with a queued run that completes with its counts; two starts in a row send one digest per user and day', async () => {
    const sfs = nextSfs();
    const ws = randomUUID();
    const [dora, erik] = [person('Dora'), person('Erik')];
    for (const p of [dora, erik]) directory.push({ person: p, workspaceId: ws, workspaceName: 'Start AB', listId: randomUUID(), listName: 'Lagar', sfs: [sfs] });
    await publishChange(sfs);

    const before = Date.now();
    const [first, second] = await Promise.all([h.rpc.call('notifier', 'digests.start', {}), h.rpc.call('notifier', 'digests.start', {})]);
    if (!first.ok || !second.ok) throw new Error('digests.start refused');
    expect(first.value).toMatchObject({ trigger: 'manual', status: 'queued', period: stockholm(new Date()).date, attempts: 0, users: 0, sent: 0, skipped: 0, startedAt: null, finishedAt: null, error: null });
    expect(Date.parse(first.value.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(second.value.id).not.toBe(first.value.id);

    const runs = [await h.digestRun(first.value.id), await h.digestRun(second.value.id)];
    for (const run of runs) {
      expect(run).toMatchObject({ status: 'completed', attempts: 1, users: 2, error: null });
      expect(Date.parse(run.startedAt as string)).toBeLessThanOrEqual(Date.parse(run.finishedAt as string));
      expect(run.sent + run.skipped).toBe(2);
    }
    // Whichever ran first mailed both users; the other found the day taken.
    expect(runs.map((r) => r.sent).sort()).toEqual([0, 2]);
    await received(dora.email);
    await received(erik.email);
    expect(await outboxFor(dora.email)).toHaveLength(1);
    expect(await outboxFor(erik.email)).toHaveLength(1);

    // A third start later the same day: nothing either.
    expect(await runDigest()).toMatchObject({ sent: 0, skipped: 2 });
    expect(smtp.to(dora.email)).toHaveLength(1);

    // Status by id and without one (the latest), recent runs newest first, an unknown id refused.
    const latest = await h.rpc.call('notifier', 'digests.status', {});
    const list = await h.rpc.call('notifier', 'digests.list', { limit: 3 });
    expect(latest.ok && list.ok && list.value.items[0]).toEqual(latest.ok && latest.value);
    expect(list.ok && list.value.items.map((r) => r.id)).toEqual(expect.arrayContaining([first.value.id, second.value.id]));
    expect(await h.rpc.call('notifier', 'digests.status', { id: randomUUID() })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await h.rpc.call('notifier', 'digests.status', { id: 'nej' })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    expect(await h.rpc.call('notifier', 'digests.start', { at: 'i morgon' })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
  });

  it('resumes at boot a run that is recorded as queued but whose job is gone', async () => {
    const sfs = nextSfs();
    const frida = person('Frida');
    directory.push({ person: frida, workspaceId: randomUUID(), workspaceName: 'Omstart AB', listId: randomUUID(), listName: 'Lagar', sfs: [sfs] });
    await publishChange(sfs);
    // As if Redis lost the job after digests.start recorded the run.
    const orphan = await h.app.get(DigestJobs).createManual(new Date());
    await h.app.get(DigestScheduler).resume();
    expect(await h.digestRun(orphan.id)).toMatchObject({ status: 'completed', sent: 1 });
    await received(frida.email);
  });

  it('applies the frequencies: weekly only on Monday, off never, immediate and critical at event time and not again', async () => {
    const sfs = nextSfs();
    const ws = randomUUID();
    const [weekly, off, immediate, critical] = [person('Veckan'), person('Av'), person('Direkt'), person('Kritisk')];
    const lists = new Map([weekly, off, immediate, critical].map((p) => [p.userId, randomUUID()]));
    for (const p of [weekly, off, immediate, critical]) {
      directory.push({ person: p, workspaceId: ws, workspaceName: 'Frekvens AB', listId: lists.get(p.userId) as string, listName: 'Lagar', sfs: [sfs] });
    }
    const set = async (p: Person, frequency: 'weekly' | 'off' | 'immediate', over: object = {}) => {
      const r = await h.rpc.call('notifier', 'preferences.set', { userId: p.userId, lists: [{ workspaceId: ws, listId: lists.get(p.userId) as string, frequency }], ...over });
      expect(r.ok).toBe(true);
    };
    await set(weekly, 'weekly');
    await set(off, 'off');
    await set(immediate, 'immediate');
    const crit = await h.rpc.call('notifier', 'preferences.set', { userId: critical.userId, criticalSfs: [sfs.replace(':', '-')] });
    expect(crit.ok && crit.value).toEqual({ userId: critical.userId, defaultFrequency: 'daily', lists: [], criticalSfs: [sfs] });

    // The event: immediate and critical users are mailed at once, one mail each.
    const { id, payload } = await publishChange(sfs, { title: 'Lag om brandskydd' });
    const [toImmediate] = await received(immediate.email);
    const [toCritical] = await received(critical.email);
    expect(toImmediate.subject).toBe(`Lagändring: Lag om brandskydd (SFS ${sfs}) har ändrats`);
    expect(toImmediate.text).toContain('Du har valt att få besked direkt vid varje ändring.');
    expect(toCritical.text).toContain('Du har markerat den som kritisk');
    expect(toCritical.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(await h.rows(id)).toHaveLength(2);
    expect(await outboxFor(weekly.email)).toHaveLength(0);
    expect(await outboxFor(off.email)).toHaveLength(0);

    // The same event again, past the queue's de-duplication: stored once, nobody mailed twice.
    await (await h.queue.getJob(id))?.remove();
    await h.lawCatalog.publish('law.changed', payload, { id });
    expect(await h.settled(id)).toBe('completed');
    expect(await h.ds.query(`SELECT id FROM notifier.law_changes_inbox WHERE event_id = $1`, [id])).toHaveLength(1);
    expect(await h.rows(id)).toHaveLength(2);

    // A weekday that is not Monday: nothing for anybody (weekly waits, immediate/critical already told, off never).
    const notMonday = await runDigest(dayWhere(false, new Date(Date.now() - DAY)));
    expect(notMonday.sent).toBe(0);
    // Monday: the weekly digest, to the weekly user only.
    const monday = dayWhere(true);
    const weeklyRun = await runDigest(monday);
    expect(weeklyRun.sent).toBe(1);
    const [toWeekly] = await received(weekly.email);
    const week = Number((await h.ds.query(`SELECT extract(week FROM $1::date)::int AS w`, [stockholm(monday).date]))[0].w);
    expect(toWeekly.subject).toBe(`Lagbevakning vecka ${week}: 1 ändring i dina laglistor`);
    expect(toWeekly.text).toContain('Lag om brandskydd');

    await h.until(() => h.rows(id), (r) => r.every((x) => x.status === 'sent'));
    expect(smtp.to(immediate.email)).toHaveLength(1);
    expect(smtp.to(critical.email)).toHaveLength(1);
    expect(await outboxFor(off.email)).toHaveLength(0);
    expect(await outboxFor(immediate.email)).toHaveLength(1);
    expect(await outboxFor(critical.email)).toHaveLength(1);
  });

  it('unsubscribes with the token from List-Unsubscribe: the preference is off and the next digest is not sent; a tampered token is refused', async () => {
    const sfs = nextSfs();
    const ws = randomUUID();
    const listId = randomUUID();
    const hanna = person('Hanna');
    directory.push({ person: hanna, workspaceId: ws, workspaceName: 'Avreg AB', listId, listName: 'Kemikalier', sfs: [sfs] });
    await publishChange(sfs);
    expect((await runDigest()).sent).toBe(1);
    const [mail] = await received(hanna.email);
    const token = tokenOf(mail.headers.get('list-unsubscribe'));

    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const refused = await h.rpc.call('notifier', 'unsubscribe', { token: tampered });
    expect(refused).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    expect(!refused.ok && refused.message).toMatch(/ogiltig/);
    const forged = await h.rpc.call('notifier', 'unsubscribe', { token: `${Buffer.from(JSON.stringify({ v: 1, u: hanna.userId, s: 'all', i: 1 })).toString('base64url')}.${'A'.repeat(43)}` });
    expect(forged).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    const untouched = await h.rpc.call('notifier', 'preferences.get', { userId: hanna.userId });
    expect(untouched.ok && untouched.value.defaultFrequency).toBe('daily');

    const done = await h.rpc.call('notifier', 'unsubscribe', { token });
    expect(done).toEqual({ ok: true, value: { scope: 'all', description: 'alla laglistor' } });
    expect(await h.rpc.call('notifier', 'unsubscribe', { token })).toEqual(done); // idempotent
    const prefs = await h.rpc.call('notifier', 'preferences.get', { userId: hanna.userId });
    expect(prefs.ok && prefs.value.defaultFrequency).toBe('off');

    await publishChange(sfs, { amendingSfs: '2026:901' });
    expect((await runDigest(new Date(Date.now() + DAY))).sent).toBe(0);
    expect(await outboxFor(hanna.email)).toHaveLength(1);

    // The per-list link in the body turns just that list off.
    const listLink = /Sluta få e-post om laglistan Kemikalier: (\S+)/.exec(mail.text)?.[1] as string;
    const listToken = new URL(listLink).searchParams.get('token') as string;
    expect(await h.rpc.call('notifier', 'unsubscribe', { token: listToken })).toEqual({ ok: true, value: { scope: 'list', description: 'Laglista Kemikalier' } });
    const after = await h.rpc.call('notifier', 'preferences.get', { userId: hanna.userId });
    expect(after.ok && after.value.lists).toEqual([{ workspaceId: ws, listId, frequency: 'off' }]);
  });

  it('mails a repeal: at once to a user who marked the law critical, in the digest to a daily user', async () => {
    const sfs = nextSfs();
    const ws = randomUUID();
    const [daily, crit] = [person('Dagny'), person('Kritiker')];
    for (const p of [daily, crit]) directory.push({ person: p, workspaceId: ws, workspaceName: 'Upphäv AB', listId: randomUUID(), listName: 'Miljö', sfs: [sfs] });
    await h.rpc.call('notifier', 'preferences.set', { userId: crit.userId, criticalSfs: [sfs] });
    const id = `law.repealed.${randomUUID()}`;
    await h.lawCatalog.publish('law.repealed', { sfs, title: 'Förordning om avfall', versionId: randomUUID(), repealedBy: '2026:950', changeId: randomUUID(), repealedAt: '2027-01-01' }, { id });
    expect(await h.settled(id)).toBe('completed');
    const [now] = await received(crit.email);
    expect(now.subject).toBe(`Lagändring: Förordning om avfall (SFS ${sfs}) har upphävts`);
    expect(now.text).toContain('Upphävd genom SFS 2026:950, upphör att gälla 1 januari 2027.');
    expect(await outboxFor(daily.email)).toHaveLength(0);
    expect((await runDigest()).sent).toBe(1);
    const [digest] = await received(daily.email);
    expect(digest.text).toContain('Upphävd genom SFS 2026:950, upphör att gälla 1 januari 2027.');
    expect(await outboxFor(crit.email)).toHaveLength(1);
  });

  it('tells once about a repeal that arrives as law.changed and law.repealed with the same change id', async () => {
    const sfs = nextSfs();
    const ws = randomUUID();
    const [daily, crit] = [person('Dubbel'), person('Dubbelkritisk')];
    for (const p of [daily, crit]) directory.push({ person: p, workspaceId: ws, workspaceName: 'Dubbel AB', listId: randomUUID(), listName: 'Miljö', sfs: [sfs] });
    await h.rpc.call('notifier', 'preferences.set', { userId: crit.userId, criticalSfs: [sfs] });
    const { changeId } = await publishChange(sfs, { title: 'Lag om dubbletter' });
    const id = `law.repealed.${randomUUID()}`;
    await h.lawCatalog.publish('law.repealed', { sfs, title: 'Lag om dubbletter', versionId: randomUUID(), repealedBy: '2026:951', changeId, repealedAt: '2027-01-01' }, { id });
    expect(await h.settled(id)).toBe('completed');
    const rows: Array<{ kind: string; sections: unknown[] }> = await h.ds.query(`SELECT kind, sections FROM notifier.law_changes_inbox WHERE change_id = $1`, [changeId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'repealed' });
    expect(rows[0]?.sections).toHaveLength(sections.length);
    await received(crit.email);
    expect((await runDigest()).sent).toBe(1);
    await received(daily.email);
    expect(await outboxFor(crit.email)).toHaveLength(1);
    expect(await outboxFor(daily.email)).toHaveLength(1);
  });

  it('returns the defaults for an unknown user and upserts preferences', async () => {
    const userId = randomUUID();
    expect(await h.rpc.call('notifier', 'preferences.get', { userId })).toEqual({ ok: true, value: { userId, defaultFrequency: 'daily', lists: [], criticalSfs: [] } });
    const ws = randomUUID();
    const listId = randomUUID();
    await h.rpc.call('notifier', 'preferences.set', { userId, defaultFrequency: 'weekly', lists: [{ workspaceId: ws, listId, frequency: 'immediate' }] });
    const set = await h.rpc.call('notifier', 'preferences.set', { userId, criticalSfs: ['1977:1160', '1977:1160'] });
    expect(set).toEqual({ ok: true, value: { userId, defaultFrequency: 'weekly', lists: [{ workspaceId: ws, listId, frequency: 'immediate' }], criticalSfs: ['1977:1160'] } });
    const cleared = await h.rpc.call('notifier', 'preferences.set', { userId, lists: [{ workspaceId: ws, listId, frequency: null }] });
    expect(cleared.ok && cleared.value.lists).toEqual([]);
    expect(await h.rpc.call('notifier', 'preferences.set', { userId, defaultFrequency: 'hourly' as never })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
  });

  it('retries a law change while compliance-workflow is unreachable and mails once it answers', async () => {
    const sfs = nextSfs();
    const ivar = person('Ivar');
    directory.push({ person: ivar, workspaceId: randomUUID(), workspaceName: 'Retry AB', listId: randomUUID(), listName: 'Lista', sfs: [sfs] });
    await h.rpc.call('notifier', 'preferences.set', { userId: ivar.userId, defaultFrequency: 'immediate' });
    complianceDown = true;
    const id = `law.changed.${randomUUID()}`;
    await h.lawCatalog.publish('law.changed', basePayload(sfs), { id });
    const job = await h.until(async () => h.queue.getJob(id), (j) => (j?.attemptsMade ?? 0) >= 1);
    expect(job?.failedReason).toContain('subscribers.forLaws failed');
    expect(await h.ds.query(`SELECT immediate_done_at FROM notifier.law_changes_inbox WHERE event_id = $1`, [id])).toEqual([{ immediate_done_at: null }]);
    // Held back from digests while the immediate pass has not finished; a digest run now is refused, not guessed.
    const candidates = await h.app.get(ChangeInbox).digestCandidates(new Date(), 8);
    expect(candidates.map((c) => c.eventId)).not.toContain(id);
    // The run's first attempt fails and waits for BullMQ's retry; the status says why.
    const refusedRun = await h.runDigest();
    expect(refusedRun).toMatchObject({ status: 'queued', attempts: 1, sent: 0, finishedAt: null });
    expect(refusedRun.error).toMatch(/^Regelefterlevnadstjänsten svarade inte/);
    await (await digestQueue().getJob(`digest-run.${refusedRun.id}`))?.remove(); // its retry is a minute away
    complianceDown = false;
    expect(await h.until(() => h.settled(id), (s) => s === 'completed', 30_000)).toBe('completed');
    const [mail] = await received(ivar.email);
    expect(mail.subject).toContain(`(SFS ${sfs}) har ändrats`);
  });

  function basePayload(sfs: string): EventPayload<'law.changed'> {
    return {
      sfs,
      title: 'Lag om omförsök',
      previousVersionId: randomUUID(),
      versionId: randomUUID(),
      amendingSfs: null,
      inForce: null,
      added: [],
      modified: ['K1P1'],
      repealed: [],
      substantive: true,
      changeId: randomUUID(),
      sections: [sections[1] as SectionChange],
    };
  }
});

/** A sender that dies mid-send: its leased digest comes back after the lease and is sent once. */
describe('notifier: a digest survives a sender that dies mid-send', () => {
  const smtp = new SmtpCatcher({ user: 'laglig', pass: 'hemligt' });
  let h: NotifierHarness;
  const pia = person('Pia');
  const sfs = nextSfs();

  beforeAll(async () => {
    await smtp.start();
    h = await new NotifierHarness('notifier-digest-crash', {
      SMTP_URL: smtp.url,
      UNSUBSCRIBE_SECRET: SECRET,
      DIGEST_CRON: 'off',
      MAIL_SENDER_ENABLED: 'false', // this test drives the sender itself
      MAIL_LEASE_MS: '1500',
    }).start();
    await h.standInCompliance((asked) =>
      asked.includes(sfs)
        ? [{ userId: pia.userId, email: pia.email, displayName: pia.displayName, workspaceId: randomUUID(), workspaceName: 'Krasch AB', lists: [{ listId: randomUUID(), listName: 'Lista', sfs: [sfs] }] }]
        : [],
    );
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await smtp.stop();
  });

  it('neither loses nor doubles the digest', async () => {
    const id = `law.changed.${randomUUID()}`;
    await h.lawCatalog.publish(
      'law.changed',
      { sfs, title: 'Lag om krascher', previousVersionId: randomUUID(), versionId: randomUUID(), amendingSfs: null, inForce: null, added: [], modified: [], repealed: [], substantive: true },
      { id },
    );
    expect(await h.settled(id)).toBe('completed');
    const run = await h.runDigest();
    expect(run).toMatchObject({ status: 'completed', sent: 1 });

    // Another replica claims the digest (attempt counted, lease taken) and dies before sending.
    const [claimed] = (await h.ds.query(
      `UPDATE notifier.mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + interval '1500 milliseconds'
        WHERE recipient = $1 AND status = 'pending' RETURNING id`,
      [pia.email],
    )) as [Array<{ id: string }>, number];
    expect(claimed).toHaveLength(1);
    const sender = h.app.get(MailSender);
    expect((await sender.runUntilIdle()).sent).toBe(0); // leased: left alone
    expect(smtp.to(pia.email)).toHaveLength(0);

    // After the lease the live sender delivers it, once.
    await h.until(async () => (await sender.runUntilIdle()).sent, (n) => n === 1);
    expect(smtp.to(pia.email)).toHaveLength(1);
    expect((await sender.runUntilIdle()).sent).toBe(0);
    const rows = await h.ds.query(`SELECT status, attempts FROM notifier.mail_outbox WHERE recipient = $1`, [pia.email]);
    expect(rows).toEqual([{ status: 'sent', attempts: 2 }]);
    // And the digest run again stores nothing.
    const again = await h.runDigest();
    expect(again).toMatchObject({ status: 'completed', sent: 0, skipped: 1 });
    expect(smtp.to(pia.email)[0]?.text).toContain('Lag om krascher');
  });
});

/** The 08:00 schedule across both clock changes, with BullMQ's own cron computation. */
describe('notifier: the digest schedule is 08:00 Europe/Stockholm in summer and winter time', () => {
  let h: NotifierHarness;
  let queue: Queue;

  beforeAll(async () => {
    h = await new NotifierHarness('notifier-digest-dst', { UNSUBSCRIBE_SECRET: SECRET, DIGEST_CRON: undefined, DIGEST_TZ: undefined }).start();
    queue = new Queue(DIGEST_QUEUE, { connection: h.connection.redis, prefix: h.connection.prefix });
  }, 60_000);

  afterAll(async () => {
    await queue?.close();
    await h?.stop();
  });

  it('registers one scheduler whose runs move from 07:00Z to 06:00Z in March and back in October', async () => {
    const scheduler = await queue.getJobScheduler(DIGEST_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ pattern: '0 8 * * *', tz: 'Europe/Stockholm' });
    expect(await queue.getJobSchedulersCount()).toBe(1);
    expect(stockholm(new Date(Number(scheduler?.next))).time).toBe('08:00');
    const repeat = { pattern: scheduler?.pattern as string, tz: scheduler?.tz as string };
    const next = (after: string) => new Date(defaultRepeatStrategy(Date.parse(after), repeat) as number).toISOString();

    // Spring: CET → CEST on Sunday 29 March 2026.
    expect(next('2026-03-28T00:00:00Z')).toBe('2026-03-28T07:00:00.000Z');
    expect(next('2026-03-28T07:00:00Z')).toBe('2026-03-29T06:00:00.000Z');
    // Autumn: CEST → CET on Sunday 25 October 2026.
    expect(next('2026-10-24T00:00:00Z')).toBe('2026-10-24T06:00:00.000Z');
    expect(next('2026-10-24T06:00:00Z')).toBe('2026-10-25T07:00:00.000Z');

    // Those instants are the same Stockholm calendar days for digests.start (known as soon as the run is queued).
    const spring = await h.rpc.call('notifier', 'digests.start', { at: '2026-03-29T06:00:00Z' });
    const autumn = await h.rpc.call('notifier', 'digests.start', { at: '2026-10-25T07:00:00Z' });
    expect(spring.ok && spring.value.period).toBe('2026-03-29');
    expect(autumn.ok && autumn.value.period).toBe('2026-10-25');
    const lateEvening = await h.rpc.call('notifier', 'digests.start', { at: '2026-03-28T23:30:00Z' });
    expect(lateEvening.ok && lateEvening.value.period).toBe('2026-03-29'); // 00:30 in Stockholm
    for (const started of [spring, autumn, lateEvening]) {
      if (!started.ok) throw new Error('not started');
      expect(await h.digestRun(started.value.id)).toMatchObject({ status: 'completed', period: started.value.period });
    }
  });

  it('records a run of the schedule in the same table, as of the time it was due', async () => {
    // What the scheduler adds at 08:00 on 29 March 2026 (its job carries the due time as prevMillis).
    const due = Date.parse('2026-03-29T06:00:00Z');
    await queue.add(DIGEST_SCHEDULER_ID, {}, { jobId: `repeat:${DIGEST_SCHEDULER_ID}:${due}`, prevMillis: due } as JobsOptions);
    const run = await h.until(
      async () => {
        const list = await h.rpc.call('notifier', 'digests.list', {});
        return list.ok ? list.value.items.find((r) => r.trigger === 'schedule') : undefined;
      },
      (r) => r?.status === 'completed',
    );
    expect(run).toMatchObject({ trigger: 'schedule', at: '2026-03-29T06:00:00.000Z', period: '2026-03-29', attempts: 1, error: null });
    expect(run?.finishedAt).not.toBeNull();
  });
});
