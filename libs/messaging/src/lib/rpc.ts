import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import Redis, { type RedisOptions } from 'ioredis';
import {
  ErrorCode,
  methodContract,
  refuse,
  rpcQueueName,
  type Failure,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type OperationResult,
  type ServiceName,
  type WorkerServiceName,
} from '@laglig/contracts';
import { currentCorrelationId, newCorrelationId, runWithContext, type Logger } from '@laglig/observability';
import { producerRedis, workerRedis, type MessagingConnection } from './connection';
import { RpcError } from './errors';

/** What travels in an RPC job. The job name is the method name. */
export interface RpcJobData {
  payload: unknown;
  correlationId: string;
  /** Epoch ms after which the caller has given up; the worker then skips the job. */
  deadline: number;
}

export type RpcHandlerFn = (input: never) => Promise<OperationResult<unknown>>;

export const INTERNAL_MESSAGE = 'Ett internt fel inträffade. Försök igen senare.';
export const TIMEOUT_MESSAGE = 'Tjänsten svarade inte i tid. Försök igen om en stund.';
export const UNAVAILABLE_MESSAGE = 'Tjänsten är inte tillgänglig just nu. Försök igen om en stund.';

/** How long a first call waits for Redis before answering UNAVAILABLE. */
const CONNECT_TIMEOUT_MS = 1500;

