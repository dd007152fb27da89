import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import {
  EventEnvelopeSchema,
  eventQueueName,
  events,
  type EventEnvelope,
  type EventPayload,
  type EventType,
  type ServiceName,
} from '@laglig/contracts';
import { currentCorrelationId, newCorrelationId, runWithContext, type Logger } from '@laglig/observability';
import { producerRedis, workerRedis, type MessagingConnection } from './connection';
import { PermanentError } from './errors';

export type EventHandlerFn = (payload: never, envelope: EventEnvelope) => Promise<void>;

export interface PublishOptions {
  /**
   * Deterministic id for idempotent publishing: the same id published twice
   * is one job per subscriber (BullMQ jobId). Must not contain ':'.
   */
  id?: string;
  correlationId?: string;
}

export interface EventRetryPolicy {
  attempts: number;
  backoffMs: number;
}
export const DEFAULT_EVENT_RETRY: EventRetryPolicy = { attempts: 8, backoffMs: 2000 };

/**
 * Publishes an event to one queue per subscribing service (fan-out), with
 * jobId = event id so a repeated publish is a no-op while the job is retained.
 */
export class EventBus {
  private readonly queues = new Map<ServiceName, Queue>();

  constructor(
    private readonly producer: ServiceName,
    private readonly connection: MessagingConnection,
    private readonly retry: EventRetryPolicy = DEFAULT_EVENT_RETRY,
  ) {}

  async publish<E extends EventType>(
    type: E,
    payload: EventPayload<E>,
    options: PublishOptions = {},
  ): Promise<EventEnvelope<E>> {
    const definition = events[type];
    if (definition.producer !== this.producer) {
      throw new Error(`${this.producer} may not publish ${type} (producer is ${definition.producer})`);
    }
    const parsed = definition.payload.parse(payload) as EventPayload<E>;
    const id = options.id ?? `${type}.${randomUUID()}`;
    if (id.includes(':')) throw new Error(`event id must not contain ':' (${id})`);
    const envelope: EventEnvelope<E> = {
      id,
      type,
      version: definition.version,
      occurredAt: new Date().toISOString(),
      producer: this.producer,
      correlationId: options.correlationId ?? currentCorrelationId() ?? newCorrelationId(),
      payload: parsed,
    };
    await Promise.all(
      definition.subscribers.map((subscriber) =>
        this.queue(subscriber).add(type, envelope, {
          jobId: id,
          attempts: this.retry.attempts,
          backoff: { type: 'exponential', delay: this.retry.backoffMs },
          removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
          // Failed events are never dropped silently: they stay until an operator acts.
          removeOnFail: false,
        }),
      ),
    );
    return envelope;
  }

  private queue(service: ServiceName): Queue {
    let q = this.queues.get(service);
    if (!q) {
      q = new Queue(eventQueueName(service), {
        connection: producerRedis(this.connection.redis),
        prefix: this.connection.prefix,
      });
      q.on('error', () => undefined); // publish() rejects; the caller decides
      this.queues.set(service, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}

export interface EventConsumerOptions {
  concurrency?: number;
  lockDuration?: number;
  stalledInterval?: number;
}

/**
 * Consumes the service's event queue. Payloads are validated against the
 * contract; a PermanentError or an invalid payload fails the job without
 * retries (UnrecoverableError); anything else is rethrown so BullMQ retries
 * with backoff. Handlers must be idempotent (upserts), since an event can be
 * delivered more than once (retry after a crash, republish after retention).
 */
export class EventConsumer {
  private worker?: Worker;

  constructor(
    private readonly service: ServiceName,
    private readonly handlers: ReadonlyMap<string, EventHandlerFn>,
    private readonly connection: MessagingConnection,
    private readonly logger: Logger,
    private readonly options: EventConsumerOptions = {},
  ) {}

  async start(): Promise<void> {
    this.worker = new Worker(eventQueueName(this.service), (job: Job) => this.process(job), {
      connection: workerRedis(this.connection.redis),
      prefix: this.connection.prefix,
      concurrency: this.options.concurrency ?? 4,
      ...(this.options.lockDuration ? { lockDuration: this.options.lockDuration } : {}),
      ...(this.options.stalledInterval ? { stalledInterval: this.options.stalledInterval } : {}),
    });
    this.worker.on('error', (err) => this.logger.error({ err: err.message }, 'event worker error'));
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      this.logger[final ? 'error' : 'warn'](
        { event: job.name, eventId: job.id, attempt: job.attemptsMade, err: err.message },
        final ? 'event handling failed permanently' : 'event handling failed, will retry',
      );
    });
    await this.worker.waitUntilReady();
  }

  async process(job: Job): Promise<void> {
    const envelope = EventEnvelopeSchema.safeParse(job.data);
    if (!envelope.success) throw new UnrecoverableError('invalid event envelope');
    const correlationId = envelope.data.correlationId || newCorrelationId();
    await runWithContext({ correlationId }, async () => {
      const type = envelope.data.type as EventType;
      const definition = events[type];
      const handler = this.handlers.get(type);
      if (!definition || !handler) throw new UnrecoverableError(`no handler for event ${type} in ${this.service}`);
      const payload = definition.payload.safeParse(envelope.data.payload);
      if (!payload.success) {
        throw new UnrecoverableError(
          `invalid ${type} payload: ${payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      const started = performance.now();
      try {
        await (handler as (p: unknown, e: EventEnvelope) => Promise<void>)(
          payload.data,
          envelope.data as EventEnvelope,
        );
      } catch (err) {
        if (err instanceof PermanentError) throw new UnrecoverableError(err.message);
        throw err;
      }
      this.logger.info(
        { event: type, eventId: envelope.data.id, durationMs: Math.round(performance.now() - started) },
        'event handled',
      );
    });
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }
}
