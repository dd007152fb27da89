import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the server does with one chat request. Scripted behaviours are used
 * once each, in order; when the script is empty `fallback` answers.
 */
export type ChatServerBehaviour =
  /** Answer with `reply` (a non-streaming chat completion). */
  | { kind: 'ok' }
  /** An error status with an OpenAI-shaped error body (`retryAfter` sends `Retry-After`). */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Read the request and never answer (a server that hangs: the client's timeout must end it). */
  | { kind: 'hang' };

export interface RecordedChatRequest {
  /** "/v1/chat/completions" */
  path: string;
  authorization: string;
  body: {
    model?: string;
    stream?: boolean;
    max_tokens?: number;
    max_completion_tokens?: number;
    temperature?: number;
    messages?: Array<{ role: string; content: unknown }>;
  } & Record<string, unknown>;
  behaviour: ChatServerBehaviour['kind'];
}

/**
 * A loopback server speaking OpenAI's non-streaming `POST /v1/chat/completions`
 * — enough for services that ask an OpenAI-compatible chat model for one
 * short answer (`ChatOpenAI.invoke` from `@langchain/openai` runs unchanged
 * against it: point `baseURL` at `url`). Requests are recorded with their
 * body and `Authorization` header; failures are scripted per request or set
 * as the fallback for every request. Any other path answers 404.
 */
export class OpenAIChatServer {
  readonly requests: RecordedChatRequest[] = [];
  /** The assistant's answer. */
  reply = 'Svar från testservern.';
  /** finish_reason of the answer ("length" = cut at max_tokens). */
  finishReason = 'stop';
  /** Model name reported in the answer; default: the requested one. */
  answerModel: string | undefined;
  /** What answers when the script is empty. */
  fallback: ChatServerBehaviour = { kind: 'ok' };
  /** `http://127.0.0.1:<port>/v1` once started (the `baseURL` for OpenAI clients). */
  url = '';
  private queue: ChatServerBehaviour[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  constructor() {
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Chat completion requests received so far. */
  get chatRequests(): RecordedChatRequest[] {
    return this.requests.filter((r) => r.path === '/v1/chat/completions');
  }

  /** Appends behaviours for the next requests, in order. */
  script(...behaviours: ChatServerBehaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  /** Forgets recorded requests and any unused script; restores the defaults (reply text excepted). */
  reset(): void {
    this.requests.length = 0;
    this.queue = [];
    this.finishReason = 'stop';
    this.answerModel = undefined;
    this.fallback = { kind: 'ok' };
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
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
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      let body: RecordedChatRequest['body'];
      try {
        body = JSON.parse(raw) as RecordedChatRequest['body'];
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'invalid JSON' } }));
        return;
      }
      const behaviour = this.queue.shift() ?? this.fallback;
      this.requests.push({ path, authorization: req.headers.authorization ?? '', body, behaviour: behaviour.kind });
      this.respond(body, behaviour, res);
    });
  }

  private respond(body: RecordedChatRequest['body'], behaviour: ChatServerBehaviour, res: http.ServerResponse): void {
    switch (behaviour.kind) {
      case 'hang':
        return;
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
        const type = behaviour.status === 429 ? 'requests' : behaviour.status >= 500 ? 'server_error' : 'invalid_request_error';
        res.writeHead(behaviour.status, headers).end(JSON.stringify({ error: { message: `test status ${behaviour.status}`, type, code: null, param: null } }));
        return;
      }
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `chatcmpl-test-${this.requests.length}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: this.answerModel ?? body.model ?? 'test-model',
            choices: [{ index: 0, message: { role: 'assistant', content: this.reply }, finish_reason: this.finishReason, logprobs: null }],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          }),
        );
    }
  }
}
