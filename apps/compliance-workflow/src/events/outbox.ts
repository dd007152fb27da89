import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventPayload, EventType } from '@laglig/contracts';
import { EventBus } from '@laglig/messaging';
import { currentCorrelationId } from '@laglig/observability';

/** Payload fields that hold one-time secrets; removed from the outbox row once published. */
const SECRET_FIELDS = ['verificationToken', 'resetToken', 'token'];

/** How often the relay looks for events left behind (env OUTBOX_POLL_MS; 0 disables polling). */
const DEFAULT_POLL_MS = 5000;

/**
 * Writes an event in the caller's transaction; it is published after commit
 * (OutboxRelay.kick) or by the relay's poll if the process dies first. The id
 * is the BullMQ job id downstream, so a repeated publish is a no-op.
 */
export async function enqueueEvent<E extends EventType>(manager: EntityManager, type: E, payload: EventPayload<E>, id?: string): Promise<string> {
  const eventId = id ?? `${type}.${randomUUID()}`;
  await manager.query(
    `INSERT INTO compliance.event_outbox (id, type, payload) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING`,
    [eventId, type, JSON.stringify({ payload, correlationId: currentCorrelationId() ?? null })],
  );
  return eventId;
}

/**
 * Publishes the outbox in creation order. Rows are claimed with FOR UPDATE
 * SKIP LOCKED so replicas can flush at once; a failed publish stays pending
 * (attempts, last_error) and the flush stops there to keep the order.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EventBus) private readonly bus: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    const pollMs = Number(process.env['OUTBOX_POLL_MS'] ?? DEFAULT_POLL_MS);
    if (pollMs > 0) {
      this.timer = setInterval(() => this.kick(), pollMs);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Publish soon (after a commit); never throws. */
  kick(): void {
    void this.flush().catch((e: unknown) => this.logger.warn(`outbox flush failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Publish what is pending; returns how many were published. Calls during a flush run it once more. */
  flush(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.flushAll().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
    return this.running;
  }

  private async flushAll(batchSize = 100): Promise<number> {
    let total = 0;
    for (;;) {
      const { size, published, failed } = await this.dataSource.transaction(async (manager) => {
        const rows: Array<{ id: string; type: EventType; payload: { payload: unknown; correlationId: string | null }; attempts: number }> =
          await manager.query(
            `SELECT id, type, payload, attempts FROM compliance.event_outbox WHERE published_at IS NULL
             ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
            [batchSize],
          );
        let count = 0;
        for (const row of rows) {
          try {
            await this.bus.publish(row.type, row.payload.payload as never, {
              id: row.id,
              ...(row.payload.correlationId ? { correlationId: row.payload.correlationId } : {}),
            });
            // Once handed over, the one-time tokens (verification, reset, invitation) are not kept here.
            await manager.query(
              `UPDATE compliance.event_outbox
                  SET published_at = now(), attempts = attempts + 1, last_error = NULL,
                      payload = jsonb_set(payload, '{payload}', (payload->'payload') - $2::text[])
                WHERE id = $1`,
              [row.id, SECRET_FIELDS],
            );
            count++;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            await manager.query(`UPDATE compliance.event_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [row.id, message.slice(0, 1000)]);
            return { size: rows.length, published: count, failed: true };
          }
        }
        return { size: rows.length, published: count, failed: false };
      });
      total += published;
      if (failed || size < batchSize) return total;
    }
  }
}
