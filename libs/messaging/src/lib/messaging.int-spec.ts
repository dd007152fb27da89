import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Queue } from 'bullmq';
import { ErrorCode, eventQueueName, events, refuse, rpcQueueName, succeed, type EventEnvelope } from '@laglig/contracts';
import { currentCorrelationId, runWithContext } from '@laglig/observability';
import { RpcClient, RpcServer, type RpcHandlerFn } from './rpc';
import { EventBus, EventConsumer, type EventHandlerFn } from './events';
import { PermanentError, RpcError } from './errors';
import { producerRedis, type MessagingConnection } from './connection';
import { lawMetadataFixture } from '@laglig/testing';
import { deletePrefix, eventually, REDIS_URL, silentLogger, testConnection } from '../test/harness';

const VERSION_ID = '5f0b8a52-3c1e-4f7e-9a52-0d4d7f3f9e11';
const meta = (sfs: string) => lawMetadataFixture(sfs);
const ingested = (n = 1) => ({ sfs: '1977:480', title: 'Semesterlag', versionId: VERSION_ID, contentHash: `h${n}`, sectionCount: 3 });

describe('messaging over real Redis', () => {
  let conn: MessagingConnection;
  const closers: Array<() => Promise<unknown>> = [];
  const track = <T extends { close(): Promise<unknown> }>(x: T): T => {
    closers.push(() => x.close());
    return x;
  };

  beforeEach(() => {
    conn = testConnection();
  });
  afterEach(async () => {
    await Promise.allSettled(closers.splice(0).reverse().map((c) => c()));
    await deletePrefix(conn.prefix);
  });

  async function serve(handlers: Record<string, RpcHandlerFn>, opts = {}) {
    const server = track(new RpcServer('law-catalog', new Map(Object.entries(handlers)), conn, silentLogger, opts));
    await server.start();
    return server;
  }

  describe('request/reply', () => {
    it('round-trips a typed call and carries the correlation id to the handler', async () => {
      let seenCorrelation: string | undefined;
      let seenInput: unknown;
      await serve({
        'laws.meta': (async (input: { sfs: string }) => {
          seenCorrelation = currentCorrelationId();
          seenInput = input;
          return succeed(meta(input.sfs));
        }) as RpcHandlerFn,
      });
      const client = track(new RpcClient(conn, 2000));
      const result = await runWithContext({ correlationId: 'corr-12345678' }, () =>
        client.call('law-catalog', 'laws.meta', { sfs: '1977-480' }),
      );
      expect(result).toEqual({ ok: true, value: meta('1977:480') });
      expect(seenInput).toEqual({ sfs: '1977:480' }); // normalised by the contract schema
      expect(seenCorrelation).toBe('corr-12345678');
    });

    it('times out with a TIMEOUT result instead of hanging, and the late job is skipped', async () => {
      let calls = 0;
      await serve({
        'laws.meta': (async (input: { sfs: string }) => {
          calls++;
          await new Promise((r) => setTimeout(r, 1500));
          return succeed(meta(input.sfs));
        }) as RpcHandlerFn,
      });
      const client = track(new RpcClient(conn));
      const started = Date.now();
      const result = await client.call('law-catalog', 'laws.meta', { sfs: '1977:480' }, { timeoutMs: 300 });
      const elapsed = Date.now() - started;
      expect(result).toMatchObject({ ok: false, code: ErrorCode.TIMEOUT });
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(1400);
      expect(calls).toBe(1);
    });

    it('times out when no worker serves the queue at all', async () => {
      const client = track(new RpcClient(conn));
      const result = await client.call('law-catalog', 'laws.meta', { sfs: '1977:480' }, { timeoutMs: 200 });
      expect(result).toMatchObject({ ok: false, code: ErrorCode.TIMEOUT });
    });

    it('returns typed failures from handlers, and hides unexpected errors behind INTERNAL', async () => {
      await serve({
        'laws.meta': (async (input: { sfs: string }) =>
          input.sfs === '1977:1'
            ? refuse(ErrorCode.NOT_FOUND, 'Författningen finns inte')
            : input.sfs === '1977:2'
              ? (() => {
                  throw new RpcError(ErrorCode.CONFLICT, 'Konflikt');
                })()
              : (() => {
                  throw new Error('secret database password in stack');
                })()) as RpcHandlerFn,
      });
      const client = track(new RpcClient(conn, 2000));
      expect(await client.call('law-catalog', 'laws.meta', { sfs: '1977:1' })).toEqual({
        ok: false,
        code: ErrorCode.NOT_FOUND,
        message: 'Författningen finns inte',
      });
      expect(await client.call('law-catalog', 'laws.meta', { sfs: '1977:2' })).toMatchObject({
        ok: false,
        code: ErrorCode.CONFLICT,
      });
      const internal = await client.call('law-catalog', 'laws.meta', { sfs: '1977:3' });
      expect(internal).toMatchObject({ ok: false, code: ErrorCode.INTERNAL });
      expect(JSON.stringify(internal)).not.toMatch(/secret|stack|at /);
    });

    it('rejects an invalid payload at the client and again at the server', async () => {
      let calls = 0;
      await serve({
        'laws.meta': (async () => {
          calls++;
          return succeed(meta('1977:480'));
        }) as RpcHandlerFn,
      });
      const client = track(new RpcClient(conn, 2000));
      const atClient = await client.call('law-catalog', 'laws.meta', { sfs: 'not-a-number' });
      expect(atClient).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
      expect((atClient as { message: string }).message).toMatch(/SFS-nummer/);

      // A raw job that bypasses the typed client is validated by the server too.
      const raw = track(new Queue(rpcQueueName('law-catalog'), { connection: producerRedis(conn.redis), prefix: conn.prefix }));
      const job = await raw.add('laws.meta', { payload: { sfs: 42 }, correlationId: 'x'.repeat(8), deadline: Date.now() + 5000 });
      await eventually(async () => expect(await job.getState()).toBe('completed'));
      const done = await raw.getJob(job.id as string);
      expect(done?.returnvalue).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
      expect(calls).toBe(0);
    });

    it('refuses a handler result that breaks the output contract', async () => {
      await serve({ 'laws.meta': (async () => succeed({ wrong: true })) as RpcHandlerFn });
      const client = track(new RpcClient(conn, 2000));
      expect(await client.call('law-catalog', 'laws.meta', { sfs: '1977:480' })).toMatchObject({
        ok: false,
        code: ErrorCode.INTERNAL,
      });
    });

    it('answers UNAVAILABLE quickly when Redis cannot be reached', async () => {
      const client = track(new RpcClient({ redis: { host: '127.0.0.1', port: 1 }, prefix: conn.prefix }, 2000));
      const started = Date.now();
      const result = await client.call('law-catalog', 'laws.meta', { sfs: '1977:480' });
      expect(result).toMatchObject({ ok: false, code: ErrorCode.UNAVAILABLE });
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('events', () => {
    async function consume(handler: EventHandlerFn, opts = {}) {
      const consumer = track(
        new EventConsumer('rag', new Map([['law.ingested', handler]]), conn, silentLogger, opts),
      );
      await consumer.start();
      return consumer;
    }

    it('fans out to every subscriber queue and a repeated publish is a no-op', async () => {
      const bus = track(new EventBus('law-catalog', conn, { attempts: 3, backoffMs: 50 }));
      const seen: EventEnvelope[] = [];
      await consume((async (_payload: unknown, env: EventEnvelope) => {
        seen.push(env);
      }) as EventHandlerFn);
      const id = `law.ingested.${randomUUID()}`;
      await runWithContext({ correlationId: 'corr-abcdefgh' }, async () => {
        await bus.publish('law.ingested', ingested(), { id });
        await bus.publish('law.ingested', ingested(), { id });
      });
      await eventually(() => expect(seen).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ id, type: 'law.ingested', producer: 'law-catalog', correlationId: 'corr-abcdefgh' });

      // law.changed goes to every subscriber queue, one job each.
      await bus.publish(
        'law.changed',
        {
          sfs: '1977:480',
          title: 'Semesterlag',
          previousVersionId: VERSION_ID,
          versionId: VERSION_ID,
          amendingSfs: null,
          inForce: null,
          added: [],
          modified: ['P4'],
          repealed: [],
          substantive: true,
        },
        { id: 'law.changed.fanout' },
      );
      for (const s of events['law.changed'].subscribers) {
        const q = track(new Queue(eventQueueName(s), { connection: producerRedis(conn.redis), prefix: conn.prefix }));
        expect(await q.getJob('law.changed.fanout')).toBeDefined();
      }
    });

    it('refuses to publish an invalid payload or an event it does not produce', async () => {
      const bus = track(new EventBus('law-catalog', conn));
      await expect(bus.publish('law.ingested', { sfs: 1 } as never)).rejects.toThrow();
      const other = track(new EventBus('rag', conn));
      await expect(other.publish('law.ingested', ingested())).rejects.toThrow(/may not publish/);
    });

    it('retries a failing handler with backoff until it succeeds', async () => {
      const bus = track(new EventBus('law-catalog', conn, { attempts: 5, backoffMs: 50 }));
      let attempts = 0;
      let done = false;
      await consume(async () => {
        attempts++;
        if (attempts < 3) throw new Error('database briefly unavailable');
        done = true;
      });
      await bus.publish('law.ingested', ingested());
      await eventually(() => expect(done).toBe(true));
      expect(attempts).toBe(3);
    });

    it('fails a permanent error at once and keeps the job in the failed set', async () => {
      const bus = track(new EventBus('law-catalog', conn, { attempts: 5, backoffMs: 50 }));
      let attempts = 0;
      await consume(async () => {
        attempts++;
        throw new PermanentError('law list references a deleted workspace');
      });
      const env = await bus.publish('law.ingested', ingested());
      const q = track(new Queue(eventQueueName('rag'), { connection: producerRedis(conn.redis), prefix: conn.prefix }));
      await eventually(async () => expect(await (await q.getJob(env.id))?.getState()).toBe('failed'));
      await new Promise((r) => setTimeout(r, 300));
      expect(attempts).toBe(1);
      expect((await q.getJob(env.id))?.failedReason).toMatch(/deleted workspace/);
    });

    it('fails an invalid payload without calling the handler', async () => {
      let calls = 0;
      await consume(async () => {
        calls++;
      });
      const q = track(new Queue(eventQueueName('rag'), { connection: producerRedis(conn.redis), prefix: conn.prefix }));
      const job = await q.add(
        'law.ingested',
        { id: 'bad-1', type: 'law.ingested', version: 1, occurredAt: '', producer: 'law-catalog', correlationId: 'c', payload: { sfs: 5 } },
        { jobId: 'bad-1', attempts: 5 },
      );
      await eventually(async () => expect(await job.getState()).toBe('failed'));
      expect(calls).toBe(0);
      expect((await q.getJob('bad-1'))?.attemptsMade).toBe(1);
    });

    it('recovers a job whose worker was killed mid-job (stalled-job recovery)', async () => {
      const child: ChildProcess = fork(path.join(__dirname, '../test/stall-worker.ts'), [], {
        execArgv: ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register'],
        env: {
          ...process.env,
          TS_NODE_PROJECT: path.resolve(__dirname, '../../../../tsconfig.base.json'),
          TEST_PREFIX: conn.prefix,
          REDIS_URL,
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const messages: string[] = [];
      child.on('message', (m) => messages.push(String(m)));
      try {
        await eventually(() => expect(messages).toContain('ready'), 20_000);
        const bus = track(new EventBus('law-catalog', conn, { attempts: 3, backoffMs: 50 }));
        const env = await bus.publish('law.ingested', ingested());
        await eventually(() => expect(messages).toContain('started'), 10_000);
        child.kill('SIGKILL');

        const handledBy: string[] = [];
        await consume(
          (async (_p: unknown, e: EventEnvelope) => {
            handledBy.push(e.id);
          }) as EventHandlerFn,
          { lockDuration: 1000, stalledInterval: 500 },
        );
        await eventually(() => expect(handledBy).toEqual([env.id]), 15_000);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }, 40_000);
  });
});
