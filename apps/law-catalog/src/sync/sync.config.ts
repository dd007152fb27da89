import { z } from 'zod';
import { loadConfig } from '@laglig/config';
import type { FetchRetryOptions } from '../ingestion/http';

/** Environment of the Riksdagen sync (read once at boot). */
export const SyncEnvSchema = z.object({
  /** Riksdagen open-data API, e.g. https://data.riksdagen.se; unset = no sync (sync.start answers UNAVAILABLE, no schedule). */
  RIKSDAGEN_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  /** Cron pattern of the scheduled incremental sync (Europe/Stockholm); "off" = no schedule. */
  SYNC_CRON: z.string().trim().min(1).default('0 5 * * *'),
  /** Documents fetched and ingested at the same time. */
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /**
   * Documents a worker claims with one statement and marks done with one
   * (each autocommit write waits for a WAL flush: per-document bookkeeping was
   * 65 % of a full pass's SQL wait). After a crash, the claimed documents not
   * yet marked are fetched again and found unchanged.
   */
  SYNC_CLAIM_BATCH: z.coerce.number().int().min(1).max(500).default(16),
  /** `sz` of the list pages. */
  SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(500).default(100),
  /** Attempts per document before it is failed (the next run retries it). */
  SYNC_ITEM_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** Backoff after a document's first failed attempt; doubles per attempt. */
  SYNC_RETRY_BASE_MS: z.coerce.number().int().min(0).default(30_000),
  /** An incremental run lists back to the previous run's high-water mark minus this many hours. */
  SYNC_OVERLAP_HOURS: z.coerce.number().min(0).default(24),
  /** BullMQ lock of a running sync job; a crashed worker's job is taken over after about this long. */
  SYNC_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(60_000),
});
export type SyncEnv = z.infer<typeof SyncEnvSchema>;

export interface SyncOptions {
  baseUrl: string | null;
  concurrency: number;
  /** Documents claimed, and marked done, per statement (SYNC_CLAIM_BATCH). */
  claimBatch: number;
  pageSize: number;
  itemAttempts: number;
  retryBaseMs: number;
  overlapHours: number;
  /** HTTP retry policy of the Riksdagen client (tests use short delays). */
  http?: FetchRetryOptions;
}

export const SYNC_OPTIONS = Symbol('SYNC_OPTIONS');

export function syncOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SyncOptions {
  const config = loadConfig(SyncEnvSchema, env);
  return {
    baseUrl: config.RIKSDAGEN_BASE_URL ?? null,
    concurrency: config.SYNC_CONCURRENCY,
    claimBatch: config.SYNC_CLAIM_BATCH,
    pageSize: config.SYNC_PAGE_SIZE,
    itemAttempts: config.SYNC_ITEM_ATTEMPTS,
    retryBaseMs: config.SYNC_RETRY_BASE_MS,
    overlapHours: config.SYNC_OVERLAP_HOURS,
  };
}
