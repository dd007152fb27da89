import { startRiksdagenServer, type RiksdagenServer } from '@laglig/testing';
import { SyncRunSchema, type SyncRun } from '@laglig/contracts';
import { createCatalogTestContext, type CatalogTestContext } from '../testing/test-support';
import type { SyncService } from './sync.service';

const STATUTES = ['1977:480', '1977:1160', '1982:80', '1974:358', '1994:448', '1976:580'];
const statusPath = (dokId: string): string => `/dokumentstatus/${dokId}.json`;

const status = async (sync: SyncService, id?: string): Promise<SyncRun> => {
  const result = await sync.status(id);
  if (!result.ok) throw new Error(result.message);
  return SyncRunSchema.parse(result.value);
};

/** Runs a sync to its end in this process (the dispatcher is replaced, so nothing runs behind the test's back). */
async function runSync(sync: SyncService, mode: 'full' | 'incremental'): Promise<SyncRun> {
  const started = await sync.start(mode, 'manual');
  if (!started.ok) throw new Error(started.message);
  await sync.execute(started.value.id);
  return status(sync, started.value.id);
}

describe('Riksdagen sync (loopback API, real PostgreSQL)', () => {
  let ctx: CatalogTestContext;
  let server: RiksdagenServer;
  let sync: SyncService;
  const dispatched: string[] = [];
  let seen = 0;
  /** Events published (by the sync's outbox flush) since the last call. */
  const newEvents = async (): Promise<CatalogTestContext['publisher']['events']> => {
    await ctx.flush();
    const events = ctx.publisher.events.slice(seen);
    seen = ctx.publisher.events.length;
    return events;
  };

  beforeAll(async () => {
    ctx = await createCatalogTestContext();
    server = await startRiksdagenServer({ only: STATUTES, pageSize: 2 });
    // No overlap: an incremental run lists only documents newer than the previous high-water mark.
    sync = ctx.createSync({ baseUrl: server.url, pageSize: 2, overlapHours: 0 });
    sync.useDispatcher(async (runId) => {
      dispatched.push(runId);
    });
  });
  afterAll(async () => {
    await server?.close();
    await ctx?.close();
  });

  it('answers UNAVAILABLE without a base URL and NOT_FOUND before any run', async () => {
    const unconfigured = ctx.createSync({ baseUrl: '' });
    expect(unconfigured.configured).toBe(false);
    expect(await unconfigured.start('full', 'manual')).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect(await sync.status()).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('a full run lists every document newest first and ingests them all', async () => {
    const run = await runSync(sync, 'full');
    expect(run).toMatchObject({ mode: 'full', trigger: 'manual', status: 'succeeded', listed: 6, processed: 6, created: 6, failed: 0, errors: [] });
    expect(run.cursor).toBe('2024-04-12 04:00:00');
    const first = new URL(server.requests.find((r) => r.path.startsWith('/dokumentlista/'))?.path ?? '', server.url).searchParams;
    expect(Object.fromEntries(first)).toMatchObject({ doktyp: 'sfs', sort: 'systemdatum', sortorder: 'desc', sz: '2' });
    for (const sfs of STATUTES) expect(server.hits(statusPath(`sfs-${sfs.replace(':', '-')}`))).toBe(1);
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM law_catalog.law_changes WHERE kind = 'new' AND sync_run_id = $1`, [run.id]);
    expect(n).toBe(6);
    const events = await newEvents();
    expect(events.filter((e) => e.type === 'law.ingested')).toHaveLength(6);
  });

  it('an incremental run fetches only the document whose systemdatum moved, and records its change', async () => {
    const before = (await ctx.documents.get('1974:358')) as { ok: true; value: { version: { id: string } } };
    const hits = Object.fromEntries(STATUTES.map((sfs) => [sfs, server.hits(statusPath(`sfs-${sfs.replace(':', '-')}`))]));
    server.setText('sfs-1974-358', '1 § En helt ny lydelse för detta test.\n\n2 a § En ny paragraf.', '2025-06-01 04:00:00');

    const run = await runSync(sync, 'incremental');
    expect(run).toMatchObject({ mode: 'incremental', status: 'succeeded', listed: 1, processed: 1, changed: 1, created: 0, failed: 0 });
    expect(run.cursor).toBe('2025-06-01 04:00:00');
    for (const sfs of STATUTES) {
      const expected = sfs === '1974:358' ? hits[sfs] + 1 : hits[sfs];
      expect(server.hits(statusPath(`sfs-${sfs.replace(':', '-')}`))).toBe(expected);
    }
    // The list was read only until the first document older than the previous high-water mark minus the overlap.
    const changes = await ctx.dataSource.query(`SELECT id, sfs, kind FROM law_catalog.law_changes WHERE sync_run_id = $1`, [run.id]);
    expect(changes).toEqual([expect.objectContaining({ sfs: '1974:358', kind: 'amended' })]);
    const events = await newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'law.changed', payload: { sfs: '1974:358', previousVersionId: before.value.version.id, changeId: changes[0].id } });
  });

  it('an incremental run with nothing new fetches nothing and keeps the high-water mark', async () => {
    const fetched = server.requests.filter((r) => r.path.startsWith('/dokumentstatus/')).length;
    const run = await runSync(sync, 'incremental');
    expect(run).toMatchObject({ status: 'succeeded', listed: 0, cursor: '2025-06-01 04:00:00' });
    expect(server.requests.filter((r) => r.path.startsWith('/dokumentstatus/')).length).toBe(fetched);
  });

  it('runs one sync at a time: starting again returns the active run', async () => {
    const first = await sync.start('incremental', 'manual');
    const second = await sync.start('full', 'manual');
    expect(first.ok && second.ok && second.value.id).toBe(first.ok && first.value.id);
    expect(second.ok && second.value).toMatchObject({ mode: 'incremental', status: 'queued' });
    expect(dispatched.at(-1)).toBe(first.ok && first.value.id);
    await sync.execute(first.ok ? first.value.id : '');
    expect(await status(sync)).toMatchObject({ id: first.ok && first.value.id, status: 'succeeded' });
  });

  it('records the repeal of a statute found by an incremental run', async () => {
    server.repeal('sfs-1976-580', { by: '2025:100', at: '2025-07-01', systemdatum: '2025-06-02 04:00:00' });
    const run = await runSync(sync, 'incremental');
    expect(run).toMatchObject({ status: 'succeeded', listed: 1 });
    const [change] = await ctx.dataSource.query(`SELECT kind, amending_sfs, in_force FROM law_catalog.law_changes WHERE sync_run_id = $1`, [run.id]);
    expect(change).toEqual({ kind: 'repealed', amending_sfs: '2025:100', in_force: '2025-07-01' });
    expect((await newEvents()).map((e) => e.type)).toEqual(['law.repealed']);
  });
});

describe('Riksdagen sync with a broken document (loopback API, real PostgreSQL)', () => {
  let ctx: CatalogTestContext;
  let server: RiksdagenServer;
  let sync: SyncService;

  beforeAll(async () => {
    ctx = await createCatalogTestContext();
    server = await startRiksdagenServer({ only: ['1977:480', '1982:80', '1994:448'], malformed: [{ dokId: 'sfs-1982-80', kind: 'invalid-json' }] });
    sync = ctx.createSync({ baseUrl: server.url, itemAttempts: 3, retryBaseMs: 5, overlapHours: 0 });
    sync.useDispatcher(async () => undefined);
  });
  afterAll(async () => {
    await server?.close();
    await ctx?.close();
  });

  it('fails that document after three attempts with the reason; the others are done; the run completes with errors', async () => {
    const run = await runSync(sync, 'full');
    expect(run).toMatchObject({ status: 'completed_with_errors', listed: 3, processed: 3, created: 2, failed: 1 });
    expect(run.errors).toEqual([{ dokId: 'sfs-1982-80', message: expect.stringContaining('Ogiltig JSON') }]);
    expect(server.hits(statusPath('sfs-1982-80'))).toBe(3);
    expect(server.hits(statusPath('sfs-1977-480'))).toBe(1);
    // The cursor still advances.
    expect(run.cursor).toBe('2024-04-12 04:00:00');
    const items = await ctx.dataSource.query(`SELECT dok_id, status, attempts FROM law_catalog.sync_items WHERE run_id = $1 ORDER BY dok_id`, [run.id]);
    expect(items).toEqual([
      { dok_id: 'sfs-1977-480', status: 'done', attempts: 0 },
      { dok_id: 'sfs-1982-80', status: 'failed', attempts: 3 },
      { dok_id: 'sfs-1994-448', status: 'done', attempts: 0 },
    ]);
  });

  it('carries the failed document over to the next run, which retries it', async () => {
    const run = await runSync(sync, 'incremental');
    expect(run).toMatchObject({ listed: 1, failed: 1, status: 'completed_with_errors' });
    expect(server.hits(statusPath('sfs-1982-80'))).toBe(6);
    expect(server.hits(statusPath('sfs-1977-480'))).toBe(1);
  });
});
