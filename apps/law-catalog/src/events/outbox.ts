import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { OutboxEventEntity } from './outbox-event.entity';
import type { LawEventPublisher, PendingLawEvent } from './law-event-publisher';

export interface FlushResult {
  published: number;
  failed: number;
}

/** Write events in the caller's transaction (idempotent by id). */
export async function enqueueEvents(manager: EntityManager, events: readonly PendingLawEvent[]): Promise<void> {
  if (events.length === 0) return;
  const params: unknown[] = [];
  const rows = events.map((event) => {
    params.push(event.id, event.type, JSON.stringify(event.payload));
    const n = params.length;
    return `($${n - 2}, $${n - 1}, $${n}::jsonb)`;
  });
  await manager.query(
    `INSERT INTO law_catalog.event_outbox (id, type, payload) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`,
    params,
  );
}

/**
 * Publish pending outbox events in creation order. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several replicas can flush at once without
 * sending an event twice at the same time; an event that fails to publish
 * stays pending (attempts/last_error recorded) and the flush stops there to
 * keep the order.
 */
export async function flushOutbox(dataSource: DataSource, publisher: LawEventPublisher, batchSize = 100): Promise<FlushResult> {
  const result: FlushResult = { published: 0, failed: 0 };
  for (;;) {
    const batch = await dataSource.transaction(async (manager) => {
      const rows = await manager
        .getRepository(OutboxEventEntity)
        .createQueryBuilder('e')
        .where('e.published_at IS NULL')
        .orderBy('e.created_at', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .limit(batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      let published = 0;
      for (const row of rows) {
        try {
          await publisher.publish(row.type as PendingLawEvent['type'], row.payload as never, { id: row.id });
          await manager.update(OutboxEventEntity, { id: row.id }, { publishedAt: new Date(), attempts: row.attempts + 1, lastError: null });
          published++;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await manager.update(OutboxEventEntity, { id: row.id }, { attempts: row.attempts + 1, lastError: message.slice(0, 1000) });
          return { size: rows.length, published, failed: true };
        }
      }
      return { size: rows.length, published, failed: false };
    });
    result.published += batch.published;
    if (batch.failed) {
      result.failed++;
      return result;
    }
    if (batch.size < batchSize) return result;
  }
}

/** Number of events not yet published. */
export async function pendingOutboxCount(dataSource: DataSource): Promise<number> {
  return dataSource.getRepository(OutboxEventEntity).count({ where: { publishedAt: IsNull() } });
}
