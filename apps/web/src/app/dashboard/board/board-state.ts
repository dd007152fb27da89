import type { Board, BoardColumn, Card, Comment, RealtimeEvent } from '@laglig/contracts';

/**
 * The board as the page holds it: columns in order, and per column its cards
 * in order. Pure functions only — every change returns a new state — so the
 * optimistic moves, rollbacks and live updates can be tested without Angular.
 *
 * Order: the server sorts by `position` (fractional index, plain string
 * comparison). A card that arrives from the server is placed by its position;
 * a card the user drops is placed where it was dropped until the server answers.
 */
export interface BoardState {
  columns: BoardColumn[];
  cards: Record<string, Card[]>;
  /** Comments already counted on their card (a `comment.added` may arrive twice). */
  seenComments: string[];
}

export const EMPTY_BOARD: BoardState = { columns: [], cards: {}, seenComments: [] };

/** Plain string order of positions (what the server sorts by); the id breaks ties the same way everywhere. */
export function compareByPosition(a: { position: string; id: string }, b: { position: string; id: string }): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

export function boardFromServer(board: Board, seenComments: string[] = []): BoardState {
  const columns = [...board.columns].sort(compareByPosition);
  const cards: Record<string, Card[]> = {};
  for (const column of columns) cards[column.id] = [];
  for (const card of [...board.cards].sort(compareByPosition)) {
    // A card of an unknown column (deleted meanwhile) is not shown.
    cards[card.columnId]?.push(card);
  }
  return { columns, cards, seenComments };
}

export function findCard(state: BoardState, cardId: string): { card: Card; columnId: string; index: number } | null {
  for (const [columnId, list] of Object.entries(state.cards)) {
    const index = list.findIndex((c) => c.id === cardId);
    if (index >= 0) return { card: list[index], columnId, index };
  }
  return null;
}

export function allCards(state: BoardState): Card[] {
  return state.columns.flatMap((column) => state.cards[column.id] ?? []);
}

/**
 * The neighbours of a card dropped at `index` of a column's list (the list as
 * shown, which may still contain the card itself): the card before it and the
 * card after it once it is there; null at either end.
 */
export function neighboursAt(list: readonly Card[], cardId: string, index: number): { afterCardId: string | null; beforeCardId: string | null } {
  const others = list.filter((c) => c.id !== cardId);
  const at = Math.max(0, Math.min(index, others.length));
  return { afterCardId: at > 0 ? others[at - 1].id : null, beforeCardId: at < others.length ? others[at].id : null };
}

function withoutCard(state: BoardState, cardId: string): BoardState {
  const found = findCard(state, cardId);
  if (!found) return state;
  return { ...state, cards: { ...state.cards, [found.columnId]: state.cards[found.columnId].filter((c) => c.id !== cardId) } };
}

/** Puts `card` (from the server) in its column at the place its position gives, replacing any copy. */
export function placeCard(state: BoardState, card: Card): BoardState {
  const rest = withoutCard(state, card.id);
  const list = rest.cards[card.columnId];
  if (!list) return rest;
  let index = list.findIndex((c) => compareByPosition(c, card) > 0);
  if (index < 0) index = list.length;
  const next = [...list.slice(0, index), card, ...list.slice(index)];
  return { ...rest, cards: { ...rest.cards, [card.columnId]: next } };
}

/** Whether `incoming` is a later state of the card than `current` (version first, then the update time). */
export function isNewer(incoming: Card, current: Card | undefined): boolean {
  if (!current) return true;
  if (incoming.version !== current.version) return incoming.version > current.version;
  return incoming.updatedAt > current.updatedAt;
}

/** Applies a card from the server unless the board already has this or a later state of it (idempotent). */
export function upsertCard(state: BoardState, card: Card): BoardState {
  const current = findCard(state, card.id)?.card;
  return isNewer(card, current) ? placeCard(state, card) : state;
}

export function removeCard(state: BoardState, cardId: string): BoardState {
  return withoutCard(state, cardId);
}

export interface LocalMove {
  state: BoardState;
  /** The card as it was before the move (for a rollback). */
  original: Card;
  /** What to send to `POST …/cards/:id/move`. */
  request: { columnId: string; afterCardId: string | null; beforeCardId: string | null; version: number };
}

/**
 * Moves a card at once, before the server has answered (optimistic): to
 * `toIndex` of column `toColumnId` (the index in the list as shown after the
 * drop). Null when the card or column is unknown or nothing would change.
 */
