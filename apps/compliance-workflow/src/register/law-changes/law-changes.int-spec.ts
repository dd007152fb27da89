import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { EventBus } from '@laglig/messaging';
import {
  ErrorCode,
  realtimeChannel,
  RealtimeEventSchema,
  type Actor,
  type EventPayload,
  type MethodInput,
  type RealtimeEvent,
  type Requirement,
  type SectionChange,
  type WorkspaceChange,
} from '@laglig/contracts';
import { ComplianceHarness } from '../../testing/compliance-harness';
import { stockholmToday } from '../register.read-model';
import { LawChangesService, type LawChangeEvent } from './law-changes.service';

const AML = '1977:1160';
const AML_TITLE = 'Arbetsmiljölag (1977:1160)';

const section = (over: Partial<SectionChange> & Pick<SectionChange, 'anchor' | 'label' | 'kind'>): SectionChange => ({
  fromAnchor: null,
  editorial: false,
  summary: '',
  ...over,
});

/**
 * law.changed / law.repealed from the catalog, applied to every workspace's
 * register: requirements of the changed sections get "Behöver omprövas" (their
 * assessment stays), each workspace gets a change record (the feed), a board
 * card and a requirements.flagged event, once per event; kvittens, filters,
 * roles and the notifier's subscriber lookup.
 */
