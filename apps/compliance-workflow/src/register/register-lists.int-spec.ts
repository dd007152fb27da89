import Redis from 'ioredis';
import { ErrorCode, realtimeChannel, type Actor, type CompanyProfileInput, type RealtimeEvent } from '@laglig/contracts';
import { ComplianceHarness } from '../testing/compliance-harness';

/** The contract's actor is exactly { userId } (the seeded user carries more). */
const actorOf = (u: Actor): Actor => ({ userId: u.userId });

/** Company profile, SNI and law lists over real request/reply, PostgreSQL and Redis. */
describe('register: profile and law lists', () => {
  const h = new ComplianceHarness('cw-register-lists');
  let owner: Actor;
  let member: Actor;
  let auditor: Actor;
  let stranger: Actor;
  let ws: string;

  const construction: CompanyProfileInput = {
    name: 'Bygg & Montage AB',
    orgNumber: '5560360793',
    sniCodes: ['41200', '43.341'],
    employees: 25,
    screening: { chemicals: true, construction: true },
  };

  const activity = async (entityId: string): Promise<Array<{ action: string; entity_type: string; changes: Array<{ field: string; from: unknown; to: unknown }>; actor_id: string }>> =>
    h.ds.query(`SELECT action, entity_type, changes, actor_id FROM compliance.activity WHERE entity_id = $1 ORDER BY id`, [entityId]);

  beforeAll(async () => {
    await h.start();
    owner = actorOf(await h.seedUser('Olle Ägare'));
    member = actorOf(await h.seedUser('Maja Medlem'));
    auditor = actorOf(await h.seedUser('Rut Revisor'));
    stranger = actorOf(await h.seedUser('Frida Främling'));
    ws = await h.seedWorkspace(owner, 'Bygg & Montage AB');
    await h.seedMember(ws, member, 'MEMBER');
    await h.seedMember(ws, auditor, 'AUDITOR');
  }, 60_000);
  afterAll(() => h.stop());

  it('searches SNI 2007 without signing in', async () => {
    const byCode = await h.ok('sni.search', { q: '41.2' });
    expect(byCode.items.map((i) => i.code)).toEqual(['41.2', '41.20', '41.200']);
    const byWords = await h.ok('sni.search', { q: 'restaurang', limit: 5 });
    expect(byWords.items.length).toBeGreaterThan(0);
    expect(byWords.items.every((i) => /restaurang/i.test(i.title))).toBe(true);
  });

  it('validates the profile: Luhn check digit and SNI codes against the bundled list, in Swedish', async () => {
    const badLuhn = await h.call('profile.set', { actor: owner, workspaceId: ws, profile: { ...construction, orgNumber: '556036-0794' } });
    expect(badLuhn).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
      details: { issues: [{ path: 'profile.orgNumber', message: 'Organisationsnumret är inte giltigt (kontrollsiffran stämmer inte)' }] },
    });
    const unknownSni = await h.call('profile.set', { actor: owner, workspaceId: ws, profile: { ...construction, sniCodes: ['41.200', '99.999'] } });
    expect(unknownSni).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
      message: 'SNI-koden 99.999 finns inte i SNI 2007',
      details: { issues: [{ path: 'profile.sniCodes.1', message: 'SNI-koden 99.999 finns inte i SNI 2007' }] },
    });
    expect(await h.ok('profile.get', { actor: owner, workspaceId: ws })).toEqual({ profile: null });
  });

  it('needs manage to set the profile; every member reads it; strangers are refused', async () => {
    expect(await h.call('profile.set', { actor: member, workspaceId: ws, profile: construction })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    const saved = await h.ok('profile.set', { actor: owner, workspaceId: ws, profile: construction });
    expect(saved).toMatchObject({
      name: 'Bygg & Montage AB',
      orgNumber: '556036-0793',
      sniCodes: [
        { code: '41.200', title: 'Byggande av bostadshus och andra byggnader' },
        { code: '43.341', title: expect.stringMatching(/måleri/i) },
      ],
      employees: 25,
      screening: expect.objectContaining({ chemicals: true, construction: true, food: false }),
    });
    expect((await h.ok('profile.get', { actor: auditor, workspaceId: ws })).profile).toEqual(saved);
    expect(await h.call('profile.get', { actor: stranger, workspaceId: ws })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await h.call('profile.get', { actor: owner, workspaceId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });

    const entries = await activity(ws);
    expect(entries).toEqual([expect.objectContaining({ entity_type: 'profile', action: 'created', actor_id: owner.userId })]);
    expect(entries[0]?.changes).toContainEqual({ field: 'employees', from: null, to: 25 });
  });

  it('asks for the profile before generating a list', async () => {
    const other = await h.seedWorkspace(owner, 'Tom AB');
    expect(await h.call('lists.create', { actor: owner, workspaceId: other, name: 'Laglista', generate: true })).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
      message: 'Fyll i företagsprofilen först.',
    });
    // An empty list needs no profile.
    expect(await h.ok('lists.create', { actor: owner, workspaceId: other, name: 'Egen lista', generate: false })).toMatchObject({ generated: false, itemCount: 0, items: [] });
  });

  it('generates a list from the profile with the reasons and the suggested requirements', async () => {
    const list = await h.ok('lists.create', { actor: member, workspaceId: ws, name: 'Laglista 2025' });
    expect(list).toMatchObject({ name: 'Laglista 2025', generated: true });
    const byRef = new Map(list.items.map((i) => [i.ref, i]));
    expect(byRef.get('1977:1160')).toMatchObject({
      kind: 'SFS',
      title: 'Arbetsmiljölag (1977:1160)',
      area: 'Arbetsmiljö',
      origin: 'generated',
      status: 'active',
      url: '/lagar/1977:1160',
      reasons: expect.arrayContaining(['Minst 5 anställda: skyddsombud ska utses (6 kap. 2 § arbetsmiljölagen).', expect.stringMatching(/^SNI 41–43 Byggverksamhet: /)]),
    });
    expect(byRef.get('AFS 2023:3')).toMatchObject({ kind: 'AFS', title: expect.stringContaining('(AFS 2023:3)'), url: expect.stringContaining('av.se') });
    expect(byRef.get('2008:245')?.reasons).toEqual([expect.stringMatching(/^Hanterar kemiska produkter: /)]);
    expect(byRef.get('2010:900')?.reasons).toEqual([expect.stringMatching(/^SNI 41–43/), expect.stringMatching(/^Bygger, river eller renoverar: /)]);
    expect(byRef.has('2022:260')).toBe(false);
    expect(list.itemCount).toBe(list.items.length);
    expect(byRef.get('1977:1160')?.requirements.total).toBeGreaterThanOrEqual(5);
    expect(list.requirements.unassessed).toBe(list.requirements.total);

    const reqs = await h.ok('requirements.list', { actor: auditor, workspaceId: ws, filter: { listId: list.id, ref: '1977:1160' } });
    expect(reqs.items.map((r) => r.anchor)).toEqual(['K3P2a', 'K3P2c', 'K3P3', 'K3P3a', 'K6P2', 'K3P6']);
    expect(reqs.items[0]).toMatchObject({
      title: 'Systematiskt arbetsmiljöarbete',
      sectionLabel: '3 kap. 2 a §',
      url: '/lagar/1977:1160#K3P2a',
      lawTitle: 'Arbetsmiljölag (1977:1160)',
      origin: 'suggested',
      status: null,
      version: 1,
    });

    expect(await h.ok('lists.list', { actor: auditor, workspaceId: ws })).toEqual({ items: [expect.objectContaining({ id: list.id, itemCount: list.items.length })] });
    expect(await h.call('lists.create', { actor: owner, workspaceId: ws, name: 'Laglista 2025' })).toMatchObject({ ok: false, code: ErrorCode.CONFLICT });
    const entries = await activity(list.id);
    expect(entries[0]).toMatchObject({ entity_type: 'list', action: 'created' });
    expect(entries[0]?.changes).toContainEqual({ field: 'items', from: null, to: expect.arrayContaining(['1977:1160', 'AFS 2023:3']) });
  });

  it('adds laws by hand with the reason (SFS through the law catalog, AFS from the bundled index) and removes them keeping the reason', async () => {
    const list = await h.ok('lists.create', { actor: owner, workspaceId: ws, name: 'Manuell lista', generate: false });

    const added = await h.ok('lists.items.add', { actor: member, workspaceId: ws, listId: list.id, ref: '1977:480', reason: 'Vi har säsongsanställda.' });
    expect(added).toMatchObject({ kind: 'SFS', ref: '1977:480', title: 'Semesterlag (1977:480)', area: 'Anställning', origin: 'manual', reasons: ['Vi har säsongsanställda.'] });
    // A law with suggested requirements gets those without a condition.
    expect(added.requirements.total).toBe(5);
    const afs = await h.ok('lists.items.add', { actor: member, workspaceId: ws, listId: list.id, ref: 'AFS 2023:15', reason: 'Nattarbete förekommer.' });
    expect(afs).toMatchObject({ kind: 'AFS', area: 'Arbetsmiljö', title: expect.stringContaining('medicinska kontroller') });
    const other = await h.ok('lists.items.add', { actor: member, workspaceId: ws, listId: list.id, ref: '1972:207', reason: 'Skadeståndsfrågor vid uppdrag.' });
    expect(other).toMatchObject({ title: 'Skadeståndslag (1972:207)', area: 'Övrigt', requirements: { total: 0 } });

    expect(await h.call('lists.items.add', { actor: member, workspaceId: ws, listId: list.id, ref: '2099:1', reason: 'Finns inte.' })).toMatchObject({
      ok: false,
      code: ErrorCode.NOT_FOUND,
      message: 'SFS 2099:1 finns inte i lagkatalogen.',
    });
    expect(await h.call('lists.items.add', { actor: member, workspaceId: ws, listId: list.id, ref: 'AFS 2023:99', reason: 'Finns inte.' })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await h.call('lists.items.add', { actor: member, workspaceId: ws, listId: list.id, ref: '1977:480', reason: 'Igen.' })).toMatchObject({ ok: false, code: ErrorCode.CONFLICT });
    expect(await h.call('lists.items.add', { actor: member, workspaceId: ws, listId: list.id, ref: 'semesterlagen', reason: 'Fel form.' })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    expect(await h.call('lists.items.add', { actor: auditor, workspaceId: ws, listId: list.id, ref: '1982:80', reason: 'Revisorn vill.' })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });

    const removed = await h.ok('lists.items.remove', { actor: member, workspaceId: ws, listId: list.id, itemId: added.id, reason: 'Inga anställda längre.' });
    expect(removed).toMatchObject({ status: 'removed', removedReason: 'Inga anställda längre.', requirements: { total: 5 } });
    expect(await h.call('lists.items.remove', { actor: member, workspaceId: ws, listId: list.id, itemId: added.id, reason: 'Igen.' })).toMatchObject({ ok: false, code: ErrorCode.CONFLICT });
    expect(await h.call('lists.items.remove', { actor: member, workspaceId: ws, listId: list.id, itemId: added.id, reason: '' })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    // The law stays on the list as removed; its requirements stay but leave the register.
    const got = await h.ok('lists.get', { actor: auditor, workspaceId: ws, listId: list.id });
    expect(got.items.find((i) => i.id === added.id)).toMatchObject({ status: 'removed', removedReason: 'Inga anställda längre.' });
    expect(got.itemCount).toBe(2);
    expect((await h.ok('requirements.list', { actor: owner, workspaceId: ws, filter: { listId: list.id, ref: '1977:480' } })).items).toEqual([]);
    expect((await activity(added.id)).map((e) => e.action)).toEqual(['added', 'removed']);
    expect((await activity(added.id))[1]?.changes).toEqual([
      { field: 'status', from: 'active', to: 'removed' },
      { field: 'removedReason', from: null, to: 'Inga anställda längre.' },
    ]);

    const restored = await h.ok('lists.items.restore', { actor: member, workspaceId: ws, listId: list.id, itemId: added.id });
    expect(restored).toMatchObject({ status: 'active', removedReason: null, reasons: ['Vi har säsongsanställda.'] });
    expect((await h.ok('requirements.list', { actor: owner, workspaceId: ws, filter: { listId: list.id, ref: '1977:480' } })).items).toHaveLength(5);

    // Adding a removed law again puts it back with the new reason.
    await h.ok('lists.items.remove', { actor: member, workspaceId: ws, listId: list.id, itemId: other.id, reason: 'Inte relevant.' });
    const readded = await h.ok('lists.items.add', { actor: member, workspaceId: ws, listId: list.id, ref: '1972:207', reason: 'Relevant igen.' });
    expect(readded).toMatchObject({ id: other.id, status: 'active', reasons: ['Skadeståndsfrågor vid uppdrag.', 'Relevant igen.'] });
  });

  it('renames and deletes lists (write), and keeps another workspace’s lists out of reach', async () => {
    const events: RealtimeEvent[] = [];
    const sub = new Redis({ ...h.connection.redis, maxRetriesPerRequest: 1 });
    await sub.subscribe(realtimeChannel(h.connection.prefix, ws));
    sub.on('message', (_channel, message: string) => events.push(JSON.parse(message) as RealtimeEvent));

    const list = await h.ok('lists.create', { actor: owner, workspaceId: ws, name: 'Tillfällig', generate: false });
    expect(await h.ok('lists.update', { actor: member, workspaceId: ws, listId: list.id, name: 'Omdöpt' })).toMatchObject({ id: list.id, name: 'Omdöpt' });
    // Other members' screens hear about it after the commit.
    await h.until(async () => events.filter((e) => e.type === 'list.updated').map((e) => e.data as { id: string; name: string }), (d) => d.some((x) => x.id === list.id && x.name === 'Omdöpt'));
    expect(events.find((e) => (e.data as { name?: string }).name === 'Omdöpt')).toMatchObject({ workspaceId: ws, actorId: member.userId });
    sub.disconnect();
    expect(await h.call('lists.update', { actor: member, workspaceId: ws, listId: list.id, name: 'Laglista 2025' })).toMatchObject({ ok: false, code: ErrorCode.CONFLICT });
    expect(await h.call('lists.update', { actor: auditor, workspaceId: ws, listId: list.id, name: 'Revisorns' })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });

    const otherOwner = actorOf(await h.seedUser('Annan Ägare'));
    const otherWs = await h.seedWorkspace(otherOwner, 'Annat AB');
    const foreign = await h.ok('lists.create', { actor: otherOwner, workspaceId: otherWs, name: 'Deras lista', generate: false });
    for (const call of [
      h.call('lists.get', { actor: owner, workspaceId: ws, listId: foreign.id }),
      h.call('lists.update', { actor: owner, workspaceId: ws, listId: foreign.id, name: 'Kapad' }),
      h.call('lists.delete', { actor: owner, workspaceId: ws, listId: foreign.id }),
      h.call('lists.items.add', { actor: owner, workspaceId: ws, listId: foreign.id, ref: '1977:480', reason: 'Försök.' }),
    ]) {
      expect(await call).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    }
    expect(await h.call('lists.get', { actor: owner, workspaceId: otherWs, listId: foreign.id })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect((await h.ok('lists.get', { actor: otherOwner, workspaceId: otherWs, listId: foreign.id })).name).toBe('Deras lista');

    expect(await h.ok('lists.delete', { actor: member, workspaceId: ws, listId: list.id })).toEqual({ removed: true });
    expect(await h.call('lists.get', { actor: member, workspaceId: ws, listId: list.id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect((await activity(list.id)).map((e) => e.action)).toEqual(['created', 'updated', 'deleted']);
  });

  it('lists.activeLaws: the SFS numbers on the active entries of all lists, once each and sorted, in one answer; every role; other tenants 403/404', async () => {
    const laws = async (actor: Actor, workspaceId: string): Promise<string[]> => (await h.ok('lists.activeLaws', { actor, workspaceId })).sfs;
    const lawsWs = await h.seedWorkspace(owner, 'Register AB');
    await h.seedMember(lawsWs, member, 'MEMBER');
    await h.seedMember(lawsWs, auditor, 'AUDITOR');

    // No lists yet, then an empty list: nothing.
    expect(await laws(auditor, lawsWs)).toEqual([]);
    const a = await h.ok('lists.create', { actor: owner, workspaceId: lawsWs, name: 'A', generate: false });
    expect(await laws(owner, lawsWs)).toEqual([]);

    const add = (listId: string, ref: string) => h.ok('lists.items.add', { actor: member, workspaceId: lawsWs, listId, ref, reason: 'Gäller oss.' });
    const b = await h.ok('lists.create', { actor: owner, workspaceId: lawsWs, name: 'B', generate: false });
    const c = await h.ok('lists.create', { actor: owner, workspaceId: lawsWs, name: 'C', generate: false });
    const semesterA = await add(a.id, '1977:480');
    await add(a.id, '1977:1160');
    await add(a.id, 'AFS 2023:15');
    const skadestand = await add(a.id, '1972:207');
    await add(b.id, '1977:480');
    await add(b.id, '2018:218');
    await add(c.id, '1982:80');
    await h.ok('lists.items.remove', { actor: member, workspaceId: lawsWs, listId: a.id, itemId: skadestand.id, reason: 'Inte relevant.' });
    // Removed from one list but active on another: still held.
    await h.ok('lists.items.remove', { actor: member, workspaceId: lawsWs, listId: a.id, itemId: semesterA.id, reason: 'Flyttad till B.' });
    // A deleted list's laws are gone with it.
    await h.ok('lists.delete', { actor: owner, workspaceId: lawsWs, listId: c.id });
    // A stored reference that is no SFS number (the add form allows a wider year range) never reaches the answer.
    await h.ds.query(
      `INSERT INTO compliance.law_list_items (list_id, workspace_id, kind, ref, title, area, reasons, origin) VALUES ($1, $2, 'SFS', '1500:1', 'Gammal', 'Övrigt', '[]', 'manual')`,
      [b.id, lawsWs],
    );

    // Code-unit order ("1977:1160" before "1977:480"); no AFS, no removed 1972:207, no deleted list's 1982:80.
    const expected = ['1977:1160', '1977:480', '2018:218'];
    for (const actor of [owner, member, auditor]) expect(await laws(actor, lawsWs)).toEqual(expected);

    // Another tenant's laws stay out; their workspace is 403 to us, ours 403 to them, an unknown one 404.
    const otherOwner = actorOf(await h.seedUser('Tredje Ägare'));
    const otherWs = await h.seedWorkspace(otherOwner, 'Tredje AB');
    const theirs = await h.ok('lists.create', { actor: otherOwner, workspaceId: otherWs, name: 'Deras', generate: false });
    await h.ok('lists.items.add', { actor: otherOwner, workspaceId: otherWs, listId: theirs.id, ref: '1998:808', reason: 'Miljöbalken gäller oss.' });
    expect(await laws(otherOwner, otherWs)).toEqual(['1998:808']);
    expect(await laws(owner, lawsWs)).toEqual(expected);
    expect(await h.call('lists.activeLaws', { actor: owner, workspaceId: otherWs })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await h.call('lists.activeLaws', { actor: otherOwner, workspaceId: lawsWs })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await h.call('lists.activeLaws', { actor: stranger, workspaceId: lawsWs })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await h.call('lists.activeLaws', { actor: owner, workspaceId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await h.call('lists.activeLaws', { actor: owner, workspaceId: 'inte-ett-id' })).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
  });
});
