import type { ChatAnswer, Citation, ConversationMessage, ConversationMessageStatus, ConversationSummary } from '@laglig/contracts';

/**
 * The "Tidigare frågor" list of the workspace chat and the turns of an opened
 * conversation: pure state, free of Angular, so the rules are unit-tested.
 */

export interface ConversationListState {
  /** Newest first (by `updatedAt`, then id), each id once. */
  items: ConversationSummary[];
  /** The cursor of the next (older) page; null when everything is shown. */
  nextCursor: string | null;
}

export const EMPTY_CONVERSATION_LIST: ConversationListState = { items: [], nextCursor: null };

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** Newest first; equal times by id, so the order is stable whatever arrived first. */
export function sortConversations(items: readonly ConversationSummary[]): ConversationSummary[] {
  return [...items].sort((a, b) => time(b.updatedAt) - time(a.updatedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A page from `GET /conversations`: `replace` for the first page (a reload),
 * `append` for "Visa fler". A conversation both shown and in the page is kept
 * once, the later `updatedAt` winning (a question asked meanwhile moves it up).
 */
export function withPage(
  state: ConversationListState,
  page: { items: readonly ConversationSummary[]; nextCursor: string | null },
  mode: 'replace' | 'append',
): ConversationListState {
  const byId = new Map<string, ConversationSummary>();
  for (const item of mode === 'append' ? state.items : []) byId.set(item.id, item);
  for (const item of page.items) {
    const known = byId.get(item.id);
    if (!known || time(item.updatedAt) >= time(known.updatedAt)) byId.set(item.id, item);
  }
  return { items: sortConversations([...byId.values()]), nextCursor: page.nextCursor };
}

/** Adds a conversation or replaces the one with its id (it moves to its place by `updatedAt`). */
export function upsertConversation(state: ConversationListState, summary: ConversationSummary): ConversationListState {
  const known = state.items.find((c) => c.id === summary.id);
  const merged = known ? { ...summary, createdAt: known.createdAt, title: summary.title || known.title } : summary;
  return { ...state, items: sortConversations([...state.items.filter((c) => c.id !== summary.id), merged]) };
}

export function removeConversation(state: ConversationListState, id: string): ConversationListState {
  return state.items.some((c) => c.id === id) ? { ...state, items: state.items.filter((c) => c.id !== id) } : state;
}

/**
 * The list entry for the stream's `conversation` event: a new conversation
 * (created) or one that was just continued (it becomes the newest).
 */
export function summaryFromEvent(
  event: { conversationId: string; title: string },
  workspaceId: string,
  nowIso: string,
  known?: ConversationSummary,
): ConversationSummary {
  return {
    id: event.conversationId,
    workspaceId,
    title: event.title || known?.title || '',
    createdAt: known?.createdAt ?? nowIso,
    updatedAt: nowIso,
  };
}

/* ---------------------------------------------------------------- turns */

/** One question and its answer as the page shows them. */
export interface ChatTurn {
  /** Stable key for the template (the question's message id, or a local one). */
  key: string;
  question: string;
  /**
   * The answer's status; `error`: no answer was given (the text is the error
   * message); null: no answer was stored (the question was interrupted).
   */
  status: ConversationMessageStatus | null;
  text: string;
  citations: Citation[];
}

/**
 * The stored messages of a conversation as turns: each question with the
 * answer that follows it. A question followed by another question (or by
 * nothing) has no answer; an answer without a question before it is kept with
 * an empty question.
 */
export function turnsFromMessages(messages: readonly ConversationMessage[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  let open: ChatTurn | null = null;
  for (const m of messages) {
    if (m.role === 'user') {
      open = { key: m.id, question: m.text, status: null, text: '', citations: [] };
      turns.push(open);
      continue;
    }
    const answer = { status: m.status ?? 'answered', text: m.text, citations: m.citations };
    if (open) {
      Object.assign(open, answer);
      open = null;
    } else {
      turns.push({ key: m.id, question: '', ...answer });
    }
  }
  return turns;
}

/** A question answered in this page (the `done` event) as a turn of the thread. */
export function turnFromAnswer(key: string, question: string, answer: ChatAnswer): ChatTurn {
  return { key, question, status: answer.status, text: answer.answer, citations: answer.citations };
}
