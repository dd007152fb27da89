import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { sign } from 'jsonwebtoken';
import {
  ErrorCode,
  JWT_AUDIENCE,
  JWT_ISSUER,
  realtimeChannel,
  refuse,
  succeed,
  type Card,
  type RealtimeEvent,
  type WorkspaceRole,
} from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { redisOptionsFromUrl, RpcServer, type MessagingConnection, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';

const SECRET = 'gateway-realtime-test-secret-0123456789abcdef';
const WS = '7b0c8a52-3f43-4d5e-9a57-0d2f1b3c4a01';
const OTHER_WS = '7b0c8a52-3f43-4d5e-9a57-0d2f1b3c4a02';
const MISSING_WS = '7b0c8a52-3f43-4d5e-9a57-0d2f1b3c4a03';
const ANNA = 'a6f1c1de-5b1f-4c55-8f39-6f1d8b7e0a11';
const BO = 'a6f1c1de-5b1f-4c55-8f39-6f1d8b7e0a12';
const STRANGER = 'a6f1c1de-5b1f-4c55-8f39-6f1d8b7e0a13';

const CARD_ID = 'c3d4e5f6-0000-4000-8000-00000000c001';
const CARD: Card = {
  id: CARD_ID,
  columnId: 'c3d4e5f6-0000-4000-8000-00000000d001',
  position: 'a0',
  title: 'Skyddsrond',
  description: '',
  lawRef: '1977:1160',
  requirementId: null,
  assigneeIds: [],
  dueDate: null,
  labels: [],
  checklist: [],
  commentCount: 0,
  version: 4,
  createdBy: ANNA,
  createdAt: '2031-01-01T00:00:00.000Z',
  updatedAt: '2031-01-02T00:00:00.000Z',
};

interface SseEvent {
  event: string;
  data: unknown;
}

/** A Server-Sent Events client over fetch with the bearer token in the header (like the web app). */
class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers = new Headers();
  body: unknown = null;
  ended = false;
  private readonly aborter = new AbortController();
  private done: Promise<void> = Promise.resolve();

  static async open(port: number, workspaceId: string, token: string | null): Promise<SseClient> {
    const client = new SseClient();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/workspaces/${workspaceId}/events`, {
      headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: client.aborter.signal,
    });
    client.status = res.status;
    client.headers = res.headers;
    if (res.status !== 200) {
      client.body = await res.json();
      client.ended = true;
      return client;
    }
    client.done = client.read(res.body as ReadableStream<Uint8Array>);
    await client.until((c) => c.events.some((e) => e.event === 'ready'));
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (block.startsWith(':')) {
            this.comments.push(block);
            continue;
          }
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
          this.events.push({ event, data: JSON.parse(data) as unknown });
        }
      }
    } catch {
      // aborted by the test
    } finally {
      this.ended = true;
    }
  }

  async until(ok: (c: SseClient) => boolean, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!ok(this)) {
      if (Date.now() > end) throw new Error(`SSE condition not met within ${ms} ms; events: ${JSON.stringify(this.events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  of(type: string): SseEvent[] {
    return this.events.filter((e) => e.event === type);
  }

  async close(): Promise<void> {
    this.aborter.abort();
    await this.done;
  }
}

/**
 * GET /api/v1/workspaces/:id/events over real HTTP and real Redis, with two
 * gateway instances (two "replicas") and a stand-in compliance-workflow
 * answering workspaces.access on the real request/reply queue.
 */
describe('workspace event stream (SSE)', () => {
  let redis: TestRedisPrefix;
  let connection: MessagingConnection;
  let publisher: Redis;
  let cw: RpcServer;
  const apps: INestApplication[] = [];
  const ports: number[] = [];
  const saved = { ...process.env };
  /** Who may read which workspace (the stand-in's data); changed by tests. */
  const roles = new Map<string, WorkspaceRole>([
    [`${WS}/${ANNA}`, 'OWNER'],
    [`${WS}/${BO}`, 'AUDITOR'],
    [`${OTHER_WS}/${ANNA}`, 'MEMBER'],
  ]);
  let accessCalls = 0;
  const seen: Array<{ method: string; input: unknown }> = [];

  const token = (userId: string, expiresIn = 600): string =>
    sign({ sub: userId, typ: 'access' }, SECRET, { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn });
  const event = (workspaceId: string, type: RealtimeEvent['type'], data: unknown): RealtimeEvent => ({
    type,
    workspaceId,
    actorId: ANNA,
    at: new Date().toISOString(),
    data,
  });
  const publish = (e: RealtimeEvent | string, workspaceId = WS): Promise<number> =>
    publisher.publish(realtimeChannel(connection.prefix, workspaceId), typeof e === 'string' ? e : JSON.stringify(e));
  const subscribers = async (workspaceId = WS): Promise<number> => {
    const reply = (await publisher.call('PUBSUB', 'NUMSUB', realtimeChannel(connection.prefix, workspaceId))) as [string, number];
    return Number(reply[1]);
  };
  const eventually = async (fn: () => Promise<boolean>, ms = 5000): Promise<void> => {
    const end = Date.now() + ms;
    while (!(await fn())) {
      if (Date.now() > end) throw new Error('condition not met');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const startGateway = async (): Promise<INestApplication> => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    configureGateway(app);
    await app.listen(0, '127.0.0.1');
    return app;
  };

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-realtime');
    connection = { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix };
    Object.assign(process.env, {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      JWT_SECRET: SECRET,
      THROTTLE_LIMIT: '1000',
      REALTIME_KEEPALIVE_MS: '100',
      REALTIME_RECHECK_MS: '200',
      LOG_LEVEL: 'silent',
    });
    publisher = new Redis(connection.redis);
    const access = (async (input: { actor: { userId: string }; workspaceId: string }) => {
      accessCalls++;
      if (input.workspaceId !== WS && input.workspaceId !== OTHER_WS) return refuse(ErrorCode.NOT_FOUND, 'Arbetsytan finns inte.');
      const role = roles.get(`${input.workspaceId}/${input.actor.userId}`);
      return role ? succeed({ role }) : refuse(ErrorCode.FORBIDDEN, 'Du är inte medlem i den här arbetsytan.');
    }) as RpcHandlerFn;
    const update = (async (input: { version: number; fields: Record<string, unknown> }) => {
      seen.push({ method: 'board.cards.update', input });
      return input.version === CARD.version ? succeed({ ...CARD, ...input.fields, version: CARD.version + 1 }) : refuse(ErrorCode.CONFLICT, 'Någon annan har ändrat kortet.', { current: CARD });
    }) as RpcHandlerFn;
    const move = (async (input: unknown) => {
      seen.push({ method: 'board.cards.move', input });
      return succeed(CARD);
    }) as RpcHandlerFn;
    const activity = (async (input: unknown) => {
      seen.push({ method: 'activity.list', input });
      return succeed({ items: [], nextCursor: null });
    }) as RpcHandlerFn;
    cw = new RpcServer(
      'compliance-workflow',
      new Map([
        ['workspaces.access', access],
        ['board.cards.update', update],
        ['board.cards.move', move],
        ['activity.list', activity],
      ]),
      connection,
      createLogger('t', 'silent'),
    );
    await cw.start();
    for (let i = 0; i < 2; i++) {
      const app = await startGateway();
      apps.push(app);
      ports.push((app.getHttpServer().address() as AddressInfo).port);
    }
  }, 30_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await cw?.close();
    publisher?.disconnect();
    await redis.cleanup();
    process.env = saved;
  });

  const [first, second] = [0, 1];

  it('answers 401 without a valid token, and passes 404 / 403 through before any stream opens', async () => {
    const none = await SseClient.open(ports[first] as number, WS, null);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    const forged = sign({ sub: ANNA, typ: 'access' }, 'another-secret-that-is-long-enough-000000', { issuer: JWT_ISSUER, audience: JWT_AUDIENCE });
    expect((await SseClient.open(ports[first] as number, WS, forged)).status).toBe(401);
    const expired = await SseClient.open(ports[first] as number, WS, token(ANNA, -10));
    expect(expired.status).toBe(401);

    const missing = await SseClient.open(ports[first] as number, MISSING_WS, token(ANNA));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: ErrorCode.NOT_FOUND, message: 'Arbetsytan finns inte.' });
    const stranger = await SseClient.open(ports[first] as number, WS, token(STRANGER));
    expect(stranger.status).toBe(403);
    expect(stranger.body).toMatchObject({ code: ErrorCode.FORBIDDEN });
    expect((await SseClient.open(ports[first] as number, 'not-a-uuid', token(ANNA))).status).toBe(400);
    expect(await subscribers()).toBe(0);
  });

  it('forwards a message published on the workspace channel as an SSE event, with ready first and keep-alives', async () => {
    const client = await SseClient.open(ports[first] as number, WS, token(BO));
    try {
      expect(client.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(client.headers.get('x-accel-buffering')).toBe('no');
      expect(client.headers.get('cache-control')).toContain('no-cache');
      expect(client.events[0]).toEqual({ event: 'ready', data: { workspaceId: WS, role: 'AUDITOR' } });

      const moved = event(WS, 'card.moved', { id: 'c1', columnId: 'k2', position: 'a0V', version: 3 });
      await publish(moved);
      // Not for this workspace, and not a valid event: neither is forwarded.
      await publish(event(OTHER_WS, 'card.deleted', { id: 'x' }), OTHER_WS);
      await publish('{"type":"card.moved","oops":true}');
      await publish('not json');
      const comment = event(WS, 'comment.added', { id: 'm1', body: 'Hej @Bo Ek' });
      await publish(comment);
      await client.until((c) => c.of('comment.added').length === 1);
      expect(client.events.slice(1)).toEqual([
        { event: 'card.moved', data: moved },
        { event: 'comment.added', data: comment },
      ]);
      await client.until((c) => c.comments.length >= 2);
      expect(client.comments[0]).toBe(': keep-alive');
    } finally {
      await client.close();
    }
  });

  it('delivers the same message through every gateway instance, over one subscriber connection per instance', async () => {
    const a1 = await SseClient.open(ports[first] as number, WS, token(ANNA));
    const a2 = await SseClient.open(ports[first] as number, WS, token(BO));
    const a3 = await SseClient.open(ports[first] as number, OTHER_WS, token(ANNA));
    const b1 = await SseClient.open(ports[second] as number, WS, token(ANNA));
    try {
      // Three streams on instance 1 and one on instance 2: each instance subscribed the channel once.
      expect(await subscribers(WS)).toBe(2);
      expect(await subscribers(OTHER_WS)).toBe(1);
      const e = event(WS, 'card.updated', { id: 'c2', title: 'Skyddsrond', version: 2 });
      await publish(e);
      for (const c of [a1, a2, b1]) await c.until((x) => x.of('card.updated').length === 1);
      for (const c of [a1, a2, b1]) expect(c.of('card.updated')).toEqual([{ event: 'card.updated', data: e }]);
      expect(a3.of('card.updated')).toEqual([]);

      // Closing streams unsubscribes only when an instance's last stream of the workspace is gone.
      await a1.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(await subscribers(WS)).toBe(2);
      await a2.close();
      await eventually(async () => (await subscribers(WS)) === 1);
      const later = event(WS, 'card.deleted', { id: 'c2' });
      await publish(later);
      await b1.until((x) => x.of('card.deleted').length === 1);
    } finally {
      await Promise.all([a1, a2, a3, b1].map((c) => c.close()));
    }
    await eventually(async () => (await subscribers(WS)) === 0 && (await subscribers(OTHER_WS)) === 0);
  });

  it('ends the stream with an error event when membership is gone', async () => {
    const client = await SseClient.open(ports[second] as number, OTHER_WS, token(ANNA));
    const calls = accessCalls;
    await client.until(() => accessCalls > calls);
    expect(client.ended).toBe(false);
    roles.delete(`${OTHER_WS}/${ANNA}`);
    try {
      await client.until((c) => c.ended);
      expect(client.events.at(-1)).toEqual({ event: 'error', data: { code: ErrorCode.FORBIDDEN, message: 'Du är inte medlem i den här arbetsytan.' } });
      await eventually(async () => (await subscribers(OTHER_WS)) === 0);
    } finally {
      roles.set(`${OTHER_WS}/${ANNA}`, 'MEMBER');
      await client.close();
    }
  });

  it('ends the stream when the access token expires', async () => {
    const client = await SseClient.open(ports[first] as number, WS, token(ANNA, 2));
    try {
      await client.until((c) => c.ended, 4000);
      expect(client.events.at(-1)).toEqual({ event: 'error', data: { code: ErrorCode.UNAUTHENTICATED, message: 'Du behöver logga in igen.' } });
    } finally {
      await client.close();
    }
  });

  it('maps the board endpoints: actor from the token, ids from the path, 409 with the fresh card, 400 at the edge', async () => {
    const base = `http://127.0.0.1:${ports[first] as number}/api/v1/workspaces/${WS}`;
    const call = (method: string, path: string, body?: unknown, auth: string | null = token(BO)) =>
      fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const stale = await call('PATCH', `/board/cards/${CARD_ID}`, { version: 3, title: 'Min titel' });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: ErrorCode.CONFLICT, details: { current: CARD } });
    const fresh = await call('PATCH', `/board/cards/${CARD_ID}`, { version: 4, title: 'Min titel', dueDate: '2031-02-01' });
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toMatchObject({ title: 'Min titel', version: 5 });
    expect(seen.at(-1)).toEqual({
      method: 'board.cards.update',
      input: { actor: { userId: BO }, workspaceId: WS, cardId: CARD_ID, version: 4, fields: { title: 'Min titel', dueDate: '2031-02-01' } },
    });

    const moved = await call('POST', `/board/cards/${CARD_ID}/move`, { columnId: CARD.columnId, afterCardId: null, beforeCardId: null });
    expect(moved.status).toBe(200);
    expect(seen.at(-1)).toEqual({
      method: 'board.cards.move',
      input: { actor: { userId: BO }, workspaceId: WS, cardId: CARD_ID, columnId: CARD.columnId, afterCardId: null, beforeCardId: null },
    });

    const before = seen.length;
    // An actor in the body is refused, never used; bad ids and shapes are 400 before any call.
    const spoofed = await call('PATCH', `/board/cards/${CARD_ID}`, { version: 4, actor: { userId: ANNA } });
    expect(spoofed.status).toBe(400);
    expect(await spoofed.json()).toMatchObject({ code: ErrorCode.INVALID_INPUT, message: expect.stringContaining('actor') });
    expect((await call('PATCH', `/board/cards/not-a-uuid`, { version: 4 })).status).toBe(400);
    expect((await call('PATCH', `/board/cards/${CARD_ID}`, { title: 'Utan version' })).status).toBe(400);
    expect((await call('PATCH', `/board/cards/${CARD_ID}`, { version: 4, dueDate: '1 maj' })).status).toBe(400);
    expect((await call('GET', '/activity?limit=många')).status).toBe(400);
    expect(seen.length).toBe(before);
    expect((await call('PATCH', `/board/cards/${CARD_ID}`, { version: 4 }, null)).status).toBe(401);

    expect((await call('GET', '/activity?entityType=card&entityId=abc&limit=5')).status).toBe(200);
    expect(seen.at(-1)).toEqual({ method: 'activity.list', input: { actor: { userId: BO }, workspaceId: WS, entityType: 'card', entityId: 'abc', limit: 5 } });
  });

  it('closes open streams cleanly when an instance shuts down', async () => {
    const extra = await startGateway();
    const port = (extra.getHttpServer().address() as AddressInfo).port;
    const client = await SseClient.open(port, WS, token(ANNA));
    expect(await subscribers(WS)).toBe(1);
    const started = Date.now();
    await extra.close();
    await client.until((c) => c.ended);
    expect(Date.now() - started).toBeLessThan(3000);
    await eventually(async () => (await subscribers(WS)) === 0);
    await client.close();
  });
});