describe('law changes in the register', () => {
  const h = new ComplianceHarness('cw-law-changes');
  let bus: EventBus;

  beforeAll(async () => {
    await h.start();
    bus = new EventBus('law-catalog', h.connection);
  }, 60_000);
  afterAll(async () => {
    await bus?.close();
    await h.stop();
  });

  interface Ws {
    owner: Actor;
    workspaceId: string;
    listId: string;
    requirements: Requirement[];
  }

  /** A workspace with a generated list (a construction firm: arbetsmiljölagen with its suggested requirements). */
  async function register(name: string): Promise<Ws> {
    const owner = { userId: (await h.seedUser(`Ägare ${name}`)).userId };
    const workspaceId = await h.seedWorkspace(owner, name);
    await h.ok('profile.set', {
      actor: owner,
      workspaceId,
      profile: { name, orgNumber: '556012-5790', sniCodes: ['41.200'], employees: 25, screening: { chemicals: true } },
    });
    const list = await h.ok('lists.create', { actor: owner, workspaceId, name: 'Laglista', generate: true });
    const { items } = await h.ok('requirements.list', { actor: owner, workspaceId, filter: { ref: AML }, limit: 200 });
    return { owner, workspaceId, listId: list.id, requirements: items };
  }

  const at = (ws: Ws, anchor: string): Requirement => {
    const r = ws.requirements.find((x) => x.anchor === anchor);
    if (!r) throw new Error(`no requirement at ${anchor}`);
    return r;
  };

  async function assess(ws: Ws, r: Requirement, status: 'UPPFYLLD' | 'DELVIS' = 'UPPFYLLD'): Promise<Requirement> {
    const fresh = await get(ws, r.id);
    return h.ok('requirements.update', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: r.id, version: fresh.version, patch: { status } });
  }

  const get = (ws: Ws, id: string) => h.ok('requirements.get', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: id });
  const feed = (ws: Ws, filter: MethodInput<'compliance-workflow', 'changes.feed'>['filter'] = {}, actor: Actor = ws.owner) =>
    h.ok('changes.feed', { actor, workspaceId: ws.workspaceId, filter, limit: 50 });
  /** The workspace's record of one law event (waits until the consumer has applied it). */
  const recordOf = async (ws: Ws, changeId: string): Promise<WorkspaceChange> =>
    (await h.until(() => feed(ws), (p) => p.items.some((c) => c.changeId === changeId))).items.find((c) => c.changeId === changeId) as WorkspaceChange;
  const cards = async (ws: Ws) => (await h.ok('board.get', { actor: ws.owner, workspaceId: ws.workspaceId })).cards;
  const flaggedEvents = async (workspaceChangeId: string) =>
    (await h.events('requirements.flagged')).filter((e) => e.payload.workspaceChangeId === workspaceChangeId);

  const changed = (sections: SectionChange[], over: Partial<EventPayload<'law.changed'>> = {}): EventPayload<'law.changed'> => ({
    sfs: AML,
    title: AML_TITLE,
    previousVersionId: randomUUID(),
    versionId: randomUUID(),
    amendingSfs: '2026:1001',
    inForce: '2027-01-01',
    added: sections.filter((s) => s.kind === 'added').map((s) => s.anchor),
    modified: sections.filter((s) => s.kind === 'modified').map((s) => s.anchor),
    repealed: sections.filter((s) => s.kind === 'repealed').map((s) => s.anchor),
    substantive: true,
    changeId: randomUUID(),
    sections,
    ...over,
  });

  it('flags the requirements of the changed sections only, keeps their status, and records the change with a card and an event', async () => {
    const a = await register('Bygg A AB');
    const b = await register('Bygg B AB');
    const other = await register('Bygg Utan AML AB');
    for (const ws of [a, b, other]) {
      await assess(ws, at(ws, 'K3P2a'));
      await assess(ws, at(ws, 'K3P3'), 'DELVIS');
    }
    const amlItem = (await h.ok('lists.get', { actor: other.owner, workspaceId: other.workspaceId, listId: other.listId })).items.find((i) => i.ref === AML);
    await h.ok('lists.items.remove', { actor: other.owner, workspaceId: other.workspaceId, listId: other.listId, itemId: (amlItem as { id: string }).id, reason: 'Hanteras av koncernen.' });
    const before = await get(a, at(a, 'K3P2a').id);

    const sub = new Redis(h.connection.redis);
    const received: RealtimeEvent[] = [];
    await sub.subscribe(realtimeChannel(h.connection.prefix, a.workspaceId));
    sub.on('message', (_channel, message: string) => received.push(RealtimeEventSchema.parse(JSON.parse(message))));
    try {
      const payload = changed([
        section({ anchor: 'K3P2a', label: '3 kap. 2 a §', kind: 'modified', summary: 'Kravet på skriftlig dokumentation skärps.' }),
        // Editorial only (punctuation): not a reason to re-assess.
        section({ anchor: 'K3P3', label: '3 kap. 3 §', kind: 'modified', editorial: true }),
      ]);
      await bus.publish('law.changed', payload, { id: 'law.changed.test-sections' });
      const changeId = payload.changeId as string;

      for (const ws of [a, b]) {
        const record = await recordOf(ws, changeId);
        const target = await get(ws, at(ws, 'K3P2a').id);
        expect(target.status).toBe('UPPFYLLD');
        expect(target.reviewFlag).toEqual({
          workspaceChangeId: record.id,
          changeId,
          sfs: AML,
          amendingSfs: '2026:1001',
          kind: 'amended',
          inForce: '2027-01-01',
          sections: ['ändr. 3 kap. 2 a §'],
          at: record.receivedAt,
        });
        const untouched = await get(ws, at(ws, 'K3P3').id);
        expect(untouched).toMatchObject({ status: 'DELVIS', reviewFlag: null });
        expect(record).toMatchObject({
          workspaceId: ws.workspaceId,
          sfs: AML,
          title: AML_TITLE,
          kind: 'amended',
          amendingSfs: '2026:1001',
          inForce: '2027-01-01',
          substantive: true,
          lists: [{ id: ws.listId, name: 'Laglista' }],
          flaggedRequirements: [{ id: target.id, title: 'Systematiskt arbetsmiljöarbete', anchor: 'K3P2a', url: `/app/${ws.workspaceId}/krav/${target.id}` }],
          acknowledgedAt: null,
          acknowledgedBy: null,
          diffUrl: `/lagar/${AML}/andringar/${changeId}`,
        });
        expect(record.sections).toHaveLength(2);

        const log = await h.ok('activity.list', { actor: ws.owner, workspaceId: ws.workspaceId, entityType: 'requirement', entityId: target.id, limit: 10 });
        expect(log.items[0]).toMatchObject({ action: 'flagged', actorId: null, actorName: 'Lagändring', changes: [{ field: 'reviewFlag', from: null, to: 'Behöver omprövas' }] });
        expect(log.items[0]?.summary).toContain('SFS 2026:1001');

        // The card: first column, titled after the change, linked to the one requirement.
        const board = await h.ok('board.get', { actor: ws.owner, workspaceId: ws.workspaceId });
        const card = board.cards.find((c) => c.id === record.cardId);
        expect(card).toMatchObject({
          columnId: board.columns[0]?.id,
          title: 'Lagändring: Arbetsmiljölag (1977:1160) – ändr. 3 kap. 2 a §',
          lawRef: AML,
          requirementId: target.id,
          labels: ['Lagändring'],
          createdBy: null,
        });
        expect(board.columns[0]?.name).toBe('Att göra');
        expect(card?.description).toContain(`/lagar/${AML}/andringar/${changeId}`);
        expect(card?.description).toContain(`/app/${ws.workspaceId}/krav/${target.id}`);
        expect(card?.description).toContain('Ikraftträdande: 2027-01-01');
        expect(card?.description).toContain('Kravet på skriftlig dokumentation skärps.');

        const events = await h.until(() => flaggedEvents(record.id), (e) => e.length === 1);
        expect(events[0]?.payload).toEqual({
          workspaceId: ws.workspaceId,
          workspaceChangeId: record.id,
          changeId,
          sfs: AML,
          title: AML_TITLE,
          listIds: [ws.listId],
          requirements: [{ id: target.id, title: 'Systematiskt arbetsmiljöarbete', anchor: 'K3P2a', url: `/app/${ws.workspaceId}/krav/${target.id}` }],
          cardId: record.cardId,
          substantive: true,
        });
      }
      expect((await get(a, before.id)).version).toBe(before.version + 1);

      // A workspace that removed the law from its list gets nothing.
      expect((await feed(other)).items.filter((c) => c.changeId === changeId)).toEqual([]);
      expect((await get(other, at(other, 'K3P2a').id)).reviewFlag).toBeNull();

      // Real time, after the commit: the requirement, the card and the change record.
      const types = await h.until(
        async () => received.map((e) => e.type),
        (t) => t.includes('requirement.updated') && t.includes('card.created') && t.includes('change.received'),
      );
      expect(types.filter((t) => t === 'card.created')).toHaveLength(1);
      const updated = received.find((e) => e.type === 'requirement.updated')?.data as Requirement;
      expect(updated.reviewFlag?.sections).toEqual(['ändr. 3 kap. 2 a §']);

      // The export says so.
      const csv = await h.ok('register.export', { actor: a.owner, workspaceId: a.workspaceId, format: 'csv' });
      const lines = Buffer.from(csv.contentBase64, 'base64').toString('utf8').split('\r\n');
      expect(lines.find((l) => l.includes('3 kap. 2 a § Systematiskt arbetsmiljöarbete'))?.endsWith(';Behöver omprövas (ändr. genom SFS 2026:1001: ändr. 3 kap. 2 a §)')).toBe(true);
      expect(lines.find((l) => l.includes('3 kap. 3 § Information'))?.endsWith(';')).toBe(true);
    } finally {
      sub.disconnect();
    }
  });

  it('records an editorial change in the feed and flags nothing', async () => {
    const ws = await register('Bygg Redaktionell AB');
    await assess(ws, at(ws, 'K3P2a'));
    const cardsBefore = (await cards(ws)).length;
    const payload = changed([section({ anchor: 'K3P2a', label: '3 kap. 2 a §', kind: 'modified', editorial: true })], { substantive: false });
    await bus.publish('law.changed', payload, { id: 'law.changed.test-editorial' });
    const record = await recordOf(ws, payload.changeId as string);
    expect(record).toMatchObject({ substantive: false, flaggedRequirements: [], cardId: null });
    expect((await get(ws, at(ws, 'K3P2a').id)).reviewFlag).toBeNull();
    expect(await cards(ws)).toHaveLength(cardsBefore);
    // Only substantive changes are announced with requirements.flagged (the outbox is written in the same transaction).
    const outbox: unknown[] = await h.ds.query(`SELECT 1 FROM compliance.event_outbox WHERE id = $1`, [`requirements.flagged.${record.id}`]);
    expect(outbox).toHaveLength(0);
    expect((await feed(ws, { substantive: false })).items.map((c) => c.id)).toContain(record.id);
    expect((await feed(ws, { substantive: true })).items.map((c) => c.id)).not.toContain(record.id);
  });

  it('flags the requirement of the old anchor of a renumbered section, and sections that changed', async () => {
    const ws = await register('Bygg Omnumrering AB');
    for (const anchor of ['K3P2a', 'K3P3a', 'K3P3']) await assess(ws, at(ws, anchor));
    const payload = changed([
      section({ anchor: 'K3P2b', label: '3 kap. 2 b §', kind: 'renumbered', fromAnchor: 'K3P2a', editorial: true }),
      section({ anchor: 'K3P3a', label: '3 kap. 3 a §', kind: 'modified' }),
    ]);
    await bus.publish('law.changed', payload, { id: 'law.changed.test-renumbered' });
    const record = await recordOf(ws, payload.changeId as string);
    expect(record.flaggedRequirements.map((r) => r.anchor).sort()).toEqual(['K3P2a', 'K3P3a']);
    expect((await get(ws, at(ws, 'K3P2a').id)).reviewFlag?.sections).toEqual(['3 kap. 2 a § betecknas 3 kap. 2 b §']);
    expect((await get(ws, at(ws, 'K3P3').id)).reviewFlag).toBeNull();
    const card = (await cards(ws)).find((c) => c.id === record.cardId);
    expect(card?.title).toBe('Lagändring: Arbetsmiljölag (1977:1160) – ändr. 3 kap. 3 a §, 3 kap. 2 a § betecknas 3 kap. 2 b §');
    // Several requirements: the card links none, its description lists them all.
    expect(card?.requirementId).toBeNull();
    expect(card?.description).toContain(`/app/${ws.workspaceId}/krav/${at(ws, 'K3P3a').id}`);
  });

  it('flags every assessed requirement of a repealed law', async () => {
    const ws = await register('Bygg Upphävd AB');
    const assessed = await Promise.all(ws.requirements.slice(0, 3).map((r) => assess(ws, r)));
    const unassessed = ws.requirements.slice(3);
    expect(unassessed.length).toBeGreaterThan(0);
    const changeId = randomUUID();
    await bus.publish(
      'law.repealed',
      { sfs: AML, title: AML_TITLE, versionId: randomUUID(), repealedBy: '2026:2000', changeId, repealedAt: '2027-07-01' },
      { id: 'law.repealed.test-1' },
    );
    const record = await recordOf(ws, changeId);
    expect(record).toMatchObject({ kind: 'repealed', amendingSfs: '2026:2000', inForce: '2027-07-01', substantive: true });
    expect(record.flaggedRequirements.map((r) => r.id).sort()).toEqual(assessed.map((r) => r.id).sort());
    for (const r of assessed) expect((await get(ws, r.id)).reviewFlag).toMatchObject({ kind: 'repealed', sections: [] });
    for (const r of unassessed) expect((await get(ws, r.id)).reviewFlag).toBeNull();
    const card = (await cards(ws)).find((c) => c.id === record.cardId);
    expect(card?.title).toBe('Lagändring: Arbetsmiljölag (1977:1160) – upphävd genom SFS 2026:2000');
  });

  it('applies an event once, however often it is delivered (no second flag, card or event)', async () => {
    const ws = await register('Bygg En Gång AB');
    const r = at(ws, 'K6P2');
    await assess(ws, r);
    const service = h.app.get(LawChangesService);
    const change: LawChangeEvent = {
      eventId: 'law.changed.test-once',
      changeId: randomUUID(),
      sfs: AML,
      title: AML_TITLE,
      kind: 'amended',
      amendingSfs: '2026:1002',
      inForce: null,
      substantive: true,
      sections: [section({ anchor: 'K6P2', label: '6 kap. 2 §', kind: 'modified' })],
    };
    const first = await service.apply(change);
    expect(first.alreadyApplied).toBe(false);
    const record = await recordOf(ws, change.changeId as string);
    expect(record.flaggedRequirements.map((x) => x.id)).toEqual([r.id]);
    const cardCount = (await cards(ws)).length;
    const flagged = await get(ws, r.id);
    // Re-assessed meanwhile: a redelivery must not flag it again.
    await assess(ws, flagged);

    expect(await service.apply(change)).toEqual({ alreadyApplied: true, workspaces: 0, flagged: 0, cards: 0 });
    // The same change under another event id reaches no workspace twice either.
    const again = await service.apply({ ...change, eventId: 'law.changed.test-once-resent' });
    expect(again).toEqual({ alreadyApplied: false, workspaces: 0, flagged: 0, cards: 0 });
    expect((await feed(ws)).items.filter((c) => c.changeId === change.changeId)).toHaveLength(1);

    expect((await get(ws, r.id)).reviewFlag).toBeNull();
    expect(await cards(ws)).toHaveLength(cardCount);
    await h.until(() => flaggedEvents(record.id), (e) => e.length === 1);
    const outbox: unknown[] = await h.ds.query(`SELECT 1 FROM compliance.event_outbox WHERE type = 'requirements.flagged' AND payload->'payload'->>'workspaceId' = $1`, [ws.workspaceId]);
    expect(outbox).toHaveLength(1);
  });

  it('clears the flag when someone re-assesses the requirement (also with the same status)', async () => {
    const ws = await register('Bygg Ompröva AB');
    const r = await assess(ws, at(ws, 'K3P2c'), 'DELVIS');
    const payload = changed([section({ anchor: 'K3P2c', label: '3 kap. 2 c §', kind: 'modified' })]);
    await bus.publish('law.changed', payload, { id: 'law.changed.test-reassess' });
    await recordOf(ws, payload.changeId as string);
    const flagged = await get(ws, r.id);
    expect(flagged.reviewFlag).not.toBeNull();
    expect((await h.ok('requirements.list', { actor: ws.owner, workspaceId: ws.workspaceId, filter: { needsReview: true }, limit: 100 })).items.map((x) => x.id)).toEqual([r.id]);
    expect((await h.ok('requirements.list', { actor: ws.owner, workspaceId: ws.workspaceId, filter: { needsReview: false }, limit: 500 })).items.map((x) => x.id)).not.toContain(r.id);

    // Editing something else is not a re-assessment.
    const edited = await h.ok('requirements.update', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: r.id, version: flagged.version, patch: { action: 'Se över avtalet.' } });
    expect(edited.reviewFlag).not.toBeNull();
    const reassessed = await h.ok('requirements.update', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: r.id, version: edited.version, patch: { status: 'DELVIS' } });
    expect(reassessed).toMatchObject({ status: 'DELVIS', reviewFlag: null, version: edited.version + 1 });
    const log = await h.ok('activity.list', { actor: ws.owner, workspaceId: ws.workspaceId, entityType: 'requirement', entityId: r.id, limit: 1 });
    expect(log.items[0]).toMatchObject({
      action: 'reassessed',
      actorId: ws.owner.userId,
      changes: [{ field: 'reviewFlag', from: 'Behöver omprövas (ändr. genom SFS 2026:1001: ändr. 3 kap. 2 c §)', to: null }],
    });
    expect((await h.ok('requirements.list', { actor: ws.owner, workspaceId: ws.workspaceId, filter: { needsReview: true }, limit: 100 })).items).toEqual([]);
  });

  it('filters and pages the feed, newest first', async () => {
    const ws = await register('Bygg Flöde AB');
    const spare = await h.ok('lists.create', { actor: ws.owner, workspaceId: ws.workspaceId, name: 'Tom lista', generate: false });
    await assess(ws, at(ws, 'K3P2a'));
    const service = h.app.get(LawChangesService);
    const ids: string[] = [];
    for (const [i, substantive] of [true, false, true].entries()) {
      const changeId = randomUUID();
      await service.apply({
        eventId: `law.changed.test-feed-${i}`,
        changeId,
        sfs: AML,
        title: AML_TITLE,
        kind: 'amended',
        amendingSfs: `2026:20${i}`,
        inForce: null,
        substantive,
        sections: [section({ anchor: 'K3P2a', label: '3 kap. 2 a §', kind: 'modified', editorial: !substantive })],
      });
      ids.push((await recordOf(ws, changeId)).id);
    }
    const all = await feed(ws);
    const mine = all.items.filter((c) => ids.includes(c.id)).map((c) => c.id);
    expect(mine).toEqual([...ids].reverse());
    const times = all.items.map((c) => c.receivedAt);
    expect(times).toEqual([...times].sort().reverse());

    // Paging with a cursor walks the same order without repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: WorkspaceChange[]; nextCursor: string | null } = await h.ok('changes.feed', { actor: ws.owner, workspaceId: ws.workspaceId, filter: {}, limit: 1, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((c) => c.id));
    expect(await h.call('changes.feed', { actor: ws.owner, workspaceId: ws.workspaceId, cursor: 'inte-en-markör' })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });

    expect((await feed(ws, { listId: ws.listId })).items.length).toBe(all.items.length);
    expect((await feed(ws, { listId: spare.id })).items).toEqual([]);
    expect(await h.call('changes.feed', { actor: ws.owner, workspaceId: ws.workspaceId, filter: { listId: randomUUID() } })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect((await feed(ws, { sfs: AML })).items.length).toBe(all.items.length);
    expect((await feed(ws, { sfs: '1977:480' })).items).toEqual([]);
    const today = stockholmToday();
    expect((await feed(ws, { from: today, to: today })).items.length).toBe(all.items.length);
    expect((await feed(ws, { to: '2020-01-01' })).items).toEqual([]);
    expect((await feed(ws, { from: '2999-01-01' })).items).toEqual([]);
    expect(await h.call('changes.feed', { actor: ws.owner, workspaceId: ws.workspaceId, filter: { from: '2026-02-01', to: '2026-01-01' } })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    expect((await feed(ws, { substantive: false })).items.map((c) => c.id)).toEqual([ids[1]]);
    expect((await feed(ws, { acknowledged: true })).items).toEqual([]);
    expect((await feed(ws, { acknowledged: false })).items.length).toBe(all.items.length);
  });

  it('acknowledges a change once (MEMBER and up), in the activity log; auditors read but cannot acknowledge; other workspaces cannot see it', async () => {
    const ws = await register('Bygg Kvitto AB');
    const member = { userId: (await h.seedUser('Maja Medlem')).userId };
    const auditor = { userId: (await h.seedUser('Rut Revisor')).userId };
    await h.seedMember(ws.workspaceId, member, 'MEMBER');
    await h.seedMember(ws.workspaceId, auditor, 'AUDITOR');
    const foreign = await register('Bygg Främmande AB');
    await assess(ws, at(ws, 'K3P2a'));
    const payload = changed([section({ anchor: 'K3P2a', label: '3 kap. 2 a §', kind: 'modified' })]);
    await bus.publish('law.changed', payload, { id: 'law.changed.test-ack' });
    const record = await recordOf(ws, payload.changeId as string);
    const foreignRecord = await recordOf(foreign, payload.changeId as string);

    // Every member reads the feed, auditors included; a stranger does not.
    expect((await feed(ws, {}, auditor)).items.map((c) => c.id)).toContain(record.id);
    expect(await h.call('changes.feed', { actor: foreign.owner, workspaceId: ws.workspaceId })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await h.call('changes.feed', { actor: ws.owner, workspaceId: randomUUID() })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });

    expect(await h.call('changes.acknowledge', { actor: auditor, workspaceId: ws.workspaceId, workspaceChangeId: record.id })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await h.call('changes.acknowledge', { actor: foreign.owner, workspaceId: ws.workspaceId, workspaceChangeId: record.id })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    // Another workspace's record through one's own workspace: not found.
    expect(await h.call('changes.acknowledge', { actor: ws.owner, workspaceId: ws.workspaceId, workspaceChangeId: foreignRecord.id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await h.call('changes.acknowledge', { actor: ws.owner, workspaceId: randomUUID(), workspaceChangeId: record.id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });

    const sub = new Redis(h.connection.redis);
    const received: RealtimeEvent[] = [];
    await sub.subscribe(realtimeChannel(h.connection.prefix, ws.workspaceId));
    sub.on('message', (_channel, message: string) => received.push(RealtimeEventSchema.parse(JSON.parse(message))));
    try {
      const acked = await h.ok('changes.acknowledge', { actor: member, workspaceId: ws.workspaceId, workspaceChangeId: record.id, comment: '  Rutinen uppdateras i maj.  ' });
      expect(acked).toMatchObject({ id: record.id, acknowledgedBy: { id: member.userId, name: 'Maja Medlem' }, acknowledgeComment: 'Rutinen uppdateras i maj.' });
      expect(acked.acknowledgedAt).not.toBeNull();
      const log = await h.ok('activity.list', { actor: auditor, workspaceId: ws.workspaceId, entityType: 'change', entityId: record.id, limit: 10 });
      expect(log.items.map((e) => e.action)).toEqual(['acknowledged', 'received']);
      expect(log.items[0]).toMatchObject({ actorId: member.userId, actorName: 'Maja Medlem', changes: expect.arrayContaining([{ field: 'comment', from: null, to: 'Rutinen uppdateras i maj.' }]) });
      expect(log.items[0]?.summary).toMatch(/^kvitterade lagändring: Arbetsmiljölag \(1977:1160\).*Rutinen uppdateras i maj\.$/);

      const second = await h.call('changes.acknowledge', { actor: ws.owner, workspaceId: ws.workspaceId, workspaceChangeId: record.id });
      expect(second).toMatchObject({ ok: false, code: ErrorCode.CONFLICT, details: { current: { id: record.id, acknowledgedBy: { id: member.userId } } } });

      const event = await h.until(async () => received.find((e) => e.type === 'change.acknowledged'), (e) => e !== undefined);
      expect(event).toMatchObject({ workspaceId: ws.workspaceId, actorId: member.userId, data: { id: record.id, acknowledgeComment: 'Rutinen uppdateras i maj.' } });
    } finally {
      sub.disconnect();
    }
    expect((await feed(ws, { acknowledged: true })).items.map((c) => c.id)).toEqual([record.id]);
    expect((await feed(ws, { acknowledged: false })).items.map((c) => c.id)).not.toContain(record.id);
    // The other workspace's record is untouched.
    expect((await recordOf(foreign, payload.changeId as string)).acknowledgedAt).toBeNull();
  });

  it('tells the notifier who must hear about which laws: verified members of workspaces whose lists hold them', async () => {
    const ws = await register('Bygg Prenumerant AB');
    const verified = await h.seedUser('Vera Verifierad');
    const unverified = await h.seedUser('Ulf Overifierad');
    await h.ds.query(`UPDATE compliance.users SET email_verified_at = NULL WHERE id = $1`, [unverified.userId]);
    const leaver = await h.seedUser('Lena Lämnat');
    await h.seedMember(ws.workspaceId, { userId: verified.userId }, 'AUDITOR');
    await h.seedMember(ws.workspaceId, { userId: unverified.userId }, 'MEMBER');
    await h.seedMember(ws.workspaceId, { userId: leaver.userId }, 'MEMBER');
    await h.ok('members.remove', { actor: ws.owner, workspaceId: ws.workspaceId, userId: leaver.userId });
    const second = await h.ok('lists.create', { actor: ws.owner, workspaceId: ws.workspaceId, name: 'Semester', generate: false });
    await h.ok('lists.items.add', { actor: ws.owner, workspaceId: ws.workspaceId, listId: second.id, ref: '1977:480', reason: 'Vi har anställda med semester.' });
    // A workspace without these laws: its members hear nothing.
    const outsider = { userId: (await h.seedUser('Olle Utanför')).userId };
    await h.seedWorkspace(outsider, 'Utan Lagar AB');

    const { items } = await h.ok('subscribers.forLaws', { sfs: [AML, '1977:480', AML] });
    const here = items.filter((s) => s.workspaceId === ws.workspaceId);
    expect(here.map((s) => s.userId).sort()).toEqual([ws.owner.userId, verified.userId].sort());
    const vera = here.find((s) => s.userId === verified.userId);
    expect(vera).toMatchObject({ email: verified.email, displayName: 'Vera Verifierad', workspaceName: 'Bygg Prenumerant AB' });
    expect(vera?.lists).toEqual([
      { listId: ws.listId, listName: 'Laglista', sfs: ['1977:1160', '1977:480'] },
      { listId: second.id, listName: 'Semester', sfs: ['1977:480'] },
    ]);
    expect(items.some((s) => s.userId === outsider.userId || s.userId === unverified.userId || s.userId === leaver.userId)).toBe(false);
    // One item per (user, workspace).
    expect(new Set(items.map((s) => `${s.userId}/${s.workspaceId}`)).size).toBe(items.length);

    const onlyHoliday = await h.ok('subscribers.forLaws', { sfs: ['1977:480'] });
    expect(onlyHoliday.items.find((s) => s.workspaceId === ws.workspaceId && s.userId === verified.userId)?.lists.map((l) => l.sfs)).toEqual([['1977:480'], ['1977:480']]);
    expect((await h.ok('subscribers.forLaws', { sfs: ['1900:1'] })).items).toEqual([]);
    expect(await h.call('subscribers.forLaws', { sfs: [] })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
  });
});
