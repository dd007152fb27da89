import { ComplianceHarness } from '../testing/compliance-harness';
import { enqueueEvent, OutboxRelay } from './outbox';

/** The transactional outbox: nothing is published before commit, and one-time tokens do not stay behind. */
describe('compliance event outbox', () => {
  const h = new ComplianceHarness('cw-outbox', { OUTBOX_POLL_MS: '0' });
  beforeAll(() => h.start(), 60_000);
  afterAll(() => h.stop());

  const payload = {
    userId: '6f1c2d3e-4b5a-4c6d-8e7f-901234567890',
    email: 'ny@example.se',
    displayName: 'Ny Användare',
    verificationToken: 'engångsnyckel-som-inte-får-ligga-kvar',
    expiresAt: '2026-12-03T10:00:00.000Z',
  };

  it('publishes only committed events, and drops the token from the row once published', async () => {
    const relay = h.app.get(OutboxRelay);
    await h.ds.transaction(async (manager) => {
      await enqueueEvent(manager, 'user.registered', payload, 'user.registered.rolled-back');
      throw new Error('rollback');
    }).catch(() => undefined);
    await h.ds.transaction((manager) => enqueueEvent(manager, 'user.registered', payload, 'user.registered.committed'));

    expect(await relay.flush()).toBe(1);
    const events = await h.events('user.registered');
    expect(events.map((e) => e.id)).toEqual(['user.registered.committed']);
    expect(events[0]?.payload.verificationToken).toBe(payload.verificationToken);

    const [row] = await h.ds.query(`SELECT payload, published_at FROM compliance.event_outbox WHERE id = 'user.registered.committed'`);
    expect(row.published_at).not.toBeNull();
    expect(JSON.stringify(row.payload)).not.toContain(payload.verificationToken);
    expect(row.payload.payload).toMatchObject({ email: 'ny@example.se' });
    expect(await relay.flush()).toBe(0);
  });
});
