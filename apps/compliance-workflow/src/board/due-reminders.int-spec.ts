import { Queue } from 'bullmq';
import { workerRedis } from '@laglig/messaging';
import type { Actor, Card } from '@laglig/contracts';
import { OutboxRelay } from '../events/outbox';
import { ComplianceHarness } from '../testing/compliance-harness';
import { CARD_DUE_QUEUE, CARD_DUE_SCHEDULER_ID, DueReminders } from './due-reminders.service';

/**
 * card.due over the real outbox and the notifier's queue. The scan runs as of
 * a fixed instant: 2031-03-10T23:30Z is already 11 March in Stockholm (CET,
 * UTC+1), so "today" is the 11th and "tomorrow" the 12th although the UTC
 * date is still the 10th.
 */
type Seeded = Actor & { email: string; displayName: string };
/** The actor alone (the contract's actor is strict: { userId }), with the e-mail kept aside. */
const actorOf = async (seeded: Promise<Seeded>): Promise<Seeded> => {
  const u = await seeded;
  return Object.defineProperties({ userId: u.userId } as Seeded, {
    email: { value: u.email, enumerable: false },
    displayName: { value: u.displayName, enumerable: false },
  });
};

describe('due-date reminders', () => {
  const h = new ComplianceHarness('cw-card-due', { CARD_DUE_SCHEDULE_CRON: '15 * * * *' });
  const NOW = new Date('2031-03-10T23:30:00Z');
  let reminders: DueReminders;
  let outbox: OutboxRelay;
  let owner: Seeded;
  let member: Seeded;
  let ws: string;
  let todo: string;

  beforeAll(async () => {
    await h.start();
    reminders = h.app.get(DueReminders);
    outbox = h.app.get(OutboxRelay);
    owner = await actorOf(h.seedUser('Anna Andersson'));
    member = await actorOf(h.seedUser('Bo Ek'));
    ws = await h.seedWorkspace(owner, 'Påminnelsebolaget AB');
    await h.seedMember(ws, member, 'MEMBER');
    todo = (await h.ok('board.get', { actor: owner, workspaceId: ws })).columns[0]?.id as string;
  }, 60_000);
  afterAll(() => h.stop());

  const card = (title: string, fields: Record<string, unknown>): Promise<Card> =>
    h.ok('board.cards.create', { actor: owner, workspaceId: ws, columnId: todo, fields: { title, ...fields } });
  const dueEvents = async () => {
    await outbox.flush();
    return h.events('card.due');
  };

  it('registers one job scheduler on the cron pattern in Stockholm time', async () => {
    const queue = new Queue(CARD_DUE_QUEUE, { connection: workerRedis(h.connection.redis), prefix: h.connection.prefix });
    try {
      const scheduler = await queue.getJobScheduler(CARD_DUE_SCHEDULER_ID);
      expect(scheduler).toMatchObject({ pattern: '15 * * * *', tz: 'Europe/Stockholm' });
      expect(await queue.getJobSchedulersCount()).toBe(1);
    } finally {
      await queue.close();
    }
  });

  it('emits card.due once per card and due date, to assignees who are members, for cards due today or tomorrow', async () => {
    const today = await card('Idag', { dueDate: '2031-03-11', assigneeIds: [member.userId, owner.userId] });
    const tomorrow = await card('Imorgon', { dueDate: '2031-03-12', assigneeIds: [member.userId] });
    await card('Ingen ansvarig', { dueDate: '2031-03-11' });
    await card('Om tre dagar', { dueDate: '2031-03-14', assigneeIds: [member.userId] });
    await card('Igår', { dueDate: '2031-03-10', assigneeIds: [member.userId] });
    await card('Utan datum', { assigneeIds: [member.userId] });

    expect(await reminders.scan(NOW)).toEqual({ reminded: 2 });
    const events = await h.until(dueEvents, (e) => e.length >= 2);
    expect(events).toHaveLength(2);
    const byCard = new Map(events.map((e) => [e.payload.cardId, e]));
    expect(byCard.get(today.id)).toMatchObject({
      id: `card.due.${today.id}.2031-03-11`,
      producer: 'compliance-workflow',
      payload: {
        workspaceId: ws,
        workspaceName: 'Påminnelsebolaget AB',
        title: 'Idag',
        dueDate: '2031-03-11',
        assignees: [
          { userId: member.userId, email: member.email, displayName: 'Bo Ek' },
          { userId: owner.userId, email: owner.email, displayName: 'Anna Andersson' },
        ],
      },
    });
    expect(byCard.get(tomorrow.id)?.payload).toMatchObject({ dueDate: '2031-03-12', assignees: [{ userId: member.userId }] });

    // Again: nothing new.
    expect(await reminders.scan(NOW)).toEqual({ reminded: 0 });
    expect(await dueEvents()).toHaveLength(2);

    // A new due date is a new reminder; setting the old date back is not announced twice.
    const moved = await h.ok('board.cards.update', { actor: owner, workspaceId: ws, cardId: tomorrow.id, version: tomorrow.version, fields: { dueDate: '2031-03-11' } });
    expect(await reminders.scan(NOW)).toEqual({ reminded: 1 });
    await h.until(dueEvents, (e) => e.length >= 3);
    await h.ok('board.cards.update', { actor: owner, workspaceId: ws, cardId: tomorrow.id, version: moved.version, fields: { dueDate: '2031-03-12' } });
    expect(await reminders.scan(NOW)).toEqual({ reminded: 1 });
    const all = await dueEvents();
    expect(all.map((e) => e.id).sort()).toEqual(
      [`card.due.${today.id}.2031-03-11`, `card.due.${tomorrow.id}.2031-03-11`, `card.due.${tomorrow.id}.2031-03-12`].sort(),
    );
    // Other edits do not clear the mark.
    const fresh = (await h.ok('board.get', { actor: owner, workspaceId: ws })).cards.find((c) => c.id === today.id) as Card;
    await h.ok('board.cards.update', { actor: owner, workspaceId: ws, cardId: today.id, version: fresh.version, fields: { title: 'Idag (ändrad)' } });
    expect(await reminders.scan(NOW)).toEqual({ reminded: 0 });
  });

  it('leaves cards whose assignees are no longer members for later', async () => {
    const leaver = await h.seedUser('Slutat');
    await h.seedMember(ws, leaver, 'MEMBER');
    const c = await card('Lämnad', { dueDate: '2031-03-12', assigneeIds: [leaver.userId] });
    await h.ds.query(`DELETE FROM compliance.memberships WHERE workspace_id = $1 AND user_id = $2`, [ws, leaver.userId]);
    expect(await reminders.scan(NOW)).toEqual({ reminded: 0 });
    expect((await dueEvents()).some((e) => e.payload.cardId === c.id)).toBe(false);
    const rows: Array<{ due_reminded_at: Date | null }> = await h.ds.query(`SELECT due_reminded_at FROM compliance.board_cards WHERE id = $1`, [c.id]);
    expect(rows[0]?.due_reminded_at).toBeNull();
  });
});
