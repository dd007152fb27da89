import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { loadConfig } from '@laglig/config';
import { MESSAGING_CONNECTION, workerRedis, type MessagingConnection } from '@laglig/messaging';
import { OutboxRelay, enqueueEvent } from '../events/outbox';

export const DueReminderEnv = z.object({
  /** Cron pattern of the due-date scan, Europe/Stockholm; "off" registers no schedule (the scan stays callable). */
  CARD_DUE_SCHEDULE_CRON: z.string().trim().min(1).default('0 * * * *'),
});

/** The queue of the due-date scan (its own, so no other worker ever takes its jobs). */
export const CARD_DUE_QUEUE = 'schedules.compliance-workflow.card-due';
export const CARD_DUE_SCHEDULER_ID = 'card-due-scan';
export const REMINDER_TIME_ZONE = 'Europe/Stockholm';
const BATCH = 200;

interface DueCardRow {
  id: string;
  workspace_id: string;
  workspace_name: string;
  title: string;
  due_date: string;
  assignee_ids: string[];
}

/**
 * Due-date reminders: a BullMQ job scheduler (registered once per Redis,
 * whichever replica boots — upsertJobScheduler is idempotent) runs the scan
 * on CARD_DUE_SCHEDULE_CRON in Europe/Stockholm time; one replica's worker
 * takes each run. The scan finds cards due today or tomorrow (Stockholm
 * dates) that have at least one assignee who is still a member and have not
 * been reminded for their current due date, and writes one `card.due` event
 * per card to the outbox (id `card.due.<cardId>.<dueDate>`, so a date is
 * announced once even if it is set again later) in the same transaction that
 * sets `due_reminded_at`. Changing the due date clears the mark.
 */
@Injectable()
export class DueReminders implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DueReminders.name);
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRelay,
    @Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { CARD_DUE_SCHEDULE_CRON: pattern } = loadConfig(DueReminderEnv);
    const options = { connection: workerRedis(this.connection.redis), prefix: this.connection.prefix };
    this.queue = new Queue(CARD_DUE_QUEUE, options);
    this.queue.on('error', (err) => this.logger.warn(`card-due queue: ${err.message}`));
    if (pattern.toLowerCase() === 'off') {
      await this.queue.removeJobScheduler(CARD_DUE_SCHEDULER_ID);
      return;
    }
    await this.queue.upsertJobScheduler(
      CARD_DUE_SCHEDULER_ID,
      { pattern, tz: REMINDER_TIME_ZONE },
      { name: CARD_DUE_SCHEDULER_ID, data: {}, opts: { removeOnComplete: { age: 7 * 24 * 3600, count: 200 }, removeOnFail: { age: 30 * 24 * 3600 } } },
    );
    this.worker = new Worker(
      CARD_DUE_QUEUE,
      async (job) => {
        if (job.name !== CARD_DUE_SCHEDULER_ID) throw new Error(`unknown job ${job.name} on ${CARD_DUE_QUEUE}`);
        return this.scan();
      },
      { ...options, concurrency: 1 },
    );
    this.worker.on('error', (err) => this.logger.warn(`card-due worker: ${err.message}`));
    await this.worker.waitUntilReady();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.worker?.close(), this.queue?.close()]);
  }

  /** One scan as of `now` (the scheduled job calls it; tests call it directly). Returns how many cards were announced. */
  async scan(now: Date = new Date()): Promise<{ reminded: number }> {
    let reminded = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (m) => {
        const cards: DueCardRow[] = await m.query(
          `SELECT c.id, c.workspace_id, w.name AS workspace_name, c.title, c.due_date::text AS due_date, c.assignee_ids
             FROM compliance.board_cards c
             JOIN compliance.workspaces w ON w.id = c.workspace_id
            WHERE c.due_reminded_at IS NULL
              AND c.due_date IS NOT NULL
              AND c.due_date BETWEEN ($1::timestamptz AT TIME ZONE '${REMINDER_TIME_ZONE}')::date
                                 AND ($1::timestamptz AT TIME ZONE '${REMINDER_TIME_ZONE}')::date + 1
              AND EXISTS (SELECT 1 FROM compliance.memberships ms WHERE ms.workspace_id = c.workspace_id AND ms.user_id = ANY (c.assignee_ids))
            ORDER BY c.due_date, c.id
            LIMIT $2
            FOR UPDATE OF c SKIP LOCKED`,
          [now.toISOString(), BATCH],
        );
        for (const card of cards) {
          // Assignees who are still members, in the card's order.
          const assignees: Array<{ id: string; email: string; display_name: string }> = await m.query(
            `SELECT u.id, u.email, u.display_name
               FROM compliance.users u
               JOIN compliance.memberships ms ON ms.user_id = u.id AND ms.workspace_id = $1
              WHERE u.id = ANY ($2::uuid[])
              ORDER BY array_position($2::uuid[], u.id)`,
            [card.workspace_id, card.assignee_ids],
          );
          await enqueueEvent(
            m,
            'card.due',
            {
              cardId: card.id,
              workspaceId: card.workspace_id,
              workspaceName: card.workspace_name,
              title: card.title,
              dueDate: card.due_date,
              assignees: assignees.map((a) => ({ userId: a.id, email: a.email, displayName: a.display_name })),
            },
            `card.due.${card.id}.${card.due_date}`,
          );
        }
        if (cards.length > 0) {
          await m.query(`UPDATE compliance.board_cards SET due_reminded_at = now() WHERE id = ANY ($1::uuid[])`, [cards.map((c) => c.id)]);
        }
        return cards.length;
      });
      reminded += batch;
      if (batch < BATCH) break;
    }
    if (reminded > 0) {
      this.logger.log(`card.due: ${reminded} card(s) announced`);
      this.outbox.kick();
    }
    return { reminded };
  }
}
