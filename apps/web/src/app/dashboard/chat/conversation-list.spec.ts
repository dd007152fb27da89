import type { ChatAnswer, Citation, ConversationMessage, ConversationSummary } from '@laglig/contracts';
import {
  EMPTY_CONVERSATION_LIST,
  removeConversation,
  sortConversations,
  summaryFromEvent,
  turnFromAnswer,
  turnsFromMessages,
  upsertConversation,
  withPage,
} from './conversation-list';

const WS = 'ws-1';

function summary(id: string, updatedAt: string, title = `Fråga ${id}`): ConversationSummary {
  return { id, workspaceId: WS, title, createdAt: '2026-01-01T08:00:00.000Z', updatedAt };
}

const A = summary('a', '2026-03-01T10:00:00.000Z');
const B = summary('b', '2026-03-02T10:00:00.000Z');
const C = summary('c', '2026-03-03T10:00:00.000Z');

const CITATION: Citation = {
  n: 1,
  sfs: '1977:480',
  title: 'Semesterlag (1977:480)',
  anchor: 'P4',
  label: '4 §',
  excerpt: 'Arbetstagare har rätt till semesterledighet om tjugofem dagar.',
  url: '/lagar/1977:480#P4',
};

function message(id: string, role: 'user' | 'assistant', text: string, status: ConversationMessage['status'] = role === 'user' ? null : 'answered'): ConversationMessage {
  return { id, role, text, citations: role === 'assistant' && status === 'answered' ? [CITATION] : [], status, createdAt: '2026-03-01T10:00:00.000Z' };
}

describe('conversation list', () => {
  it('sorts newest first, equal times by id', () => {
    const sameTime = summary('0', C.updatedAt);
    expect(sortConversations([A, C, B, sameTime]).map((c) => c.id)).toEqual(['0', 'c', 'b', 'a']);
  });

  it('replaces the list with a first page and appends the next, each conversation once', () => {
    const first = withPage(EMPTY_CONVERSATION_LIST, { items: [C, B], nextCursor: 'next' }, 'replace');
    expect(first).toEqual({ items: [C, B], nextCursor: 'next' });
    // The next page overlaps (B moved down meanwhile) and ends the list.
    const more = withPage(first, { items: [B, A], nextCursor: null }, 'append');
    expect(more).toEqual({ items: [C, B, A], nextCursor: null });
    // A reload drops what the server no longer lists.
    expect(withPage(more, { items: [A], nextCursor: null }, 'replace')).toEqual({ items: [A], nextCursor: null });
  });

  it('keeps the newer copy when a page repeats a conversation that was asked in meanwhile', () => {
    const askedNow = { ...A, updatedAt: '2026-03-05T10:00:00.000Z' };
    const state = withPage({ items: [askedNow, C, B], nextCursor: 'x' }, { items: [A], nextCursor: null }, 'append');
    expect(state.items).toEqual([askedNow, C, B]);
  });

  it('adds a new conversation on top and moves a continued one up, keeping its creation time and title', () => {
    const list = { items: [C, B, A], nextCursor: null };
    const created = summaryFromEvent({ conversationId: 'd', title: 'Ny fråga' }, WS, '2026-03-04T10:00:00.000Z');
    expect(created).toEqual({ id: 'd', workspaceId: WS, title: 'Ny fråga', createdAt: '2026-03-04T10:00:00.000Z', updatedAt: '2026-03-04T10:00:00.000Z' });
    expect(upsertConversation(list, created).items.map((c) => c.id)).toEqual(['d', 'c', 'b', 'a']);

    const continued = summaryFromEvent({ conversationId: 'a', title: '' }, WS, '2026-03-04T11:00:00.000Z', A);
    const after = upsertConversation(list, continued);
    expect(after.items.map((c) => c.id)).toEqual(['a', 'c', 'b']);
    expect(after.items[0]).toEqual({ ...A, updatedAt: '2026-03-04T11:00:00.000Z' });
    // The same event twice changes nothing more.
    expect(upsertConversation(after, continued)).toEqual(after);
  });

  it('removes a deleted conversation, and a second removal is no change', () => {
    const list = { items: [C, B, A], nextCursor: 'n' };
    const removed = removeConversation(list, 'b');
    expect(removed).toEqual({ items: [C, A], nextCursor: 'n' });
    expect(removeConversation(removed, 'b')).toBe(removed);
  });
});

describe('turns', () => {
  it('pairs each question with the answer after it, with its citations and status', () => {
    const turns = turnsFromMessages([
      message('q1', 'user', 'Hur många semesterdagar?'),
      message('a1', 'assistant', 'Minst 25 dagar [1].'),
      message('q2', 'user', 'Gäller det deltid?'),
      message('a2', 'assistant', 'Jag har inte tillräcklig information för att svara på det.', 'refused'),
    ]);
    expect(turns).toEqual([
      { key: 'q1', question: 'Hur många semesterdagar?', status: 'answered', text: 'Minst 25 dagar [1].', citations: [CITATION] },
      { key: 'q2', question: 'Gäller det deltid?', status: 'refused', text: 'Jag har inte tillräcklig information för att svara på det.', citations: [] },
    ]);
  });

  it('keeps a question without a stored answer, a failed answer, and an answer without a question', () => {
    const turns = turnsFromMessages([
      message('a0', 'assistant', 'Föräldralöst svar.'),
      message('q1', 'user', 'Avbruten fråga'),
      message('q2', 'user', 'Fråga som misslyckades'),
      message('a2', 'assistant', 'Tjänsten kan inte svara just nu.', 'error'),
      message('q3', 'user', 'Sista frågan'),
    ]);
    expect(turns.map((t) => [t.key, t.question, t.status])).toEqual([
      ['a0', '', 'answered'],
      ['q1', 'Avbruten fråga', null],
      ['q2', 'Fråga som misslyckades', 'error'],
      ['q3', 'Sista frågan', null],
    ]);
  });

  it('is empty for a conversation without messages', () => {
    expect(turnsFromMessages([])).toEqual([]);
  });

  it('turns a streamed answer into a turn', () => {
    const answer: ChatAnswer = { status: 'answered', answer: 'Minst 25 dagar [1].', citations: [CITATION], refusalReason: null, provider: 'extractive', cached: false };
    expect(turnFromAnswer('local-1', 'Hur många?', answer)).toEqual({
      key: 'local-1',
      question: 'Hur många?',
      status: 'answered',
      text: 'Minst 25 dagar [1].',
      citations: [CITATION],
    });
  });
});
