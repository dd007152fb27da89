import { Inject, Injectable, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ErrorCode, refuse, succeed, type IndexJob, type LawListResult, type OperationResult } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { RpcClient } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { AnswerCache } from '../cache/answer-cache';
import { EMBEDDING_PROVIDER, type EmbeddingProvider } from '../embeddings/embedding-provider';
import { IndexerService } from '../indexer/indexer.service';

const JobsConfigSchema = z.object({
  INDEX_JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Laws read from the catalog per laws.list call. */
  INDEX_JOB_PAGE_SIZE: z.coerce.number().int().min(1).max(50_000).default(1000),
  /** Attempts per catalog page before the job is marked failed (it resumes at the next start). */
  INDEX_JOB_LIST_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  INDEX_JOB_POLL_MS: z.coerce.number().int().min(50).default(5000),
});

/** Placeholder version of a law rag has never seen; the indexer records the real one. */
const UNKNOWN_VERSION = '00000000-0000-0000-0000-000000000000';

interface JobRow {
  id: string;
  kind: 'rebuild';
  status: IndexJob['status'];
  embedding_model: string;
  cursor: string | null;
  total: number;
  message: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const eventIdOf = (jobId: string): string => `rebuild:${jobId}`;

/**
 * Re-indexing of the whole catalog as a job with progress. Starting a job reads
 * the catalog's law list page by page (laws.list, cursor stored after each page)
 * and marks every law `pending` with the job's id; the ordinary indexer then
 * works through them, re-using every vector whose text and model are unchanged,
 * so a rebuild with the same model is cheap and one after a model switch
 * re-embeds. A restart resumes listing from the stored cursor; the pending rows
 * are the rest of the state. Started automatically when chunks of another
 * embedding model are found at boot (a model switch is a job, not a crash).
 */
@Injectable()
export class IndexJobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = createLogger('rag').child({ component: 'index-jobs' });
  private readonly config = loadConfig(JobsConfigSchema);
  private readonly listing = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rpc: RpcClient,
    private readonly indexer: IndexerService,
    @Inject(EMBEDDING_PROVIDER) private readonly embeddings: EmbeddingProvider,
    @Optional() @Inject(AnswerCache) private readonly answerCache: AnswerCache | null = null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.INDEX_JOBS_ENABLED) return;
    const [listing] = (await this.dataSource.query(`SELECT id FROM rag.index_jobs WHERE status = 'listing'`)) as Array<{ id: string }>;
    if (listing) {
      this.logger.info({ jobId: listing.id }, 'resuming an interrupted re-index job');
      this.continueListing(listing.id);
    } else {
      const [other] = (await this.dataSource.query(`SELECT 1 FROM rag.chunks WHERE embedding_model <> $1 LIMIT 1`, [this.embeddings.id])) as unknown[];
      if (other) {
        this.logger.info({ model: this.embeddings.id }, 'chunks of another embedding model found; starting a re-index job');
        await this.start();
      }
    }
    this.timer = setInterval(() => void this.completeFinished().catch(() => undefined), this.config.INDEX_JOB_POLL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.listing.values()].map((p) => p.catch(() => undefined)));
  }

  /** Starts a job, or returns the one already active (one at a time). */
  async start(): Promise<OperationResult<IndexJob>> {
    const active = await this.active();
    if (active) return succeed(await this.toDto(active));
    let row: JobRow;
    try {
      [row] = (await this.dataSource.query(
        `INSERT INTO rag.index_jobs (kind, status, embedding_model) VALUES ('rebuild', 'listing', $1) RETURNING *`,
        [this.embeddings.id],
      )) as JobRow[];
    } catch (err) {
      // Another replica started one at the same moment (the unique index of active jobs).
      const winner = await this.active();
      if (winner) return succeed(await this.toDto(winner));
      throw err;
    }
    this.logger.info({ jobId: row.id, model: row.embedding_model }, 're-index job started');
    this.continueListing(row.id);
    return succeed(await this.toDto(row));
  }

  async progress(jobId?: string): Promise<OperationResult<IndexJob>> {
    await this.completeFinished();
    const [row] = (await (jobId
      ? this.dataSource.query(`SELECT * FROM rag.index_jobs WHERE id = $1`, [jobId])
      : this.dataSource.query(`SELECT * FROM rag.index_jobs ORDER BY started_at DESC LIMIT 1`))) as JobRow[];
    if (!row) return refuse(ErrorCode.NOT_FOUND, jobId ? 'Jobbet finns inte.' : 'Ingen omindexering har körts.');
    return succeed(await this.toDto(row));
  }

  /** Marks indexing jobs without pending laws completed (and the answer cache stale). */
  async completeFinished(): Promise<void> {
    const done = (await this.dataSource.query(
      `UPDATE rag.index_jobs j SET status = 'completed', finished_at = now()
        WHERE j.status = 'indexing'
          AND NOT EXISTS (SELECT 1 FROM rag.law_index_state s WHERE s.status = 'pending' AND s.last_event_id = 'rebuild:' || j.id)
        RETURNING id`,
    )) as [Array<{ id: string }>, number];
    for (const { id } of done[0] ?? []) {
      this.logger.info({ jobId: id }, 're-index job completed');
      await this.answerCache?.bumpCorpusVersion();
    }
  }

  private async active(): Promise<JobRow | undefined> {
    return ((await this.dataSource.query(`SELECT * FROM rag.index_jobs WHERE status IN ('listing', 'indexing')`)) as JobRow[])[0];
  }

  private continueListing(jobId: string): void {
    if (this.listing.has(jobId)) return;
    const run = this.listAll(jobId)
      .catch((err: unknown) => this.logger.error({ err, jobId }, 're-index listing failed'))
      .finally(() => this.listing.delete(jobId));
    this.listing.set(jobId, run);
  }

  /** Reads the catalog's law list from the stored cursor and queues every law, page by page. */
  private async listAll(jobId: string): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const [job] = (await this.dataSource.query(`SELECT cursor, status FROM rag.index_jobs WHERE id = $1`, [jobId])) as Array<{ cursor: string | null; status: string }>;
      if (!job || job.status !== 'listing') return;
      const page = await this.fetchPage(job.cursor);
      if (!page.ok) {
        await this.dataSource.query(`UPDATE rag.index_jobs SET status = 'failed', finished_at = now(), message = $2 WHERE id = $1`, [
          jobId,
          'Katalogen kunde inte läsas. Jobbet fortsätter när tjänsten startas om, eller starta ett nytt.',
        ]);
        this.logger.error({ jobId, code: page.code }, 're-index job failed: law list unavailable');
        return;
      }
      const { items, nextCursor } = page.value;
      await this.dataSource.transaction(async (tx) => {
        const [, queued] = (await tx.query(
          `INSERT INTO rag.law_index_state AS s (sfs, title, version_id, status, last_event_id, updated_at)
           SELECT sfs, title, $2::uuid, 'pending', $3, now() FROM unnest($1::text[], $4::text[]) AS u(sfs, title)
           ON CONFLICT (sfs) DO UPDATE SET status = 'pending', last_event_id = EXCLUDED.last_event_id, updated_at = now()
            WHERE s.status <> 'removed'`,
          [items.map((i) => i.sfs), UNKNOWN_VERSION, eventIdOf(jobId), items.map((i) => i.title)],
        )) as [unknown, number];
        await tx.query(
          `UPDATE rag.index_jobs SET cursor = $2, total = total + $3, status = CASE WHEN $2::text IS NULL THEN 'indexing' ELSE status END WHERE id = $1`,
          [jobId, nextCursor, queued ?? items.length],
        );
      });
      this.indexer.kick();
      if (nextCursor === null) {
        this.logger.info({ jobId }, 're-index job: all laws queued');
        return;
      }
    }
  }

  private async fetchPage(cursor: string | null): Promise<OperationResult<LawListResult>> {
    let last: OperationResult<LawListResult> = refuse(ErrorCode.UNAVAILABLE, 'Katalogen svarar inte.');
    for (let attempt = 1; attempt <= this.config.INDEX_JOB_LIST_ATTEMPTS; attempt++) {
      const r = await this.rpc.call('law-catalog', 'laws.list', { cursor, limit: this.config.INDEX_JOB_PAGE_SIZE }, { timeoutMs: 30_000 });
      if (r.ok) return r;
      last = r;
      if (this.stopped) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2)));
    }
    return last;
  }

  private async toDto(row: JobRow): Promise<IndexJob> {
    const [{ pending }] = (await this.dataSource.query(
      `SELECT count(*)::int AS pending FROM rag.law_index_state WHERE status = 'pending' AND last_event_id = $1`,
      [eventIdOf(row.id)],
    )) as Array<{ pending: number }>;
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      embeddingModel: row.embedding_model,
      total: row.total,
      pending,
      done: Math.max(0, row.total - pending),
      startedAt: new Date(row.started_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
      message: row.message,
    };
  }
}
