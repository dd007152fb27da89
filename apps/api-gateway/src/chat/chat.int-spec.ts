import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import request from 'supertest';
import { ErrorCode, refuse, succeed, type ChatAnswer, type ChatAskInput } from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { ReplyStreamWriter, redisOptionsFromUrl, replyStreamKey, RpcServer, type MessagingConnection, type RpcHandlerFn } from '@laglig/messaging';
import { testRedisPrefix, type TestRedisPrefix } from '@laglig/testing';
import { AppModule } from '../app/app.module';
import { configureGateway } from '../app/configure';

const ANSWER: ChatAnswer = {
  status: 'answered',
  answer: 'Semesterlag (1977:480), 4 §: ”En arbetstagare har rätt till tjugofem semesterdagar varje semesterår.” [1]',
  citations: [
    {
      n: 1,
      sfs: '1977:480',
      title: 'Semesterlag (1977:480)',
      anchor: 'P4',
      label: '4 §',
      excerpt: 'En arbetstagare har rätt till tjugofem semesterdagar varje semesterår.',
      url: '/lagar/1977:480#P4',
    },
  ],
  refusalReason: null,
  provider: 'extractive',
  cached: false,
};

interface SseEvent {
  event: string;
  data: unknown;
}

function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.includes('event: '))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) as unknown };
    });
}

/**
 * POST /api/v1/chat over real HTTP, Redis and BullMQ. The rag side is a real
 * RpcServer whose chat.ask handler writes to the real reply stream, scripted per
 * question, so every path of the relay (stream, fallback, failure, cut, timeout,
 * client gone) is checked. rag's own answers are tested in apps/rag.
 */
