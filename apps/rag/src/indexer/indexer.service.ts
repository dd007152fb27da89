import { Inject, Injectable, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { ErrorCode, type LawDocument } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { RpcClient } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { AnswerCache } from '../cache/answer-cache';
import { chunkLaw, type LawChunk } from '../chunks/chunker';
import { EMBEDDING_PROVIDER, type EmbeddingProvider } from '../embeddings/embedding-provider';

const IndexerConfigSchema = z.object({
  INDEXER_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  INDEXER_POLL_MS: z.coerce.number().int().min(50).default(5000),
  LAW_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
});

export type IndexOutcome = 'indexed' | 'removed' | 'failed';

interface IndexStep {
  sfs: string;
  outcome: IndexOutcome;
  embedded: number;
  reused: number;
  /** The law had no chunks before (new to the index). */
  firstIndex: boolean;
}

export interface IndexRunSummary {
  indexed: number;
  removed: number;
  failed: number;
  /** Texts sent to the embedding provider (unchanged chunks reuse their vector). */
  embedded: number;
  reused: number;
}

/**
 * Works through `rag.law_index_state`: `pending` laws are fetched from
 * law-catalog (`laws.get`), chunked, embedded (reusing the vector of every
 * chunk whose content hash and model already exist for the law) and their
 * chunks replaced in one transaction that also marks the row `indexed`;
 * `removed` laws lose their chunks. Laws are claimed with transaction-scoped
 * advisory locks, so any number of replicas can run the loop. Event handlers only
 * record state and kick the loop; no long work happens inside them.
 */
@Injectable()
export class IndexerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = createLogger('rag').child({ component: 'indexer' });
  private readonly config = loadConfig(IndexerConfigSchema);
  private timer?: NodeJS.Timeout;
  private running: Promise<IndexRunSummary> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rpc: RpcClient,
    @Inject(EMBEDDING_PROVIDER) private readonly embeddings: EmbeddingProvider,
    @Optional() @Inject(AnswerCache) private readonly answerCache: AnswerCache | null = null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.INDEXER_ENABLED) return;
    this.timer = setInterval(() => this.kick(), this.config.INDEXER_POLL_MS);
    this.timer.unref();
    this.kick();
  }

  /** Before the database and queues close: stop taking work and let the current law finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Asks for a run soon; runs never overlap within a process. */
  kick(): void {
    if (this.stopped || !this.config.INDEXER_ENABLED) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runUntilIdle().catch((err: unknown) => this.logger.error({ err }, 'indexer run failed'));
  }

  /** Processes pending and removed laws until none is left (or all left are locked/failed). */
  runUntilIdle(): Promise<IndexRunSummary> {
    if (this.running) return this.running;
    this.running = (async () => {
      const total: IndexRunSummary = { indexed: 0, removed: 0, failed: 0, embedded: 0, reused: 0 };
      try {
        do {
          this.again = false;
          total.removed += await this.purgeRemoved();
          const failedThisRound = new Set<string>();
          for (;;) {
            if (this.stopped) break;
            const step = await this.indexNext(failedThisRound);
            if (!step) break;
            total[step.outcome] += 1;
            total.embedded += step.embedded;
            total.reused += step.reused;
            await this.invalidateAnswers(step);
          }
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }

  /** Deletes the chunks of every law marked removed (idempotent). */
  async purgeRemoved(): Promise<number> {
    const rows: Array<{ sfs: string }> = await this.dataSource.query(
      `DELETE FROM rag.chunks c USING rag.law_index_state s
        WHERE s.sfs = c.sfs AND s.status = 'removed'
        RETURNING c.sfs`,
    );
    const laws = new Set(rows.map((r) => r.sfs));
    if (laws.size > 0) this.logger.info({ laws: laws.size, chunks: rows.length }, 'removed chunks of repealed laws');
    for (const sfs of laws) await this.answerCache?.invalidateLaw(sfs);
    return laws.size;
  }

  /**
   * After a law's chunks changed (committed): its cached answers go; a law that
   * had no chunks before bumps the corpus version, since it may answer questions
   * that were refused or answered from other laws.
   */
  private async invalidateAnswers(step: IndexStep): Promise<void> {
    if (!this.answerCache || step.outcome === 'failed') return;
    if (step.outcome === 'indexed' && step.firstIndex) await this.answerCache.bumpCorpusVersion();
    else await this.answerCache.invalidateLaw(step.sfs);
  }

  /** Claims one pending law and indexes it; null when nothing is left to claim. */
  private async indexNext(skip: Set<string>): Promise<IndexStep | null> {
    return this.dataSource.transaction(async (tx) => {
      // An advisory lock (not a row lock) claims the law, so event handlers recording a newer
      // version are never blocked behind a slow fetch or embedding call.
      const claimed: Array<{ sfs: string; last_event_id: string }> = await tx.query(
        `SELECT sfs, last_event_id FROM rag.law_index_state
          WHERE status = 'pending' AND NOT (sfs = ANY($1::text[]))
            AND pg_try_advisory_xact_lock(hashtext('laglig:rag-index:' || sfs))
          ORDER BY updated_at LIMIT 1`,
        [[...skip]],
      );
      const row = claimed[0];
      if (!row) return null;
      const started = performance.now();
      const law = await this.rpc.call('law-catalog', 'laws.get', { sfs: row.sfs }, { timeoutMs: this.config.LAW_FETCH_TIMEOUT_MS });
      if (!law.ok) {
        if (law.code === ErrorCode.NOT_FOUND) {
          await tx.query(`DELETE FROM rag.chunks WHERE sfs = $1`, [row.sfs]);
          await tx.query(
            `UPDATE rag.law_index_state SET status = 'removed', updated_at = now() WHERE sfs = $1 AND last_event_id = $2`,
            [row.sfs, row.last_event_id],
          );
          this.logger.warn({ sfs: row.sfs }, 'law no longer in the catalog; chunks removed');
          return { sfs: row.sfs, outcome: 'removed', embedded: 0, reused: 0, firstIndex: false };
        }
        // Retryable (timeout, unavailable): stays pending for the next run.
        this.logger.warn({ sfs: row.sfs, code: law.code }, 'could not fetch law; will retry');
        skip.add(row.sfs);
        return { sfs: row.sfs, outcome: 'failed', embedded: 0, reused: 0, firstIndex: false };
      }
      const result = await this.replaceChunks(tx, law.value);
      // Only the state this run started from becomes indexed; a newer event keeps the law pending.
      await tx.query(
        `UPDATE rag.law_index_state SET status = 'indexed', version_id = $3, updated_at = now()
          WHERE sfs = $1 AND status = 'pending' AND last_event_id = $2`,
        [row.sfs, row.last_event_id, law.value.version.id],
      );
      this.logger.info(
        { sfs: row.sfs, chunks: result.chunks, embedded: result.embedded, reused: result.reused, durationMs: Math.round(performance.now() - started) },
        'law indexed',
      );
      return { sfs: row.sfs, outcome: 'indexed', embedded: result.embedded, reused: result.reused, firstIndex: result.previousChunks === 0 };
    });
  }

  /** Replaces all chunks of one law inside the caller's transaction, reusing vectors of unchanged chunks. */
  async replaceChunks(tx: EntityManager, law: LawDocument): Promise<{ chunks: number; embedded: number; reused: number; previousChunks: number }> {
    const chunks = chunkLaw(law);
    const model = this.embeddings.id;
    const existing: Array<{ content_hash: string; embedding: string }> = chunks.length
      ? await tx.query(
          `SELECT DISTINCT ON (content_hash) content_hash, embedding::text AS embedding FROM rag.chunks
            WHERE sfs = $1 AND embedding_model = $2 AND content_hash = ANY($3::text[])`,
          [law.sfs, model, chunks.map((c) => c.contentHash)],
        )
      : [];
    const vectors = new Map(existing.map((r) => [r.content_hash, r.embedding]));
    const reused = chunks.filter((c) => vectors.has(c.contentHash)).length;
    const missing = uniqueByHash(chunks.filter((c) => !vectors.has(c.contentHash)));
    if (missing.length > 0) {
      const embedded = await this.embeddings.embed(missing.map((c) => c.embeddingText));
      missing.forEach((c, i) => vectors.set(c.contentHash, `[${embedded[i].join(',')}]`));
    }
    const deleted: [unknown[], number] = await tx.query(`DELETE FROM rag.chunks WHERE sfs = $1`, [law.sfs]);
    if (chunks.length > 0) {
      await tx.query(
        `INSERT INTO rag.chunks (sfs, version_id, position, anchor, part, chapter, label, law_title, heading, chapter_title, text, content_hash, embedding, embedding_model)
         SELECT $1, $2, position, anchor, part, chapter, label, $3, heading, chapter_title, text, content_hash, embedding::halfvec, $4
           FROM unnest($5::int[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
             AS u(position, anchor, part, chapter, label, heading, chapter_title, text, content_hash, embedding)`,
        [
          law.sfs,
          law.version.id,
          law.title,
          model,
          chunks.map((c) => c.position),
          chunks.map((c) => c.anchor),
          chunks.map((c) => c.part),
          chunks.map((c) => c.chapter),
          chunks.map((c) => c.label),
          chunks.map((c) => c.heading),
          chunks.map((c) => c.chapterTitle),
          chunks.map((c) => c.text),
          chunks.map((c) => c.contentHash),
          chunks.map((c) => vectors.get(c.contentHash) as string),
        ],
      );
    }
    return { chunks: chunks.length, embedded: missing.length, reused, previousChunks: deleted[1] ?? 0 };
  }
}

function uniqueByHash(chunks: LawChunk[]): LawChunk[] {
  const seen = new Set<string>();
  return chunks.filter((c) => (seen.has(c.contentHash) ? false : (seen.add(c.contentHash), true)));
}
