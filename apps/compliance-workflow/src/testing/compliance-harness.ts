import 'reflect-metadata';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  ErrorCode,
  eventQueueName,
  refuse,
  succeed,
  type Actor,
  type EventEnvelope,
  type EventType,
  type LawDocument,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type OperationResult,
  type WorkspaceRole,
} from '@laglig/contracts';
import { RpcClient, RpcServer, redisOptionsFromUrl, workerRedis, type MessagingConnection, type RpcHandlerFn } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { bundledLawDocument, createTestDatabase, testRedisPrefix, type TestDatabase, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';

export const CORPUS = join(__dirname, '../../../../data/sfs');
export const TEST_JWT_SECRET = 'test-secret-for-integration-tests-only-0123456789';

type CwMethod = MethodName<'compliance-workflow'>;

export interface TestUser {
  actor: Actor;
  email: string;
  password: string;
  displayName: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * compliance-workflow as it runs (its Nest app with workers, real PostgreSQL
 * and real BullMQ/Redis), called over request/reply like the gateway calls it,
 * with a stand-in law-catalog that answers laws.meta / laws.get for the
 * bundled statutes. Events for the notifier stay in its queue, where
 * `events()` reads them.
 */
export class ComplianceHarness {
  db!: TestDatabase;
  redis!: TestRedisPrefix;
  app!: INestApplicationContext;
  ds!: DataSource;
  client!: RpcClient;
  connection!: MessagingConnection;
  private catalog?: RpcServer;
  private notifierQueue?: Queue;
  private readonly saved = { ...process.env };
  private userCount = 0;

  constructor(private readonly name: string, private readonly env: Record<string, string> = {}) {}

  async start(): Promise<this> {
    this.db = await createTestDatabase();
    this.redis = testRedisPrefix(this.name);
    Object.assign(process.env, {
      DATABASE_URL: this.db.url,
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: this.redis.prefix,
      LOG_LEVEL: 'silent',
      JWT_SECRET: TEST_JWT_SECRET,
      OUTBOX_POLL_MS: '200',
      ...this.env,
    });
    this.connection = { redis: redisOptionsFromUrl(this.redis.url), prefix: this.redis.prefix };
    const law = (sfs: string): LawDocument | null => {
      try {
        return bundledLawDocument(sfs, CORPUS);
      } catch {
        return null;
      }
    };
    const notFound = refuse(ErrorCode.NOT_FOUND, 'Lagen finns inte');
    this.catalog = new RpcServer(
      'law-catalog',
      new Map<string, RpcHandlerFn>([
        ['laws.get', (async (input: { sfs: string }) => law(input.sfs) ?? notFound) as RpcHandlerFn],
        [
          'laws.meta',
          (async (input: { sfs: string }) => {
            const doc = law(input.sfs);
            if (!doc) return notFound;
            // eslint-disable-next-line @typescript-eslint/no-unused-vars
            const { structure, ...meta } = doc;
            return succeed(meta);
          }) as RpcHandlerFn,
        ],
      ]),
      this.connection,
      createLogger('law-catalog', 'silent'),
    );
    await this.catalog.start();
    this.app = await (await Test.createTestingModule({ imports: [AppModule] }).compile()).init();
    this.ds = this.app.get(DataSource);
    this.client = new RpcClient(this.connection, 15_000);
    this.notifierQueue = new Queue(eventQueueName('notifier'), { connection: workerRedis(this.connection.redis), prefix: this.connection.prefix });
    return this;
  }

  async stop(): Promise<void> {
    await this.client?.close();
    await this.notifierQueue?.close();
    await this.app?.close();
    await this.catalog?.close();
    await this.redis?.cleanup();
    await this.db?.drop();
    process.env = this.saved;
  }

  call<M extends CwMethod>(method: M, input: MethodInput<'compliance-workflow', M>): Promise<OperationResult<MethodOutput<'compliance-workflow', M>>> {
    return this.client.call('compliance-workflow', method, input);
  }

  /** The value of a call that must succeed (fails the test with the refusal otherwise). */
  async ok<M extends CwMethod>(method: M, input: MethodInput<'compliance-workflow', M>): Promise<MethodOutput<'compliance-workflow', M>> {
    const result = await this.call(method, input);
    if (!result.ok) throw new Error(`${method} refused: ${result.code} ${result.message} ${JSON.stringify(result.details ?? '')}`);
    return result.value;
  }

  /** A registered, logged-in user. */
  async user(displayName = `Användare ${++this.userCount}`): Promise<TestUser> {
    const email = `user${this.userCount}.${Date.now()}@example.se`.toLowerCase();
    const password = 'korrekt-hast-batteri-häftstift';
    await this.ok('auth.register', { email, password, displayName });
    const tokens = await this.ok('auth.login', { email, password });
    return { actor: { userId: tokens.user.id }, email, password, displayName, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
  }

  /*
   * Direct seeding (SQL) for tests of the register and the board, which need
   * users and workspaces but are not about accounts.
   */

  /** A user row (no password login: the hash is not a valid argon2 hash). */
  async seedUser(displayName = `Användare ${++this.userCount}`): Promise<Actor & { email: string; displayName: string }> {
    const email = `seed${this.userCount}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.se`;
    const rows: Array<{ id: string }> = await this.ds.query(
      `INSERT INTO compliance.users (email, display_name, password_hash, email_verified_at) VALUES ($1, $2, 'seeded-no-login', now()) RETURNING id`,
      [email, displayName],
    );
    return { userId: (rows[0] as { id: string }).id, email, displayName };
  }

  /** A workspace with `owner` as OWNER; returns its id. */
  async seedWorkspace(owner: Actor, name = 'Testbolaget AB'): Promise<string> {
    const rows: Array<{ id: string }> = await this.ds.query(`INSERT INTO compliance.workspaces (name, created_by) VALUES ($1, $2) RETURNING id`, [name, owner.userId]);
    const id = (rows[0] as { id: string }).id;
    await this.seedMember(id, owner, 'OWNER');
    return id;
  }

  async seedMember(workspaceId: string, user: Actor, role: WorkspaceRole): Promise<void> {
    await this.ds.query(
      `INSERT INTO compliance.memberships (workspace_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [workspaceId, user.userId, role],
    );
  }

  /** Events published for the notifier (from its queue), oldest first. */
  async events<E extends EventType>(type?: E): Promise<Array<EventEnvelope<E>>> {
    const jobs = await (this.notifierQueue as Queue).getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
    return jobs
      .map((j) => j.data as EventEnvelope<E>)
      .filter((e) => !type || e.type === type)
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  }

  async until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v)) return v;
      if (Date.now() > end) throw new Error(`condition not met within ${ms} ms (last value ${JSON.stringify(v)})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
