import { randomUUID } from 'node:crypto';
import { EventBus } from '@laglig/messaging';
import type { Requirement } from '@laglig/contracts';
import { ComplianceHarness } from '../../testing/compliance-harness';
import { LawChangesService } from './law-changes.service';

/** law.changed / law.repealed from the catalog re-open the requirements of the changed sections, in every workspace, once. */
describe('law changes re-open requirements', () => {
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

  /** A workspace with a generated list; returns the owner, the workspace and its requirements. */
  async function register(name: string) {
    const owner = { userId: (await h.seedUser(`Ägare ${name}`)).userId };
    const workspaceId = await h.seedWorkspace(owner, name);
    await h.ok('profile.set', {
      actor: owner,
      workspaceId,
      profile: { name, orgNumber: '556012-5790', sniCodes: ['41.200'], employees: 25, screening: { chemicals: true } },
    });
    await h.ok('lists.create', { actor: owner, workspaceId, name: 'Laglista', generate: true });
    const { items } = await h.ok('requirements.list', { actor: owner, workspaceId, filter: { ref: '1977:1160' }, limit: 200 });
    return { owner, workspaceId, requirements: items };
  }

  async function assess(ws: Awaited<ReturnType<typeof register>>, r: Requirement): Promise<Requirement> {
    return h.ok('requirements.update', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: r.id, version: r.version, patch: { status: 'UPPFYLLD' } });
  }

  const changed = (anchors: string[], substantive = true) => ({
    sfs: '1977:1160',
    title: 'Arbetsmiljölag (1977:1160)',
    previousVersionId: randomUUID(),
    versionId: randomUUID(),
    amendingSfs: '2026:1001',
    inForce: '2027-01-01',
    added: [],
    modified: anchors,
    repealed: [],
    substantive,
  });

  it('re-opens exactly the requirements of the modified sections, in every workspace, with an activity entry', async () => {
    const a = await register('Bygg A AB');
    const b = await register('Bygg B AB');
    const target = (ws: typeof a) => ws.requirements.find((r) => r.anchor === 'K3P2a') as Requirement;
    const other = (ws: typeof a) => ws.requirements.find((r) => r.anchor && r.anchor !== 'K3P2a') as Requirement;
    expect(target(a)).toBeDefined();
    expect(other(a)).toBeDefined();
    for (const ws of [a, b]) {
      await assess(ws, target(ws));
      await assess(ws, other(ws));
    }

    await bus.publish('law.changed', changed(['K3P2a']), { id: 'law.changed.test-1' });
    for (const ws of [a, b]) {
      const reopened = await h.until(
        () => h.ok('requirements.get', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: target(ws).id }),
        (r) => r.status === null,
      );
      expect(reopened.version).toBe(target(ws).version + 2);
      const untouched = await h.ok('requirements.get', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: other(ws).id });
      expect(untouched.status).toBe('UPPFYLLD');
      const log = await h.ok('activity.list', { actor: ws.owner, workspaceId: ws.workspaceId, entityType: 'requirement', entityId: target(ws).id, limit: 10 });
      expect(log.items[0]).toMatchObject({ action: 'reopened', actorId: null, actorName: 'Lagändring', changes: [{ field: 'status', from: 'UPPFYLLD', to: null }] });
      expect(log.items[0]?.summary).toContain('SFS 2026:1001');
    }
  });

  it('applies an event once, however often it is delivered', async () => {
    const ws = await register('Bygg C AB');
    const r = ws.requirements.find((x) => x.anchor === 'K6P2') ?? (ws.requirements.find((x) => x.anchor) as Requirement);
    await assess(ws, r);
    const service = h.app.get(LawChangesService);
    const change = { eventId: 'law.changed.test-once', sfs: '1977:1160', anchors: [r.anchor as string], substantive: true, cause: 'SFS 2026:1002' };
    expect(await service.apply(change)).toEqual({ reopened: 1, alreadyApplied: false });
    const fresh = await h.ok('requirements.get', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: r.id });
    await assess(ws, fresh);
    expect(await service.apply(change)).toEqual({ reopened: 0, alreadyApplied: true });
    expect((await h.ok('requirements.get', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: r.id })).status).toBe('UPPFYLLD');
  });

  it('re-opens every assessed requirement of a repealed law', async () => {
    const ws = await register('Bygg D AB');
    const assessed = await Promise.all(ws.requirements.slice(0, 3).map((r) => assess(ws, r)));
    await bus.publish('law.repealed', { sfs: '1977:1160', title: 'Arbetsmiljölag (1977:1160)', versionId: randomUUID(), repealedBy: '2026:2000' }, { id: 'law.repealed.test-1' });
    for (const r of assessed) {
      await h.until(() => h.ok('requirements.get', { actor: ws.owner, workspaceId: ws.workspaceId, requirementId: r.id }), (x) => x.status === null);
    }
  });
});
