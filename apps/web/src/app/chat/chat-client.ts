import type { ChatAnswer, ChatScope, Citation } from '@laglig/contracts';
import type { ChatAction } from './chat-state';
import { type SseMessage, readSse } from './sse';

/** `list`: only the laws on the workspace's law lists; `all`: every law. */
export type ChatScopeChoice = ChatScope['scope'];

/** What `POST /api/v1/chat` is asked: the question and, signed in, where it belongs. */
export interface ChatRequest {
  question: string;
  /** Restrict the answer to these statutes (not together with a workspace). */
  sfs?: string[];
  /** Signed in: ask in this workspace (its law lists restrict the answer unless scope is `all`). */
  workspaceId?: string;
  /** Signed in: continue this conversation. */
  conversationId?: string;
  /** Only with a workspace. */
  scope?: ChatScopeChoice;
}

/**
 * The bearer token of a signed-in question (the session's rules: wait for a
 * running refresh, refresh a token about to expire, one retry after a 401).
 * Without it the question is anonymous: no Authorization header is sent.
 */
export interface ChatAuth {
  /** The token for the request; null when signed out. */
  token: () => Promise<string | null>;
  /** The request got 401 with `usedToken`: the token to retry with once, or null. */
  unauthorized: (usedToken: string | null) => Promise<string | null>;
}

/**
 * The JSON body of a chat request: only the fields that are set; `scope` only
 * together with a workspace (the gateway refuses it otherwise), `sfs` never
 * together with one.
 */
export function chatRequestBody(request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { question: request.question };
  if (request.workspaceId) {
    body['workspaceId'] = request.workspaceId;
    if (request.scope) body['scope'] = request.scope;
  } else if (request.sfs && request.sfs.length > 0) {
    body['sfs'] = request.sfs;
  }
  if (request.conversationId) body['conversationId'] = request.conversationId;
  return body;
}

export interface AskChatOptions extends ChatRequest {
  /** Origin of the API ("" in the browser: relative `/api/v1`, proxied by the SSR server). */
  baseUrl: string;
  /** Signed-in questions only; anonymous questions carry no token. */
  auth?: ChatAuth;
  signal: AbortSignal;
  /** Receives every state change after `start` (the caller dispatches `start` itself). */
  dispatch: (action: ChatAction) => void;
  /** Injected for tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
  /** Current time in ms, for a Retry-After given as a date. */
  now?: () => number;
}

/**
 * Asks `POST /api/v1/chat` for a streamed answer and turns the response into
 * state-machine actions: `token`…, `citations`, then `done` or `stream-error`;
 * `http-error` for a non-2xx answer, `network-error` when the request fails,
 * `aborted` after `signal` fires, and always `ended` when a stream closes (the
 * reducer turns that into "cut" unless `done`/`error` came first).
 * Never throws.
 */
export async function askChat(options: AskChatOptions): Promise<void> {
  const { dispatch, signal } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const auth = options.auth;
  const body = JSON.stringify(chatRequestBody(options));
  const send = (token: string | null): Promise<Response> =>
    doFetch(`${options.baseUrl}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      cache: 'no-store',
      signal,
    });
  let response: Response;
  try {
    const token = auth ? await auth.token() : null;
    response = await send(token);
    if (auth && response.status === 401) {
      // Once, with the token another request refreshed to or after one refresh.
      const fresh = await auth.unauthorized(token);
      if (fresh) {
        await response.body?.cancel().catch(() => undefined);
        response = await send(fresh);
      }
    }
  } catch {
    dispatch(signal.aborted ? { type: 'aborted' } : { type: 'network-error' });
    return;
  }

  if (!response.ok) {
    const body = await readJson(response);
    const message = isRecord(body) && typeof body['message'] === 'string' ? body['message'] : undefined;
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), options.now ?? Date.now);
    dispatch({
      type: 'http-error',
      status: response.status,
      ...(message !== undefined ? { message } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
    return;
  }

  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('text/event-stream')) {
    // The gateway always streams answers; anything else is not an answer.
    dispatch(signal.aborted ? { type: 'aborted' } : { type: 'http-error', status: 502 });
    return;
  }
  if (!response.body) {
    dispatch({ type: 'ended' });
    return;
  }

  try {
    await readSse(response.body, (message) => {
      const action = toAction(message);
      if (action) dispatch(action);
      // Nothing may follow the final event.
      return action?.type === 'done' || action?.type === 'stream-error';
    });
  } catch {
    // A broken connection or "Avbryt" while reading.
    if (signal.aborted) {
      dispatch({ type: 'aborted' });
      return;
    }
  }
  dispatch({ type: 'ended' });
}

/** One Server-Sent Event as an action; null for unknown events and malformed data (ignored). */
export function toAction(message: SseMessage): ChatAction | null {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return null;
  }
  if (!isRecord(data)) return null;
  switch (message.event) {
    case 'token':
      return typeof data['text'] === 'string' ? { type: 'token', text: data['text'] } : null;
    case 'citations': {
      const list = data['citations'];
      return Array.isArray(list) && list.every(isCitation) ? { type: 'citations', citations: list } : null;
    }
    case 'done':
      return isChatAnswer(data) ? { type: 'done', answer: data } : null;
    case 'scope': {
      const scope = data['scope'];
      if ((scope !== 'list' && scope !== 'all') || typeof data['workspaceId'] !== 'string') return null;
      return {
        type: 'scope',
        scope: {
          scope,
          workspaceId: data['workspaceId'],
          laws: typeof data['laws'] === 'number' ? data['laws'] : 0,
          notice: typeof data['notice'] === 'string' && data['notice'].trim() ? data['notice'] : null,
        },
      };
    }
    case 'conversation':
      return typeof data['conversationId'] === 'string' && data['conversationId']
        ? {
            type: 'conversation',
            conversationId: data['conversationId'],
            title: typeof data['title'] === 'string' ? data['title'] : '',
            created: data['created'] === true,
          }
        : null;
    case 'error':
      return {
        type: 'stream-error',
        code: typeof data['code'] === 'string' ? data['code'] : 'INTERNAL',
        message: typeof data['message'] === 'string' ? data['message'] : '',
      };
    default:
      return null;
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: () => number = Date.now): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now()) / 1000));
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCitation(value: unknown): value is Citation {
  return (
    isRecord(value) &&
    typeof value['n'] === 'number' &&
    typeof value['url'] === 'string' &&
    typeof value['title'] === 'string' &&
    typeof value['label'] === 'string' &&
    typeof value['excerpt'] === 'string'
  );
}

function isChatAnswer(value: unknown): value is ChatAnswer {
  return (
    isRecord(value) &&
    typeof value['answer'] === 'string' &&
    (value['status'] === 'answered' || value['status'] === 'refused' || value['status'] === 'out_of_scope') &&
    Array.isArray(value['citations']) &&
    value['citations'].every(isCitation)
  );
}
