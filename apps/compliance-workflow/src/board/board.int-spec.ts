import Redis from 'ioredis';
import { ErrorCode, realtimeChannel, RealtimeEventSchema, type Actor, type Board, type Card, type RealtimeEvent } from '@laglig/contracts';
import { ComplianceHarness } from '../testing/compliance-harness';
import { DEFAULT_COLUMNS } from './board.service';

type Seeded = Actor & { email: string; displayName: string };
/** The actor alone (the contract's actor is strict: { userId }). */
const actorOf = async (seeded: Promise<Seeded>): Promise<Seeded> => {
  const u = await seeded;
  return Object.defineProperties({ userId: u.userId } as Seeded, {
    email: { value: u.email, enumerable: false },
    displayName: { value: u.displayName, enumerable: false },
  });
};

/**
 * The board over real request/reply (BullMQ), PostgreSQL and Redis: default
 * columns, fractional ordering under concurrent moves, optimistic
 * concurrency, the activity log, mentions, roles and real-time fan-out.
 */
describe('board', () => {
  const h = new ComplianceHarness('cw-board');
  let owner: Seeded;
  let member: Seeded;
  let auditor: Seeded;
  let stranger: Seeded;
  let ws: string;

  beforeAll(async () => {
    await h.start();
    owner = await actorOf(h.seedUser('Anna Andersson'));
    member = await actorOf(h.seedUser('Bo Ek'));
    auditor = await actorOf(h.seedUser('Revisor Rut'));
    stranger = await actorOf(h.seedUser('Främling'));
    ws = await h.seedWorkspace(owner);
    await h.seedMember(ws, member, 'MEMBER');
    await h.seedMember(ws, auditor, 'AUDITOR');
  }, 60_000);
  afterAll(() => h.stop());

  const board = (actor: Actor = owner, workspaceId = ws): Promise<Board> => h.ok('board.get', { actor, workspaceId });
  const column = async (name: string, workspaceId = ws): Promise<string> => {
    const b = await board(owner, workspaceId);
    const c = b.columns.find((x) => x.name === name);
    if (!c) throw new Error(`no column ${name}`);
    return c.id;
  };
  const card = (columnId: string, title: string, actor: Actor = owner, fields: Record<string, unknown> = {}): Promise<Card> =>
    h.ok('board.cards.create', { actor, workspaceId: ws, columnId, fields: { title, ...fields } });
  const titlesIn = (b: Board, columnId: string): string[] => b.cards.filter((c) => c.columnId === columnId).map((c) => c.title);

  /** Cards of each column must be in strictly increasing byte order of their keys (what the unique index and COLLATE "C" promise). */
  const expectConsistent = (b: Board): void => {
    for (const col of b.columns) {
      const keys = b.cards.filter((c) => c.columnId === col.id).map((c) => c.position);
      for (let i = 1; i < keys.length; i++) expect((keys[i - 1] as string) < (keys[i] as string)).toBe(true);
    }
    expect(new Set(b.cards.map((c) => c.id)).size).toBe(b.cards.length);
  };

  it('creates the default columns once, also when many clients open a new board at the same time', async () => {
    const other = await h.seedWorkspace(owner, 'Parallellbolaget AB');
    const boards = await Promise.all(Array.from({ length: 8 }, () => board(owner, other)));
    for (const b of boards) expect(b.columns.map((c) => c.name)).toEqual([...DEFAULT_COLUMNS]);
    expect(new Set(boards.flatMap((b) => b.columns.map((c) => c.id))).size).toBe(3);
    const rows: Array<{ n: number }> = await h.ds.query(`SELECT count(*)::int AS n FROM compliance.board_columns WHERE workspace_id = $1`, [other]);
    expect(rows[0]?.n).toBe(3);
    expect((await board(owner, other)).columns.map((c) => c.id)).toEqual(boards[0]?.columns.map((c) => c.id));
  });

  it('creates cards at the end of a column and moves them within and between columns', async () => {
    const todo = await column('Att göra');
    const doing = await column('Pågår');
    const a = await card(todo, 'Riskbedömning');
    const b = await card(todo, 'Skyddsrond');
    const c = await card(todo, 'Brandövning');
    expect(titlesIn(await board(), todo)).toEqual(['Riskbedömning', 'Skyddsrond', 'Brandövning']);

    // Within: Brandövning first.
    const moved = await h.ok('board.cards.move', { actor: owner, workspaceId: ws, cardId: c.id, columnId: todo, afterCardId: null, beforeCardId: a.id, version: c.version });
    expect(moved.version).toBe(c.version + 1);
    expect(titlesIn(await board(), todo)).toEqual(['Brandövning', 'Riskbedömning', 'Skyddsrond']);

    // Between: Skyddsrond to the empty "Pågår", then Riskbedömning after it.
    await h.ok('board.cards.move', { actor: member, workspaceId: ws, cardId: b.id, columnId: doing, afterCardId: null, beforeCardId: null });
    const r = await h.ok('board.cards.move', { actor: member, workspaceId: ws, cardId: a.id, columnId: doing, afterCardId: b.id, beforeCardId: null });
    expect(r.columnId).toBe(doing);
    const after = await board();
    expect(titlesIn(after, todo)).toEqual(['Brandövning']);
    expect(titlesIn(after, doing)).toEqual(['Skyddsrond', 'Riskbedömning']);
    expectConsistent(after);

    // A move to where the card already is changes nothing.
    const same = await h.ok('board.cards.move', { actor: owner, workspaceId: ws, cardId: a.id, columnId: doing, afterCardId: b.id, beforeCardId: null });
    expect(same.version).toBe(r.version);
    expect(same.position).toBe(r.position);
  });

  it('validates the neighbours of a move', async () => {
    const todo = await column('Att göra');
    const done = await column('Klart');
    const x = await card(todo, 'X');
    const y = await card(todo, 'Y');
    const z = await card(done, 'Z');
    const move = (input: { afterCardId?: string | null; beforeCardId?: string | null; columnId?: string }) =>
      h.call('board.cards.move', { actor: owner, workspaceId: ws, cardId: z.id, columnId: input.columnId ?? todo, afterCardId: input.afterCardId ?? null, beforeCardId: input.beforeCardId ?? null });
    expect(await move({ afterCardId: z.id, columnId: done })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    // y comes after x: (after y, before x) is the wrong way round.
    expect(await move({ afterCardId: y.id, beforeCardId: x.id })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    // A neighbour in another column.
    const w = await card(done, 'W');
    expect(await move({ afterCardId: w.id })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    expect(await move({ afterCardId: '00000000-0000-4000-8000-000000000001' })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await move({ columnId: '00000000-0000-4000-8000-000000000002' })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    // A stale client: it saw x and y adjacent, someone put a card between them since. The card lands right after x.
    const between = await card(done, 'Mellan');
    await h.ok('board.cards.move', { actor: owner, workspaceId: ws, cardId: between.id, columnId: todo, afterCardId: x.id, beforeCardId: y.id });
    await h.ok('board.cards.move', { actor: owner, workspaceId: ws, cardId: z.id, columnId: todo, afterCardId: x.id, beforeCardId: y.id });
    const b = await board();
    const order = titlesIn(b, todo);
    expect(order.slice(order.indexOf('X'), order.indexOf('X') + 4)).toEqual(['X', 'Z', 'Mellan', 'Y']);
    expectConsistent(b);
  });

  it('keeps a consistent order with distinct keys when two clients move many cards at once', async () => {
    const lane = (await h.ok('board.columns.create', { actor: owner, workspaceId: ws, name: 'Samtidigt', afterColumnId: null })).id;
    const source = (await h.ok('board.columns.create', { actor: owner, workspaceId: ws, name: 'Källa', afterColumnId: null })).id;
    const left = await card(lane, 'Vänster');
    const right = await card(lane, 'Höger');
    const movers = await Promise.all(Array.from({ length: 16 }, (_, i) => card(source, `Kort ${i}`)));

    // Client 1 (owner) and client 2 (member) both drop cards into the same gap, and some at the ends.
    const results = await Promise.all(
      movers.map((m, i) =>
        h.call('board.cards.move', {
          actor: i % 2 === 0 ? owner : member,
          workspaceId: ws,
          cardId: m.id,
          columnId: lane,
          afterCardId: i % 4 === 3 ? right.id : left.id,
          beforeCardId: i % 4 === 3 ? null : right.id,
        }),
      ),
    );
    for (const r of results) expect(r.ok).toBe(true);
    const b = await board();
    expectConsistent(b);
    const laneCards = b.cards.filter((c) => c.columnId === lane);
    expect(laneCards).toHaveLength(18);
    expect(new Set(laneCards.map((c) => c.position)).size).toBe(18);
    const order = laneCards.map((c) => c.title);
    expect(order[0]).toBe('Vänster');
    const rightAt = order.indexOf('Höger');
    // Twelve went into the gap, four after "Höger".
    expect(rightAt).toBe(13);
    expect(order.slice(1, rightAt).every((t) => movers.slice(0).some((m, i) => m.title === t && i % 4 !== 3))).toBe(true);
    expect(order.slice(rightAt + 1).every((t) => movers.some((m, i) => m.title === t && i % 4 === 3))).toBe(true);
    expect(titlesIn(b, source)).toEqual([]);

    // Shuffle inside one column concurrently: still distinct keys, every card once.
    const shuffled = await Promise.all(
      laneCards.slice(1, 9).map((c, i) =>
        h.call('board.cards.move', { actor: i % 2 ? owner : member, workspaceId: ws, cardId: c.id, columnId: lane, afterCardId: null, beforeCardId: left.id }),
      ),
    );
    for (const r of shuffled) expect(r.ok).toBe(true);
    const again = await board();
    expectConsistent(again);
    expect(again.cards.filter((c) => c.columnId === lane)).toHaveLength(18);
    // The database agrees: no two cards of a column share a key.
    const dupes: unknown[] = await h.ds.query(
      `SELECT column_id, position FROM compliance.board_cards WHERE workspace_id = $1 GROUP BY 1, 2 HAVING count(*) > 1`,
      [ws],
    );
    expect(dupes).toEqual([]);
  });

  it('refuses a stale edit with the fresh card and logs field-level changes', async () => {
    const todo = await column('Att göra');
    const c = await card(todo, 'Uppdatera kemikalieförteckning', owner, { labels: ['kemikalier'], lawRef: '2008:245' });
    const first = await h.ok('board.cards.update', {
      actor: owner,
      workspaceId: ws,
      cardId: c.id,
      version: c.version,
      fields: { title: 'Uppdatera kemikalieförteckningen', dueDate: '2031-05-01', assigneeIds: [member.userId], checklist: [{ id: 'a', text: 'Inventera förrådet', done: false }] },
    });
    expect(first.version).toBe(c.version + 1);
    expect(first.assigneeIds).toEqual([member.userId]);

    const stale = await h.call('board.cards.update', { actor: member, workspaceId: ws, cardId: c.id, version: c.version, fields: { title: 'Min version' } });
    expect(stale).toMatchObject({ ok: false, code: ErrorCode.CONFLICT });
    expect(!stale.ok && (stale.details as { current: Card }).current).toMatchObject({ id: c.id, version: first.version, title: 'Uppdatera kemikalieförteckningen' });
    const staleMove = await h.call('board.cards.move', { actor: member, workspaceId: ws, cardId: c.id, version: c.version, columnId: todo, afterCardId: null, beforeCardId: null });
    expect(staleMove).toMatchObject({ ok: false, code: ErrorCode.CONFLICT, details: { current: { version: first.version } } });

    const log = await h.ok('activity.list', { actor: auditor, workspaceId: ws, entityType: 'card', entityId: c.id, limit: 10 });
    expect(log.items.map((e) => e.action)).toEqual(['updated', 'created']);
    const updated = log.items[0];
    expect(updated).toMatchObject({ actorId: owner.userId, actorName: 'Anna Andersson', entityType: 'card', summary: 'Uppdatera kemikalieförteckningen' });
    expect(updated?.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', from: 'Uppdatera kemikalieförteckning', to: 'Uppdatera kemikalieförteckningen' },
        { field: 'dueDate', from: null, to: '2031-05-01' },
        { field: 'assigneeIds', from: [], to: [member.userId] },
        { field: 'checklist', from: [], to: [{ id: 'a', text: 'Inventera förrådet', done: false }] },
      ]),
    );
    expect(updated?.changes.map((ch) => ch.field)).not.toContain('labels');
    expect(log.items[1]?.changes).toEqual(expect.arrayContaining([{ field: 'lawRef', from: null, to: '2008:245' }, { field: 'column', from: null, to: 'Att göra' }]));

    // Moves log column and position, old → new.
    const done = await column('Klart');
    await h.ok('board.cards.move', { actor: member, workspaceId: ws, cardId: c.id, columnId: done, afterCardId: null, beforeCardId: null, version: first.version });
    const moves = await h.ok('activity.list', { actor: owner, workspaceId: ws, entityType: 'card', entityId: c.id, limit: 1 });
    expect(moves.items[0]).toMatchObject({ action: 'moved', actorId: member.userId });
    expect(moves.items[0]?.changes).toEqual(
      expect.arrayContaining([{ field: 'column', from: 'Att göra', to: 'Klart' }, { field: 'position', from: first.position, to: expect.any(String) }]),
    );
    expect(moves.nextCursor).not.toBeNull();

    // Deleted cards leave their last state in the log.
    await h.ok('board.cards.delete', { actor: owner, workspaceId: ws, cardId: c.id });
    const del = await h.ok('activity.list', { actor: auditor, workspaceId: ws, entityType: 'card', entityId: c.id, limit: 1 });
    expect(del.items[0]).toMatchObject({ action: 'deleted', summary: 'Uppdatera kemikalieförteckningen' });
    expect(del.items[0]?.changes).toEqual(expect.arrayContaining([{ field: 'title', from: 'Uppdatera kemikalieförteckningen', to: '' }]));
    expect(await h.call('board.cards.update', { actor: owner, workspaceId: ws, cardId: c.id, version: 99, fields: {} })).toMatchObject({ code: ErrorCode.NOT_FOUND });
  });

  it('checks assignees, requirement links and checklist ids', async () => {
    const todo = await column('Att göra');
    expect(await h.call('board.cards.create', { actor: owner, workspaceId: ws, columnId: todo, fields: { title: 'T', assigneeIds: [stranger.userId] } })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
      details: { issues: [{ path: 'fields.assigneeIds' }] },
    });
    expect(
      await h.call('board.cards.create', { actor: owner, workspaceId: ws, columnId: todo, fields: { title: 'T', requirementId: '00000000-0000-4000-8000-000000000003' } }),
    ).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT, details: { issues: [{ path: 'fields.requirementId' }] } });
    expect(
      await h.call('board.cards.create', {
        actor: owner,
        workspaceId: ws,
        columnId: todo,
        fields: { title: 'T', checklist: [{ id: 'a', text: 'Ett', done: false }, { id: 'a', text: 'Två', done: true }] },
      }),
    ).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    expect(await h.call('board.cards.create', { actor: owner, workspaceId: ws, columnId: todo, fields: { title: 'T', lawRef: 'lag 1977' } })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
    });
    const ok = await card(todo, 'Dubbletter', owner, { assigneeIds: [member.userId, member.userId, auditor.userId], labels: ['a', 'a', 'b'], lawRef: 'AFS 2023:1' });
    expect(ok).toMatchObject({ assigneeIds: [member.userId, auditor.userId], labels: ['a', 'b'], lawRef: 'AFS 2023:1' });
  });

  it('links a card to a requirement of the same workspace only', async () => {
    const list = await h.ok('lists.create', { actor: owner, workspaceId: ws, name: 'Tavlans lista', generate: false });
    const item = await h.ok('lists.items.add', { actor: owner, workspaceId: ws, listId: list.id, ref: '1977:1160', reason: 'Vi har anställda' });
    const requirement = await h.ok('requirements.create', { actor: owner, workspaceId: ws, itemId: item.id, title: 'Systematiskt arbetsmiljöarbete', anchor: 'K3P2a' });
    const todo = await column('Att göra');
    const linked = await card(todo, 'Bedöm riskerna', owner, { requirementId: requirement.id, lawRef: '1977:1160' });
    expect(linked).toMatchObject({ requirementId: requirement.id, lawRef: '1977:1160' });

    const theirs = await h.seedWorkspace(stranger, 'Länkbolaget AB');
    const theirTodo = (await board(stranger, theirs)).columns[0]?.id as string;
    expect(
      await h.call('board.cards.create', { actor: stranger, workspaceId: theirs, columnId: theirTodo, fields: { title: 'Lånat krav', requirementId: requirement.id } }),
    ).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT, details: { issues: [{ path: 'fields.requirementId' }] } });
  });

  it('resolves @mentions by display name and e-mail and counts comments', async () => {
    const todo = await column('Att göra');
    const c = await card(todo, 'Skyddsombud');
    const comment = await h.ok('board.comments.add', {
      actor: owner,
      workspaceId: ws,
      cardId: c.id,
      body: `@Bo Ek kan du kolla 6 kap. 2 § med @${auditor.email}? Mejla inte främling@example.se, och @Främling är inte medlem.`,
    });
    expect(comment).toMatchObject({ authorId: owner.userId, authorName: 'Anna Andersson', cardId: c.id });
    expect(comment.mentions).toEqual([member.userId, auditor.userId]);
    const list = await h.ok('board.comments.list', { actor: auditor, workspaceId: ws, cardId: c.id });
    expect(list.items).toEqual([comment]);
    const b = await board();
    expect(b.cards.find((x) => x.id === c.id)?.commentCount).toBe(1);
    const log = await h.ok('activity.list', { actor: owner, workspaceId: ws, entityType: 'comment', entityId: comment.id, limit: 5 });
    expect(log.items[0]).toMatchObject({ action: 'added', summary: 'Skyddsombud' });
  });

  it('edits columns: order, names, and no deleting a column that holds cards', async () => {
    const before = await board();
    const created = await h.ok('board.columns.create', { actor: member, workspaceId: ws, name: 'Granskas', afterColumnId: before.columns.find((c) => c.name === 'Pågår')?.id ?? null });
    let names = (await board()).columns.map((c) => c.name);
    expect(names.indexOf('Granskas')).toBe(names.indexOf('Pågår') + 1);
    // null appends a new column.
    await h.ok('board.columns.create', { actor: member, workspaceId: ws, name: 'Arkiv', afterColumnId: null });
    names = (await board()).columns.map((c) => c.name);
    expect(names.at(-1)).toBe('Arkiv');
    expect(await h.call('board.columns.create', { actor: member, workspaceId: ws, name: 'klart', afterColumnId: null })).toMatchObject({ code: ErrorCode.CONFLICT });

    // Moving with afterColumnId null puts it first; renaming keeps the place.
    await h.ok('board.columns.update', { actor: member, workspaceId: ws, columnId: created.id, afterColumnId: null });
    expect((await board()).columns[0]?.name).toBe('Granskas');
    const renamed = await h.ok('board.columns.update', { actor: member, workspaceId: ws, columnId: created.id, name: 'Granskning' });
    expect((await board()).columns[0]).toEqual(renamed);

    const todo = await column('Att göra');
    expect(await h.call('board.columns.delete', { actor: owner, workspaceId: ws, columnId: todo })).toMatchObject({ ok: false, code: ErrorCode.CONFLICT });
    expect(await h.ok('board.columns.delete', { actor: owner, workspaceId: ws, columnId: created.id })).toEqual({ removed: true });
    expect((await board()).columns.map((c) => c.id)).not.toContain(created.id);
    const log = await h.ok('activity.list', { actor: owner, workspaceId: ws, entityType: 'column', entityId: created.id, limit: 10 });
    expect(log.items.map((e) => e.action)).toEqual(['deleted', 'updated', 'moved', 'created']);
    expect(log.items[1]?.changes).toEqual([{ field: 'name', from: 'Granskas', to: 'Granskning' }]);
  });

  it('lets auditors read but not write, refuses non-members, and hides other workspaces', async () => {
    const todo = await column('Att göra');
    const c = await card(todo, 'Intern');
    expect((await board(auditor)).cards.some((x) => x.id === c.id)).toBe(true);
    expect(await h.call('board.cards.create', { actor: auditor, workspaceId: ws, columnId: todo, fields: { title: 'Nej' } })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.call('board.comments.add', { actor: auditor, workspaceId: ws, cardId: c.id, body: 'Hej' })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.call('board.cards.move', { actor: auditor, workspaceId: ws, cardId: c.id, columnId: todo, afterCardId: null, beforeCardId: null })).toMatchObject({
      code: ErrorCode.FORBIDDEN,
    });
    expect(await h.call('board.columns.delete', { actor: auditor, workspaceId: ws, columnId: todo })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.call('activity.list', { actor: auditor, workspaceId: ws, limit: 5 })).toMatchObject({ ok: true });

    expect(await h.call('board.get', { actor: stranger, workspaceId: ws })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.call('activity.list', { actor: stranger, workspaceId: ws, limit: 5 })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.call('board.get', { actor: owner, workspaceId: '00000000-0000-4000-8000-000000000009' })).toMatchObject({ code: ErrorCode.NOT_FOUND });

    // The stranger's own workspace: our card and column are "not found" there.
    const theirs = await h.seedWorkspace(stranger, 'Främlingen AB');
    const theirTodo = (await board(stranger, theirs)).columns[0]?.id as string;
    const foreign = { actor: stranger, workspaceId: theirs };
    expect(await h.call('board.cards.update', { ...foreign, cardId: c.id, version: c.version, fields: { title: 'Kapat' } })).toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await h.call('board.cards.move', { ...foreign, cardId: c.id, columnId: theirTodo, afterCardId: null, beforeCardId: null })).toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await h.call('board.cards.delete', { ...foreign, cardId: c.id })).toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await h.call('board.comments.list', { ...foreign, cardId: c.id })).toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await h.call('board.comments.add', { ...foreign, cardId: c.id, body: 'Hej' })).toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await h.call('board.cards.create', { ...foreign, columnId: todo, fields: { title: 'In i deras' } })).toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await h.call('board.columns.update', { ...foreign, columnId: todo, name: 'Kapad' })).toMatchObject({ code: ErrorCode.NOT_FOUND });
    // Our card into their column (as us): their column is not found in our workspace.
    expect(await h.call('board.cards.move', { actor: owner, workspaceId: ws, cardId: c.id, columnId: theirTodo, afterCardId: null, beforeCardId: null })).toMatchObject({
      code: ErrorCode.NOT_FOUND,
    });
    const theirLog = await h.ok('activity.list', { ...foreign, limit: 100 });
    expect(theirLog.items.some((e) => e.entityId === c.id)).toBe(false);
    expect(JSON.stringify(await board(stranger, theirs))).not.toContain(c.id);
  });

  it('publishes committed changes on the workspace channel', async () => {
    const sub = new Redis(h.connection.redis);
    const received: RealtimeEvent[] = [];
    try {
      await sub.subscribe(realtimeChannel(h.connection.prefix, ws));
      sub.on('message', (_channel, message: string) => received.push(RealtimeEventSchema.parse(JSON.parse(message))));
      const todo = await column('Att göra');
      const done = await column('Klart');
      const c = await card(todo, 'Realtid', member);
      const moved = await h.ok('board.cards.move', { actor: member, workspaceId: ws, cardId: c.id, columnId: done, afterCardId: null, beforeCardId: null });
      await h.ok('board.comments.add', { actor: owner, workspaceId: ws, cardId: c.id, body: 'Snyggt' });
      await h.ok('board.cards.delete', { actor: owner, workspaceId: ws, cardId: c.id });
      const events = await h.until(
        async () => received.filter((e) => JSON.stringify(e.data).includes(c.id)),
        (e) => e.length >= 4,
      );
      expect(events.map((e) => e.type)).toEqual(['card.created', 'card.moved', 'comment.added', 'card.deleted']);
      expect(events[1]).toMatchObject({ workspaceId: ws, actorId: member.userId, data: moved });
      expect(events[3]?.data).toEqual({ id: c.id });
      // A refused change publishes nothing.
      await h.call('board.cards.update', { actor: auditor, workspaceId: ws, cardId: c.id, version: 1, fields: { title: 'x' } });
      await new Promise((r) => setTimeout(r, 200));
      expect(received.filter((e) => JSON.stringify(e.data).includes(c.id))).toHaveLength(4);
    } finally {
      sub.disconnect();
    }
  });
});
