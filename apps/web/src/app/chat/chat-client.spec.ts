/**
 * askChat against a loopback HTTP server that plays the gateway's part: real
 * fetch, real sockets, chunks split in awkward places.
 */
import type { ChatAnswer, Citation } from '@laglig/contracts';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AskChatOptions, type ChatAuth, askChat, chatRequestBody, parseRetryAfter, toAction } from './chat-client';
import { type ChatAction, type ChatState, INITIAL_CHAT_STATE, chatReducer } from './chat-state';

const CITATION: Citation = {
  n: 1,
  sfs: '1977:480',
  title: 'Semesterlag (1977:480)',
  anchor: 'P4',
  label: '4 §',
  excerpt: 'Arbetstagare har rätt till semesterledighet om tjugofem dagar.',
  url: '/lagar/1977:480#P4',
};

const ANSWER: ChatAnswer = {
  status: 'answered',
  answer: 'En arbetstagare har rätt till 25 semesterdagar [1].',
  citations: [CITATION],
  refusalReason: null,
  provider: 'extractive',
  cached: false,
};

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Writes `text` in pieces of `size` characters, each its own chunk on the wire. */
async function writeInPieces(res: ServerResponse, text: string, size: number): Promise<void> {
  for (let i = 0; i < text.length; i += size) {
    const ok = res.write(text.slice(i, i + size));
    if (!ok) await new Promise((r) => res.once('drain', r));
    // Let each piece leave as its own TCP write.
    await new Promise((r) => setImmediate(r));
  }
}

function streamHeaders(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
  res.flushHeaders();
}

async function ask(
  options: {
    question?: string;
    sfs?: string[];
    onAction?: (a: ChatAction, abort: () => void) => void;
    url?: string;
    extra?: Partial<Pick<AskChatOptions, 'workspaceId' | 'conversationId' | 'scope' | 'auth'>>;
  } = {},
) {
  const actions: ChatAction[] = [];
  const controller = new AbortController();
  let state: ChatState = chatReducer(INITIAL_CHAT_STATE, { type: 'start', question: options.question ?? 'Hur många semesterdagar?' });
  await askChat({
    baseUrl: options.url ?? baseUrl,
    question: options.question ?? 'Hur många semesterdagar?',
    ...(options.sfs ? { sfs: options.sfs } : {}),
    ...options.extra,
    signal: controller.signal,
    dispatch: (action) => {
      actions.push(action);
      state = chatReducer(state, action);
      options.onAction?.(action, () => controller.abort());
    },
  });
  return { actions, state };
}