describe('POST /api/v1/chat', () => {
  let app: INestApplication;
  let redis: TestRedisPrefix;
  let connection: MessagingConnection;
  let writerRedis: Redis;
  let rag: RpcServer;
  const cancelled: string[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = testRedisPrefix('gateway-chat');
    connection = { redis: redisOptionsFromUrl(redis.url), prefix: redis.prefix };
    Object.assign(process.env, { JWT_SECRET: 'gateway-test-signing-key-0123456789abcdef',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      THROTTLE_LIMIT: '1000',
      CHAT_THROTTLE_LIMIT: '1000',
      CHAT_REQUEST_TIMEOUT_MS: '1500',
      CHAT_KEEPALIVE_MS: '100',
      LOG_LEVEL: 'silent',
    });
    writerRedis = new Redis(connection.redis);
    const ask = (async (input: ChatAskInput) => {
      const writer = input.streamId ? new ReplyStreamWriter(writerRedis, replyStreamKey(connection.prefix, input.streamId)) : null;
      const write = async (event: string, data: unknown) => writer?.write(event, data);
      switch (input.question) {
        case 'Svara utan ström':
          await write('token', { text: 'En arbetstagare ' });
          return succeed(ANSWER);
        case 'Misslyckas':
          await write('token', { text: 'En arbe' });
          return refuse(ErrorCode.UNAVAILABLE, 'Svarstjänsten är inte tillgänglig just nu.');
        case 'Kraschar':
          await write('token', { text: 'En arbe' });
          throw new Error('database password=hunter2 leaked');
        case 'Tar för lång tid':
          await write('token', { text: 'En' });
          await new Promise((r) => setTimeout(r, 3000));
          return succeed(ANSWER);
        case 'Lyssnar ingen':
          for (let i = 0; i < 40; i++) {
            await write('token', { text: `${i} ` });
            if (writer && (await writer.cancelled())) {
              cancelled.push(input.streamId as string);
              return succeed(ANSWER);
            }
            await new Promise((r) => setTimeout(r, 50));
          }
          return succeed(ANSWER);
        default:
          for (const text of ['Semesterlag (1977:480), 4 §: ', '”En arbetstagare har rätt till tjugofem semesterdagar varje semesterår.” [1]']) {
            await write('token', { text });
          }
          await write('citations', { citations: ANSWER.citations });
          await write('done', { ...ANSWER, answer: input.question === 'Fråga med filter' ? `${ANSWER.answer} ${input.sfs?.join(',')}` : ANSWER.answer });
          return succeed(ANSWER);
      }
    }) as RpcHandlerFn;
    rag = new RpcServer('rag', new Map([['chat.ask', ask]]), connection, createLogger('t', 'silent'));
    await rag.start();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureGateway(app);
    await app.init();
  });

  afterAll(async () => {
    // The aborted fetch leaves a keep-alive connection; close it so the server can stop.
    (app?.getHttpServer() as { closeAllConnections?: () => void } | undefined)?.closeAllConnections?.();
    await app?.close();
    await rag?.close();
    writerRedis?.disconnect();
    await redis.cleanup();
    process.env = saved;
  });

  const sse = (question: string, extra: Record<string, unknown> = {}) =>
    request(app.getHttpServer()).post('/api/v1/chat').set('Accept', 'text/event-stream').send({ question, ...extra });

  it('streams tokens, citations and done as Server-Sent Events', async () => {
    const res = await sse('Hur många semesterdagar har en arbetstagare rätt till?').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['cache-control']).toContain('no-cache');
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual(['token', 'token', 'citations', 'done']);
    expect(events.at(-1)?.data).toEqual(ANSWER);
    expect(events.filter((e) => e.event === 'token').map((e) => (e.data as { text: string }).text).join('')).toBe(ANSWER.answer);
  });

  it('passes the law filter through to rag', async () => {
    const events = parseSse((await sse('Fråga med filter', { sfs: ['1977:480', '1982:80'] }).expect(200)).text);
    expect((events.at(-1)?.data as ChatAnswer).answer).toContain('1977:480,1982:80');
  });

  it('always streams: a client without Accept gets the stream, one that only accepts JSON gets 406', async () => {
    const res = await request(app.getHttpServer()).post('/api/v1/chat').send({ question: 'Hur många semesterdagar?' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(parseSse(res.text).at(-1)).toEqual({ event: 'done', data: ANSWER });
    const json = await request(app.getHttpServer()).post('/api/v1/chat').set('Accept', 'application/json').send({ question: 'Hur många semesterdagar?' }).expect(406);
    expect(json.body).toMatchObject({ statusCode: 406, code: 'NOT_ACCEPTABLE', message: expect.stringContaining('text/event-stream') });
  });

  it('sends the whole answer from the job result when the stream lacks done', async () => {
    const events = parseSse((await sse('Svara utan ström').expect(200)).text);
    expect(events.map((e) => e.event)).toEqual(['token', 'citations', 'done']);
    expect(events.at(-1)?.data).toEqual(ANSWER);
  });

  it('ends with an error event, never done, when the answer fails, crashes or times out', async () => {
    for (const [question, code] of [
      ['Misslyckas', ErrorCode.UNAVAILABLE],
      ['Kraschar', ErrorCode.INTERNAL],
      ['Tar för lång tid', ErrorCode.TIMEOUT],
    ] as const) {
      const res = await sse(question).expect(200);
      const events = parseSse(res.text);
      expect(events.at(-1)).toMatchObject({ event: 'error', data: { code } });
      expect(events.some((e) => e.event === 'done')).toBe(false);
      expect(res.text).not.toContain('hunter2');
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('sends keep-alive comments while an answer is slow', async () => {
    const res = await sse('Tar för lång tid').expect(200);
    expect(res.text).toContain(': ping');
  });

  it('tells rag to stop when the client goes away', async () => {
    const server = app.getHttpServer();
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const aborter = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question: 'Lyssnar ingen' }),
      signal: aborter.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    aborter.abort();
    const deadline = Date.now() + 5000;
    while (cancelled.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(cancelled).toHaveLength(1);
  });

  it('rejects invalid questions with 400 and a Swedish message before any work', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /fråga/i],
      [{ question: 'a' }, /för kort/],
      [{ question: 'x'.repeat(1001) }, /högst 1000 tecken/],
      [{ question: 'Hur många semesterdagar?', sfs: ['inte-ett-nummer'] }, /SFS/],
      [{ question: 'Hur många semesterdagar?', admin: true }, /Okänt fält: admin/],
    ];
    for (const [body, message] of cases) {
      const res = await request(app.getHttpServer()).post('/api/v1/chat').set('Accept', 'text/event-stream').send(body as object).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT', message: expect.stringMatching(message) });
    }
    const malformed = await request(app.getHttpServer()).post('/api/v1/chat').set('Content-Type', 'application/json').send('{"question":').expect(400);
    expect(malformed.body.stack).toBeUndefined();
  });
});
