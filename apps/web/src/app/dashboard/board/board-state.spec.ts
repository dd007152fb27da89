import type { Board, BoardColumn, Card, RealtimeEvent } from '@laglig/contracts';
import {
  applyRealtime,
  boardFromServer,
  commentAdded,
  confirmMove,
  findCard,
  moveCardLocally,
  neighboursAt,
  rollbackMove,
  type BoardState,
  type LocalMove,
} from './board-state';

const WS = '00000000-0000-4000-8000-000000000000';
const TODO: BoardColumn = { id: 'col-todo', name: 'Att göra', position: 'a0' };
const DOING: BoardColumn = { id: 'col-doing', name: 'Pågår', position: 'a1' };
const DONE: BoardColumn = { id: 'col-done', name: 'Klart', position: 'a2' };

function card(id: string, columnId: string, position: string, extra: Partial<Card> = {}): Card {
  return {
    id,
    columnId,
    position,
    title: `Kort ${id}`,
    description: '',
    lawRef: null,
    requirementId: null,
    assigneeIds: [],
    dueDate: null,
    labels: [],
    checklist: [],
    commentCount: 0,
    version: 1,
    createdBy: 'u1',
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    ...extra,
  };
}

function board(): BoardState {
  const server: Board = {
    // Deliberately out of order: the client sorts by position (plain string order).
    columns: [DONE, TODO, DOING],
    cards: [card('c', 'col-todo', 'a2'), card('a', 'col-todo', 'a0'), card('b', 'col-todo', 'a1'), card('x', 'col-doing', 'a0'), card('lost', 'col-gone', 'a0')],
  };
  return boardFromServer(server);
}

/** The card as the board holds it (fails the test when it is missing). */
function cardOf(state: BoardState, id: string): Card {
  const found = findCard(state, id);
  if (!found) throw new Error(`card ${id} is not on the board`);
  return found.card;
}

function mustMove(state: BoardState, cardId: string, columnId: string, index: number): LocalMove {
  const move = moveCardLocally(state, cardId, columnId, index);
  if (!move) throw new Error('the move changed nothing');
  return move;
}

const ids = (state: BoardState, columnId: string) => (state.cards[columnId] ?? []).map((c) => c.id);

function event(type: RealtimeEvent['type'], data: unknown): RealtimeEvent {
  return { type, workspaceId: WS, actorId: null, at: '2025-03-01T10:00:01.000Z', data };
}

describe('boardFromServer', () => {
  it('orders columns and cards by position and drops cards of unknown columns', () => {
    const state = board();
    expect(state.columns.map((c) => c.name)).toEqual(['Att göra', 'Pågår', 'Klart']);
    expect(ids(state, 'col-todo')).toEqual(['a', 'b', 'c']);
    expect(ids(state, 'col-doing')).toEqual(['x']);
    expect(ids(state, 'col-done')).toEqual([]);
    expect(findCard(state, 'lost')).toBeNull();
  });

  it('compares positions as plain strings (uppercase before lowercase, digits first)', () => {
    const state = boardFromServer({ columns: [TODO], cards: [card('1', 'col-todo', 'a0V'), card('2', 'col-todo', 'a0'), card('3', 'col-todo', 'Zz'), card('4', 'col-todo', 'a0G')] });
    expect(ids(state, 'col-todo')).toEqual(['3', '2', '4', '1']);
  });
});

