import type { ChatAnswer, ChatScope, Citation } from '@laglig/contracts';

/** Why a question got no answer; every kind has a Swedish message for the page. */
export type ChatFailureKind =
  /** 400: the gateway did not accept the question. */
  | 'invalid'
  /** 429: too many questions; `retryAfterSeconds` when the gateway said. */
  | 'rate-limited'
  /** 503/504 or an `error` event (TIMEOUT, UNAVAILABLE, …). */
  | 'unavailable'
  /** fetch failed before any answer started (offline, proxy down). */
  | 'network'
  /** The stream ended (or broke) without `done` or `error`: the text is not an answer. */
  | 'cut'
  /** 401 (signed-in chat): the session is gone and could not be refreshed. */
  | 'unauthenticated'
  /** 403 (signed-in chat): not a member of the workspace (any more). */
  | 'forbidden'
  /** 404 (signed-in chat): the workspace or the conversation does not exist (any more). */
  | 'not-found'
  /** Anything else (500, an unexpected response). */
  | 'server';

export interface ChatFailure {
  kind: ChatFailureKind;
  message: string;
  retryAfterSeconds?: number;
}

export type ChatState =
  | { phase: 'idle' }
  /** The question is sent; nothing has arrived yet. */
  | { phase: 'waiting'; question: string }
  /** Tokens are arriving: a draft, never shown as the final answer. */
  | { phase: 'streaming'; question: string; draft: string; citations: Citation[] }
  /** `done` arrived: `answer` is authoritative (it may replace the draft with a refusal). */
  | { phase: 'done'; question: string; answer: ChatAnswer }
  | { phase: 'failed'; question: string; failure: ChatFailure }
  /** The user pressed "Avbryt". */
  | { phase: 'aborted'; question: string };

export type ChatAction =
  | { type: 'start'; question: string }
  | { type: 'token'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'done'; answer: ChatAnswer }
  /** An `error` event in the stream. */
  | { type: 'stream-error'; code: string; message: string }
  /** A non-2xx response. `message` is the body's (Swedish) message if it had one. */
  | { type: 'http-error'; status: number; message?: string; retryAfterSeconds?: number }
  | { type: 'network-error' }
  /** Signed-in questions in a workspace: which laws the answer is built from (first event; no change of state). */
  | { type: 'scope'; scope: ChatScope }
  /** Signed-in questions: the conversation the exchange is stored in (before any token; no change of state). */
  | { type: 'conversation'; conversationId: string; title: string; created: boolean }
  /** The stream closed (normally or not). Without `done`/`error` before it, the answer was cut. */
  | { type: 'ended' }
  | { type: 'aborted' };

/** Question length the gateway accepts (checked in the form before anything is sent). */
export const MIN_QUESTION = 3;
export const MAX_QUESTION = 1000;

export const INITIAL_CHAT_STATE: ChatState = { phase: 'idle' };

export const MESSAGES = {
  cut: 'Svaret avbröts. Försök igen.',
  network: 'Det gick inte att nå Laglig. Kontrollera anslutningen och försök igen.',
  invalid: 'Frågan kunde inte tas emot. Skriv en fråga på mellan 3 och 1000 tecken.',
  rateLimited: 'Du har ställt många frågor på kort tid.',
  unavailable: 'Tjänsten kan inte svara just nu. Försök igen om en stund.',
  timeout: 'Det tog för lång tid att ta fram ett svar. Försök igen.',
  server: 'Något gick fel när svaret skulle tas fram. Försök igen.',
  unauthenticated: 'Du är inte inloggad längre. Logga in igen.',
  forbidden: 'Du har inte tillgång till den här arbetsytan.',
  notFound: 'Arbetsytan eller konversationen finns inte längre.',
} as const;

/** Whether a question is under way (the form is disabled, "Avbryt" is shown). */
export function isBusy(state: ChatState): boolean {
  return state.phase === 'waiting' || state.phase === 'streaming';
}

/**
 * Why the form does not send this question (the trimmed text), or null: the
 * gateway's length limits are checked before anything is sent.
 */
