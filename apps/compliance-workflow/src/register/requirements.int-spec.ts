import Redis from 'ioredis';
import { ErrorCode, realtimeChannel, type Actor, type LawList, type RealtimeEvent, type Requirement } from '@laglig/contracts';
import { ComplianceHarness } from '../testing/compliance-harness';
import { stockholmToday } from './register.read-model';

const actorOf = (u: Actor): Actor => ({ userId: u.userId });

/** Requirements: assessment flow, optimistic concurrency, activity, filters and paging — on the real stack. */
describe('register: requirements', () => {
  const h = new ComplianceHarness('cw-register-reqs');
  let owner: Actor;
  let member: Actor;
  let auditor: Actor;
  let outsider: Actor;
  let ws: string;
  let list: LawList;
  let sub: Redis;
  const realtime: RealtimeEvent[] = [];

  const activity = async (entityId: string): Promise<Array<{ action: string; actor_id: string; actor_name: string; changes: Array<{ field: string; from: unknown; to: unknown }> }>> =>
    h.ds.query(`SELECT action, actor_id, actor_name, changes FROM compliance.activity WHERE entity_type = 'requirement' AND entity_id = $1 ORDER BY id`, [entityId]);
  const reqsOf = async (ref: string): Promise<Requirement[]> =>
    (await h.ok('requirements.list', { actor: owner, workspaceId: ws, filter: { listId: list.id, ref } })).items;

  beforeAll(async () => {
    await h.start();
    owner = actorOf(await h.seedUser('Olle Ägare'));
    member = actorOf(await h.seedUser('Maja Medlem'));
    auditor = actorOf(await h.seedUser('Rut Revisor'));
    outsider = actorOf(await h.seedUser('Utan Medlemskap'));
    ws = await h.seedWorkspace(owner, 'Konsult AB');
    await h.seedMember(ws, member, 'MEMBER');
    await h.seedMember(ws, auditor, 'AUDITOR');
    await h.ok('profile.set', {
      actor: owner,
      workspaceId: ws,
      profile: { name: 'Konsult AB', orgNumber: '556677-8899', sniCodes: ['62.010'], employees: 8, screening: { personalDataAtScale: true } },
    });
    list = await h.ok('lists.create', { actor: owner, workspaceId: ws, name: 'Laglista' });
    sub = new Redis({ ...h.connection.redis, maxRetriesPerRequest: 1 });
    await sub.subscribe(realtimeChannel(h.connection.prefix, ws));
    sub.on('message', (_channel, message: string) => realtime.push(JSON.parse(message) as RealtimeEvent));
  }, 60_000);
  afterAll(async () => {
    sub?.disconnect();
    await h.stop();
  });

  it('walks a requirement through the statuses, recording who assessed it and every field change', async () => {
    const [sam] = await reqsOf('1977:1160');
    expect(sam).toMatchObject({ anchor: 'K3P2a', status: null, assessedBy: null, version: 1 });
    const id = (sam as Requirement).id;

    const delvis = await h.ok('requirements.update', {
      actor: member,
      workspaceId: ws,
      requirementId: id,
      version: 1,
      patch: { status: 'DELVIS', motivation: 'Riskbedömning finns men handlingsplanen saknas.', action: 'Ta fram handlingsplan.', responsibleUserId: member.userId, reviewDate: '2030-01-31' },
    });
    expect(delvis).toMatchObject({
      status: 'DELVIS',
      motivation: 'Riskbedömning finns men handlingsplanen saknas.',
      action: 'Ta fram handlingsplan.',
      responsibleUserId: member.userId,
      responsibleName: 'Maja Medlem',
      reviewDate: '2030-01-31',
      assessedBy: 'Maja Medlem',
      assessedAt: expect.any(String),
      overdue: false,
      version: 2,
    });

    const uppfylld = await h.ok('requirements.update', { actor: owner, workspaceId: ws, requirementId: id, version: 2, patch: { status: 'UPPFYLLD', action: null } });
    expect(uppfylld).toMatchObject({ status: 'UPPFYLLD', action: null, assessedBy: 'Olle Ägare', version: 3 });

    // Ej tillämplig needs a motivering: clearing it, or an empty one, is refused.
    for (const patch of [{ status: 'EJ_TILLAMPLIG' as const, motivation: '' }, { status: 'EJ_TILLAMPLIG' as const, motivation: null }, { status: 'EJ_TILLAMPLIG' as const, motivation: '   ' }]) {
      expect(await h.call('requirements.update', { actor: owner, workspaceId: ws, requirementId: id, version: 3, patch })).toMatchObject({
        ok: false,
        code: ErrorCode.INVALID_INPUT,
        message: 'Ange en motivering när kravet är Ej tillämpligt.',
        details: { issues: [{ path: 'patch.motivation' }] },
      });
    }
    const ejTillamplig = await h.ok('requirements.update', {
      actor: owner,
      workspaceId: ws,
      requirementId: id,
      version: 3,
      patch: { status: 'EJ_TILLAMPLIG', motivation: 'Ingen egen personal på arbetsstället.' },
    });
    expect(ejTillamplig).toMatchObject({ status: 'EJ_TILLAMPLIG', version: 4 });
    expect(await h.call('requirements.update', { actor: owner, workspaceId: ws, requirementId: id, version: 4, patch: { motivation: null } })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
    });

    const entries = await activity(id);
    expect(entries.map((e) => e.action)).toEqual(['updated', 'updated', 'updated']);
    expect(entries[0]).toMatchObject({ actor_id: member.userId, actor_name: 'Maja Medlem' });
    expect(entries[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', from: null, to: 'DELVIS' },
        { field: 'responsibleUserId', from: null, to: member.userId },
        { field: 'reviewDate', from: null, to: '2030-01-31' },
      ]),
    );
    expect(entries[1]?.changes).toEqual([
      { field: 'status', from: 'DELVIS', to: 'UPPFYLLD' },
      { field: 'action', from: 'Ta fram handlingsplan.', to: null },
    ]);
    expect(entries[2]?.changes).toEqual([
      { field: 'status', from: 'UPPFYLLD', to: 'EJ_TILLAMPLIG' },
      { field: 'motivation', from: 'Riskbedömning finns men handlingsplanen saknas.', to: 'Ingen egen personal på arbetsstället.' },
    ]);

    await h.until(
      async () => realtime.filter((e) => e.type === 'requirement.updated' && (e.data as Requirement).id === id).length,
      (n) => n >= 3,
    );
    expect(realtime.find((e) => (e.data as Requirement).version === 2)).toMatchObject({ type: 'requirement.updated', workspaceId: ws, actorId: member.userId });
  });

  it('refuses a stale edit with the current requirement, and a responsible person outside the workspace', async () => {
    const [, second] = await reqsOf('1977:1160');
    const id = (second as Requirement).id;
    const first = await h.ok('requirements.update', { actor: owner, workspaceId: ws, requirementId: id, version: 1, patch: { status: 'EJ_UPPFYLLD' } });
    const stale = await h.call('requirements.update', { actor: member, workspaceId: ws, requirementId: id, version: 1, patch: { status: 'UPPFYLLD' } });
    expect(stale).toMatchObject({
      ok: false,
      code: ErrorCode.CONFLICT,
      message: 'Någon annan har ändrat kravet. Ladda om och försök igen.',
      details: { current: { id, status: 'EJ_UPPFYLLD', version: first.version } },
    });
    expect(await h.call('requirements.update', { actor: owner, workspaceId: ws, requirementId: id, version: first.version, patch: { responsibleUserId: outsider.userId } })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
      message: 'Den ansvariga måste vara medlem i arbetsytan.',
    });
    expect((await h.ok('requirements.get', { actor: auditor, workspaceId: ws, requirementId: id })).version).toBe(first.version);
  });

  it('creates and deletes own requirements (write), AUDITOR reads only, other workspaces see nothing', async () => {
    const item = list.items.find((i) => i.ref === '2018:218');
    expect(item).toBeDefined();
    const created = await h.ok('requirements.create', {
      actor: member,
      workspaceId: ws,
      itemId: (item as { id: string }).id,
      title: 'Registerförteckning över behandlingar',
      description: 'Artikel 30 i dataskyddsförordningen.',
      anchor: 'K1P1',
      reviewDate: '2020-01-01',
    });
    expect(created).toMatchObject({ ref: '2018:218', origin: 'manual', status: null, sectionLabel: '1 kap. 1 §', overdue: true, version: 1, evidenceCount: 0 });
    expect((await activity(created.id))[0]).toMatchObject({ action: 'created' });

    expect(
      await h.call('requirements.create', { actor: auditor, workspaceId: ws, itemId: (item as { id: string }).id, title: 'Revisorns krav' }),
    ).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await h.call('requirements.update', { actor: auditor, workspaceId: ws, requirementId: created.id, version: 1, patch: { status: 'UPPFYLLD' } })).toMatchObject({
      ok: false,
      code: ErrorCode.FORBIDDEN,
    });
    expect(await h.call('requirements.get', { actor: outsider, workspaceId: ws, requirementId: created.id })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });

    const otherOwner = actorOf(await h.seedUser('Annan Ägare'));
    const otherWs = await h.seedWorkspace(otherOwner, 'Annat AB');
    for (const call of [
      h.call('requirements.get', { actor: otherOwner, workspaceId: otherWs, requirementId: created.id }),
      h.call('requirements.update', { actor: otherOwner, workspaceId: otherWs, requirementId: created.id, version: 1, patch: { status: 'UPPFYLLD' } }),
      h.call('requirements.delete', { actor: otherOwner, workspaceId: otherWs, requirementId: created.id }),
      h.call('requirements.create', { actor: otherOwner, workspaceId: otherWs, itemId: (item as { id: string }).id, title: 'Kapat' }),
    ]) {
      expect(await call).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    }
    expect((await h.ok('requirements.list', { actor: otherOwner, workspaceId: otherWs, filter: {} })).items).toEqual([]);

    expect(await h.ok('requirements.delete', { actor: member, workspaceId: ws, requirementId: created.id })).toEqual({ removed: true });
    expect(await h.call('requirements.get', { actor: member, workspaceId: ws, requirementId: created.id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect((await activity(created.id)).map((e) => e.action)).toEqual(['created', 'deleted']);
  });

  it('filters by status (incl. unassessed), responsible, law, overdue (Europe/Stockholm) and list, and pages with a cursor', async () => {
    const all = (await h.ok('requirements.list', { actor: auditor, workspaceId: ws, filter: {}, limit: 500 })).items;
    expect(all.length).toBeGreaterThan(10);
    const [a, b] = all.filter((r) => r.status === null);
    const today = stockholmToday();
    const yesterday = stockholmToday(new Date(Date.now() - 24 * 3600 * 1000));
    await h.ok('requirements.update', { actor: owner, workspaceId: ws, requirementId: (a as Requirement).id, version: (a as Requirement).version, patch: { reviewDate: yesterday, responsibleUserId: auditor.userId } });
    await h.ok('requirements.update', { actor: owner, workspaceId: ws, requirementId: (b as Requirement).id, version: (b as Requirement).version, patch: { reviewDate: today } });

    const list = (filter: Parameters<typeof h.ok<'requirements.list'>>[1]['filter']) => h.ok('requirements.list', { actor: auditor, workspaceId: ws, filter, limit: 500 }).then((r) => r.items);
    expect((await list({ overdue: true })).map((r) => r.id)).toContain((a as Requirement).id);
    expect((await list({ overdue: true })).map((r) => r.id)).not.toContain((b as Requirement).id);
    expect((await list({ overdue: true })).every((r) => r.overdue && (r.reviewDate as string) < today)).toBe(true);
    expect((await list({ overdue: false })).map((r) => r.id)).toContain((b as Requirement).id);
    expect((await list({ responsibleUserId: auditor.userId })).map((r) => r.id)).toEqual([(a as Requirement).id]);
    expect((await list({ status: 'EJ_TILLAMPLIG' })).map((r) => r.status)).toEqual(['EJ_TILLAMPLIG']);
    const unassessed = await list({ status: 'UNASSESSED' });
    expect(unassessed.length).toBeGreaterThan(0);
    expect(unassessed.every((r) => r.status === null)).toBe(true);
    expect((await list({ ref: '1977:480' })).every((r) => r.ref === '1977:480')).toBe(true);
    expect(await list({ listId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);

    // Cursor paging walks the same rows in the same order, without repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Requirement[]; nextCursor: string | null } = await h.ok('requirements.list', { actor: auditor, workspaceId: ws, filter: {}, limit: 4, cursor });
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((r) => r.id));
    expect(await h.call('requirements.list', { actor: auditor, workspaceId: ws, filter: {}, cursor: 'inte-en-markör' })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
  });
});
