import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { loadConfig } from '@laglig/config';
import { createLogger } from '@laglig/observability';

export const ConversationRetentionConfigSchema = z.object({
  /** Conversations not continued for this many days are deleted with their messages; 0 keeps them until the user deletes them. */
  CHAT_CONVERSATION_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
});

/** How often the purge runs, and how many conversations one statement deletes. */
const PURGE_EVERY_MS = 6 * 60 * 60 * 1000;
const BATCH = 1000;

/**
 * Storage limitation (GDPR art. 5.1 e) for chat history: questions are
 * personal data, so a conversation nobody has continued for
 * CHAT_CONVERSATION_RETENTION_DAYS is deleted, its messages with it (ON
 * DELETE CASCADE). Runs at boot and every six hours in every replica; the
 * deletes are idempotent, in batches, and log only counts.
 */
@Injectable()
export class ConversationRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = createLogger('rag').child({ component: 'conversation-retention' });
  readonly config = loadConfig(ConversationRetentionConfigSchema);
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    if (this.config.CHAT_CONVERSATION_RETENTION_DAYS === 0) return;
    const run = (): void => void this.purge().catch((err: unknown) => this.logger.error({ err }, 'conversation purge failed'));
    this.timer = setInterval(run, PURGE_EVERY_MS);
    this.timer.unref();
    run();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes the conversations last continued before `now` − the retention period; returns how many. */
  async purge(now: Date = new Date(), days = this.config.CHAT_CONVERSATION_RETENTION_DAYS): Promise<number> {
    if (days === 0) return 0;
    const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
    let deleted = 0;
    for (;;) {
      const [, count] = (await this.dataSource.query(
        `DELETE FROM rag.conversations WHERE id IN (
           SELECT id FROM rag.conversations WHERE updated_at < $1 ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, BATCH],
      )) as [unknown, number];
      deleted += count;
      if (count < BATCH) break;
    }
    if (deleted > 0) this.logger.info({ deleted, days }, 'expired conversations deleted');
    return deleted;
  }
}
