import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import {
  ConversationSummarySchema,
  ErrorCode,
  JWT_AUDIENCE,
  JWT_ISSUER,
  refuse,
  succeed,
  type ChatAnswer,
  type ChatAskInput,
  type Conversation,
} from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { ReplyStreamWriter, redisOptionsFromUrl, replyStreamKey, RpcServer, type MessagingConnection, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';
import { NO_LIST_NOTICE, TOO_MANY_NOTICE } from './chat-scope';

const SECRET = 'gateway-chat-signed-in-secret-0123456789abcdef';
const USER = '3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f';
const WS = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const WS_EMPTY = '6a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const WS_FOREIGN = '7a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const WS_MISSING = '8a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
/** compliance-workflow is down for this one (the stand-in refuses UNAVAILABLE). */
const WS_DOWN = '9a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const WS_HUGE = 'aa6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const CONV = '9c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const CONV_OTHER_WS = 'ac8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const CONV_FOREIGN = 'bc8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const NEW_CONV = 'cc8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f';

const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: Record<string, unknown>, secret = SECRET, options: jwt.SignOptions = { algorithm: 'HS256' }) =>
  jwt.sign({ sub: USER, typ: 'access', iat: now(), exp: now() + 900, iss: JWT_ISSUER, aud: JWT_AUDIENCE, ...claims }, secret, options);
const auth = { Authorization: `Bearer ${sign({})}` };

const ANSWER: ChatAnswer = {
  status: 'answered',
  answer: 'Semesterlag (1977:480), 4 §: ”En arbetstagare har rätt till tjugofem semesterdagar varje semesterår.” [1]',
  citations: [
    { n: 1, sfs: '1977:480', title: 'Semesterlag (1977:480)', anchor: 'P4', label: '4 §', excerpt: 'En arbetstagare har rätt till tjugofem semesterdagar varje semesterår.', url: '/lagar/1977:480#P4' },
  ],
  refusalReason: null,
  provider: 'extractive',
  cached: false,
};

/** What compliance-workflow's lists.activeLaws answers per workspace (its own tests cover how it is computed). */
const ACTIVE_LAWS: Record<string, string[]> = {
  [WS]: ['1977:1160', '1977:480', '2018:218'],
  [WS_EMPTY]: [],
  [WS_HUGE]: Array.from({ length: 5001 }, (_, i) => `2000:${i + 1}`),
};

const conversation = (id: string, workspaceId: string | null): Conversation => ({
  id,
  workspaceId,
  title: 'Hur många semesterdagar?',
  createdAt: '2026-03-02T08:00:00.000Z',
  updatedAt: '2026-03-02T08:05:00.000Z',
  messages: [
    { id: 'd0000000-0000-4000-8000-000000000001', role: 'user', text: 'Hur många semesterdagar?', citations: [], status: null, createdAt: '2026-03-02T08:00:00.000Z' },
    { id: 'd0000000-0000-4000-8000-000000000002', role: 'assistant', text: ANSWER.answer, citations: ANSWER.citations, status: 'answered', createdAt: '2026-03-02T08:00:01.000Z' },
  ],
});

interface SseEvent {
  event: string;
  data: unknown;
}
function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.includes('event: '))
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1] ?? '', data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as unknown }));
}

/**
 * The signed-in chat and the conversations endpoints over real HTTP, Redis
 * and BullMQ, with stand-in rag and compliance-workflow RpcServers that record
 * what reaches them: the token decides the user, the workspace's active SFS
 * laws become rag's filter, and a refused workspace or conversation never
 * reaches rag's chat.ask.
 */
