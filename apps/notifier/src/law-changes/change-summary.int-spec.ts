import { randomUUID } from 'node:crypto';
import type { EventPayload, SectionChange, Subscriber } from '@laglig/contracts';
import { OpenAIChatServer } from '@laglig/testing';
import { NotifierHarness } from '../testing/notifier-harness';
import { SmtpCatcher } from '../testing/smtp-catcher';
import { AI_SUMMARY_LABEL } from '../templates/law-change-mails';

const SECRET = 'test-unsubscribe-secret-0123456789abcdef';
const API_KEY = 'sk-notifier-int-test';
const SUMMARY = 'Arbetsgivare måste dokumentera riskbedömningen skriftligt, och 3 kap. 4 § upphävs.';

interface Member {
  userId: string;
  email: string;
  displayName: string;
  workspaceId: string;
  workspaceName: string;
  listId: string;
  sfs: string;
}

let sfsCounter = 10_000 + Math.floor(Math.random() * 80_000);
const nextSfs = () => `1998:${sfsCounter++}`;

const sections: SectionChange[] = [
  { anchor: 'K1P1', label: '1 kap. 1 §', kind: 'modified', fromAnchor: null, editorial: true, summary: 'Ett skiljetecken har ändrats.' },
  { anchor: 'K3P2a', label: '3 kap. 2 a §', kind: 'added', fromAnchor: null, editorial: false, summary: 'Arbetsgivaren ska dokumentera riskbedömningen skriftligt.' },
  { anchor: 'K3P4', label: '3 kap. 4 §', kind: 'repealed', fromAnchor: null, editorial: false, summary: 'Paragrafen upphävs.' },
];

/**
 * The notifier with a law-change summary model: law-catalog's events over
 * BullMQ, a stand-in compliance-workflow, real PostgreSQL, a real SMTP
 * server and an OpenAI-compatible chat server on loopback (the real
 * `@langchain/openai` client talks to it).
 */
function setup(name: string, env: Record<string, string | undefined>) {
  const smtp = new SmtpCatcher({ user: 'laglig', pass: 'hemligt' });
  const model = new OpenAIChatServer();
  const directory: Member[] = [];
  const ctx = { smtp, model, directory, h: undefined as unknown as NotifierHarness };

  beforeAll(async () => {
    await smtp.start();
    await model.start();
    ctx.h = await new NotifierHarness(name, {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Laglig <no-reply@laglig.test>',
      UNSUBSCRIBE_SECRET: SECRET,
      DIGEST_CRON: 'off',
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: API_KEY,
      ...env,
    }).start();
    await ctx.h.standInCompliance((asked) =>
      directory
        .filter((m) => asked.includes(m.sfs))
        .map(
          (m): Subscriber => ({
            userId: m.userId,
            email: m.email,
            displayName: m.displayName,
            workspaceId: m.workspaceId,
            workspaceName: m.workspaceName,
            lists: [{ listId: m.listId, listName: 'Arbetsmiljö', sfs: [m.sfs] }],
          }),
        ),
    );
  }, 60_000);

  afterAll(async () => {
    await ctx.h?.stop();
    await model.stop();
    await smtp.stop();
  });

  beforeEach(() => {
    directory.length = 0;
    model.reset();
    model.reply = SUMMARY;
  });

  return ctx;
}

