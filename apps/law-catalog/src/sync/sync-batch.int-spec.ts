import { startRiksdagenServer, until, type RiksdagenServer } from '@laglig/testing';
import { createCatalogTestContext, type CatalogTestContext } from '../testing/test-support';

const STATUTES = ['1977:480', '1977:1160', '1982:80', '1974:358', '1994:448', '1976:580'];

/**
 * The sync's bookkeeping in batches (SYNC_CLAIM_BATCH): a worker claims a
 * batch with one statement and marks it done with one at its end; a stop in
 * the middle of a batch marks what was ingested and releases the rest, and
 * the next executor fetches only those. Real PostgreSQL, loopback API.
 */
describe('sync claims and finishes documents in batches', () => {
  let ctx: CatalogTestContext;
  let server: RiksdagenServer;

  beforeAll(async () => {
    ctx = await createCatalogTestContext();
    server = await startRiksdagenServer({ only: STATUTES, slow: [{ path: /^\/dokumentstatus\//, delayMs: 300 }] });
  });
  afterAll(async () => {
    await server?.close();
    await ctx?.close();
  });

  const items = async (runId: string) =>
    (await ctx.dataSource.query(
      `SELECT count(*) FILTER (WHERE claimed_at IS NOT NULL)::int AS claimed,
              count(*) FILTER (WHERE status = 'done')::int AS done,
              count(*) FILTER (WHERE status = 'pending' AND claimed_at IS NULL)::int AS free
         FROM law_catalog.sync_items WHERE run_id = $1`,
      [runId],
    )) as Array<{ claimed: number; done: number; free: number }>;

  it('claims the batch at once, marks it at its end, and leaves the unreached documents to the next executor', async () => {
    const first = ctx.createSync({ baseUrl: server.url, concurrency: 1, claimBatch: 16, pageSize: 10 });
    first.useDispatcher(async () => undefined);
    const started = await first.start('full', 'manual');
    if (!started.ok) throw new Error(started.message);
    const runId = started.value.id;
    const execution = first.execute(runId);

    // The first document is being fetched: all six are claimed by the one worker, none is marked yet.
    await until(async () => server.requests.filter((r) => r.path.startsWith('/dokumentstatus/')).length, (n) => n >= 1);
    expect(await items(runId)).toEqual([{ claimed: 6, done: 0, free: 0 }]);
    first.stop();
    await execution;
    // The document in flight was ingested and marked; the other five were released unfetched.
    expect(await items(runId)).toEqual([{ claimed: 0, done: 1, free: 5 }]);
    expect(server.requests.filter((r) => r.path.startsWith('/dokumentstatus/'))).toHaveLength(1);

    const second = ctx.createSync({ baseUrl: server.url, concurrency: 2, claimBatch: 4, pageSize: 10 });
    second.useDispatcher(async () => undefined);
    await second.execute(runId);
    const status = await second.status(runId);
    expect(status.ok && status.value).toMatchObject({ status: 'succeeded', listed: 6, processed: 6, created: 6, failed: 0 });
    // Every document fetched exactly once over both executors.
    for (const r of server.requests.filter((x) => x.path.startsWith('/dokumentstatus/'))) expect(server.hits(r.path)).toBe(1);
    expect(server.requests.filter((r) => r.path.startsWith('/dokumentstatus/'))).toHaveLength(6);
  });
});
