import { ConfigError, loadConfig } from '@laglig/config';
import { FakeOpenAI } from '../testing/fake-openai';
import { ChatModelError, type ChatMessage } from './chat-model';
import { ChatConfigSchema, createChatModel } from './chat-model.factory';
import { OpenAIChatModel, type OpenAIChatModelOptions } from './openai-chat-model';

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'Svara endast utifrån utdragen. Ange källa som [n].' },
  { role: 'user', content: 'Fråga: Hur många semesterdagar?\n\n[1] Semesterlagen (1977:480) 4 §: Arbetstagare har rätt till 25 semesterdagar.' },
];

interface Outcome {
  pieces: string[];
  error: unknown;
}

/** Drains the stream; keeps what arrived before an error. */
async function collect(stream: AsyncIterable<string>, onPiece?: (piece: string, index: number) => void): Promise<Outcome> {
  const pieces: string[] = [];
  try {
    for await (const piece of stream) {
      pieces.push(piece);
      onPiece?.(piece, pieces.length - 1);
    }
    return { pieces, error: undefined };
  } catch (error) {
    return { pieces, error };
  }
}

function codeOf(error: unknown): string {
  expect(error).toBeInstanceOf(ChatModelError);
  return (error as ChatModelError).code;
}

describe('OpenAIChatModel (real @langchain/openai against a loopback server)', () => {
  const server = new FakeOpenAI();
  const models: OpenAIChatModel[] = [];

  const model = (options: Partial<OpenAIChatModelOptions> = {}) => {
    const m = new OpenAIChatModel({
      apiKey: 'sk-test',
      model: 'gpt-4o-mini',
      baseURL: server.url,
      maxTokens: 800,
      timeoutMs: 5_000,
      maxRetries: 3,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 50,
      breaker: { threshold: 5, resetMs: 60_000 },
      ...options,
    });
    models.push(m);
    return m;
  };

  beforeAll(async () => {
    await server.start();
    // Warm up (module loading, undici's first connection) so the short timeouts below measure the server only.
    await collect(model().stream(MESSAGES));
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());
  afterEach(() => models.splice(0).forEach((m) => m.close()));

  it('streams the pieces in order, joining to the full answer, and sends model, messages, temperature, stream and key', async () => {
    const m = model();
    const { pieces, error } = await collect(m.stream(MESSAGES));
    expect(error).toBeUndefined();
    expect(pieces).toEqual(server.chatPieces);
    expect(pieces.join('')).toBe('Enligt 4 § semesterlagen har arbetstagaren rätt till 25 semesterdagar [1].');
    expect(m.id).toBe('openai:gpt-4o-mini');

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.authorization).toBe('Bearer sk-test');
    expect(request.body).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0,
      stream: true,
      max_tokens: 800,
      messages: [
        { role: 'system', content: MESSAGES[0].content },
        { role: 'user', content: MESSAGES[1].content },
      ],
    });
  });

  it('retries 429s (with and without Retry-After) and a 500 before the first token: one answer, no duplicated text', async () => {
    server.failNext(1, 429, { retryAfter: '0' }).failNext(1, 429).failNext(1, 500);
    const { pieces, error } = await collect(model({ maxRetries: 3 }).stream(MESSAGES));
    expect(error).toBeUndefined();
    expect(pieces.join('')).toBe(server.chatText);
    expect(server.requests.map((r) => r.behaviour)).toEqual(['status', 'status', 'status', 'ok']);
  });

  it('gives up with UNAVAILABLE after maxRetries', async () => {
    server.failNext(3, 503);
    const { error } = await collect(model({ maxRetries: 2 }).stream(MESSAGES));
    expect(codeOf(error)).toBe('UNAVAILABLE');
    expect(server.requests).toHaveLength(3);
  });

  it('does not wait for a Retry-After longer than it allows', async () => {
    server.failNext(1, 429, { retryAfter: '120' });
    const { error } = await collect(model({ maxRetries: 3 }).stream(MESSAGES));
    expect(codeOf(error)).toBe('UNAVAILABLE');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 429 for an exhausted quota', async () => {
    server.failNext(1, 429, { code: 'insufficient_quota' });
    const { error } = await collect(model({ maxRetries: 3 }).stream(MESSAGES));
    expect(codeOf(error)).toBe('UNAVAILABLE');
    expect(server.requests).toHaveLength(1);
  });

  it('a server that never answers → TIMEOUT, and the request is aborted', async () => {
    server.script({ kind: 'hang' });
    const { pieces, error } = await collect(model({ timeoutMs: 300, maxRetries: 3 }).stream(MESSAGES));
    expect(codeOf(error)).toBe('TIMEOUT');
    expect(pieces).toEqual([]);
    expect(server.requests).toHaveLength(1); // a timeout is not retried
    await server.requests[0].closed;
    expect(server.requests[0].abortedByClient).toBe(true);
  });

  it('a stream that stalls (no next chunk) → TIMEOUT after the pieces that came', async () => {
    server.script({ kind: 'stall', afterChunks: 2 });
    const { pieces, error } = await collect(model({ timeoutMs: 300 }).stream(MESSAGES));
    expect(codeOf(error)).toBe('TIMEOUT');
    expect(pieces).toEqual(server.chatPieces.slice(0, 2));
    await server.requests[0].closed;
    expect(server.requests[0].abortedByClient).toBe(true);
  });

  it('a response that ends without finish_reason and [DONE] → INCOMPLETE, never a finished answer', async () => {
    server.script({ kind: 'cut', afterChunks: 3, mode: 'end' });
    const { pieces, error } = await collect(model().stream(MESSAGES));
    expect(codeOf(error)).toBe('INCOMPLETE');
    expect(pieces).toEqual(server.chatPieces.slice(0, 3));
    expect(server.requests).toHaveLength(1); // text was streamed: no retry
  });

  it('a socket destroyed mid-stream → INCOMPLETE', async () => {
    server.script({ kind: 'cut', afterChunks: 3, mode: 'destroy' });
    const { pieces, error } = await collect(model().stream(MESSAGES));
    expect(codeOf(error)).toBe('INCOMPLETE');
    expect(pieces).toEqual(server.chatPieces.slice(0, 3));
    expect(server.requests).toHaveLength(1);
  });

  it('an answer cut at the token limit (finish_reason "length") → INCOMPLETE', async () => {
    server.finishReason = 'length';
    const { pieces, error } = await collect(model().stream(MESSAGES));
    expect(codeOf(error)).toBe('INCOMPLETE');
    expect(pieces.join('')).toBe(server.chatText);
  });

  it('a 401 → REJECTED without retry, and it does not count against the breaker', async () => {
    server.failNext(3, 401);
    const m = model({ maxRetries: 3, breaker: { threshold: 2, resetMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect(codeOf((await collect(m.stream(MESSAGES))).error)).toBe('REJECTED');
    expect(server.requests).toHaveLength(3);
    expect(m.breaker.state).toBe('closed');
  });

  it('400 and 403 → REJECTED', async () => {
    server.failNext(1, 400).failNext(1, 403);
    const m = model();
    expect(codeOf((await collect(m.stream(MESSAGES))).error)).toBe('REJECTED');
    expect(codeOf((await collect(m.stream(MESSAGES))).error)).toBe('REJECTED');
    expect(server.requests).toHaveLength(2);
  });

  it('an unreachable server → UNAVAILABLE', async () => {
    const closed = new FakeOpenAI();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const { error } = await collect(model({ baseURL: url, maxRetries: 1 }).stream(MESSAGES));
    expect(codeOf(error)).toBe('UNAVAILABLE');
  });

  it('opens the breaker after the threshold, then fails fast without contacting the server; a half-open probe closes it', async () => {
    const m = model({ maxRetries: 0, breaker: { threshold: 2, resetMs: 200 } });
    server.failNext(2, 500);
    for (let i = 0; i < 2; i++) expect(codeOf((await collect(m.stream(MESSAGES))).error)).toBe('UNAVAILABLE');
    expect(server.requests).toHaveLength(2);
    expect(m.breaker.state).toBe('open');

    const fast = (await collect(m.stream(MESSAGES))).error;
    expect(codeOf(fast)).toBe('UNAVAILABLE');
    expect((fast as Error).message).toMatch(/breaker/);
    expect(server.requests).toHaveLength(2);

    await new Promise<void>((resolve) => {
      const off = m.breaker.onStateChange((state) => state === 'half-open' && (off(), resolve()));
    });
    const probe = await collect(m.stream(MESSAGES));
    expect(probe.error).toBeUndefined();
    expect(probe.pieces.join('')).toBe(server.chatText);
    expect(m.breaker.state).toBe('closed');
    expect(server.requests).toHaveLength(3);
  });

  it('a failed half-open probe opens the breaker again', async () => {
    const m = model({ maxRetries: 0, breaker: { threshold: 1, resetMs: 100 } });
    server.failNext(2, 502);
    expect(codeOf((await collect(m.stream(MESSAGES))).error)).toBe('UNAVAILABLE');
    await new Promise<void>((resolve) => {
      const off = m.breaker.onStateChange((state) => state === 'half-open' && (off(), resolve()));
    });
    expect(codeOf((await collect(m.stream(MESSAGES))).error)).toBe('UNAVAILABLE');
    expect(m.breaker.state).toBe('open');
    expect(server.requests).toHaveLength(2);
  });

  it('an aborted signal stops the request mid-stream and the stream rejects with the abort', async () => {
    server.script({ kind: 'stall', afterChunks: 2 });
    const controller = new AbortController();
    const { pieces, error } = await collect(model().stream(MESSAGES, { signal: controller.signal }), (_, i) => {
      if (i === 1) controller.abort();
    });
    expect(pieces).toEqual(server.chatPieces.slice(0, 2));
    expect(error).not.toBeInstanceOf(ChatModelError);
    expect((error as Error).name).toBe('AbortError');
    await server.requests[0].closed;
    expect(server.requests[0].abortedByClient).toBe(true);
  });

  it('an abort while waiting for the response stops the request', async () => {
    server.script({ kind: 'hang' });
    const controller = new AbortController();
    const run = collect(model().stream(MESSAGES, { signal: controller.signal }));
    await waitFor(() => server.requests.length === 1);
    controller.abort();
    const { error } = await run;
    expect((error as Error).name).toBe('AbortError');
    await server.requests[0].closed;
    expect(server.requests[0].abortedByClient).toBe(true);
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const { error } = await collect(model().stream(MESSAGES, { signal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });

  it('a consumer that stops early ends the request', async () => {
    server.script({ kind: 'stall', afterChunks: 2 });
    for await (const piece of model().stream(MESSAGES)) {
      expect(piece).toBe(server.chatPieces[0]);
      break;
    }
    await server.requests[0].closed;
    expect(server.requests[0].abortedByClient).toBe(true);
  });
});

describe('createChatModel', () => {
  it('is null for the default extractive provider', () => {
    expect(createChatModel(loadConfig(ChatConfigSchema, {}))).toBeNull();
  });

  it('builds openai:<model> with the documented defaults', () => {
    const config = loadConfig(ChatConfigSchema, { CHAT_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-x' });
    expect(config).toMatchObject({
      CHAT_MODEL: 'gpt-4o-mini',
      CHAT_TIMEOUT_MS: 30_000,
      CHAT_MAX_TOKENS: 800,
      CHAT_MAX_RETRIES: 3,
      CHAT_BREAKER_THRESHOLD: 5,
      CHAT_BREAKER_RESET_MS: 30_000,
    });
    const model = createChatModel({ ...config, CHAT_MODEL: 'llama3.1:8b', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' });
    expect(model).toBeInstanceOf(OpenAIChatModel);
    expect(model?.id).toBe('openai:llama3.1:8b');
    (model as OpenAIChatModel).close();
  });

  it('refuses openai without a key, naming the variable', () => {
    expect(() => loadConfig(ChatConfigSchema, { CHAT_PROVIDER: 'openai' })).toThrow(ConfigError);
    expect(() => loadConfig(ChatConfigSchema, { CHAT_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY/);
  });
});

/** Polls a condition on the event loop (no fixed sleeps). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