describe('notifier: machine-written law-change summaries (SUMMARY_PROVIDER=openai)', () => {
  const ctx = setup('notifier-summary', { SUMMARY_PROVIDER: 'openai', SUMMARY_MODEL: 'test-model', SUMMARY_TIMEOUT_MS: '1000', SUMMARY_MAX_RETRIES: '1' });
  const h = () => ctx.h;

  const member = (name: string, sfs: string, workspaceName = 'Bygg & Söner AB'): Member => {
    const m = {
      userId: randomUUID(),
      email: `${name.toLowerCase()}.${randomUUID().slice(0, 8)}@example.se`,
      displayName: name,
      workspaceId: randomUUID(),
      workspaceName,
      listId: randomUUID(),
      sfs,
    };
    ctx.directory.push(m);
    return m;
  };

  async function publishChange(sfs: string, id = `law.changed.${randomUUID()}`) {
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
      changeId: randomUUID(),
      sections,
    };
    await h().lawCatalog.publish('law.changed', payload, { id });
    expect(await h().settled(id)).toBe('completed');
    return { id, payload };
  }

  /** The same event again, past the queue's de-duplication (as BullMQ would redeliver after a crash). */
  async function redeliver(id: string, payload: EventPayload<'law.changed'>) {
    await (await h().queue.getJob(id))?.remove();
    await h().lawCatalog.publish('law.changed', payload, { id });
    expect(await h().settled(id)).toBe('completed');
  }

  /** digests.start, then the run's status until it has completed. */
  async function runDigest() {
    const run = await h().runDigest();
    if (run.status !== 'completed') throw new Error(`digest run ${run.id} ended ${run.status}`);
    return run;
  }

  const received = async (email: string) => (await h().until(() => ctx.smtp.to(email), (m) => m.length >= 1))[0] as { text: string; html: string };
  const stored = async (sfs: string) =>
    (await h().ds.query(`SELECT ai_summary, ai_model, ai_summary_attempts FROM notifier.law_changes_inbox WHERE sfs = $1`, [sfs]))[0] as {
      ai_summary: string | null;
      ai_model: string | null;
      ai_summary_attempts: number;
    };
  const immediate = async (m: Member) => {
    const r = await h().rpc.call('notifier', 'preferences.set', { userId: m.userId, lists: [{ workspaceId: m.workspaceId, listId: m.listId, frequency: 'immediate' }] });
    expect(r.ok).toBe(true);
  };
  const summaryLine = `${AI_SUMMARY_LABEL} ${SUMMARY}`;

  it('asks once per change for a digest to two users, with only public facts of the change; a redelivered event asks nothing', async () => {
    const sfs = nextSfs();
    const anna = member('Anna', sfs);
    const bo = member('Bo', sfs, 'Andra AB');
    const { id, payload } = await publishChange(sfs);
    // Nobody is mailed at event time: nothing is asked yet (the summary is made when a mail needs it).
    expect(ctx.model.chatRequests).toHaveLength(0);
    await redeliver(id, payload);
    expect(ctx.model.chatRequests).toHaveLength(0);

    expect((await runDigest()).sent).toBe(2);
    const toAnna = await received(anna.email);
    const toBo = await received(bo.email);
    for (const mail of [toAnna, toBo]) {
      expect(mail.text).toContain(summaryLine);
      // Above the section lines, which stay.
      expect(mail.text.indexOf(summaryLine)).toBeLessThan(mail.text.indexOf('3 kap. 2 a § – Ny: Arbetsgivaren ska dokumentera'));
      expect(mail.html).toContain(`<strong>${AI_SUMMARY_LABEL}</strong>`);
    }
    expect(ctx.model.chatRequests).toHaveLength(1);
    const [request] = ctx.model.chatRequests;
    expect(request?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.body.model).toBe('test-model');
    const sent = JSON.stringify(request?.body.messages);
    expect(sent).toContain(`Författning: Lag (${sfs}) om arbetsmiljö`);
    expect(sent).toContain('Ändringsförfattning: SFS 2026:900');
    expect(sent).toContain('Ikraftträdande: 2027-07-01');
    expect(sent).toContain('- 3 kap. 2 a § (Ny): Arbetsgivaren ska dokumentera riskbedömningen skriftligt.');
    for (const personal of [anna.email, bo.email, anna.displayName, 'Bygg & Söner AB', 'Andra AB', anna.userId, anna.workspaceId, 'Arbetsmiljö']) {
      expect(sent).not.toContain(personal);
    }
    expect(await stored(sfs)).toEqual({ ai_summary: SUMMARY, ai_model: 'test-model', ai_summary_attempts: 1 });

    // A redelivery after the digest asks nothing either.
    await redeliver(id, payload);
    expect(ctx.model.chatRequests).toHaveLength(1);
  });

  it('asks at event time when somebody is mailed at once; the digest and a redelivered event reuse the stored summary', async () => {
    const sfs = nextSfs();
    const cecilia = member('Cecilia', sfs);
    const david = member('David', sfs);
    await immediate(cecilia);
    const { id, payload } = await publishChange(sfs);
    expect((await received(cecilia.email)).text).toContain(summaryLine);
    expect(ctx.model.chatRequests).toHaveLength(1);

    await redeliver(id, payload);
    expect((await runDigest()).sent).toBe(1);
    expect((await received(david.email)).text).toContain(summaryLine);
    expect(ctx.model.chatRequests).toHaveLength(1);
    expect(ctx.smtp.to(cecilia.email)).toHaveLength(1);
  });

  it('sends the digest without a summary when the model answers 500 (after its retries)', async () => {
    const sfs = nextSfs();
    const eva = member('Eva', sfs);
    const frans = member('Frans', sfs);
    ctx.model.fallback = { kind: 'status', status: 500 };
    await publishChange(sfs);
    expect((await runDigest()).sent).toBe(2);
    for (const m of [eva, frans]) {
      const mail = await received(m.email);
      expect(mail.text).not.toContain('Sammanfattning');
      expect(mail.text).toContain('3 kap. 2 a § – Ny: Arbetsgivaren ska dokumentera riskbedömningen skriftligt.');
    }
    // One attempt and SUMMARY_MAX_RETRIES=1 retry, once for both recipients.
    expect(ctx.model.chatRequests).toHaveLength(2);
    expect(await stored(sfs)).toEqual({ ai_summary: null, ai_model: null, ai_summary_attempts: 1 });
  });

  it('mails at once without a summary when the model does not answer in time (the event does not fail); a later digest asks once more', async () => {
    const sfs = nextSfs();
    const gustav = member('Gustav', sfs);
    const hanna = member('Hanna', sfs);
    await immediate(gustav);
    ctx.model.script({ kind: 'hang' });
    const { id, payload } = await publishChange(sfs);
    const job = await h().queue.getJob(id);
    // The handler ran once and did not fail (no BullMQ retry).
    expect(job?.attemptsStarted).toBe(1);
    expect(job?.failedReason).toBeFalsy();
    const toGustav = await received(gustav.email);
    expect(toGustav.text).not.toContain('Sammanfattning');
    expect(toGustav.text).toContain('3 kap. 4 § – Upphävd: Paragrafen upphävs.');
    expect(ctx.model.chatRequests).toHaveLength(1); // a timeout is not retried

    // A redelivered event does not ask again after a failure either.
    await redeliver(id, payload);
    expect(ctx.model.chatRequests).toHaveLength(1);

    // Later (the claim is older than a call can take), the digest asks once more — and gets it.
    await h().ds.query(`UPDATE notifier.law_changes_inbox SET ai_summary_attempted_at = now() - interval '1 hour' WHERE sfs = $1`, [sfs]);
    expect((await runDigest()).sent).toBe(1);
    expect((await received(hanna.email)).text).toContain(summaryLine);
    expect(ctx.model.chatRequests).toHaveLength(2);
    expect(await stored(sfs)).toMatchObject({ ai_summary: SUMMARY, ai_summary_attempts: 2 });
  });

  it('drops an unusable answer (a link) and does not ask again', async () => {
    const sfs = nextSfs();
    const ida = member('Ida', sfs);
    ctx.model.reply = 'Läs mer på https://exempel.se om de nya kraven.';
    await publishChange(sfs);
    expect((await runDigest()).sent).toBe(1);
    const mail = await received(ida.email);
    expect(mail.text).not.toContain('Sammanfattning');
    expect(mail.text).not.toContain('exempel.se');
    expect(ctx.model.chatRequests).toHaveLength(1);
    expect(await stored(sfs)).toMatchObject({ ai_summary: null, ai_summary_attempts: 2 });
  });

  it('asks nothing for a change with editorial edits only', async () => {
    const sfs = nextSfs();
    const jonas = member('Jonas', sfs);
    const id = `law.changed.${randomUUID()}`;
    await h().lawCatalog.publish(
      'law.changed',
      {
        sfs,
        title: `Lag (${sfs}) om arbetsmiljö`,
        previousVersionId: randomUUID(),
        versionId: randomUUID(),
        amendingSfs: '2026:901',
        inForce: '2027-07-01',
        added: [],
        modified: ['K1P1'],
        repealed: [],
        substantive: false,
        changeId: randomUUID(),
        sections: [sections[0] as SectionChange],
      },
      { id },
    );
    expect(await h().settled(id)).toBe('completed');
    expect((await runDigest()).sent).toBe(1);
    expect((await received(jonas.email)).text).toContain('1 kap. 1 § – Ändrad (Redaktionell)');
    expect(ctx.model.chatRequests).toHaveLength(0);
  });
});

