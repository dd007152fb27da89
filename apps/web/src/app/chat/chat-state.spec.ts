import type { ChatAnswer, Citation } from '@laglig/contracts';
import {
  type ChatAction,
  type ChatState,
  INITIAL_CHAT_STATE,
  MAX_QUESTION,
  MESSAGES,
  canRetry,
  chatReducer,
  isBusy,
  questionProblem,
  retryAfterText,
} from './chat-state';

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

function run(actions: ChatAction[], from: ChatState = INITIAL_CHAT_STATE): ChatState {
  return actions.reduce(chatReducer, from);
}

const start: ChatAction = { type: 'start', question: 'Hur många semesterdagar?' };

describe('chatReducer', () => {
  it('goes waiting → streaming (draft grows) → done with the authoritative answer', () => {
    const waiting = run([start]);
    expect(waiting).toEqual({ phase: 'waiting', question: 'Hur många semesterdagar?' });
    expect(isBusy(waiting)).toBe(true);
    const streaming = run([{ type: 'token', text: 'En arbetstagare ' }, { type: 'token', text: 'har rätt' }, { type: 'citations', citations: [CITATION] }], waiting);
    expect(streaming).toEqual({ phase: 'streaming', question: 'Hur många semesterdagar?', draft: 'En arbetstagare har rätt', citations: [CITATION] });
    const done = run([{ type: 'done', answer: ANSWER }, { type: 'ended' }], streaming);
    expect(done).toEqual({ phase: 'done', question: 'Hur många semesterdagar?', answer: ANSWER });
    expect(isBusy(done)).toBe(false);
  });

  it('replaces the streamed draft when done says the answer was refused', () => {
    const refusal: ChatAnswer = { ...ANSWER, status: 'refused', answer: 'Jag har inte tillräcklig information för att svara på det.', citations: [], refusalReason: 'invalid_citation' };
    const state = run([start, { type: 'token', text: 'Ett utkast [9]' }, { type: 'done', answer: refusal }]);
    expect(state).toEqual({ phase: 'done', question: start.question, answer: refusal });
  });

  it('treats a stream that ends without done or error as cut, never as an answer', () => {
    const state = run([start, { type: 'token', text: 'Halva svaret' }, { type: 'ended' }]);
    expect(state).toEqual({ phase: 'failed', question: start.question, failure: { kind: 'cut', message: MESSAGES.cut } });
    expect(MESSAGES.cut).toBe('Svaret avbröts. Försök igen.');
  });

  it('shows the message of an error event', () => {
    expect(run([start, { type: 'token', text: 'x' }, { type: 'stream-error', code: 'TIMEOUT', message: 'Svaret tog för lång tid.' }, { type: 'ended' }])).toEqual({
      phase: 'failed',
      question: start.question,
      failure: { kind: 'unavailable', message: 'Svaret tog för lång tid.' },
    });
    expect(run([start, { type: 'stream-error', code: 'INTERNAL', message: '' }])).toMatchObject({ failure: { kind: 'server', message: MESSAGES.server } });
  });

  it('maps HTTP errors: 429 with the retry time, 400, 503, 504, 500', () => {
    expect(run([start, { type: 'http-error', status: 429, message: 'För många förfrågningar. Vänta en stund och försök igen.', retryAfterSeconds: 30 }])).toMatchObject({
      failure: { kind: 'rate-limited', retryAfterSeconds: 30, message: 'För många förfrågningar. Vänta en stund och försök igen. Du kan fråga igen om 30 sekunder.' },
    });
    expect(run([start, { type: 'http-error', status: 429 }])).toMatchObject({ failure: { kind: 'rate-limited', message: MESSAGES.rateLimited } });
    expect(run([start, { type: 'http-error', status: 400, message: 'Frågan är för kort.' }])).toMatchObject({ failure: { kind: 'invalid', message: 'Frågan är för kort.' } });
    expect(run([start, { type: 'http-error', status: 503 }])).toMatchObject({ failure: { kind: 'unavailable', message: MESSAGES.unavailable } });
    expect(run([start, { type: 'http-error', status: 504 }])).toMatchObject({ failure: { kind: 'unavailable', message: MESSAGES.timeout } });
    expect(run([start, { type: 'http-error', status: 500, message: 'x'.repeat(600) }])).toMatchObject({ failure: { kind: 'server', message: MESSAGES.server } });
  });

  it('reports a network error and an abort', () => {
    expect(run([start, { type: 'network-error' }])).toMatchObject({ phase: 'failed', failure: { kind: 'network' } });
    expect(run([start, { type: 'token', text: 'x' }, { type: 'aborted' }])).toEqual({ phase: 'aborted', question: start.question });
  });

  it('ignores everything after a final state until the next question', () => {
    const done = run([start, { type: 'done', answer: ANSWER }]);
    expect(run([{ type: 'token', text: 'sent' }, { type: 'stream-error', code: 'INTERNAL', message: 'x' }, { type: 'aborted' }], done)).toBe(done);
    const aborted = run([start, { type: 'aborted' }]);
    expect(run([{ type: 'done', answer: ANSWER }], aborted)).toBe(aborted);
    expect(run([{ type: 'token', text: 'x' }])).toBe(INITIAL_CHAT_STATE);
    expect(run([{ type: 'start', question: 'Ny fråga' }], done)).toEqual({ phase: 'waiting', question: 'Ny fråga' });
  });
});