async function probeRedis(options: RedisOptions): Promise<void> {
  const probe = new Redis({
    ...options,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } finally {
    probe.disconnect();
  }
}

export interface CallOptions {
  timeoutMs?: number;
  correlationId?: string;
}

/**
 * Typed request/reply over BullMQ: one job per call on the target service's
 * rpc queue, one attempt, the caller waits for the completion event.
 * Completed results are kept briefly by age (removing them at once would race
 * the waiter); failed jobs are kept longer for inspection.
 */
export class RpcClient {
  private readonly queues = new Map<ServiceName, Promise<{ queue: Queue; events: QueueEvents }>>();

  constructor(
    private readonly connection: MessagingConnection,
    private readonly defaultTimeoutMs = 5000,
  ) {}

  async call<S extends WorkerServiceName, M extends MethodName<S>>(
    service: S,
    method: M,
    payload: MethodInput<S, M>,
    options: CallOptions = {},
  ): Promise<OperationResult<MethodOutput<S, M>>> {
    const contract = methodContract(service, method);
    if (!contract) return refuse(ErrorCode.INTERNAL, `Okänd metod ${service}/${method}`);
    const input = contract.input.safeParse(payload);
    if (!input.success) {
      return refuse(ErrorCode.INVALID_INPUT, input.error.issues.map((i) => i.message).join('; '), {
        issues: input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const data: RpcJobData = {
      payload: input.data,
      correlationId: options.correlationId ?? currentCorrelationId() ?? newCorrelationId(),
      deadline: Date.now() + timeoutMs,
    };

    let endpoint: { queue: Queue; events: QueueEvents };
    let job: Job;
    try {
      endpoint = await this.endpoint(service);
      job = await endpoint.queue.add(method, data, {
        attempts: 1,
        removeOnComplete: { age: 60 },
        removeOnFail: { age: 24 * 3600, count: 10_000 },
      });
    } catch {
      return refuse(ErrorCode.UNAVAILABLE, UNAVAILABLE_MESSAGE);
    }

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Failure>((resolve) => {
      timer = setTimeout(() => resolve(refuse(ErrorCode.TIMEOUT, TIMEOUT_MESSAGE)), timeoutMs);
    });
    try {
      const outcome = await Promise.race([
        job.waitUntilFinished(endpoint.events, timeoutMs + 1000).then(
          (value: unknown) => value as OperationResult<MethodOutput<S, M>>,
          // A thrown handler error: its message stays on the worker side.
          (): Failure => refuse(ErrorCode.INTERNAL, INTERNAL_MESSAGE),
        ),
        timeout,
      ]);
      return outcome as OperationResult<MethodOutput<S, M>>;
    } finally {
      clearTimeout(timer);
    }
  }

  private endpoint(service: ServiceName): Promise<{ queue: Queue; events: QueueEvents }> {
    let existing = this.queues.get(service);
    if (!existing) {
      existing = (async () => {
        // BullMQ clients wait forever for a Redis that is down (and cannot be
        // closed before they connect), so probe first and fail fast.
        await probeRedis(this.connection.redis);
        const name = rpcQueueName(service);
        const queue = new Queue(name, { connection: producerRedis(this.connection.redis), prefix: this.connection.prefix });
        const events = new QueueEvents(name, {
          connection: workerRedis(this.connection.redis),
          prefix: this.connection.prefix,
        });
        queue.on('error', () => undefined); // surfaced per call as UNAVAILABLE
        events.on('error', () => undefined);
        // Every waiting call listens for its job's completion: many at once is normal.
        events.setMaxListeners(0);
        queue.setMaxListeners(0);
        await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
        return { queue, events };
      })();
      existing.catch(() => this.queues.delete(service));
      this.queues.set(service, existing);
    }
    return existing;
  }

  async close(): Promise<void> {
    const all = [...this.queues.values()];
    this.queues.clear();
    await Promise.allSettled(
      all.map(async (p) => {
        const endpoint = await p.catch(() => null);
        if (endpoint) await Promise.allSettled([endpoint.events.close(), endpoint.queue.close()]);
      }),
    );
  }
}

export interface RpcServerOptions {
  concurrency?: number;
  /** BullMQ lock settings; shorter in tests to exercise stalled-job recovery. */
  lockDuration?: number;
  stalledInterval?: number;
}

/**
 * The worker side: validates the payload against the contract, runs the one
 * registered handler inside the caller's correlation context, validates the
 * result, and answers with an OperationResult. Unexpected exceptions fail the
 * job (kept in the failed set, logged here with the stack); the caller only
 * learns INTERNAL.
 */
export class RpcServer {
  private worker?: Worker;

  constructor(
    private readonly service: WorkerServiceName,
    private readonly handlers: ReadonlyMap<string, RpcHandlerFn>,
    private readonly connection: MessagingConnection,
    private readonly logger: Logger,
    private readonly options: RpcServerOptions = {},
  ) {}

  async start(): Promise<void> {
    this.worker = new Worker(rpcQueueName(this.service), (job: Job<RpcJobData>) => this.process(job), {
      connection: workerRedis(this.connection.redis),
      prefix: this.connection.prefix,
      concurrency: this.options.concurrency ?? 32,
      ...(this.options.lockDuration ? { lockDuration: this.options.lockDuration } : {}),
      ...(this.options.stalledInterval ? { stalledInterval: this.options.stalledInterval } : {}),
    });
    this.worker.on('error', (err) => this.logger.error({ err: err.message }, 'rpc worker error'));
    await this.worker.waitUntilReady();
  }

  async process(job: Job<RpcJobData>): Promise<OperationResult<unknown>> {
    const correlationId = typeof job.data?.correlationId === 'string' ? job.data.correlationId : newCorrelationId();
    return runWithContext({ correlationId }, async () => {
      const started = performance.now();
      const method = job.name;
      if (typeof job.data?.deadline === 'number' && Date.now() > job.data.deadline) {
        this.logger.warn({ method }, 'rpc call expired before it was picked up');
        return refuse(ErrorCode.TIMEOUT, TIMEOUT_MESSAGE);
      }
      const contract = methodContract(this.service, method);
      const handler = this.handlers.get(method);
      if (!contract || !handler) {
        return refuse(ErrorCode.NOT_FOUND, `Okänd metod: ${method}`);
      }
      const input = contract.input.safeParse(job.data?.payload);
      if (!input.success) {
        return refuse(ErrorCode.INVALID_INPUT, input.error.issues.map((i) => i.message).join('; '), {
          issues: input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
      let result: OperationResult<unknown>;
      try {
        result = await (handler as (input: unknown) => Promise<OperationResult<unknown>>)(input.data);
      } catch (err) {
        if (err instanceof RpcError) return refuse(err.code, err.message, err.details);
        this.logger.error({ method, err }, 'rpc handler failed');
        throw err instanceof Error ? new Error(`handler ${method} failed`) : err;
      }
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      if (!result.ok) {
        this.logger.debug({ method, code: result.code, durationMs }, 'rpc refused');
        return result;
      }
      const output = contract.output.safeParse(result.value);
      if (!output.success) {
        this.logger.error(
          { method, issues: output.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
          'rpc handler returned a value that breaks its contract',
        );
        throw new Error(`handler ${method} broke its output contract`);
      }
      this.logger.debug({ method, durationMs }, 'rpc handled');
      return { ok: true, value: output.data };
    });
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }
}
