import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, normaliseSfs, refuse, succeed, type OperationResult, type SyncMode, type SyncRun } from '@laglig/contracts';
import { OutboxRelay } from '../events/outbox-relay';
import { messageOf } from '../ingestion/ingestion-runner';
import { IngestionService } from '../ingestion/ingestion.service';
import { RiksdagenSource } from '../ingestion/riksdagen-source';
import { ACTIVE_SYNC_STATUSES, SyncRunEntity, type SyncRunStatus } from '../ingestion/sync-run.entity';
import { SYNC_OPTIONS, type SyncOptions } from './sync.config';
import type { SyncItemOutcome } from './sync-item.entity';

export type SyncTrigger = 'schedule' | 'manual' | 'cli';
/** Runs a sync run's job somewhere (BullMQ when the service has Redis, else in this process). */
export type SyncDispatch = (runId: string) => Promise<void>;

export interface ExecuteOptions {
  /** Stop claiming documents (shutdown, tests); the run stays active and resumes later. */
  signal?: AbortSignal;
}

export type ExecuteResult = 'finished' | 'interrupted' | 'inactive';

interface ClaimedItem {
  dok_id: string;
  sfs: string | null;
  systemdatum: string | null;
  attempts: number;
  /** Listing order (bigint, as text). */
  position: string;
}

interface ItemCounts {
  listed: number;
  processed: number;
  created: number;
  changed: number;
  unchanged: number;
  failed: number;
  max_systemdatum: string | null;
}

/** First failures reported per run. */
const MAX_REPORTED_ERRORS = 20;
/** Longest sleep of an idle worker waiting for a document's backoff. */
const MAX_IDLE_WAIT_MS = 5000;

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** "2025-06-24 04:12:03" (what the list says), also from "2025-06-24" or an ISO timestamp; null when unreadable. */
export function normaliseSystemdatum(value: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?/.exec(value?.trim() ?? '');
  if (!m) return null;
  const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
  return `${m[1]} ${time}`;
}