describe('neighboursAt (a drop index → the cards around it)', () => {
  const list = [card('a', 'k', 'a0'), card('b', 'k', 'a1'), card('c', 'k', 'a2')];

  it('gives the cards before and after the drop place in another column', () => {
    expect(neighboursAt(list, 'new', 0)).toEqual({ afterCardId: null, beforeCardId: 'a' });
    expect(neighboursAt(list, 'new', 1)).toEqual({ afterCardId: 'a', beforeCardId: 'b' });
    expect(neighboursAt(list, 'new', 3)).toEqual({ afterCardId: 'c', beforeCardId: null });
    expect(neighboursAt(list, 'new', 99)).toEqual({ afterCardId: 'c', beforeCardId: null });
  });

  it('leaves the moved card itself out within the same column', () => {
    // a moved below b: [b, a, c]
    expect(neighboursAt(list, 'a', 1)).toEqual({ afterCardId: 'b', beforeCardId: 'c' });
    // c moved to the top: [c, a, b]
    expect(neighboursAt(list, 'c', 0)).toEqual({ afterCardId: null, beforeCardId: 'a' });
    // a moved to the end: [b, c, a]
    expect(neighboursAt(list, 'a', 2)).toEqual({ afterCardId: 'c', beforeCardId: null });
  });

  it('handles an empty column', () => {
    expect(neighboursAt([], 'a', 0)).toEqual({ afterCardId: null, beforeCardId: null });
  });
});

describe('optimistic move', () => {
  it('moves the card at once and says what to send', () => {
    const move = mustMove(board(), 'b', 'col-doing', 1);
    expect(ids(move.state, 'col-todo')).toEqual(['a', 'c']);
    expect(ids(move.state, 'col-doing')).toEqual(['x', 'b']);
    expect(cardOf(move.state, 'b').columnId).toBe('col-doing');
    expect(move.request).toEqual({ columnId: 'col-doing', afterCardId: 'x', beforeCardId: null, version: 1 });
    expect(move.original.columnId).toBe('col-todo');
  });

  it('reorders within a column', () => {
    const move = mustMove(board(), 'c', 'col-todo', 0);
    expect(ids(move.state, 'col-todo')).toEqual(['c', 'a', 'b']);
    expect(move.request).toMatchObject({ columnId: 'col-todo', afterCardId: null, beforeCardId: 'a' });
  });

  it('does nothing for a drop on the same place or an unknown card/column', () => {
    expect(moveCardLocally(board(), 'b', 'col-todo', 1)).toBeNull();
    expect(moveCardLocally(board(), 'nope', 'col-todo', 0)).toBeNull();
    expect(moveCardLocally(board(), 'a', 'col-nope', 0)).toBeNull();
  });

  it('takes the server answer (position and version) when the move is accepted', () => {
    const move = mustMove(board(), 'a', 'col-done', 0);
    const accepted = card('a', 'col-done', 'a0', { version: 2, updatedAt: '2025-03-01T10:00:05.000Z' });
    const state = confirmMove(move.state, accepted);
    expect(ids(state, 'col-done')).toEqual(['a']);
    expect(cardOf(state, 'a')).toEqual(accepted);
  });

  it('rolls the card back to its place when the server refuses', () => {
    const move = mustMove(board(), 'a', 'col-done', 0);
    const state = rollbackMove(move.state, move.original);
    expect(ids(state, 'col-todo')).toEqual(['a', 'b', 'c']);
    expect(ids(state, 'col-done')).toEqual([]);
    expect(cardOf(state, 'a')).toEqual(move.original);
  });

  it('takes the fresh card of a 409 instead of the old place', () => {
    const move = mustMove(board(), 'a', 'col-done', 0);
    const fresh = card('a', 'col-doing', 'a1', { version: 3, title: 'Ändrad av någon annan', updatedAt: '2025-03-01T10:00:04.000Z' });
    const state = rollbackMove(move.state, move.original, fresh);
    expect(ids(state, 'col-doing')).toEqual(['x', 'a']);
    expect(ids(state, 'col-done')).toEqual([]);
    expect(cardOf(state, 'a').title).toBe('Ändrad av någon annan');
  });

  it('keeps a later state that arrived live during the move instead of rolling back over it', () => {
    const move = mustMove(board(), 'a', 'col-done', 0);
    const someoneElse = card('a', 'col-doing', 'a5', { version: 2, updatedAt: '2025-03-01T10:00:03.000Z' });
    const live = applyRealtime(move.state, event('card.moved', someoneElse));
    const state = rollbackMove(live, move.original);
    expect(cardOf(state, 'a')).toEqual(someoneElse);
    expect(ids(state, 'col-doing')).toEqual(['x', 'a']);
    // And a late answer to the own move does not override an even later state.
    const evenLater = card('a', 'col-todo', 'a9', { version: 4, updatedAt: '2025-03-01T10:00:09.000Z' });
    const after = confirmMove(applyRealtime(move.state, event('card.updated', evenLater)), card('a', 'col-done', 'a0', { version: 2 }));
    expect(cardOf(after, 'a').version).toBe(4);
  });
});