describe('askChat', () => {
  it('posts the question as JSON asking for an event stream, and streams tokens, citations and done', async () => {
    let seen: { method?: string; url?: string; accept?: string; type?: string; authorization?: string; body?: unknown } = {};
    handler = (req, res, body) => {
      seen = {
        method: req.method,
        url: req.url,
        accept: req.headers.accept,
        type: req.headers['content-type'],
        authorization: req.headers.authorization,
        body: JSON.parse(body),
      };
      streamHeaders(res);
      const text =
        ': ping\n\n' +
        sse('token', { text: 'En arbetstagare har rätt till ' }) +
        sse('token', { text: '25 semesterdagar [1].' }) +
        ': ping\r\n\r\n' +
        sse('citations', { citations: [CITATION] }) +
        sse('done', ANSWER);
      void writeInPieces(res, text, 7).then(() => res.end());
    };
    const { actions, state } = await ask({ sfs: ['1977:480'] });
    expect(seen).toEqual({
      method: 'POST',
      url: '/api/v1/chat',
      accept: 'text/event-stream',
      type: 'application/json',
      // Anonymous: never a token.
      authorization: undefined,
      body: { question: 'Hur många semesterdagar?', sfs: ['1977:480'] },
    });
    expect(actions).toEqual([
      { type: 'token', text: 'En arbetstagare har rätt till ' },
      { type: 'token', text: '25 semesterdagar [1].' },
      { type: 'citations', citations: [CITATION] },
      { type: 'done', answer: ANSWER },
      { type: 'ended' },
    ]);
    expect(state).toEqual({ phase: 'done', question: 'Hur många semesterdagar?', answer: ANSWER });
  });

  it('ends with the refusal when done replaces the streamed draft', async () => {
    const refusal: ChatAnswer = { ...ANSWER, status: 'refused', answer: 'Jag har inte tillräcklig information för att svara på det.', citations: [], refusalReason: 'invalid_citation' };
    handler = (_req, res) => {
      streamHeaders(res);
      res.end(sse('token', { text: 'Ett utkast [7].' }) + sse('citations', { citations: [] }) + sse('done', refusal));
    };
    const { state } = await ask();
    expect(state).toEqual({ phase: 'done', question: 'Hur många semesterdagar?', answer: refusal });
  });

  it('reports a stream that closes without done as cut', async () => {
    handler = (_req, res) => {
      streamHeaders(res);
      res.end(sse('token', { text: 'Halva ' }) + sse('citations', { citations: [CITATION] }) + 'event: done\ndata: {"status":"answ');
    };
    const { actions, state } = await ask();
    expect(actions.map((a) => a.type)).toEqual(['token', 'citations', 'ended']);
    expect(state).toMatchObject({ phase: 'failed', failure: { kind: 'cut', message: 'Svaret avbröts. Försök igen.' } });
  });

  it('reports a connection that breaks mid-stream as cut', async () => {
    handler = (_req, res) => {
      streamHeaders(res);
      res.write(sse('token', { text: 'Halva ' }), () => setImmediate(() => res.socket?.destroy()));
    };
    const { state } = await ask();
    expect(state).toMatchObject({ phase: 'failed', failure: { kind: 'cut' } });
  });

  it('shows the message of an error event', async () => {
    handler = (_req, res) => {
      streamHeaders(res);
      res.end(sse('token', { text: 'x' }) + sse('error', { code: 'TIMEOUT', message: 'Svaret tog för lång tid. Försök igen.' }));
    };
    const { state } = await ask();
    expect(state).toMatchObject({ phase: 'failed', failure: { kind: 'unavailable', message: 'Svaret tog för lång tid. Försök igen.' } });
  });

  it('reads a 429 with its Swedish message and Retry-After', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '42' });
      res.end(JSON.stringify({ statusCode: 429, code: 'RATE_LIMITED', message: 'För många förfrågningar. Vänta en stund och försök igen.', correlationId: 'c1' }));
    };
    const { actions, state } = await ask();
    expect(actions).toEqual([{ type: 'http-error', status: 429, message: 'För många förfrågningar. Vänta en stund och försök igen.', retryAfterSeconds: 42 }]);
    expect(state).toMatchObject({ phase: 'failed', failure: { kind: 'rate-limited', message: expect.stringContaining('om 42 sekunder') } });
  });

  it('reads a 400 and a 503 whose bodies are not JSON', async () => {
    handler = (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 400, code: 'INVALID_INPUT', message: 'Frågan måste ha minst 3 tecken.' }));
    };
    expect((await ask()).state).toMatchObject({ failure: { kind: 'invalid', message: 'Frågan måste ha minst 3 tecken.' } });
    handler = (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    };
    expect((await ask()).actions).toEqual([{ type: 'http-error', status: 503 }]);
  });

  it('never takes a 200 that is not an event stream for an answer', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ANSWER));
    };
    expect((await ask()).actions).toEqual([{ type: 'http-error', status: 502 }]);
  });

  it('reports a network error when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { actions, state } = await ask({ url });
    expect(actions).toEqual([{ type: 'network-error' }]);
    expect(state).toMatchObject({ phase: 'failed', failure: { kind: 'network' } });
  });

  it('stops on abort, closes the connection and reports aborted', async () => {
    let closed!: Promise<void>;
    handler = (req, res) => {
      closed = new Promise((resolve) => res.on('close', () => resolve()));
      streamHeaders(res);
      res.write(sse('token', { text: 'Första delen ' }));
      // The answer never finishes: only the abort ends this request.
    };
    const { actions, state } = await ask({ onAction: (action, abort) => action.type === 'token' && abort() });
    expect(actions).toEqual([{ type: 'token', text: 'Första delen ' }, { type: 'aborted' }]);
    expect(state).toEqual({ phase: 'aborted', question: 'Hur många semesterdagar?' });
    await closed;
  });
});