/** The systemdatum `hours` earlier (naive wall-clock arithmetic, which an overlap of hours tolerates). */
export function systemdatumMinusHours(systemdatum: string, hours: number): string {
  const normalised = normaliseSystemdatum(systemdatum) ?? systemdatum;
  const t = Date.parse(`${normalised.replace(' ', 'T')}Z`);
  if (Number.isNaN(t)) return normalised;
  return new Date(t - hours * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

const iso = (value: Date | string | null): string | null => (value === null ? null : (value instanceof Date ? value : new Date(value)).toISOString());

/**
 * Scheduled, resumable Riksdagen syncs. A run lists the SFS documents newest
 * first (sort=systemdatum desc) into sync_items — an incremental run stops at
 * the previous run's high-water mark minus an overlap — and then workers claim
 * pending items (FOR UPDATE SKIP LOCKED), fetch and ingest them, and mark
 * them done or retry them with exponential backoff until they fail. All state
 * is in the database: a run whose job dies resumes listing at its stored page
 * and never fetches a done item again. One active run at a time (a partial
 * unique index); the run's cursor (highest systemdatum) is stored when it ends.
 */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);
  private readonly executing = new Map<string, Promise<ExecuteResult>>();
  private readonly shutdown = new AbortController();
  private dispatch: SyncDispatch;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ingestion: IngestionService,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
    @Optional() @Inject(OutboxRelay) private readonly relay: Pick<OutboxRelay, 'flush'> | null = null,
  ) {
    this.dispatch = (runId) => this.executeInProcess(runId);
  }

  get configured(): boolean {
    return Boolean(this.options.baseUrl);
  }

  /** Where runs execute (the BullMQ queue binds itself here at boot). */
  useDispatcher(dispatch: SyncDispatch): void {
    this.dispatch = dispatch;
  }

  /** Stop claiming documents in this process (application shutdown); active runs resume elsewhere or at the next boot. */
  stop(): void {
    this.shutdown.abort();
  }

  /** Starts a run, or returns the active one. */
  async start(mode: SyncMode, trigger: SyncTrigger): Promise<OperationResult<SyncRun>> {
    if (!this.options.baseUrl) {
      return refuse(ErrorCode.UNAVAILABLE, 'Synkronisering mot Riksdagen är inte konfigurerad (RIKSDAGEN_BASE_URL saknas).');
    }
    const active = await this.activeRun();
    if (active) return succeed(await this.toDto(active));
    let run: SyncRunEntity;
    try {
      run = await this.dataSource.getRepository(SyncRunEntity).save({
        kind: 'sync',
        source: this.options.baseUrl,
        status: 'queued',
        mode,
        trigger,
        stats: null,
        cursor: null,
        listSince: null,
        listNextUrl: null,
        error: null,
      });
    } catch (error) {
      // Another replica started one at the same moment (sync_runs_one_active_sync_idx).
      const winner = await this.activeRun();
      if (winner) return succeed(await this.toDto(winner));
      throw error;
    }
    this.logger.log(`sync run ${run.id} started (${mode}, ${trigger})`);
    await this.dispatch(run.id);
    return succeed(await this.toDto(run));
  }

  /** A run by id, or the latest run of any kind. */
  async status(id?: string): Promise<OperationResult<SyncRun>> {
    const repository = this.dataSource.getRepository(SyncRunEntity);
    const run = id ? await repository.findOne({ where: { id } }) : (await repository.find({ order: { startedAt: 'DESC' }, take: 1 }))[0];
    if (!run) return refuse(ErrorCode.NOT_FOUND, id ? 'Synkroniseringen finns inte.' : 'Ingen synkronisering har körts.');
    return succeed(await this.toDto(run));
  }

  /** Ids of runs that are queued, listing or fetching (resumed at boot). */
  async activeRunIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM law_catalog.sync_runs WHERE kind = 'sync' AND status = ANY($1::text[]) ORDER BY started_at`,
      [ACTIVE_SYNC_STATUSES],
    );
    return rows.map((row) => row.id);
  }

  /** Marks an active run failed (its job gave up, e.g. the list could not be read). */
  async fail(runId: string, error: unknown): Promise<void> {
    const message = messageOf(error).slice(0, 1000);
    await this.dataSource.query(
      `UPDATE law_catalog.sync_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = ANY($3::text[])`,
      [runId, message, ACTIVE_SYNC_STATUSES],
    );
    this.logger.error(`sync run ${runId} failed: ${message}`);
  }

  /**
   * Runs (or continues) a run to its end. Safe to call again after a crash:
   * listing continues at the stored page, only pending items are fetched.
   * Throws when the list cannot be read (the job retries).
   */
  execute(runId: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    const running = this.executing.get(runId);
    if (running) return running;
    const promise = this.run(runId, options).finally(() => this.executing.delete(runId));
    this.executing.set(runId, promise);
    return promise;
  }

  private async executeInProcess(runId: string): Promise<void> {
    void this.execute(runId).catch((error: unknown) => this.fail(runId, error).catch(() => undefined));
  }

  private async run(runId: string, options: ExecuteOptions): Promise<ExecuteResult> {
    const signal = options.signal ? AbortSignal.any([options.signal, this.shutdown.signal]) : this.shutdown.signal;
    let run = await this.dataSource.getRepository(SyncRunEntity).findOne({ where: { id: runId } });
    if (!run || run.kind !== 'sync' || !ACTIVE_SYNC_STATUSES.includes(run.status)) return 'inactive';
    const source = new RiksdagenSource({
      baseUrl: run.source,
      pageSize: this.options.pageSize,
      sort: 'systemdatum',
      sortOrder: 'desc',
      http: this.options.http,
    });
    // Whoever held items of this run before (a crashed worker) holds them no more.
    await this.dataSource.query(
      `UPDATE law_catalog.sync_items SET claimed_at = NULL WHERE run_id = $1 AND status = 'pending' AND claimed_at IS NOT NULL`,
      [runId],
    );
    if (run.status === 'queued') {
      const since = run.mode === 'incremental' ? await this.previousHighWater(runId) : null;
      await this.dataSource.query(`UPDATE law_catalog.sync_runs SET status = 'listing', list_since = $2 WHERE id = $1 AND status = 'queued'`, [
        runId,
        since === null ? null : systemdatumMinusHours(since, this.options.overlapHours),
      ]);
      run = { ...run, status: 'listing', listSince: since === null ? null : systemdatumMinusHours(since, this.options.overlapHours) };
    }
    if (run.status === 'listing') {
      const listed = await this.list(run, source, signal);
      if (!listed) return 'interrupted';
    }
    const workers = Array.from({ length: this.options.concurrency }, () => this.work(runId, source, signal));
    await Promise.all(workers);
    if (signal.aborted) return 'interrupted';
    await this.finish(runId);
    await this.relay?.flush().catch((error: unknown) => this.logger.warn(`outbox flush failed: ${messageOf(error)}`));
    return 'finished';
  }

  /** Lists pages from the stored one on; returns false when interrupted. The last page moves the run to fetching. */
  private async list(run: SyncRunEntity, source: RiksdagenSource, signal: AbortSignal): Promise<boolean> {
    let url: string | null = run.listNextUrl ?? source.firstPageUrl();
    const since = run.listSince;
    const seen = new Set<string>();
    while (url) {
      if (signal.aborted) return false;
      if (seen.has(url)) break; // a looping @nasta_sida
      seen.add(url);
      const page = await source.fetchPage(url);
      let stop = false;
      const rows: Array<{ dokId: string; sfs: string | null; systemdatum: string | null }> = [];
      for (const listed of page.documents) {
        const systemdatum = normaliseSystemdatum(listed.systemdatum);
        // Newest first: the first document not newer than the threshold ends the listing.
        if (since && systemdatum && systemdatum <= since) {
          stop = true;
          break;
        }
        rows.push({ dokId: listed.dokId, sfs: normaliseSfs(listed.beteckning ?? '') ?? listed.beteckning, systemdatum });
      }
      const next: string | null = stop ? null : page.next;
      await this.dataSource.transaction(async (manager) => {
        await this.insertItems(manager, run.id, rows);
        if (next) {
          await manager.query(`UPDATE law_catalog.sync_runs SET list_next_url = $2 WHERE id = $1`, [run.id, next]);
        } else {
          await this.carryOverFailures(manager, run.id);
          await manager.query(`UPDATE law_catalog.sync_runs SET status = 'fetching', list_next_url = NULL WHERE id = $1 AND status = 'listing'`, [run.id]);
        }
      });
      url = next;
    }
    // A full run has just added ~170,000 rows to a table the planner may still think empty; with
    // stale statistics every claim scans and sorts all pending items (measured: 255 ms per claim,
    // 15 documents/s). Fresh statistics make it an index scan (docs/benchmarks.md, change detection).
    await this.dataSource.query('ANALYZE law_catalog.sync_items');
    return true;
  }

  private async insertItems(
    manager: EntityManager,
    runId: string,
    rows: Array<{ dokId: string; sfs: string | null; systemdatum: string | null }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO law_catalog.sync_items (run_id, dok_id, sfs, systemdatum, position, status)
       SELECT $1, u.dok_id, u.sfs, u.systemdatum,
              (SELECT coalesce(max(position), -1) FROM law_catalog.sync_items WHERE run_id = $1) + u.n, 'pending'
         FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(dok_id, sfs, systemdatum, n)
       ON CONFLICT (run_id, dok_id) DO NOTHING`,
      [runId, rows.map((r) => r.dokId), rows.map((r) => r.sfs), rows.map((r) => r.systemdatum)],
    );
  }

  /** Documents the previous run could not ingest are tried again in this one. */
  private async carryOverFailures(manager: EntityManager, runId: string): Promise<void> {
    await manager.query(
      `WITH previous AS (
         SELECT id FROM law_catalog.sync_runs
          WHERE kind = 'sync' AND id <> $1 AND status IN ('succeeded', 'completed_with_errors', 'failed')
          ORDER BY started_at DESC LIMIT 1
       )
       INSERT INTO law_catalog.sync_items (run_id, dok_id, sfs, systemdatum, position, status)
       SELECT $1, p.dok_id, p.sfs, p.systemdatum,
              (SELECT coalesce(max(position), -1) FROM law_catalog.sync_items WHERE run_id = $1) + row_number() OVER (ORDER BY p.position),
              'pending'
         FROM law_catalog.sync_items p JOIN previous ON p.run_id = previous.id
        WHERE p.status <> 'done'
       ON CONFLICT (run_id, dok_id) DO NOTHING`,
      [runId],
    );
  }

  /** The highest systemdatum of the last run that did not fail. */
  private async previousHighWater(runId: string): Promise<string | null> {
    const rows: Array<{ cursor: string }> = await this.dataSource.query(
      `SELECT cursor FROM law_catalog.sync_runs
        WHERE kind = 'sync' AND id <> $1 AND status IN ('succeeded', 'completed_with_errors') AND cursor IS NOT NULL
        ORDER BY finished_at DESC LIMIT 1`,
      [runId],
    );
    return rows[0]?.cursor ?? null;
  }

  /**
   * One worker: claims pending items in listing order, a batch at a time
   * (`claimBatch`), until none is left for it. The items of a batch are
   * processed one after the other and marked done with one statement at the
   * end of the batch; a failure is recorded at once (attempts, backoff). A
   * shutdown mid-batch releases the items it did not reach.
   */
  private async work(runId: string, source: RiksdagenSource, signal: AbortSignal): Promise<void> {
    const batch = this.options.claimBatch;
    while (!signal.aborted) {
      const claimed = (await this.dataSource.query(
        `UPDATE law_catalog.sync_items i SET claimed_at = now(), updated_at = now()
          WHERE (i.run_id, i.dok_id) IN (
                SELECT run_id, dok_id FROM law_catalog.sync_items
                 WHERE run_id = $1 AND status = 'pending' AND claimed_at IS NULL
                   AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                 ORDER BY position
                 LIMIT $2
                 FOR UPDATE SKIP LOCKED)
          RETURNING i.dok_id, i.sfs, i.systemdatum, i.attempts, i.position`,
        [runId, batch],
      )) as [ClaimedItem[], number]; // UPDATE ... RETURNING gives [rows, count]
      const items = claimed[0].sort((a, b) => Number(a.position) - Number(b.position));
      if (items.length === 0) {
        const [{ free, wait_ms }] = (await this.dataSource.query(
          `SELECT count(*)::int AS free,
                  greatest(0, extract(epoch FROM (min(next_attempt_at) - now())) * 1000)::int AS wait_ms
             FROM law_catalog.sync_items
            WHERE run_id = $1 AND status = 'pending' AND claimed_at IS NULL`,
          [runId],
        )) as Array<{ free: number; wait_ms: number | null }>;
        if (free === 0) return;
        await sleep(Math.min(MAX_IDLE_WAIT_MS, Math.max(10, wait_ms ?? 0)), signal);
        continue;
      }
      const done: Array<{ dokId: string; outcome: SyncItemOutcome }> = [];
      let reached = 0;
      try {
        for (const item of items) {
          if (signal.aborted) break;
          reached += 1;
          const outcome = await this.process(runId, item, source);
          if (outcome) done.push({ dokId: item.dok_id, outcome });
        }
      } finally {
        await this.markDone(runId, done);
        const released = items.slice(reached).map((i) => i.dok_id);
        if (released.length > 0) {
          await this.dataSource.query(`UPDATE law_catalog.sync_items SET claimed_at = NULL WHERE run_id = $1 AND dok_id = ANY ($2::text[]) AND status = 'pending'`, [
            runId,
            released,
          ]);
        }
      }
    }
  }

  /** One item: fetched and ingested; returns its outcome, or null after recording a failure. */
  private async process(runId: string, item: ClaimedItem, source: RiksdagenSource): Promise<SyncItemOutcome | null> {
    let outcome: SyncItemOutcome | null = null;
    let failure: string | null = null;
    let events = 0;
    try {
      const document = await source.fetchDocument({ dokId: item.dok_id, beteckning: item.sfs, datum: null, systemdatum: item.systemdatum, textUrl: null });
      const result = await this.ingestion.ingest(document, { syncRunId: runId });
      if (result.ok) {
        outcome = result.value.status;
        events = result.value.events.length;
      } else if (result.code === ErrorCode.NOT_FOUND) {
        outcome = 'skipped';
      } else {
        failure = result.message;
      }
    } catch (error) {
      failure = messageOf(error);
    }
    if (outcome) {
      if (events > 0) void this.relay?.flush().catch(() => undefined);
      return outcome;
    }
    await this.dataSource.query(
      `UPDATE law_catalog.sync_items
          SET attempts = attempts + 1,
              last_error = $3,
              claimed_at = NULL,
              updated_at = now(),
              status = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE 'pending' END,
              next_attempt_at = CASE WHEN attempts + 1 >= $4 THEN NULL
                                     ELSE now() + ($5::double precision * power(2, attempts)) * interval '1 millisecond' END
        WHERE run_id = $1 AND dok_id = $2`,
      [runId, item.dok_id, (failure ?? 'okänt fel').slice(0, 1000), this.options.itemAttempts, this.options.retryBaseMs],
    );
    this.logger.warn(`sync run ${runId}: ${item.dok_id} failed (attempt ${item.attempts + 1}): ${failure}`);
    return null;
  }

  /** The batch's ingested items, done with one statement. */
  private async markDone(runId: string, done: ReadonlyArray<{ dokId: string; outcome: SyncItemOutcome }>): Promise<void> {
    if (done.length === 0) return;
    await this.dataSource.query(
      `UPDATE law_catalog.sync_items i SET status = 'done', outcome = d.outcome, claimed_at = NULL, updated_at = now()
         FROM unnest($2::text[], $3::text[]) AS d(dok_id, outcome)
        WHERE i.run_id = $1 AND i.dok_id = d.dok_id`,
      [runId, done.map((d) => d.dokId), done.map((d) => d.outcome)],
    );
  }

  /** Ends a run whose items are all done or failed: status, cursor (high-water mark), summary. */
  private async finish(runId: string): Promise<void> {
    const counts = await this.counts(runId);
    const [pending] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM law_catalog.sync_items WHERE run_id = $1 AND status = 'pending'`,
      [runId],
    )) as Array<{ n: number }>;
    if (pending.n > 0) return; // another executor still holds items; it finishes the run
    const previous = await this.previousHighWater(runId);
    const cursor = [previous, counts.max_systemdatum].filter((v): v is string => v !== null).sort().pop() ?? null;
    const status: SyncRunStatus = counts.failed > 0 ? 'completed_with_errors' : 'succeeded';
    const errors = await this.errors(runId);
    const updated = (await this.dataSource.query(
      `UPDATE law_catalog.sync_runs SET status = $2, cursor = $3, finished_at = now(), stats = $4::jsonb
        WHERE id = $1 AND status = 'fetching' RETURNING id`,
      [runId, status, cursor, JSON.stringify({ ...counts, errors })],
    )) as [unknown[], number];
    if (updated[1] > 0) this.logger.log(`sync run ${runId} ${status}: ${counts.listed} listed, ${counts.changed} changed, ${counts.failed} failed`);
  }

  private async counts(runId: string): Promise<ItemCounts> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS listed,
              count(*) FILTER (WHERE status <> 'pending')::int AS processed,
              count(*) FILTER (WHERE outcome = 'created')::int AS created,
              count(*) FILTER (WHERE outcome = 'changed')::int AS changed,
              count(*) FILTER (WHERE outcome IN ('unchanged', 'updated', 'skipped'))::int AS unchanged,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              max(systemdatum) AS max_systemdatum
         FROM law_catalog.sync_items WHERE run_id = $1`,
      [runId],
    )) as ItemCounts[];
    return row;
  }

  private async errors(runId: string): Promise<Array<{ dokId: string; message: string }>> {
    const rows: Array<{ dok_id: string; last_error: string | null }> = await this.dataSource.query(
      `SELECT dok_id, last_error FROM law_catalog.sync_items WHERE run_id = $1 AND status = 'failed' ORDER BY position LIMIT $2`,
      [runId, MAX_REPORTED_ERRORS],
    );
    return rows.map((row) => ({ dokId: row.dok_id, message: row.last_error ?? '' }));
  }

  private activeRun(): Promise<SyncRunEntity | null> {
    return this.dataSource
      .getRepository(SyncRunEntity)
      .createQueryBuilder('r')
      .where(`r.kind = 'sync' AND r.status IN (:...statuses)`, { statuses: ACTIVE_SYNC_STATUSES })
      .getOne();
  }

  private async toDto(run: SyncRunEntity): Promise<SyncRun> {
    const base = {
      id: run.id,
      startedAt: iso(run.startedAt) as string,
      finishedAt: iso(run.finishedAt),
      cursor: run.cursor,
    };
    if (run.kind !== 'sync') {
      // A CLI import (IngestionRunner): its summary is in stats.
      const stats = (run.stats ?? {}) as Partial<Record<'documents' | 'created' | 'changed' | 'updated' | 'unchanged' | 'skipped', number>> & {
        errors?: Array<{ dokId: string; message: string }>;
      };
      const errors = stats.errors ?? [];
      return {
        ...base,
        mode: 'full',
        status: run.status === 'running' ? 'fetching' : (run.status as SyncRun['status']),
        trigger: 'cli',
        listed: stats.documents ?? 0,
        processed: stats.documents ?? 0,
        created: stats.created ?? 0,
        changed: stats.changed ?? 0,
        unchanged: (stats.unchanged ?? 0) + (stats.updated ?? 0) + (stats.skipped ?? 0),
        failed: errors.length,
        errors: errors.slice(0, MAX_REPORTED_ERRORS).map((e) => ({ dokId: e.dokId, message: e.message })),
      };
    }
    const counts = await this.counts(run.id);
    const errors = await this.errors(run.id);
    if (run.status === 'failed' && run.error) errors.unshift({ dokId: '-', message: run.error });
    return {
      ...base,
      mode: run.mode ?? 'incremental',
      status: run.status === 'running' ? 'fetching' : (run.status as SyncRun['status']),
      trigger: run.trigger ?? 'manual',
      listed: counts.listed,
      processed: counts.processed,
      created: counts.created,
      changed: counts.changed,
      unchanged: counts.unchanged,
      failed: counts.failed,
      errors,
    };
  }
}
