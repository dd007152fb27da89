import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { ChatAnswerSchema, type ChatAnswer } from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { ragMetrics } from '../metrics';

export const ANSWER_CACHE_TTL_SECONDS = 7 * 24 * 3600;

/** Lower case, one space, no trailing punctuation: "Hur  många semesterdagar?" = "hur många semesterdagar". */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?!.]+$/u, '')
    .trim();
}

/** A conversation belongs to one user: never part of a shared cached answer. */
function withoutConversation(answer: ChatAnswer): ChatAnswer {
  const shared = { ...answer };
  delete shared.conversationId;
  return shared;
}

export interface AnswerCacheKeyParts {
  question: string;
  sfs?: readonly string[];
  /** Provider and embedding model: another model gives other answers. */
  pipeline: string;
}

/**
 * Deletes a law's cached answers and the set that lists them, atomically, so
 * an answer cached concurrently is either deleted too or registered after.
 */
const INVALIDATE_LAW = `
local keys = redis.call('SMEMBERS', KEYS[1])
for i = 1, #keys, 500 do
  redis.call('UNLINK', unpack(keys, i, math.min(i + 499, #keys)))
end
redis.call('UNLINK', KEYS[1])
return #keys`;

/**
 * Answers in Redis, keyed by normalised question + law filter + corpus version +
 * pipeline. Each key is added to the set of every law whose sections the answer
 * was built from, so a change to one law deletes exactly its answers (no KEYS
 * scans); a new law bumps the corpus version (it may answer what was refused).
 * Any Redis failure degrades to "no cache": the answer is still given.
 */
export class AnswerCache {
  private readonly logger = createLogger('rag').child({ component: 'answer-cache' });
  private failing = false;

  constructor(
    private readonly redis: Redis | null,
    private readonly prefix: string,
    private readonly ttlSeconds = ANSWER_CACHE_TTL_SECONDS,
  ) {}

  private versionKey(): string {
    return `${this.prefix}:rag:corpus-version`;
  }
  lawSetKey(sfs: string): string {
    return `${this.prefix}:rag:answers-by-law:${sfs}`;
  }

  async key(parts: AnswerCacheKeyParts): Promise<string | null> {
    if (!this.redis) return null;
    const version = await this.guard(() => (this.redis as Redis).get(this.versionKey()));
    if (version === undefined) return null;
    const filter = parts.sfs && parts.sfs.length ? [...new Set(parts.sfs)].sort().join(',') : '*';
    const digest = createHash('sha256')
      .update([parts.pipeline, version ?? '0', filter, normaliseQuestion(parts.question)].join('\u0000'))
      .digest('hex');
    return `${this.prefix}:rag:answer:${digest}`;
  }

  async get(key: string | null): Promise<ChatAnswer | null> {
    if (!this.redis || !key) return null;
    const raw = await this.guard(() => (this.redis as Redis).get(key));
    if (raw === undefined) {
      ragMetrics.answerCache.inc({ result: 'error' });
      return null;
    }
    const parsed = raw ? ChatAnswerSchema.safeParse(JSON.parse(raw)) : null;
    ragMetrics.answerCache.inc({ result: parsed?.success ? 'hit' : 'miss' });
    return parsed?.success ? withoutConversation(parsed.data) : null;
  }

  /** Stores an answer and registers it under each law it rests on. */
  async set(key: string | null, answer: ChatAnswer, laws: readonly string[]): Promise<void> {
    if (!this.redis || !key) return;
    const redis = this.redis;
    const shared = withoutConversation(answer);
    await this.guard(async () => {
      const multi = redis.multi().set(key, JSON.stringify(shared), 'EX', this.ttlSeconds);
      for (const sfs of new Set(laws)) {
        multi.sadd(this.lawSetKey(sfs), key).expire(this.lawSetKey(sfs), this.ttlSeconds + 3600);
      }
      await multi.exec();
    });
  }

  /** Deletes every cached answer built from this law; returns how many. */
  async invalidateLaw(sfs: string): Promise<number> {
    if (!this.redis) return 0;
    const deleted = await this.guard(() => (this.redis as Redis).eval(INVALIDATE_LAW, 1, this.lawSetKey(sfs)) as Promise<number>);
    if (deleted) ragMetrics.invalidations.inc(deleted);
    return deleted ?? 0;
  }

  /** A law was added (or the whole index rebuilt): every cached answer is stale. */
  async bumpCorpusVersion(): Promise<void> {
    if (!this.redis) return;
    await this.guard(() => (this.redis as Redis).incr(this.versionKey()));
  }

  /** Runs a Redis command; undefined when Redis failed (logged once per outage). */
  private async guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await fn();
      if (this.failing) this.logger.info('answer cache available again');
      this.failing = false;
      return value;
    } catch (err) {
      if (!this.failing) this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'answer cache unavailable; answering without it');
      this.failing = true;
      return undefined;
    }
  }
}
