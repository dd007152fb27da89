import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the fake server does with one request. Scripted behaviours are used
 * once each, in order; when the script is empty requests are answered normally.
 */
export type FakeBehaviour =
  /** Answer normally (embeddings, chat completion, or an SSE stream with `[DONE]`). */
  | { kind: 'ok' }
  /** An error status with an OpenAI-shaped error body (429 with `retryAfter` sends `Retry-After`). */
  | { kind: 'status'; status: number; retryAfter?: string; code?: string; message?: string }
  /** Read the request and never answer (no status line, no headers). */
  | { kind: 'hang' }
  /** Stream `afterChunks` chunks, then stop sending but keep the connection open. */
  | { kind: 'stall'; afterChunks: number }
  /**
   * Stream `afterChunks` chunks, then cut: `end` finishes the HTTP response cleanly
   * without a `finish_reason` and without `data: [DONE]`; `destroy` destroys the socket.
   */
  | { kind: 'cut'; afterChunks: number; mode: 'end' | 'destroy' };

export interface RecordedRequest {
  method: string;
  /** "/v1/chat/completions" */
  path: string;
  authorization: string;
  body: Record<string, unknown>;
  /** Which behaviour answered it. */
  behaviour: FakeBehaviour['kind'];
  /** Resolves when the connection for this request closes (client abort, cut or normal end). */
  closed: Promise<void>;
  /** True once the client went away before the server finished the response. */
  abortedByClient: boolean;
}

const DEFAULT_PIECES = ['Enligt ', '4 § ', 'semesterlagen ', 'har ', 'arbetstagaren ', 'rätt ', 'till ', '25 ', 'semesterdagar [1].'];

interface ChatRequestBody {
  model?: string;
  stream?: boolean;
  messages?: Array<{ role: string; content: unknown }>;
  stream_options?: { include_usage?: boolean };
}

interface EmbeddingRequestBody {
  input: string[] | string;
  model: string;
  dimensions?: number;
}

/**
 * A loopback server speaking the parts of OpenAI's HTTP API the rag service
 * uses: `POST /v1/embeddings` and `POST /v1/chat/completions`, non-streaming
 * and SSE streaming (`data: {chunk}` lines, a last chunk with
 * `finish_reason: "stop"`, then `data: [DONE]`). Requests are recorded with
 * their body and `Authorization` header; failures are scripted per request
 * (`script(...)`), so tests run the real `openai`/LangChain client code.
 *
 * Embedding vectors are one-hot at `text.length % dimensions` (default 8), so
 * tests can tell which vector belongs to which text.
 */
