/**
 * openEventStream against a loopback HTTP server playing the gateway's
 * `GET /workspaces/:ws/events`: real fetch, real sockets, dropped connections.
 */
import type { RealtimeEvent } from '@laglig/contracts';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type StreamStatus, backoffDelay, openEventStream, parseRealtimeEvent } from './event-stream';

const WS = '00000000-0000-4000-8000-000000000001';

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function realtime(type: RealtimeEvent['type'], data: unknown): RealtimeEvent {
  return { type, workspaceId: WS, actorId: null, at: '2025-03-01T10:00:00.000Z', data };
}

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let server: Server;
let url: string;
let handler: Handler;
let requests: IncomingMessage[];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/workspaces/${WS}/events`;
});

beforeEach(() => {
  requests = [];
});

afterEach(() => server.closeAllConnections());

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function stream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  res.flushHeaders();
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('openEventStream', () => {
  it('sends the bearer token, delivers events after ready and reconnects (with a reload) when the connection drops', async () => {
    handler = (_req, res, n) => {
      stream(res);
      res.write(': keep-alive\n\n');
      res.write(frame('ready', { workspaceId: WS }));
      if (n === 1) {
        // Split in the middle of a frame, then the connection is cut.
        const text = frame('card.moved', realtime('card.moved', { id: 'c1' }));
        res.write(text.slice(0, 20));
        setTimeout(() => {
          res.write(text.slice(20));
          setTimeout(() => res.destroy(), 20);
        }, 20);
      } else {
        res.write(frame('comment.added', realtime('comment.added', { id: 'k1', cardId: 'c1' })));
      }
    };
    const events: RealtimeEvent[] = [];
    const readies: boolean[] = [];
    const statuses: StreamStatus[] = [];
    const handle = openEventStream({
      url,
      token: async () => 'token-1',
      unauthorized: async () => null,
      onEvent: (e) => events.push(e),
      onReady: (reconnected) => readies.push(reconnected),
      onStatus: (s) => statuses.push(s),
      baseDelayMs: 20,
      random: () => 0,
    });
    try {
      await until(() => events.length === 2);
      expect(requests[0].headers['authorization']).toBe('Bearer token-1');
      expect(requests[0].headers['accept']).toBe('text/event-stream');
      expect(events.map((e) => e.type)).toEqual(['card.moved', 'comment.added']);
      expect(events[0].data).toEqual({ id: 'c1' });
      expect(readies).toEqual([false, true]);
      expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    } finally {
      handle.close();
    }
  });

  it('retries once with a refreshed token after a 401', async () => {
    handler = (req, res) => {
      if (req.headers['authorization'] !== 'Bearer fresh') {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Logga in.' }));
        return;
      }
      stream(res);
      res.write(frame('ready', {}));
    };
    const used: Array<string | null> = [];
    const readies: boolean[] = [];
    const handle = openEventStream({
      url,
      token: async () => 'expired',
      unauthorized: async (token) => {
        used.push(token);
        return 'fresh';
      },
      onEvent: () => undefined,
      onReady: (r) => readies.push(r),
    });
    try {
      await until(() => readies.length === 1);
      expect(used).toEqual(['expired']);
      expect(requests.map((r) => r.headers['authorization'])).toEqual(['Bearer expired', 'Bearer fresh']);
    } finally {
      handle.close();
    }
  });

  it('stops with a Swedish message when access is refused (403), without retrying', async () => {
    handler = (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{}');
    };
    const statuses: Array<[StreamStatus, string | undefined]> = [];
    openEventStream({
      url,
      token: async () => 't',
      unauthorized: async () => null,
      onEvent: () => undefined,
      onStatus: (s, m) => statuses.push([s, m]),
      baseDelayMs: 10,
    });
    await until(() => statuses.some(([s]) => s === 'stopped'));
    await new Promise((r) => setTimeout(r, 60));
    expect(requests).toHaveLength(1);
    expect(statuses.at(-1)).toEqual(['stopped', 'Du har inte längre tillgång till arbetsytan.']);
  });

  it('keeps retrying with backoff while the server fails, and stops for good on close()', async () => {
    handler = (_req, res) => {
      res.writeHead(503).end();
    };
    const handle = openEventStream({ url, token: async () => 't', unauthorized: async () => null, onEvent: () => undefined, baseDelayMs: 10, maxDelayMs: 20, random: () => 1 });
    await until(() => requests.length >= 3);
    handle.close();
    const count = requests.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(requests.length).toBe(count);
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt within [half, full] of the ceiling, capped', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(10, () => 1)).toBe(30_000);
    expect(backoffDelay(10, () => 0)).toBe(15_000);
  });
});

describe('parseRealtimeEvent', () => {
  it('reads the RealtimeEvent JSON and refuses anything else', () => {
    const e = realtime('card.updated', { id: 'c1' });
    expect(parseRealtimeEvent({ event: 'card.updated', data: JSON.stringify(e) })).toEqual(e);
    expect(parseRealtimeEvent({ event: 'ready', data: '{}' })).toBeNull();
    expect(parseRealtimeEvent({ event: 'card.updated', data: 'not json' })).toBeNull();
    expect(parseRealtimeEvent({ event: 'card.updated', data: JSON.stringify({ ...e, type: 'card.exploded' }) })).toBeNull();
    // The event name stands in for a missing type.
    expect(parseRealtimeEvent({ event: 'card.deleted', data: JSON.stringify({ workspaceId: WS, data: { id: 'c1' } }) })?.type).toBe('card.deleted');
  });
});