describe('signed-in chat and conversations (gateway)', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let connection: MessagingConnection;
  let writerRedis: Redis;
  let rag: RpcServer;
  let cw: RpcServer;
  const saved = { ...process.env };
  const seen: Array<{ service: string; method: string; input: Record<string, unknown> }> = [];
  const calls = (method: string) => seen.filter((s) => s.method === method);
  const last = (method: string) => calls(method).at(-1)?.input;

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-chat-signed-in');
    connection = { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix };
    Object.assign(process.env, { JWT_SECRET: SECRET, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, THROTTLE_LIMIT: '1000', CHAT_THROTTLE_LIMIT: '1000', LOG_LEVEL: 'silent' });
    writerRedis = new Redis(connection.redis);
    const record = (service: string, method: string, fn: (input: Record<string, unknown>) => unknown): [string, RpcHandlerFn] => [
      method,
      (async (input: Record<string, unknown>) => {
        seen.push({ service, method, input });
        return fn(input);
      }) as RpcHandlerFn,
    ];

    const ask = async (raw: Record<string, unknown>) => {
      const input = raw as unknown as ChatAskInput;
      const writer = new ReplyStreamWriter(writerRedis, replyStreamKey(connection.prefix, input.streamId as string));
      const conversationId = input.userId ? (input.conversationId ?? NEW_CONV) : undefined;
      if (conversationId) await writer.write('conversation', { conversationId, title: input.question, created: !input.conversationId });
      await writer.write('token', { text: ANSWER.answer });
      await writer.write('citations', { citations: ANSWER.citations });
      const answer = { ...ANSWER, ...(conversationId ? { conversationId } : {}) };
      await writer.write('done', answer);
      return succeed(answer);
    };
    const getConversation = (i: Record<string, unknown>) => {
      if (i['userId'] !== USER) return refuse(ErrorCode.NOT_FOUND, 'Konversationen finns inte.');
      if (i['conversationId'] === CONV) return succeed(conversation(CONV, WS));
      if (i['conversationId'] === CONV_OTHER_WS) return succeed(conversation(CONV_OTHER_WS, WS_EMPTY));
      return refuse(ErrorCode.NOT_FOUND, 'Konversationen finns inte.');
    };
    rag = new RpcServer(
      'rag',
      new Map<string, RpcHandlerFn>([
        record('rag', 'chat.ask', ask),
        record('rag', 'conversations.list', () => succeed({ items: [ConversationSummarySchema.parse(conversation(CONV, WS))], nextCursor: 'bmV4dA' })),
        record('rag', 'conversations.get', getConversation),
        record('rag', 'conversations.delete', (i) => (getConversation(i).ok ? succeed({ deleted: true }) : refuse(ErrorCode.NOT_FOUND, 'Konversationen finns inte.'))),
      ]),
      connection,
      createLogger('t', 'silent'),
    );
    const workspace = (i: Record<string, unknown>) => {
      const ws = i['workspaceId'] as string;
      if (ws === WS_MISSING) return refuse(ErrorCode.NOT_FOUND, 'Arbetsytan finns inte.');
      if (ws === WS_DOWN) return refuse(ErrorCode.UNAVAILABLE, 'Tjänsten är inte tillgänglig just nu. Försök igen om en stund.');
      if (ws === WS_FOREIGN || (i['actor'] as { userId: string }).userId !== USER) return refuse(ErrorCode.FORBIDDEN, 'Du är inte medlem i arbetsytan.');
      return null;
    };
    cw = new RpcServer(
      'compliance-workflow',
      new Map<string, RpcHandlerFn>([
        record('cw', 'workspaces.access', (i) => workspace(i) ?? succeed({ role: 'MEMBER' })),
        record('cw', 'lists.activeLaws', (i) => workspace(i) ?? succeed({ sfs: ACTIVE_LAWS[i['workspaceId'] as string] ?? [] })),
      ]),
      connection,
      createLogger('t', 'silent'),
    );
    await rag.start();
    await cw.start();
    app = (await Test.createTestingModule({ imports: [AppModule] }).compile()).createNestApplication({ logger: false });
    configureGateway(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await rag?.close();
    await cw?.close();
    writerRedis?.disconnect();
    await redis.cleanup();
    process.env = saved;
  });

  const http = () => request(app.getHttpServer());
  const chat = (body: Record<string, unknown>, headers: Record<string, string> = auth) =>
    http().post('/api/v1/chat').set('Accept', 'text/event-stream').set(headers).send(body);

  it('still answers anonymously: nothing about a user reaches rag, no conversation', async () => {
    const events = parseSse((await chat({ question: 'Hur många semesterdagar?' }, {}).expect(200)).text);
    expect(events.map((e) => e.event)).toEqual(['token', 'citations', 'done']);
    expect(last('chat.ask')).toEqual({ question: 'Hur många semesterdagar?', streamId: expect.any(String) });
  });

  it('signed in: the user id comes from the token, the conversation event comes first and done names it', async () => {
    const events = parseSse((await chat({ question: 'Hur många semesterdagar?' }).expect(200)).text);
    expect(last('chat.ask')).toEqual({ question: 'Hur många semesterdagar?', userId: USER, streamId: expect.any(String) });
    expect(events.map((e) => e.event)).toEqual(['conversation', 'token', 'citations', 'done']);
    expect(events[0].data).toEqual({ conversationId: NEW_CONV, title: 'Hur många semesterdagar?', created: true });
    expect(events.at(-1)?.data).toEqual({ ...ANSWER, conversationId: NEW_CONV });
  });

  it('in a workspace: rag receives the active SFS laws of all its lists as the filter (one compliance-workflow call), and the scope event says so', async () => {
    const before = seen.filter((s) => s.service === 'cw').length;
    const res = await chat({ question: 'Vad gäller för skyddsombud?', workspaceId: WS }).expect(200);
    expect(last('chat.ask')).toEqual({
      question: 'Vad gäller för skyddsombud?',
      userId: USER,
      workspaceId: WS,
      sfs: ['1977:1160', '1977:480', '2018:218'],
      streamId: expect.any(String),
    });
    // One call per question, with the caller as actor.
    expect(seen.filter((s) => s.service === 'cw').slice(before)).toEqual([{ service: 'cw', method: 'lists.activeLaws', input: { actor: { userId: USER }, workspaceId: WS } }]);
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual(['scope', 'conversation', 'token', 'citations', 'done']);
    expect(events[0].data).toEqual({ scope: 'list', workspaceId: WS, laws: 3, notice: null });
  });

  it("scope 'all' checks membership and answers over every law; a workspace without SFS laws falls back to all, with a notice", async () => {
    const all = parseSse((await chat({ question: 'Vad gäller för skyddsombud?', workspaceId: WS, scope: 'all' }).expect(200)).text);
    expect(last('workspaces.access')).toEqual({ actor: { userId: USER }, workspaceId: WS });
    expect(last('chat.ask')).toEqual({ question: 'Vad gäller för skyddsombud?', userId: USER, workspaceId: WS, streamId: expect.any(String) });
    expect(all[0]).toEqual({ event: 'scope', data: { scope: 'all', workspaceId: WS, laws: 0, notice: null } });

    const empty = parseSse((await chat({ question: 'Vad gäller för skyddsombud?', workspaceId: WS_EMPTY }).expect(200)).text);
    expect(last('chat.ask')).toEqual({ question: 'Vad gäller för skyddsombud?', userId: USER, workspaceId: WS_EMPTY, streamId: expect.any(String) });
    expect(empty[0]).toEqual({ event: 'scope', data: { scope: 'all', workspaceId: WS_EMPTY, laws: 0, notice: NO_LIST_NOTICE } });

    // More laws than a filter may name: every law, with a notice.
    const huge = parseSse((await chat({ question: 'Vad gäller för skyddsombud?', workspaceId: WS_HUGE }).expect(200)).text);
    expect(last('chat.ask')).toEqual({ question: 'Vad gäller för skyddsombud?', userId: USER, workspaceId: WS_HUGE, streamId: expect.any(String) });
    expect(huge[0]).toEqual({ event: 'scope', data: { scope: 'all', workspaceId: WS_HUGE, laws: 0, notice: TOO_MANY_NOTICE } });
  });

  it('a workspace the user is not a member of is 403, a missing one 404, compliance-workflow down 503, and rag is never asked', async () => {
    const before = calls('chat.ask').length;
    for (const [workspaceId, status, code] of [
      [WS_FOREIGN, 403, 'FORBIDDEN'],
      [WS_MISSING, 404, 'NOT_FOUND'],
      [WS_DOWN, 503, 'UNAVAILABLE'],
    ] as const) {
      for (const scope of ['list', 'all']) {
        const res = await chat({ question: 'Vad gäller för skyddsombud?', workspaceId, scope }).expect(status);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toMatchObject({ statusCode: status, code });
      }
    }
    expect(calls('chat.ask').length).toBe(before);
  });

  it('an invalid, expired or foreign token is 401 (not anonymous), and rag is never asked', async () => {
    const before = calls('chat.ask').length;
    const tokens = [
      sign({ exp: now() - 10 }),
      sign({}, 'another-secret-0123456789abcdef-0123456789'),
      sign({ aud: 'someone-else' }),
      sign({ typ: 'refresh' }),
      `${sign({}).slice(0, -3)}abc`,
    ];
    for (const token of tokens) {
      const res = await chat({ question: 'Hur många semesterdagar?' }, { Authorization: `Bearer ${token}` }).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    }
    await chat({ question: 'Hur många semesterdagar?' }, { Authorization: 'Basic dXNlcjpwYXNz' }).expect(401);
    await chat({ question: 'Hur många semesterdagar?' }, { Authorization: '' }).expect(401);
    expect(calls('chat.ask').length).toBe(before);
  });

  it('refuses a workspace or conversation without sign-in (401) and contradictory bodies (400)', async () => {
    const before = calls('chat.ask').length;
    for (const body of [{ workspaceId: WS }, { conversationId: CONV }]) {
      const res = await chat({ question: 'Hur många semesterdagar?', ...body }, {}).expect(401);
      expect(res.body.message).toMatch(/Logga in/);
    }
    for (const [body, message] of [
      [{ scope: 'list' }, /workspaceId/],
      [{ workspaceId: WS, sfs: ['1977:480'] }, /antingen sfs eller workspaceId/],
      [{ workspaceId: 'inte-ett-id' }, /UUID/],
      [{ workspaceId: WS, scope: 'mina' }, /scope/],
      [{ userId: USER }, /Okänt fält: userId/],
    ] as const) {
      const res = await chat({ question: 'Hur många semesterdagar?', ...body }).expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(message) });
    }
    expect(calls('chat.ask').length).toBe(before);
  });

  it('continues the user’s own conversation; another’s is 404 and one of another workspace 400, before rag is asked', async () => {
    const events = parseSse((await chat({ question: 'Och för deltid?', workspaceId: WS, conversationId: CONV }).expect(200)).text);
    expect(last('chat.ask')).toMatchObject({ userId: USER, workspaceId: WS, conversationId: CONV });
    expect(events[1]).toEqual({ event: 'conversation', data: { conversationId: CONV, title: 'Och för deltid?', created: false } });

    const before = calls('chat.ask').length;
    const foreign = await chat({ question: 'Och för deltid?', workspaceId: WS, conversationId: CONV_FOREIGN }).expect(404);
    expect(foreign.body).toMatchObject({ code: 'NOT_FOUND', message: 'Konversationen finns inte.' });
    const elsewhere = await chat({ question: 'Och för deltid?', workspaceId: WS, conversationId: CONV_OTHER_WS }).expect(400);
    expect(elsewhere.body.message).toMatch(/annan arbetsyta/);
    await chat({ question: 'Och för deltid?', conversationId: CONV }).expect(400);
    expect(calls('chat.ask').length).toBe(before);
  });

  it('lists, reads and deletes conversations with the user id from the token only', async () => {
    await http().get('/api/v1/conversations').expect(401);
    const list = await http().get(`/api/v1/conversations?workspaceId=${WS}&limit=5&cursor=abc`).set(auth).expect(200);
    expect(last('conversations.list')).toEqual({ userId: USER, workspaceId: WS, cursor: 'abc', limit: 5 });
    expect(list.body).toEqual({ items: [expect.objectContaining({ id: CONV, title: 'Hur många semesterdagar?' })], nextCursor: 'bmV4dA' });
    expect(list.headers['cache-control']).toBe('no-store');
    await http().get('/api/v1/conversations').set(auth).expect(200);
    expect(last('conversations.list')).toEqual({ userId: USER, limit: 20 });
    for (const query of [`userId=${USER}`, 'limit=0', 'limit=101', 'workspaceId=x']) {
      const res = await http().get(`/api/v1/conversations?${query}`).set(auth).expect(400);
      expect(res.body.code).toBe('INVALID_INPUT');
    }

    const one = await http().get(`/api/v1/conversations/${CONV}`).set(auth).expect(200);
    expect(one.body).toEqual(conversation(CONV, WS));
    expect(one.headers['cache-control']).toBe('no-store');
    expect((await http().get(`/api/v1/conversations/${CONV_FOREIGN}`).set(auth).expect(404)).body).toMatchObject({ code: 'NOT_FOUND' });
    await http().get('/api/v1/conversations/inte-ett-id').set(auth).expect(400);
    await http().get(`/api/v1/conversations/${CONV}`).expect(401);

    expect((await http().delete(`/api/v1/conversations/${CONV}`).set(auth).expect(200)).body).toEqual({ deleted: true });
    expect(last('conversations.delete')).toEqual({ userId: USER, conversationId: CONV });
    await http().delete(`/api/v1/conversations/${CONV_FOREIGN}`).set(auth).expect(404);
    await http().delete(`/api/v1/conversations/${CONV}`).expect(401);
  });
});
