import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { eventQueueName, succeed, type DigestRun, type Failure, type Subscriber } from '@laglig/contracts';
import { EventBus, redisOptionsFromUrl, RpcClient, RpcServer, type MessagingConnection, type RpcHandlerFn } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { createTestDatabase, testRedisPrefix, type TestDatabase, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';

export interface OutboxRow {
  id: string;
  event_id: string;
  event_type: string;
  recipient: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  message_id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}

/**
 * The notifier as it runs (its Nest app with the event worker and the mail
 * sender, real PostgreSQL and BullMQ) plus compliance-workflow's side of the
 * queue: an EventBus that publishes as compliance-workflow does.
 */
export class NotifierHarness {
  db!: TestDatabase;
  redis!: TestRedisPrefix;
  app!: INestApplicationContext;
  ds!: DataSource;
  /** Publishes as compliance-workflow. */
  bus!: EventBus;
  /** The notifier's event queue (job states, removing a completed job to force a redelivery). */
  queue!: Queue;
  connection!: MessagingConnection;
  /** Calls the notifier's methods as the gateway does. */
  rpc!: RpcClient;
  /** Publishes as law-catalog. */
  lawCatalog!: EventBus;
  private compliance?: RpcServer;
  private readonly saved = { ...process.env };

  constructor(
    private readonly name: string,
    private readonly env: Record<string, string | undefined>,
  ) {}

  async start(): Promise<this> {
    this.db = await createTestDatabase();
    this.redis = testRedisPrefix(this.name);
    Object.assign(process.env, {
      DATABASE_URL: this.db.url,
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: this.redis.prefix,
      LOG_LEVEL: 'silent',
      WEB_BASE_URL: 'https://laglig.test',
      MAIL_POLL_MS: '200',
    });
    for (const [key, value] of Object.entries(this.env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    this.connection = { redis: redisOptionsFromUrl(this.redis.url), prefix: this.redis.prefix };
    this.app = await (await Test.createTestingModule({ imports: [AppModule] }).compile()).init();
    this.ds = this.app.get(DataSource);
    this.bus = new EventBus('compliance-workflow', this.connection);
    this.lawCatalog = new EventBus('law-catalog', this.connection);
    this.rpc = new RpcClient(this.connection, 15_000);
    this.queue = new Queue(eventQueueName('notifier'), { connection: this.connection.redis, prefix: this.connection.prefix });
    return this;
  }

  /**
   * A stand-in compliance-workflow on the same Redis answering
   * `subscribers.forLaws` with `answer` (called with the asked statutes).
   */
  async standInCompliance(answer: (sfs: string[]) => Subscriber[] | Failure): Promise<void> {
    const handlers = new Map<string, RpcHandlerFn>([
      [
        'subscribers.forLaws',
        (async (input: { sfs: string[] }) => {
          const result = answer(input.sfs);
          return Array.isArray(result) ? succeed({ items: result }) : result;
        }) as RpcHandlerFn,
      ],
    ]);
    this.compliance = new RpcServer('compliance-workflow', handlers, this.connection, createLogger('compliance-stand-in', 'silent'));
    await this.compliance.start();
  }

  async stop(): Promise<void> {
    await this.compliance?.close();
    await this.rpc?.close();
    await this.lawCatalog?.close();
    await this.queue?.close();
    await this.bus?.close();
    await this.app?.close();
    await this.redis?.cleanup();
    await this.db?.drop();
    process.env = this.saved;
  }

  rows(eventId: string): Promise<OutboxRow[]> {
    return this.ds.query(`SELECT * FROM notifier.mail_outbox WHERE event_id = $1 ORDER BY recipient`, [eventId]);
  }

  async until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v)) return v;
      if (Date.now() > end) throw new Error(`condition not met within ${ms} ms (last value ${JSON.stringify(v)?.slice(0, 500)})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * `digests.start` as the admin endpoint calls it, then `digests.status` until
   * the run has finished — or has failed an attempt that BullMQ will retry
   * (status queued with an error). Returns the run as last read.
   */
  async runDigest(at?: Date, ms = 30_000): Promise<DigestRun> {
    const started = await this.rpc.call('notifier', 'digests.start', at ? { at: at.toISOString() } : {});
    if (!started.ok) throw new Error(`digests.start refused: ${started.code} ${started.message}`);
    return this.digestRun(started.value.id, ms);
  }

  /** Polls `digests.status` until the run is completed, failed, or waiting for a retry after a failed attempt. */
  async digestRun(id: string, ms = 30_000): Promise<DigestRun> {
    return this.until(
      async () => {
        const status = await this.rpc.call('notifier', 'digests.status', { id });
        if (!status.ok) throw new Error(`digests.status refused: ${status.code} ${status.message}`);
        return status.value;
      },
      (run) => run.status === 'completed' || run.status === 'failed' || (run.status === 'queued' && run.error !== null),
      ms,
    );
  }

  /** Waits until the event's job has finished in the notifier's queue; returns its state. */
  async settled(eventId: string): Promise<string> {
    return this.until(
      async () => (await this.queue.getJob(eventId))?.getState() ?? 'missing',
      (s) => s === 'completed' || s === 'failed',
    );
  }
}

export const inOneHour = (): string => new Date(Date.now() + 3600_000).toISOString();