describe('chatReducer (signed in)', () => {
  it('keeps the state for the scope and conversation events', () => {
    const waiting = run([start]);
    expect(
      run(
        [
          { type: 'scope', scope: { scope: 'list', workspaceId: 'w', laws: 3, notice: null } },
          { type: 'conversation', conversationId: 'c', title: 't', created: true },
        ],
        waiting,
      ),
    ).toBe(waiting);
  });

  it('maps 401, 403 and 404 to their failures, with the server message when there is one', () => {
    expect(run([start, { type: 'http-error', status: 401 }])).toMatchObject({ failure: { kind: 'unauthenticated', message: MESSAGES.unauthenticated } });
    expect(run([start, { type: 'http-error', status: 403 }])).toMatchObject({ failure: { kind: 'forbidden', message: MESSAGES.forbidden } });
    expect(run([start, { type: 'http-error', status: 404, message: 'Konversationen finns inte.' }])).toMatchObject({
      failure: { kind: 'not-found', message: 'Konversationen finns inte.' },
    });
  });
});

describe('retryAfterText', () => {
  it('says seconds or minutes in Swedish', () => {
    expect(retryAfterText(1)).toBe('om 1 sekund');
    expect(retryAfterText(0)).toBe('om 1 sekund');
    expect(retryAfterText(29.2)).toBe('om 30 sekunder');
    expect(retryAfterText(120)).toBe('om 2 minuter');
  });
});

describe('questionProblem', () => {
  it('accepts 3 to 1000 characters and says what is wrong otherwise', () => {
    expect(questionProblem('Hej')).toBeNull();
    expect(questionProblem('x'.repeat(MAX_QUESTION))).toBeNull();
    expect(questionProblem('')).toBe('Skriv en fråga på minst 3 tecken.');
    expect(questionProblem('ab')).toBe('Skriv en fråga på minst 3 tecken.');
    expect(questionProblem('x'.repeat(MAX_QUESTION + 1))).toBe('Frågan får vara högst 1000 tecken lång.');
  });
});

describe('canRetry', () => {
  it('offers "Försök igen" unless the question was refused or only signing in, access or a new conversation helps', () => {
    for (const kind of ['rate-limited', 'unavailable', 'network', 'cut', 'server'] as const) expect(canRetry(kind)).toBe(true);
    for (const kind of ['invalid', 'unauthenticated', 'forbidden', 'not-found'] as const) expect(canRetry(kind)).toBe(false);
  });
});