describe('applyRealtime', () => {
  it('places a moved card by its position in the new column', () => {
    const moved = card('b', 'col-done', 'a0', { version: 2, updatedAt: '2025-03-01T10:00:02.000Z' });
    const state = applyRealtime(board(), event('card.moved', moved));
    expect(ids(state, 'col-todo')).toEqual(['a', 'c']);
    expect(ids(state, 'col-done')).toEqual(['b']);
  });

  it('is idempotent: the same event twice, or an older one, changes nothing', () => {
    const moved = card('b', 'col-done', 'a0', { version: 2, updatedAt: '2025-03-01T10:00:02.000Z' });
    const once = applyRealtime(board(), event('card.moved', moved));
    const twice = applyRealtime(once, event('card.moved', moved));
    expect(twice).toBe(once);
    const stale = card('b', 'col-todo', 'a1', { version: 1 });
    expect(applyRealtime(once, event('card.updated', stale))).toBe(once);
  });

  it('takes a same-version state with a later update time (a move that does not bump the version)', () => {
    const moved = card('b', 'col-doing', 'a5', { version: 1, updatedAt: '2025-03-01T10:00:07.000Z' });
    expect(ids(applyRealtime(board(), event('card.moved', moved)), 'col-doing')).toEqual(['x', 'b']);
  });

  it('inserts created cards by position, and removes deleted ones', () => {
    const created = card('n', 'col-todo', 'a0V');
    let state = applyRealtime(board(), event('card.created', created));
    expect(ids(state, 'col-todo')).toEqual(['a', 'n', 'b', 'c']);
    state = applyRealtime(state, event('card.deleted', { id: 'a' }));
    state = applyRealtime(state, event('card.deleted', { id: 'a' }));
    expect(ids(state, 'col-todo')).toEqual(['n', 'b', 'c']);
  });

  it('adds, renames and removes columns', () => {
    let state = applyRealtime(board(), event('column.created', { id: 'col-review', name: 'Granskas', position: 'a1V' }));
    expect(state.columns.map((c) => c.name)).toEqual(['Att göra', 'Pågår', 'Granskas', 'Klart']);
    expect(ids(state, 'col-review')).toEqual([]);
    state = applyRealtime(state, event('column.updated', { id: 'col-review', name: 'Granskning', position: 'a1V' }));
    expect(state.columns[2].name).toBe('Granskning');
    state = applyRealtime(state, event('column.deleted', { id: 'col-review' }));
    expect(state.columns.map((c) => c.id)).toEqual(['col-todo', 'col-doing', 'col-done']);
  });

  it('counts a comment once, whether it comes from the own answer or the live echo', () => {
    const comment = { id: 'k1', cardId: 'b', authorId: 'u1', authorName: 'Anna', body: 'Hej @Bo', mentions: [], createdAt: '2025-03-01T10:00:00.000Z' };
    let state = commentAdded(board(), comment);
    state = applyRealtime(state, event('comment.added', comment));
    state = applyRealtime(state, event('comment.added', comment));
    expect(cardOf(state, 'b').commentCount).toBe(1);
  });

  it('ignores malformed data and events of other kinds', () => {
    const state = board();
    expect(applyRealtime(state, event('card.updated', { id: 'b' }))).toBe(state);
    expect(applyRealtime(state, event('requirement.updated', { id: 'r1' }))).toBe(state);
    expect(applyRealtime(state, event('card.deleted', null))).toBe(state);
  });
});