describe('askChat signed in', () => {
  const WS = '11111111-1111-4111-8111-111111111111';
  const CONV = '22222222-2222-4222-8222-222222222222';
  const SCOPE = { scope: 'list', workspaceId: WS, laws: 12, notice: null };

  /** A session double: hands out `first`, and `fresh` after a 401 (or null: the refresh was refused). */
  function auth(first: string | null, fresh: string | null): ChatAuth & { used: Array<string | null> } {
    const used: Array<string | null> = [];
    return {
      used,
      token: async () => first,
      unauthorized: async (token) => {
        used.push(token);
        return fresh;
      },
    };
  }

  it('sends the bearer token and the workspace, scope and conversation, and reads scope and conversation events', async () => {
    const seen: Array<{ authorization?: string; body: unknown }> = [];
    handler = (req, res, body) => {
      seen.push({ authorization: req.headers.authorization, body: JSON.parse(body) });
      streamHeaders(res);
      res.end(
        sse('scope', SCOPE) +
          sse('conversation', { conversationId: CONV, title: 'Hur många semesterdagar?', created: false }) +
          sse('token', { text: 'Svar [1].' }) +
          sse('citations', { citations: [CITATION] }) +
          sse('done', { ...ANSWER, conversationId: CONV }),
      );
    };
    const session = auth('token-1', 'token-2');
    const { actions, state } = await ask({ extra: { workspaceId: WS, conversationId: CONV, scope: 'all', auth: session } });
    expect(seen).toEqual([
      { authorization: 'Bearer token-1', body: { question: 'Hur många semesterdagar?', workspaceId: WS, scope: 'all', conversationId: CONV } },
    ]);
    expect(session.used).toEqual([]);
    expect(actions.slice(0, 2)).toEqual([
      { type: 'scope', scope: SCOPE },
      { type: 'conversation', conversationId: CONV, title: 'Hur många semesterdagar?', created: false },
    ]);
    expect(state).toMatchObject({ phase: 'done', answer: { conversationId: CONV } });
  });

  it('retries once with a refreshed token after a 401', async () => {
    const tokens: Array<string | undefined> = [];
    handler = (req, res) => {
      tokens.push(req.headers.authorization);
      if (req.headers.authorization !== 'Bearer fresh') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Token har gått ut.' }));
        return;
      }
      streamHeaders(res);
      res.end(sse('done', ANSWER));
    };
    const session = auth('stale', 'fresh');
    const { state } = await ask({ extra: { workspaceId: WS, auth: session } });
    expect(tokens).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(session.used).toEqual(['stale']);
    expect(state).toMatchObject({ phase: 'done' });
  });

  it('gives up after one retry, and when no token can be had reports 401 with the message', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Du är inte inloggad.' }));
    };
    const stillRefused = await ask({ extra: { workspaceId: WS, auth: auth('a', 'b') } });
    expect(calls).toBe(2);
    expect(stillRefused.state).toMatchObject({ phase: 'failed', failure: { kind: 'unauthenticated' } });

    calls = 0;
    const signedOut = await ask({ extra: { workspaceId: WS, auth: auth('a', null) } });
    expect(calls).toBe(1);
    expect(signedOut.actions).toEqual([{ type: 'http-error', status: 401, message: 'Du är inte inloggad.' }]);
    expect(signedOut.state).toMatchObject({ phase: 'failed', failure: { kind: 'unauthenticated', message: 'Du är inte inloggad.' } });
  });

  it('maps 403 and 404 of the workspace to their own failures', async () => {
    handler = (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 403, code: 'FORBIDDEN', message: 'Du är inte medlem i arbetsytan.' }));
    };
    expect((await ask({ extra: { workspaceId: WS, auth: auth('t', null) } })).state).toMatchObject({
      failure: { kind: 'forbidden', message: 'Du är inte medlem i arbetsytan.' },
    });
    handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{}');
    };
    expect((await ask({ extra: { workspaceId: WS, auth: auth('t', null) } })).state).toMatchObject({
      failure: { kind: 'not-found', message: 'Arbetsytan eller konversationen finns inte längre.' },
    });
  });
});

describe('chatRequestBody', () => {
  it('is only the question for an anonymous question, with sfs when given', () => {
    expect(chatRequestBody({ question: 'Fråga?' })).toEqual({ question: 'Fråga?' });
    expect(chatRequestBody({ question: 'Fråga?', sfs: ['1977:480'] })).toEqual({ question: 'Fråga?', sfs: ['1977:480'] });
    expect(chatRequestBody({ question: 'Fråga?', sfs: [] })).toEqual({ question: 'Fråga?' });
  });

  it('sends scope only with a workspace, and never sfs together with one', () => {
    expect(chatRequestBody({ question: 'Fråga?', scope: 'all' })).toEqual({ question: 'Fråga?' });
    expect(chatRequestBody({ question: 'Fråga?', workspaceId: 'w', scope: 'list', sfs: ['1977:480'] })).toEqual({
      question: 'Fråga?',
      workspaceId: 'w',
      scope: 'list',
    });
    expect(chatRequestBody({ question: 'Fråga?', workspaceId: 'w', conversationId: 'c' })).toEqual({ question: 'Fråga?', workspaceId: 'w', conversationId: 'c' });
  });
});

describe('toAction', () => {
  it('reads the scope and conversation events of a signed-in question', () => {
    expect(toAction({ event: 'scope', data: '{"scope":"all","workspaceId":"w","laws":0,"notice":"Inga lagar ännu."}' })).toEqual({
      type: 'scope',
      scope: { scope: 'all', workspaceId: 'w', laws: 0, notice: 'Inga lagar ännu.' },
    });
    expect(toAction({ event: 'scope', data: '{"scope":"some","workspaceId":"w"}' })).toBeNull();
    expect(toAction({ event: 'conversation', data: '{"conversationId":"c","title":"T","created":true}' })).toEqual({
      type: 'conversation',
      conversationId: 'c',
      title: 'T',
      created: true,
    });
    expect(toAction({ event: 'conversation', data: '{"title":"T"}' })).toBeNull();
  });

  it('ignores unknown events and malformed data', () => {
    expect(toAction({ event: 'ping', data: '{}' })).toBeNull();
    expect(toAction({ event: 'token', data: 'not json' })).toBeNull();
    expect(toAction({ event: 'token', data: '{"text":1}' })).toBeNull();
    expect(toAction({ event: 'citations', data: '{"citations":[{"n":1}]}' })).toBeNull();
    expect(toAction({ event: 'done', data: '{"status":"maybe","answer":"x","citations":[]}' })).toBeNull();
    expect(toAction({ event: 'error', data: '{}' })).toEqual({ type: 'stream-error', code: 'INTERNAL', message: '' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:01:30 GMT', () => now)).toBe(90);
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', () => now)).toBe(0);
  });
});
