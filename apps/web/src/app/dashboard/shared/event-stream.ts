import { RealtimeEventSchema, type RealtimeEvent } from '@laglig/contracts';
import { type SseMessage, readSse } from '../../chat/sse';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

const EVENT_TYPES: ReadonlySet<string> = new Set<RealtimeEvent['type']>(RealtimeEventSchema.shape.type.options);

export interface EventStreamOptions {
  /** `/api/v1/workspaces/:ws/events` (relative in the browser). */
  url: string;
  /** The access token for a connection attempt (waits for a running refresh). */
  token: () => Promise<string | null>;
  /** After a 401: the token to retry with once, or null (the stream stops). */
  unauthorized: (usedToken: string | null) => Promise<string | null>;
  onEvent: (event: RealtimeEvent) => void;
  /**
   * The server said `ready`. `reconnected` is true for every connection after
   * the first: events may have been missed meanwhile, so the caller reloads.
   */
  onReady?: (reconnected: boolean) => void;
  onStatus?: (status: StreamStatus, message?: string) => void;
  /** Injected for tests. */
  fetch?: typeof fetch;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface EventStreamHandle {
  close(): void;
}

/** Exponential backoff with jitter: attempt 0 → 0.5–1 s, 1 → 1–2 s, … capped at `maxMs`. */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 1000, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One Server-Sent Event as a RealtimeEvent; null for `ready`, keep-alives,
 * unknown types and malformed data. The event name is the type; the JSON data
 * is the RealtimeEvent (its `data` field is the entity).
 */
export function parseRealtimeEvent(message: SseMessage): RealtimeEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.data);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const type = typeof parsed['type'] === 'string' ? parsed['type'] : message.event;
  if (!EVENT_TYPES.has(type) || typeof parsed['workspaceId'] !== 'string') return null;
  return {
    type: type as RealtimeEvent['type'],
    workspaceId: parsed['workspaceId'],
    actorId: typeof parsed['actorId'] === 'string' ? parsed['actorId'] : null,
    at: typeof parsed['at'] === 'string' ? parsed['at'] : new Date().toISOString(),
    data: parsed['data'],
  };
}

const STOP_MESSAGES: Record<number, string> = {
  401: 'Du är inte inloggad längre. Logga in igen för att se ändringar direkt.',
  403: 'Du har inte längre tillgång till arbetsytan.',
  404: 'Arbetsytan finns inte.',
};

/**
 * Reads the workspace's event stream with `fetch` (the bearer token goes in the
 * Authorization header, which EventSource cannot send) and keeps it open:
 * after a dropped connection it reconnects with backoff; each `ready` after
 * the first tells the caller to reload what it shows.
 */
export function openEventStream(options: EventStreamOptions): EventStreamHandle {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const random = options.random ?? Math.random;
  const controller = new AbortController();
  const signal = controller.signal;
  let closed = false;
  let attempt = 0;
  let readyBefore = false;

  let lastStatus: StreamStatus | null = null;
  const status = (s: StreamStatus) => {
    if (closed || s === lastStatus) return;
    lastStatus = s;
    options.onStatus?.(s);
  };

  const connect = async (token: string | null): Promise<Response | null> => {
    try {
      return await doFetch(options.url, {
        headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        cache: 'no-store',
        signal,
      });
    } catch {
      return null;
    }
  };

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  const run = async (): Promise<void> => {
    while (!closed) {
      status(readyBefore || attempt > 0 ? 'reconnecting' : 'connecting');
      let token = await options.token();
      let response = await connect(token);
      if (response?.status === 401) {
        await response.body?.cancel().catch(() => undefined);
        token = await options.unauthorized(token);
        response = token ? await connect(token) : response;
      }
      if (closed) {
        await response?.body?.cancel().catch(() => undefined);
        return;
      }
      if (response && STOP_MESSAGES[response.status]) {
        await response.body?.cancel().catch(() => undefined);
        closed = true;
        options.onStatus?.('stopped', STOP_MESSAGES[response.status]);
        return;
      }
      if (response?.ok && response.body) {
        try {
          await readSse(response.body, (message) => {
            if (closed) return true;
            if (message.event === 'ready') {
              attempt = 0;
              status('live');
              options.onReady?.(readyBefore);
              readyBefore = true;
              return false;
            }
            const event = parseRealtimeEvent(message);
            if (event) options.onEvent(event);
            return false;
          });
        } catch {
          // A dropped connection: reconnect below.
        }
      } else {
        await response?.body?.cancel().catch(() => undefined);
      }
      if (closed) return;
      status('reconnecting');
      await wait(backoffDelay(attempt, random, options.baseDelayMs, options.maxDelayMs));
      attempt += 1;
    }
  };
  void run();

  return {
    close: () => {
      if (closed) return;
      closed = true;
      controller.abort();
    },
  };
}