export function questionProblem(question: string): string | null {
  if (question.length < MIN_QUESTION) return `Skriv en fråga på minst ${MIN_QUESTION} tecken.`;
  if (question.length > MAX_QUESTION) return `Frågan får vara högst ${MAX_QUESTION} tecken lång.`;
  return null;
}

/**
 * Whether "Försök igen" may help: not for a question the gateway refused
 * (invalid), nor for what only the signed-in page can resolve (sign in again,
 * no access, a conversation or workspace that is gone).
 */
export function canRetry(kind: ChatFailureKind): boolean {
  return kind !== 'invalid' && kind !== 'forbidden' && kind !== 'not-found' && kind !== 'unauthenticated';
}

/** "om 1 sekund", "om 30 sekunder", "om 2 minuter". */
export function retryAfterText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `om ${s} ${s === 1 ? 'sekund' : 'sekunder'}`;
  const m = Math.ceil(s / 60);
  return `om ${m} minuter`;
}

/** A server message is shown only if it looks like one (the gateway's are short Swedish sentences). */
function usable(message: string | undefined): string | null {
  const m = message?.trim();
  return m && m.length <= 500 ? m : null;
}

function httpFailure(status: number, message: string | undefined, retryAfterSeconds: number | undefined): ChatFailure {
  const given = usable(message);
  if (status === 429) {
    const base = given ?? MESSAGES.rateLimited;
    return retryAfterSeconds !== undefined
      ? { kind: 'rate-limited', message: `${base} Du kan fråga igen ${retryAfterText(retryAfterSeconds)}.`, retryAfterSeconds }
      : { kind: 'rate-limited', message: base };
  }
  if (status === 400 || status === 413 || status === 422) return { kind: 'invalid', message: given ?? MESSAGES.invalid };
  if (status === 502 || status === 503) return { kind: 'unavailable', message: given ?? MESSAGES.unavailable };
  if (status === 504) return { kind: 'unavailable', message: given ?? MESSAGES.timeout };
  if (status === 401) return { kind: 'unauthenticated', message: given ?? MESSAGES.unauthenticated };
  if (status === 403) return { kind: 'forbidden', message: given ?? MESSAGES.forbidden };
  if (status === 404) return { kind: 'not-found', message: given ?? MESSAGES.notFound };
  return { kind: 'server', message: given ?? MESSAGES.server };
}

function streamFailure(code: string, message: string): ChatFailure {
  const given = usable(message);
  if (code === 'TIMEOUT') return { kind: 'unavailable', message: given ?? MESSAGES.timeout };
  if (code === 'UNAVAILABLE') return { kind: 'unavailable', message: given ?? MESSAGES.unavailable };
  if (code === 'INVALID_INPUT') return { kind: 'invalid', message: given ?? MESSAGES.invalid };
  return { kind: 'server', message: given ?? MESSAGES.server };
}

/**
 * The chat page's state machine. Events that do not fit the current phase
 * (a token after `done`, a second `done`, anything after "Avbryt") are ignored,
 * so a late event of an old question can never change what is shown.
 */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  if (action.type === 'start') return { phase: 'waiting', question: action.question };
  if (state.phase !== 'waiting' && state.phase !== 'streaming') return state;
  const question = state.question;
  const draft = state.phase === 'streaming' ? state.draft : '';
  const citations = state.phase === 'streaming' ? state.citations : [];
  switch (action.type) {
    case 'scope':
    case 'conversation':
      // Facts about the question (shown by the signed-in page), not part of the answer.
      return state;
    case 'token':
      return { phase: 'streaming', question, draft: draft + action.text, citations };
    case 'citations':
      return { phase: 'streaming', question, draft, citations: action.citations };
    case 'done':
      return { phase: 'done', question, answer: action.answer };
    case 'stream-error':
      return { phase: 'failed', question, failure: streamFailure(action.code, action.message) };
    case 'http-error':
      return { phase: 'failed', question, failure: httpFailure(action.status, action.message, action.retryAfterSeconds) };
    case 'network-error':
      return { phase: 'failed', question, failure: { kind: 'network', message: MESSAGES.network } };
    case 'ended':
      return { phase: 'failed', question, failure: { kind: 'cut', message: MESSAGES.cut } };
    case 'aborted':
      return { phase: 'aborted', question };
  }
}
