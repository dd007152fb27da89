import { ErrorCode } from '@laglig/contracts';
import { ComplianceHarness } from '../testing/compliance-harness';
import { WorkspaceAccess } from './workspace-access.service';

/** Existence before access, on the real schema. */
describe('WorkspaceAccess', () => {
  const h = new ComplianceHarness('cw-access');
  let access: WorkspaceAccess;

  beforeAll(async () => {
    await h.start();
    access = h.app.get(WorkspaceAccess);
  }, 60_000);
  afterAll(() => h.stop());

  it('answers NOT_FOUND for a missing workspace, FORBIDDEN for a non-member, and checks the role', async () => {
    const owner = await h.seedUser('Ägare');
    const auditor = await h.seedUser('Revisor');
    const stranger = await h.seedUser('Främling');
    const ws = await h.seedWorkspace(owner);
    await h.seedMember(ws, auditor, 'AUDITOR');

    const missing = await access.require(owner, '00000000-0000-4000-8000-000000000000', 'read');
    expect(missing).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await access.require(stranger, ws, 'read')).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await access.require(auditor, ws, 'read')).toMatchObject({ ok: true, value: { role: 'AUDITOR', actorName: 'Revisor' } });
    expect(await access.require(auditor, ws, 'write')).toMatchObject({ ok: false, code: ErrorCode.FORBIDDEN });
    expect(await access.require(owner, ws, 'own')).toMatchObject({ ok: true, value: { role: 'OWNER', workspaceName: 'Testbolaget AB' } });
  });

  it('keeps the activity log append-only', async () => {
    const owner = await h.seedUser();
    const ws = await h.seedWorkspace(owner);
    await h.ds.query(`INSERT INTO compliance.activity (workspace_id, actor_id, entity_type, entity_id, action, changes) VALUES ($1, $2, 'workspace', $3, 'created', '[]')`, [ws, owner.userId, ws]);
    await expect(h.ds.query(`UPDATE compliance.activity SET action = 'x' WHERE workspace_id = $1`, [ws])).rejects.toThrow(/append-only/);
  });
});
