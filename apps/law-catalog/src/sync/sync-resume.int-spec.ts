import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { createTestDatabase, startRiksdagenServer, testRedisPrefix, until, type RiksdagenServer, type TestDatabase, type TestRedisPrefix } from '@laglig/testing';
import { ServiceModule } from '../app/service.module';
import { WORKSPACE_ROOT } from '../testing/test-support';
import { Queue } from 'bullmq';
import { redisOptionsFromUrl } from '@laglig/messaging';
import { SYNC_QUEUE, SYNC_SCHEDULER_ID } from './sync.queue';
import { SyncService } from './sync.service';

const STATUTES = ['1977:480', '1977:1160', '1982:80', '1974:358', '1994:448', '1976:580', '1915:218', '1949:105', '1970:994', '1967:837'];

/**
 * A sync whose process is SIGKILLed mid-run is taken over by another process
 * through BullMQ's stalled-job check and finishes from its stored state:
 * documents done before the crash are not fetched again, and no change record
 * or event is written twice. Real child process, PostgreSQL, Redis/BullMQ and
 * loopback Riksdagen API.
 */
describe('sync crash and resume (child process, BullMQ, real PostgreSQL)', () => {
  let db: TestDatabase;
  let redis: TestRedisPrefix;
  let server: RiksdagenServer;
  let child: ChildProcess | undefined;
  let app: INestApplicationContext | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = testRedisPrefix('law-catalog-sync-resume');
    // Slow document answers, so the run is surely in the middle when it is killed.
    server = await startRiksdagenServer({ only: STATUTES, slow: [{ path: /^\/dokumentstatus\//, delayMs: 250 }] });
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      RIKSDAGEN_BASE_URL: server.url,
      SYNC_CRON: 'off',
      SYNC_CONCURRENCY: '2',
      // Two documents per claim: the killed process holds at most 2 × 2 claimed documents.
      SYNC_CLAIM_BATCH: '2',
      SYNC_JOB_LOCK_MS: '2000',
      OUTBOX_POLL_MS: '0',
      LOG_LEVEL: 'silent',
    });
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await app?.close();
    await server?.close();
    await redis?.cleanup();
    await db?.drop();
    process.env = saved;
  });

  it('resumes a killed run elsewhere without fetching done documents again or duplicating changes', async () => {
    const probe = new DataSource({ type: 'postgres', url: db.url });
    await probe.initialize();
    try {
      child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', 'testing', 'sync-child.ts')], {
        cwd: WORKSPACE_ROOT,
        env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const runId = (await until(async () => /RUN ([0-9a-f-]{36})/.exec(output)?.[1] ?? (child?.exitCode !== null ? `exit:${output}` : null), (v) => v !== null, 90_000)) as string;
      expect(runId).toMatch(/^[0-9a-f-]{36}$/);

      const doneCount = async (): Promise<number> =>
        ((await probe.query(`SELECT count(*)::int AS n FROM law_catalog.sync_items WHERE run_id = $1 AND status = 'done'`, [runId])) as Array<{ n: number }>)[0].n;
      await until(doneCount, (n) => n >= 3, 60_000);
      child.kill('SIGKILL');
      await new Promise((resolve) => (child?.exitCode !== null || child?.signalCode !== null ? resolve(null) : child?.once('exit', resolve)));
      const doneBefore = ((await probe.query(`SELECT dok_id FROM law_catalog.sync_items WHERE run_id = $1 AND status = 'done'`, [runId])) as Array<{
        dok_id: string;
      }>).map((r) => r.dok_id);
      expect(doneBefore.length).toBeGreaterThanOrEqual(3);
      expect(doneBefore.length).toBeLessThan(STATUTES.length);
      const [{ status: midStatus }] = await probe.query(`SELECT status FROM law_catalog.sync_runs WHERE id = $1`, [runId]);
      expect(midStatus).toBe('fetching');

      // Another process boots: its worker takes the stalled job over once the dead worker's lock has expired.
      const moduleRef = await Test.createTestingModule({ imports: [ServiceModule] }).compile();
      app = await moduleRef.init();
      const sync = app.get(SyncService);
      const run = await until(
        async () => {
          const r = await sync.status(runId);
          return r.ok ? r.value : null;
        },
        (r) => r !== null && (r.status === 'succeeded' || r.status === 'completed_with_errors' || r.status === 'failed'),
        90_000,
      );
      expect(run).toMatchObject({ status: 'succeeded', listed: STATUTES.length, processed: STATUTES.length, changed: 0, failed: 0 });
      // A document the dead worker had ingested but not yet marked done is ingested again by the new
      // worker and counted as unchanged (its change record and event are the first ingest's, see below).
      expect((run?.created ?? 0) + (run?.unchanged ?? 0)).toBe(STATUTES.length);
      // At most the claimed, not yet marked documents (2 workers × a batch of 2) are ingested twice.
      expect(run?.created).toBeGreaterThanOrEqual(STATUTES.length - 4);

      for (const dokId of doneBefore) expect(server.hits(`/dokumentstatus/${dokId}.json`)).toBe(1);
      const totalFetches = server.requests.filter((r) => r.path.startsWith('/dokumentstatus/')).length;
      // At most the documents claimed and not yet marked done at the moment of the kill are fetched twice.
      expect(totalFetches).toBeLessThanOrEqual(STATUTES.length + 4);

      const [changes] = await probe.query(
        `SELECT count(*)::int AS n, count(DISTINCT document_id)::int AS documents FROM law_catalog.law_changes WHERE kind = 'new'`,
      );
      expect(changes).toEqual({ n: STATUTES.length, documents: STATUTES.length });
      const [events] = await probe.query(`SELECT count(*)::int AS n FROM law_catalog.event_outbox WHERE type = 'law.ingested'`);
      expect(events.n).toBe(STATUTES.length);
      // Starting again now starts a new run (the old one is finished).
      const again = await sync.start('incremental', 'manual');
      expect(again.ok && again.value.id).not.toBe(runId);
    } finally {
      await probe.destroy();
    }
  }, 240_000);

  it('registers the daily schedule once (Europe/Stockholm) and removes it with SYNC_CRON=off', async () => {
    const queue = new Queue(SYNC_QUEUE, { connection: redisOptionsFromUrl(redis.url), prefix: redis.prefix });
    const boot = async (cron: string): Promise<void> => {
      process.env['SYNC_CRON'] = cron;
      const booted = await (await Test.createTestingModule({ imports: [ServiceModule] }).compile()).init();
      await booted.close();
    };
    try {
      await boot('0 5 * * *');
      await boot('0 5 * * *');
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toEqual([expect.objectContaining({ key: SYNC_SCHEDULER_ID, pattern: '0 5 * * *', tz: 'Europe/Stockholm' })]);
      await boot('off');
      expect(await queue.getJobSchedulers()).toEqual([]);
    } finally {
      process.env['SYNC_CRON'] = 'off';
      await queue.close();
    }
  }, 60_000);
});