export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  /** The chat answer; streamed as one chunk per `chatPieces` element. */
  chatPieces: string[] = [...DEFAULT_PIECES];
  /** The finish reason of streamed and non-streamed answers ("length" = cut at max_tokens). */
  finishReason = 'stop';
  private queue: FakeBehaviour[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  url = '';

  constructor() {
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get chatText(): string {
    return this.chatPieces.join('');
  }

  /** Requests to one path (`'/v1/chat/completions'`). */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Appends behaviours for the next requests, in order. */
  script(...behaviours: FakeBehaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  /** The next `n` requests get `status` (429 sends `Retry-After: retryAfter` when given). */
  failNext(n: number, status: number, options: { retryAfter?: string; code?: string } = {}): this {
    for (let i = 0; i < n; i++) this.queue.push({ kind: 'status', status, ...options });
    return this;
  }

  /** Forgets recorded requests and any unused script; restores the default answer. */
  reset(): void {
    this.requests.length = 0;
    this.queue = [];
    this.chatPieces = [...DEFAULT_PIECES];
    this.finishReason = 'stop';
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Closes the server and every open connection (hanging requests included). */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || (path !== '/v1/embeddings' && path !== '/v1/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'invalid JSON' } }));
        return;
      }
      const behaviour = this.queue.shift() ?? { kind: 'ok' };
      let markClosed: () => void = () => undefined;
      const record: RecordedRequest = {
        method: req.method,
        path,
        authorization: req.headers.authorization ?? '',
        body,
        behaviour: behaviour.kind,
        closed: new Promise<void>((resolve) => (markClosed = resolve)),
        abortedByClient: false,
      };
      res.on('close', () => {
        if (!res.writableFinished) record.abortedByClient = true;
        markClosed();
      });
      this.requests.push(record);
      this.respond(path, body, behaviour, res);
    });
  }

  private respond(path: string, body: Record<string, unknown>, behaviour: FakeBehaviour, res: http.ServerResponse): void {
    switch (behaviour.kind) {
      case 'hang':
        return;
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
        const type = behaviour.status === 429 ? 'requests' : behaviour.status >= 500 ? 'server_error' : 'invalid_request_error';
        const code = behaviour.code ?? (behaviour.status === 429 ? 'rate_limit_exceeded' : behaviour.status === 401 ? 'invalid_api_key' : null);
        const message = behaviour.message ?? `fake status ${behaviour.status}`;
        res.writeHead(behaviour.status, headers).end(JSON.stringify({ error: { message, type, code, param: null } }));
        return;
      }
      default:
        if (path === '/v1/embeddings') this.embeddings(body as unknown as EmbeddingRequestBody, res);
        else if ((body as ChatRequestBody).stream === true) this.chatStream(body as ChatRequestBody, behaviour, res);
        else this.chatCompletion(body as ChatRequestBody, res);
    }
  }

  private embeddings(body: EmbeddingRequestBody, res: http.ServerResponse): void {
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const dim = body.dimensions ?? 8;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        object: 'list',
        model: body.model,
        data: inputs.map((text, index) => ({
          object: 'embedding',
          index,
          embedding: Array.from({ length: dim }, (_, i) => (i === text.length % dim ? 1 : 0)),
        })),
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      }),
    );
  }

  private chatCompletion(body: ChatRequestBody, res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model ?? 'fake',
        choices: [{ index: 0, message: { role: 'assistant', content: this.chatText }, finish_reason: this.finishReason, logprobs: null }],
        usage: { prompt_tokens: 10, completion_tokens: this.chatPieces.length, total_tokens: 10 + this.chatPieces.length },
      }),
    );
  }

  private chatStream(body: ChatRequestBody, behaviour: FakeBehaviour, res: http.ServerResponse): void {
    const model = body.model ?? 'fake';
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
        ...extra,
      })}\n\n`;
    // What a real server sends: a role chunk, one chunk per piece, a finish chunk,
    // a usage chunk when asked for, then [DONE].
    const events = [chunk({ role: 'assistant', content: '' }, null), ...this.chatPieces.map((p) => chunk({ content: p }, null))];
    const tail = [chunk({}, this.finishReason)];
    if (body.stream_options?.include_usage) {
      tail.push(
        `data: ${JSON.stringify({
          id: 'chatcmpl-fake',
          object: 'chat.completion.chunk',
          created,
          model,
          choices: [],
          usage: { prompt_tokens: 10, completion_tokens: this.chatPieces.length, total_tokens: 10 + this.chatPieces.length },
        })}\n\n`,
      );
    }
    tail.push('data: [DONE]\n\n');

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    if (behaviour.kind === 'stall' || behaviour.kind === 'cut') {
      // `afterChunks` counts content chunks: the role chunk is always sent first.
      const sent = events.slice(0, 1 + behaviour.afterChunks).join('');
      if (behaviour.kind === 'stall') {
        res.write(sent);
      } else if (behaviour.mode === 'end') {
        res.end(sent);
      } else {
        // Destroy once the chunks reached the kernel, so the client gets them and then a dead socket.
        res.write(sent, () => res.socket?.destroy());
      }
      return;
    }
    for (const e of events) res.write(e);
    for (const e of tail) res.write(e);
    res.end();
  }
}
