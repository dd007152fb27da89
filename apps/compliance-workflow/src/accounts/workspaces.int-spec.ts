import Redis from 'ioredis';
import { ErrorCode, realtimeChannel, type Actor, type RealtimeEvent, type WorkspaceRole } from '@laglig/contracts';
import { ComplianceHarness, type TestUser } from '../testing/compliance-harness';
import { hashToken } from './token-crypto';
import { LAST_OWNER, OWNER_ONLY } from './workspaces.service';

const MISSING = '00000000-0000-4000-8000-000000000000';

/** Workspaces, members and invitations over real request/reply, PostgreSQL and Redis. */
describe('accounts: workspaces, members, invitations', () => {
  const h = new ComplianceHarness('cw-workspaces');

  beforeAll(() => h.start(), 60_000);
  afterAll(() => h.stop());

  const activity = async (workspaceId: string, entityType: string) =>
    (await h.ds.query(`SELECT actor_id, entity_id, action, changes, summary FROM compliance.activity WHERE workspace_id = $1 AND entity_type = $2 ORDER BY id`, [
      workspaceId,
      entityType,
    ])) as Array<{ actor_id: string; entity_id: string; action: string; changes: unknown[]; summary: string }>;

  /** A workspace owned by `owner` with one member per role given. */
  async function team(owner: TestUser, roles: WorkspaceRole[] = []): Promise<{ id: string; members: Actor[]; emails: string[] }> {
    const ws = await h.ok('workspaces.create', { actor: owner.actor, name: 'Byggbolaget AB' });
    const members: Actor[] = [];
    const emails: string[] = [];
    for (const role of roles) {
      const u = await h.seedUser(role);
      await h.seedMember(ws.id, u, role);
      members.push({ userId: u.userId });
      emails.push(u.email);
    }
    return { id: ws.id, members, emails };
  }

  async function invitationToken(invitationId: string): Promise<string> {
    const events = await h.until(
      () => h.events('member.invited'),
      (es) => es.some((e) => e.payload.invitationId === invitationId),
    );
    return events.find((e) => e.payload.invitationId === invitationId)?.payload.token ?? '';
  }

  it('creates a workspace with the creator as OWNER, lists and reads it, and logs the creation', async () => {
    const owner = await h.user('Olle Ägare');
    const ws = await h.ok('workspaces.create', { actor: owner.actor, name: '  Åkeriet AB ' });
    expect(ws).toEqual({ id: expect.any(String), name: 'Åkeriet AB', role: 'OWNER', createdAt: expect.any(String) });
    const second = await h.ok('workspaces.create', { actor: owner.actor, name: 'Ateljén HB' });
    expect(await h.ok('workspaces.list', { actor: owner.actor })).toEqual({ items: [second, ws] });
    expect(await h.ok('workspaces.get', { actor: owner.actor, workspaceId: ws.id })).toEqual(ws);
    expect(await h.ok('workspaces.access', { actor: owner.actor, workspaceId: ws.id })).toEqual({ role: 'OWNER' });
    expect((await h.ok('auth.me', { actor: owner.actor })).workspaces).toEqual([
      { id: second.id, name: 'Ateljén HB', role: 'OWNER' },
      { id: ws.id, name: 'Åkeriet AB', role: 'OWNER' },
    ]);
    expect(await activity(ws.id, 'workspace')).toEqual([
      { actor_id: owner.actor.userId, entity_id: ws.id, action: 'created', changes: [{ field: 'name', from: null, to: 'Åkeriet AB' }], summary: 'Åkeriet AB' },
    ]);
    expect(await activity(ws.id, 'member')).toMatchObject([{ entity_id: owner.actor.userId, action: 'added', changes: [{ field: 'role', from: null, to: 'OWNER' }] }]);
  });

  it('checks existence before access on every workspace method', async () => {
    const owner = await h.user();
    const stranger = await h.user();
    const { id } = await team(owner);
    const calls = (actor: Actor, workspaceId: string) => [
      h.call('workspaces.get', { actor, workspaceId }),
      h.call('workspaces.update', { actor, workspaceId, name: 'X' }),
      h.call('workspaces.access', { actor, workspaceId }),
      h.call('members.list', { actor, workspaceId }),
      h.call('members.update', { actor, workspaceId, userId: owner.actor.userId, role: 'MEMBER' }),
      h.call('members.remove', { actor, workspaceId, userId: owner.actor.userId }),
      h.call('invitations.create', { actor, workspaceId, email: 'x@example.se', role: 'MEMBER' }),
      h.call('invitations.list', { actor, workspaceId }),
      h.call('invitations.revoke', { actor, workspaceId, invitationId: MISSING }),
    ];
    for (const r of await Promise.all(calls(stranger.actor, MISSING))) expect(r).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND, message: 'Arbetsytan finns inte.' });
    for (const r of await Promise.all(calls(stranger.actor, id))) expect(r).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN, message: 'Du är inte medlem i den här arbetsytan.' });
    // Nothing changed.
    expect(await h.ok('members.list', { actor: owner.actor, workspaceId: id })).toMatchObject({ items: [{ userId: owner.actor.userId, role: 'OWNER' }] });
    expect(await h.ok('workspaces.get', { actor: owner.actor, workspaceId: id })).toMatchObject({ name: 'Byggbolaget AB' });
  });

  it('renames a workspace (manage) with a field-level activity entry', async () => {
    const owner = await h.user();
    const { id, members } = await team(owner, ['ADMIN', 'MEMBER', 'AUDITOR']);
    const [admin, member, auditor] = members as [Actor, Actor, Actor];
    expect(await h.call('workspaces.update', { actor: member, workspaceId: id, name: 'Nytt' })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.call('workspaces.update', { actor: auditor, workspaceId: id, name: 'Nytt' })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.ok('workspaces.update', { actor: admin, workspaceId: id, name: 'Byggbolaget i Norr AB' })).toMatchObject({ name: 'Byggbolaget i Norr AB', role: 'ADMIN' });
    expect(await h.ok('workspaces.get', { actor: auditor, workspaceId: id })).toMatchObject({ name: 'Byggbolaget i Norr AB', role: 'AUDITOR' });
    const entries = await activity(id, 'workspace');
    expect(entries.at(-1)).toEqual({
      actor_id: admin.userId,
      entity_id: id,
      action: 'updated',
      changes: [{ field: 'name', from: 'Byggbolaget AB', to: 'Byggbolaget i Norr AB' }],
      summary: 'Byggbolaget i Norr AB',
    });
    // Same name: nothing to log.
    await h.ok('workspaces.update', { actor: admin, workspaceId: id, name: 'Byggbolaget i Norr AB' });
    expect(await activity(id, 'workspace')).toHaveLength(entries.length);
  });

  it('lets every member read the member list and only ADMIN+ change roles; OWNER is an owner matter', async () => {
    const owner = await h.user('Olle');
    const { id, members } = await team(owner, ['ADMIN', 'MEMBER', 'AUDITOR']);
    const [admin, member, auditor] = members as [Actor, Actor, Actor];
    const list = await h.ok('members.list', { actor: auditor, workspaceId: id });
    expect(list.items.map((m) => m.role)).toEqual(['OWNER', 'ADMIN', 'MEMBER', 'AUDITOR']);
    expect(list.items[0]).toMatchObject({ userId: owner.actor.userId, email: owner.email, displayName: 'Olle' });

    expect(await h.call('members.update', { actor: member, workspaceId: id, userId: auditor.userId, role: 'MEMBER' })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.ok('members.update', { actor: admin, workspaceId: id, userId: auditor.userId, role: 'MEMBER' })).toMatchObject({ userId: auditor.userId, role: 'MEMBER' });
    expect(await h.call('members.update', { actor: admin, workspaceId: id, userId: member.userId, role: 'OWNER' })).toEqual({ ok: false, code: ErrorCode.FORBIDDEN, message: OWNER_ONLY });
    expect(await h.call('members.update', { actor: admin, workspaceId: id, userId: owner.actor.userId, role: 'ADMIN' })).toEqual({ ok: false, code: ErrorCode.FORBIDDEN, message: OWNER_ONLY });
    // The member of another workspace is not found here.
    const elsewhere = await h.user();
    await team(elsewhere);
    expect(await h.call('members.update', { actor: admin, workspaceId: id, userId: elsewhere.actor.userId, role: 'MEMBER' })).toMatchObject({ code: ErrorCode.NOT_FOUND });

    expect(await activity(id, 'member')).toContainEqual({
      actor_id: admin.userId,
      entity_id: auditor.userId,
      action: 'updated',
      changes: [{ field: 'role', from: 'AUDITOR', to: 'MEMBER' }],
      summary: 'AUDITOR',
    });
  });

  it('tells the open event streams of the workspace about role changes, removals and new members (realtime)', async () => {
    const owner = await h.user();
    const { id, members } = await team(owner, ['MEMBER', 'MEMBER']);
    const [m1, m2] = members as [Actor, Actor];
    const sub = new Redis(h.connection.redis);
    const received: RealtimeEvent[] = [];
    try {
      await sub.subscribe(realtimeChannel(h.connection.prefix, id));
      sub.on('message', (_channel, message: string) => received.push(JSON.parse(message) as RealtimeEvent));
      await h.ok('members.update', { actor: owner.actor, workspaceId: id, userId: m1.userId, role: 'ADMIN' });
      await h.ok('members.update', { actor: owner.actor, workspaceId: id, userId: m1.userId, role: 'ADMIN' }); // no change: no event
      await h.ok('members.remove', { actor: owner.actor, workspaceId: id, userId: m2.userId });
      const invitee = await h.user();
      const invitation = await h.ok('invitations.create', { actor: owner.actor, workspaceId: id, email: invitee.email, role: 'MEMBER' });
      await h.ok('invitations.accept', { actor: invitee.actor, token: await invitationToken(invitation.id) });
      await h.until(async () => received.length, (n) => n >= 3);
      expect(received.map((e) => [e.type, e.workspaceId, e.actorId])).toEqual([
        ['member.updated', id, owner.actor.userId],
        ['member.updated', id, owner.actor.userId],
        ['member.updated', id, invitee.actor.userId],
      ]);
      expect(received[0]?.data).toMatchObject({ userId: m1.userId, role: 'ADMIN' });
      expect(received[1]?.data).toEqual({ id: m2.userId, userId: m2.userId, removed: true });
      expect(received[2]?.data).toMatchObject({ userId: invitee.actor.userId, role: 'MEMBER', email: invitee.email });
    } finally {
      sub.disconnect();
    }
  });

  it('keeps at least one OWNER: the last one cannot be demoted, removed or leave; with two, one may go', async () => {
    const owner = await h.user();
    const { id, members } = await team(owner, ['ADMIN']);
    const [admin] = members as [Actor];
    expect(await h.call('members.update', { actor: owner.actor, workspaceId: id, userId: owner.actor.userId, role: 'ADMIN' })).toEqual({ ok: false, code: ErrorCode.CONFLICT, message: LAST_OWNER });
    expect(await h.call('members.remove', { actor: owner.actor, workspaceId: id, userId: owner.actor.userId })).toEqual({ ok: false, code: ErrorCode.CONFLICT, message: LAST_OWNER });
    expect(await h.call('members.remove', { actor: admin, workspaceId: id, userId: owner.actor.userId })).toMatchObject({ code: ErrorCode.FORBIDDEN });

    expect(await h.ok('members.update', { actor: owner.actor, workspaceId: id, userId: admin.userId, role: 'OWNER' })).toMatchObject({ role: 'OWNER' });
    // Two owners demoting each other at once: one wins, one OWNER stays.
    const [a, b] = await Promise.all([
      h.call('members.update', { actor: owner.actor, workspaceId: id, userId: admin.userId, role: 'MEMBER' }),
      h.call('members.update', { actor: admin, workspaceId: id, userId: owner.actor.userId, role: 'MEMBER' }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const owners = (await h.ok('members.list', { actor: owner.actor, workspaceId: id }).catch(() => h.ok('members.list', { actor: admin, workspaceId: id }))).items.filter(
      (m) => m.role === 'OWNER',
    );
    expect(owners).toHaveLength(1);
  });

  it('removes members: ADMIN+ removes others, anyone may leave, removal is logged', async () => {
    const owner = await h.user();
    const { id, members } = await team(owner, ['ADMIN', 'MEMBER', 'MEMBER', 'AUDITOR']);
    const [admin, m1, m2, auditor] = members as [Actor, Actor, Actor, Actor];
    expect(await h.call('members.remove', { actor: m1, workspaceId: id, userId: m2.userId })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.ok('members.remove', { actor: m1, workspaceId: id, userId: m1.userId })).toEqual({ removed: true });
    expect(await h.call('workspaces.get', { actor: m1, workspaceId: id })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.ok('members.remove', { actor: admin, workspaceId: id, userId: m2.userId })).toEqual({ removed: true });
    expect(await h.call('members.remove', { actor: admin, workspaceId: id, userId: m2.userId })).toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await h.ok('members.remove', { actor: auditor, workspaceId: id, userId: auditor.userId })).toEqual({ removed: true });
    const log = await activity(id, 'member');
    expect(log.slice(-3).map((e) => [e.entity_id, e.action])).toEqual([
      [m1.userId, 'left'],
      [m2.userId, 'removed'],
      [auditor.userId, 'left'],
    ]);
    expect((await h.ok('members.list', { actor: owner.actor, workspaceId: id })).items.map((m) => m.role)).toEqual(['OWNER', 'ADMIN']);
  });

  it('invites by e-mail (manage), sends member.invited and lets the invitee with that address join', async () => {
    const owner = await h.user('Olle Ägare');
    const { id, members, emails } = await team(owner, ['ADMIN', 'MEMBER']);
    const [admin, member] = members as [Actor, Actor];
    const invitee = await h.user('Ingrid Inbjuden');

    expect(await h.call('invitations.create', { actor: member, workspaceId: id, email: invitee.email, role: 'MEMBER' })).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect(await h.call('invitations.create', { actor: admin, workspaceId: id, email: invitee.email, role: 'OWNER' })).toEqual({ ok: false, code: ErrorCode.FORBIDDEN, message: OWNER_ONLY });
    expect(await h.call('invitations.create', { actor: admin, workspaceId: id, email: (emails[0] as string).toUpperCase(), role: 'MEMBER' })).toMatchObject({ code: ErrorCode.CONFLICT });

    const invitation = await h.ok('invitations.create', { actor: owner.actor, workspaceId: id, email: invitee.email.toUpperCase(), role: 'AUDITOR' });
    expect(invitation).toEqual({
      id: expect.any(String),
      email: invitee.email,
      role: 'AUDITOR',
      invitedBy: 'Olle Ägare',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      acceptedAt: null,
    });
    const days = (Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(7, 2);
    const token = await invitationToken(invitation.id);
    const event = (await h.events('member.invited')).find((e) => e.payload.invitationId === invitation.id);
    expect(event?.payload).toEqual({
      invitationId: invitation.id,
      workspaceId: id,
      workspaceName: 'Byggbolaget AB',
      email: invitee.email,
      role: 'AUDITOR',
      invitedByName: 'Olle Ägare',
      token,
      expiresAt: invitation.expiresAt,
    });
    const [stored] = await h.ds.query(`SELECT token_hash FROM compliance.invitations WHERE id = $1`, [invitation.id]);
    expect(stored.token_hash).toBe(hashToken(token));

    expect(await h.ok('invitations.list', { actor: member, workspaceId: id })).toEqual({ items: [invitation] });

    // Someone else signed in cannot use the link.
    const other = await h.user('Fel Person');
    expect(await h.call('invitations.accept', { actor: other.actor, token })).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await h.call('workspaces.get', { actor: other.actor, workspaceId: id })).toMatchObject({ code: ErrorCode.FORBIDDEN });

    const joined = await h.ok('invitations.accept', { actor: invitee.actor, token });
    expect(joined).toMatchObject({ id, name: 'Byggbolaget AB', role: 'AUDITOR' });
    expect(await h.ok('workspaces.access', { actor: invitee.actor, workspaceId: id })).toEqual({ role: 'AUDITOR' });
    // Accepting again is harmless.
    expect(await h.ok('invitations.accept', { actor: invitee.actor, token })).toEqual(joined);
    expect((await h.ok('invitations.list', { actor: owner.actor, workspaceId: id })).items[0]).toMatchObject({ id: invitation.id, acceptedAt: expect.any(String) });
    expect(await h.call('invitations.revoke', { actor: owner.actor, workspaceId: id, invitationId: invitation.id })).toMatchObject({ code: ErrorCode.CONFLICT });
    // Now a member: inviting the address again is a conflict.
    expect(await h.call('invitations.create', { actor: owner.actor, workspaceId: id, email: invitee.email, role: 'MEMBER' })).toMatchObject({ code: ErrorCode.CONFLICT });

    const log = await activity(id, 'invitation');
    expect(log.map((e) => e.action)).toEqual(['created', 'accepted']);
    expect(log[0]?.changes).toEqual([
      { field: 'email', from: null, to: invitee.email },
      { field: 'role', from: null, to: 'AUDITOR' },
    ]);
    expect((await activity(id, 'member')).at(-1)).toMatchObject({ actor_id: invitee.actor.userId, entity_id: invitee.actor.userId, action: 'added', changes: [{ field: 'role', from: null, to: 'AUDITOR' }] });
  });

  it('revokes, replaces and expires invitations; a foreign invitation is not found', async () => {
    const owner = await h.user();
    const { id } = await team(owner);
    const invitee = await h.user();

    const first = await h.ok('invitations.create', { actor: owner.actor, workspaceId: id, email: invitee.email, role: 'MEMBER' });
    const firstToken = await invitationToken(first.id);
    const second = await h.ok('invitations.create', { actor: owner.actor, workspaceId: id, email: invitee.email, role: 'ADMIN' });
    const secondToken = await invitationToken(second.id);
    expect((await h.ok('invitations.list', { actor: owner.actor, workspaceId: id })).items.map((i) => i.id)).toEqual([second.id]);
    expect(await h.call('invitations.accept', { actor: invitee.actor, token: firstToken })).toMatchObject({ code: ErrorCode.NOT_FOUND });

    // Another workspace's admin cannot touch it, not even by id.
    const foreignOwner = await h.user();
    const foreign = await team(foreignOwner);
    expect(await h.call('invitations.revoke', { actor: foreignOwner.actor, workspaceId: foreign.id, invitationId: second.id })).toMatchObject({ code: ErrorCode.NOT_FOUND });

    expect(await h.ok('invitations.revoke', { actor: owner.actor, workspaceId: id, invitationId: second.id })).toEqual({ removed: true });
    expect(await h.ok('invitations.revoke', { actor: owner.actor, workspaceId: id, invitationId: second.id })).toEqual({ removed: true });
    expect(await h.call('invitations.accept', { actor: invitee.actor, token: secondToken })).toEqual({ ok: false, code: ErrorCode.NOT_FOUND, message: 'Inbjudan finns inte eller har återkallats.' });
    expect(await h.ok('invitations.list', { actor: owner.actor, workspaceId: id })).toEqual({ items: [] });

    const third = await h.ok('invitations.create', { actor: owner.actor, workspaceId: id, email: invitee.email, role: 'MEMBER' });
    const thirdToken = await invitationToken(third.id);
    await h.ds.query(`UPDATE compliance.invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [third.id]);
    expect(await h.call('invitations.accept', { actor: invitee.actor, token: thirdToken })).toMatchObject({ code: ErrorCode.NOT_FOUND, message: 'Inbjudan har gått ut. Be om en ny inbjudan.' });
    expect(await h.call('invitations.accept', { actor: invitee.actor, token: 'n'.repeat(43) })).toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await h.call('workspaces.access', { actor: invitee.actor, workspaceId: id })).toMatchObject({ code: ErrorCode.FORBIDDEN });

    expect((await activity(id, 'invitation')).map((e) => e.action)).toEqual(['created', 'revoked', 'created', 'revoked', 'created']);
  });

  it('lists every workspace for the operator with cursor paging', async () => {
    const owner = await h.user();
    const names = ['Drift 1', 'Drift 2', 'Drift 3'];
    for (const name of names) await h.ok('workspaces.create', { actor: owner.actor, name });
    const member = await h.seedUser();
    const [latest] = (await h.ok('workspaces.list', { actor: owner.actor })).items.filter((w) => w.name === 'Drift 3');
    await h.seedMember((latest as { id: string }).id, member, 'MEMBER');

    const seen: Array<{ name: string; memberCount: number }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Array<{ name: string; memberCount: number }>; nextCursor: string | null } = await h.ok('admin.workspaces.list', { cursor, limit: 2 });
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    const total = (await h.ds.query(`SELECT count(*)::int AS n FROM compliance.workspaces`))[0].n;
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((w) => JSON.stringify(w))).size).toBe(total);
    expect(seen.slice(0, 3)).toEqual([
      { id: expect.any(String), name: 'Drift 3', createdAt: expect.any(String), memberCount: 2 },
      { id: expect.any(String), name: 'Drift 2', createdAt: expect.any(String), memberCount: 1 },
      { id: expect.any(String), name: 'Drift 1', createdAt: expect.any(String), memberCount: 1 },
    ]);
    expect(await h.call('admin.workspaces.list', { cursor: 'inte-en-markör', limit: 2 })).toMatchObject({ code: ErrorCode.INVALID_INPUT });
  });
});