export function moveCardLocally(state: BoardState, cardId: string, toColumnId: string, toIndex: number): LocalMove | null {
  const found = findCard(state, cardId);
  const target = state.cards[toColumnId];
  if (!found || !target) return null;
  const { afterCardId, beforeCardId } = neighboursAt(target, cardId, toIndex);
  const others = target.filter((c) => c.id !== cardId);
  const at = Math.max(0, Math.min(toIndex, others.length));
  if (found.columnId === toColumnId && found.index === at) return null;
  const moved: Card = { ...found.card, columnId: toColumnId };
  const rest = withoutCard(state, cardId);
  const list = rest.cards[toColumnId];
  const next = [...list.slice(0, at), moved, ...list.slice(at)];
  return {
    state: { ...rest, cards: { ...rest.cards, [toColumnId]: next } },
    original: found.card,
    request: { columnId: toColumnId, afterCardId, beforeCardId, version: found.card.version },
  };
}

/** The server accepted the move: its answer (new position and version) takes the card's place. */
export function confirmMove(state: BoardState, serverCard: Card): BoardState {
  const current = findCard(state, serverCard.id)?.card;
  // The move's own answer always counts unless something even later arrived meanwhile.
  if (current && current.version > serverCard.version) return state;
  return placeCard(state, serverCard);
}

/**
 * The server refused the move. With a 409 it sent the card's fresh state,
 * which is taken as it is; otherwise the card goes back to where it was —
 * unless a later state of it arrived meanwhile (then that state stays).
 */
export function rollbackMove(state: BoardState, original: Card, fresh?: Card | null): BoardState {
  const current = findCard(state, original.id)?.card;
  if (fresh) return current && isNewer(current, fresh) ? state : placeCard(state, fresh);
  if (!current) return state;
  if (current.version !== original.version || current.updatedAt !== original.updatedAt) return state;
  return placeCard(state, original);
}

function upsertColumn(state: BoardState, column: BoardColumn): BoardState {
  const columns = [...state.columns.filter((c) => c.id !== column.id), column].sort(compareByPosition);
  return { ...state, columns, cards: state.cards[column.id] ? state.cards : { ...state.cards, [column.id]: [] } };
}

function removeColumn(state: BoardState, columnId: string): BoardState {
  if (!state.columns.some((c) => c.id === columnId)) return state;
  const cards = { ...state.cards };
  delete cards[columnId];
  return { ...state, columns: state.columns.filter((c) => c.id !== columnId), cards };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCard(value: unknown): value is Card {
  return (
    isRecord(value) &&
    typeof value['id'] === 'string' &&
    typeof value['columnId'] === 'string' &&
    typeof value['position'] === 'string' &&
    typeof value['title'] === 'string' &&
    typeof value['version'] === 'number' &&
    Array.isArray(value['assigneeIds']) &&
    Array.isArray(value['labels']) &&
    Array.isArray(value['checklist'])
  );
}

function isColumn(value: unknown): value is BoardColumn {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['name'] === 'string' && typeof value['position'] === 'string';
}

function isComment(value: unknown): value is Comment {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['cardId'] === 'string' && typeof value['body'] === 'string';
}

function idOf(value: unknown): string | null {
  return isRecord(value) && typeof value['id'] === 'string' ? value['id'] : null;
}

/**
 * Applies a live event to the board. Idempotent: an event that was already
 * applied (or is older than what the board shows) changes nothing, so a
 * repeat, an echo of the user's own change or an event that overlaps a
 * reload is harmless. Events of other kinds return the state unchanged.
 */
export function applyRealtime(state: BoardState, event: RealtimeEvent): BoardState {
  switch (event.type) {
    case 'card.created':
    case 'card.updated':
    case 'card.moved':
      return isCard(event.data) ? upsertCard(state, event.data) : state;
    case 'card.deleted': {
      const id = idOf(event.data);
      return id ? removeCard(state, id) : state;
    }
    case 'column.created':
    case 'column.updated':
      return isColumn(event.data) ? upsertColumn(state, event.data) : state;
    case 'column.deleted': {
      const id = idOf(event.data);
      return id ? removeColumn(state, id) : state;
    }
    case 'comment.added': {
      const comment = event.data;
      if (!isComment(comment) || state.seenComments.includes(comment.id)) return state;
      const found = findCard(state, comment.cardId);
      const seenComments = [...state.seenComments, comment.id].slice(-500);
      if (!found) return { ...state, seenComments };
      const card = { ...found.card, commentCount: found.card.commentCount + 1 };
      const list = state.cards[found.columnId].map((c) => (c.id === card.id ? card : c));
      return { ...state, seenComments, cards: { ...state.cards, [found.columnId]: list } };
    }
    default:
      return state;
  }
}

/** Adds a column the user created (the answer of `POST …/columns`). */
export function addColumn(state: BoardState, column: BoardColumn): BoardState {
  return upsertColumn(state, column);
}

/** Marks a comment the user wrote as counted (its `comment.added` echo must not count it twice). */
export function commentAdded(state: BoardState, comment: Comment): BoardState {
  return applyRealtime(state, { type: 'comment.added', workspaceId: '', actorId: null, at: comment.createdAt, data: comment });
}