describe('notifier: law-change mail without a summary model (SUMMARY_PROVIDER unset)', () => {
  const ctx = setup('notifier-summary-off', { SUMMARY_PROVIDER: undefined });

  it('never calls the chat server, even with OPENAI_BASE_URL and a key set', async () => {
    const sfs = nextSfs();
    const member = (name: string): Member => {
      const m = { userId: randomUUID(), email: `${name}.${randomUUID().slice(0, 8)}@example.se`, displayName: name, workspaceId: randomUUID(), workspaceName: 'AB', listId: randomUUID(), sfs };
      ctx.directory.push(m);
      return m;
    };
    const now = member('kim');
    const later = member('lo');
    const r = await ctx.h.rpc.call('notifier', 'preferences.set', { userId: now.userId, lists: [{ workspaceId: now.workspaceId, listId: now.listId, frequency: 'immediate' }] });
    expect(r.ok).toBe(true);
    const id = `law.changed.${randomUUID()}`;
    await ctx.h.lawCatalog.publish(
      'law.changed',
      {
        sfs,
        title: `Lag (${sfs}) om arbetsmiljö`,
        previousVersionId: randomUUID(),
        versionId: randomUUID(),
        amendingSfs: '2026:902',
        inForce: '2027-07-01',
        added: ['K3P2a'],
        modified: [],
        repealed: ['K3P4'],
        substantive: true,
        changeId: randomUUID(),
        sections,
      },
      { id },
    );
    expect(await ctx.h.settled(id)).toBe('completed');
    const digest = await ctx.h.runDigest();
    expect(digest).toMatchObject({ status: 'completed', sent: 1 });
    for (const m of [now, later]) {
      const [mail] = await ctx.h.until(() => ctx.smtp.to(m.email), (x) => x.length >= 1);
      expect(mail?.text).not.toContain('Sammanfattning');
      expect(mail?.text).toContain('3 kap. 2 a § – Ny: Arbetsgivaren ska dokumentera riskbedömningen skriftligt.');
    }
    expect(ctx.model.requests).toHaveLength(0);
    expect(await ctx.h.ds.query(`SELECT ai_summary, ai_summary_attempts FROM notifier.law_changes_inbox WHERE sfs = $1`, [sfs])).toEqual([{ ai_summary: null, ai_summary_attempts: 0 }]);
  });
});
