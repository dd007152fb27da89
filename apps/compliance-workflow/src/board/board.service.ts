import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  refuse,
  succeed,
  type Board,
  type BoardColumn,
  type Card,
  type Comment,
  type MethodName,
  type MethodParsedInput,
  type OperationResult,
  type RealtimeEvent,
} from '@laglig/contracts';
import { ActivityService, fieldChanges } from '../activity/activity.service';
import { WorkspaceAccess, type AccessGrant } from '../access/workspace-access.service';
import { RealtimePublisher } from '../realtime/realtime-publisher';
import { BoardRepository, CARD_FIELDS, type CardValues } from './board.repository';
import { resolveMentions } from './mentions';
import { compareKeys, keyBetween } from './positions';

type In<M extends MethodName<'compliance-workflow'>> = MethodParsedInput<'compliance-workflow', M>;

/** The columns a new board starts with. */
export const DEFAULT_COLUMNS = ['Att göra', 'Pågår', 'Klart'] as const;

const CARD_NOT_FOUND = 'Kortet finns inte.';
const COLUMN_NOT_FOUND = 'Kolumnen finns inte.';
const STALE_CARD = 'Någon annan har ändrat kortet. Ladda om och försök igen.';

const EMPTY_CARD: CardValues = {
  title: '',
  description: '',
  lawRef: null,
  requirementId: null,
  assigneeIds: [],
  dueDate: null,
  labels: [],
  checklist: [],
};

const valuesOf = (card: Card): CardValues => ({
  title: card.title,
  description: card.description,
  lawRef: card.lawRef,
  requirementId: card.requirementId,
  assigneeIds: card.assigneeIds,
  dueDate: card.dueDate,
  labels: card.labels,
  checklist: card.checklist,
});

const invalid = (path: string, message: string) => refuse(ErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });

type Publish = Omit<RealtimeEvent, 'at' | 'workspaceId' | 'actorId'>;

/**
 * The Kanban board of a workspace. Every method checks access first (read for
 * looking, write for changing), then finds the column or card inside the
 * caller's workspace. Changes run in one transaction with their activity
 * entry; the real-time event goes out after the commit.
 *
 * Ordering: fractional keys (see positions.ts). A card move locks the target
 * column's row, so moves into one column are serialised and two moves into
 * the same gap get distinct keys; the new key is computed from the
 * neighbours' keys as they are under the lock (a neighbour the client saw but
 * that has moved on is handled by placing the card right after `after` — or
 * right before `before` — as the column is now).
 */
@Injectable()
export class BoardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: WorkspaceAccess,
    private readonly activity: ActivityService,
    private readonly realtime: RealtimePublisher,
    private readonly repo: BoardRepository,
  ) {}

  /* ------------------------------------------------------------------ board */

  async get(input: In<'board.get'>): Promise<OperationResult<Board>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    await this.ensureBoard(grant.value.workspaceId);
    const m = this.dataSource.manager;
    return succeed({ columns: await this.repo.columns(m, grant.value.workspaceId), cards: await this.repo.cards(m, grant.value.workspaceId) });
  }

  /** The board with its default columns, created once (also when several callers come first at the same time). */
  private async ensureBoard(workspaceId: string): Promise<void> {
    if (await this.repo.boardExists(this.dataSource.manager, workspaceId)) return;
    await this.dataSource.transaction((m) => this.repo.createBoard(m, workspaceId, DEFAULT_COLUMNS));
  }

  /* ---------------------------------------------------------------- columns */

  async createColumn(input: In<'board.columns.create'>): Promise<OperationResult<BoardColumn>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    await this.ensureBoard(g.workspaceId);
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<BoardColumn>> => {
      await this.repo.lockBoard(m, g.workspaceId);
      if (await this.repo.columnNameTaken(m, g.workspaceId, input.name, null)) return this.nameTaken(input.name);
      const place = await this.columnSlot(m, g.workspaceId, input.afterColumnId, null, 'end');
      if (!place.ok) return place;
      const column = await this.repo.insertColumn(m, g.workspaceId, input.name, place.value);
      await this.activity.record(m, g, {
        entityType: 'column',
        entityId: column.id,
        action: 'created',
        changes: [{ field: 'name', from: null, to: column.name }, { field: 'position', from: null, to: column.position }],
        summary: column.name,
      });
      return succeed(column);
    });
    if (result.ok) await this.publish(g, { type: 'column.created', data: result.value });
    return result;
  }

  async updateColumn(input: In<'board.columns.update'>): Promise<OperationResult<BoardColumn>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<BoardColumn>> => {
      await this.repo.lockBoard(m, g.workspaceId);
      const before = await this.repo.column(m, g.workspaceId, input.columnId, true);
      if (!before) return refuse(ErrorCode.NOT_FOUND, COLUMN_NOT_FOUND);
      const name = input.name ?? before.name;
      if (name !== before.name && (await this.repo.columnNameTaken(m, g.workspaceId, name, before.id))) return this.nameTaken(name);
      let position = before.position;
      if (input.afterColumnId !== undefined) {
        if (input.afterColumnId === before.id) return invalid('afterColumnId', 'En kolumn kan inte placeras efter sig själv.');
        const place = await this.columnSlot(m, g.workspaceId, input.afterColumnId, before, 'start');
        if (!place.ok) return place;
        position = place.value;
      }
      if (name === before.name && position === before.position) return succeed(before);
      const after = await this.repo.updateColumn(m, before.id, name, position);
      await this.activity.record(m, g, {
        entityType: 'column',
        entityId: after.id,
        action: position !== before.position && name === before.name ? 'moved' : 'updated',
        changes: fieldChanges(before, after, ['name', 'position']),
        summary: after.name,
      });
      return succeed(after);
    });
    if (result.ok) await this.publish(g, { type: 'column.updated', data: result.value });
    return result;
  }

  async deleteColumn(input: In<'board.columns.delete'>): Promise<OperationResult<{ removed: true }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<{ removed: true }>> => {
      // The column's row lock keeps cards from moving in while it is checked and deleted.
      const column = await this.repo.column(m, g.workspaceId, input.columnId, true);
      if (!column) return refuse(ErrorCode.NOT_FOUND, COLUMN_NOT_FOUND);
      const cards = await this.repo.countCards(m, column.id);
      if (cards > 0) {
        return refuse(ErrorCode.CONFLICT, `Kolumnen ”${column.name}” innehåller ${cards} kort. Flytta eller ta bort korten först.`, { cardCount: cards });
      }
      await this.repo.deleteColumn(m, column.id);
      await this.activity.record(m, g, {
        entityType: 'column',
        entityId: column.id,
        action: 'deleted',
        changes: [{ field: 'name', from: column.name, to: null }],
        summary: column.name,
      });
      return succeed({ removed: true as const });
    });
    if (result.ok) await this.publish(g, { type: 'column.deleted', data: { id: input.columnId } });
    return result;
  }

  /**
   * The key for a column placed right after `afterColumnId` (before the
   * column that follows it now); null puts it at `nullMeans` (a new column
   * goes last, a moved one first). Call with the board locked.
   */
  private async columnSlot(
    m: EntityManager,
    workspaceId: string,
    afterColumnId: string | null,
    moving: BoardColumn | null,
    nullMeans: 'start' | 'end',
  ): Promise<OperationResult<string>> {
    const except = moving?.id ?? null;
    if (afterColumnId === null) {
      if (nullMeans === 'end') return succeed(keyBetween(await this.repo.lastColumnKey(m, workspaceId, except), null));
      const first = await this.repo.nextColumnKey(m, workspaceId, null, except);
      if (moving && (first === null || compareKeys(moving.position, first) < 0)) return succeed(moving.position);
      return succeed(keyBetween(null, first));
    }
    const after = await this.repo.column(m, workspaceId, afterColumnId);
    if (!after) return refuse(ErrorCode.NOT_FOUND, COLUMN_NOT_FOUND);
    const next = await this.repo.nextColumnKey(m, workspaceId, after.position, except);
    // Already right there: keep the key.
    if (moving && compareKeys(after.position, moving.position) < 0 && (next === null || compareKeys(moving.position, next) < 0)) {
      return succeed(moving.position);
    }
    return succeed(keyBetween(after.position, next));
  }

  private nameTaken(name: string): OperationResult<never> {
    return refuse(ErrorCode.CONFLICT, `Det finns redan en kolumn som heter ”${name}”.`, { issues: [{ path: 'name', message: 'Namnet används redan' }] });
  }

  /* ------------------------------------------------------------------ cards */

  async createCard(input: In<'board.cards.create'>): Promise<OperationResult<Card>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<Card>> => {
      // The column's lock serialises every placement into it (distinct keys).
      const column = await this.repo.column(m, g.workspaceId, input.columnId, true);
      if (!column) return refuse(ErrorCode.NOT_FOUND, COLUMN_NOT_FOUND);
      const values = await this.checkValues(m, g, { ...EMPTY_CARD, ...definedFields(input.fields) }, EMPTY_CARD);
      if (!values.ok) return values;
      const position = keyBetween(await this.repo.previousCardKey(m, column.id, null, null), null);
      const id = await this.repo.insertCard(m, g.workspaceId, column.id, position, values.value, g.userId);
      const card = (await this.repo.card(m, g.workspaceId, id)) as Card;
      await this.activity.record(m, g, {
        entityType: 'card',
        entityId: card.id,
        action: 'created',
        changes: [{ field: 'column', from: null, to: column.name }, ...fieldChanges(EMPTY_CARD, valuesOf(card), CARD_FIELDS)],
        summary: card.title,
      });
      return succeed(card);
    });
    if (result.ok) await this.publish(g, { type: 'card.created', data: result.value });
    return result;
  }

  /** Optimistic concurrency: a stale `version` is CONFLICT with the card as it is now. */
  async updateCard(input: In<'board.cards.update'>): Promise<OperationResult<Card>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    let changed = false;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<Card>> => {
      const current = await this.repo.card(m, g.workspaceId, input.cardId, true);
      if (!current) return refuse(ErrorCode.NOT_FOUND, CARD_NOT_FOUND);
      if (current.version !== input.version) return refuse(ErrorCode.CONFLICT, STALE_CARD, { current });
      const before = valuesOf(current);
      const values = await this.checkValues(m, g, { ...before, ...definedFields(input.fields) }, before);
      if (!values.ok) return values;
      const changes = fieldChanges(before, values.value, CARD_FIELDS);
      if (changes.length === 0) return succeed(current);
      await this.repo.updateCard(m, current.id, values.value);
      await this.activity.record(m, g, { entityType: 'card', entityId: current.id, action: 'updated', changes, summary: values.value.title });
      changed = true;
      return succeed((await this.repo.card(m, g.workspaceId, current.id)) as Card);
    });
    if (result.ok && changed) await this.publish(g, { type: 'card.updated', data: result.value });
    return result;
  }

  /**
   * Places the card between `afterCardId` and `beforeCardId` of the target
   * column (null: at that end; both null: last). Both neighbours must be
   * cards of that column, in that order.
   */
  async moveCard(input: In<'board.cards.move'>): Promise<OperationResult<Card>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    let changed = false;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<Card>> => {
      const found = await this.repo.card(m, g.workspaceId, input.cardId);
      if (!found) return refuse(ErrorCode.NOT_FOUND, CARD_NOT_FOUND);
      // Lock order everywhere: the target column, then the card.
      const target = await this.repo.column(m, g.workspaceId, input.columnId, true);
      if (!target) return refuse(ErrorCode.NOT_FOUND, COLUMN_NOT_FOUND);
      const card = await this.repo.card(m, g.workspaceId, input.cardId, true);
      if (!card) return refuse(ErrorCode.NOT_FOUND, CARD_NOT_FOUND);
      if (input.version !== undefined && card.version !== input.version) return refuse(ErrorCode.CONFLICT, STALE_CARD, { current: card });
      if (input.afterCardId === card.id || input.beforeCardId === card.id) {
        return invalid(input.afterCardId === card.id ? 'afterCardId' : 'beforeCardId', 'Ett kort kan inte placeras bredvid sig självt.');
      }
      const neighbour = async (id: string | null, path: string): Promise<OperationResult<Card | null>> => {
        if (id === null) return succeed(null);
        const n = await this.repo.card(m, g.workspaceId, id);
        if (!n) return refuse(ErrorCode.NOT_FOUND, 'Grannkortet finns inte.');
        if (n.columnId !== target.id) return invalid(path, 'Grannkortet finns inte i målkolumnen.');
        return succeed(n);
      };
      const after = await neighbour(input.afterCardId, 'afterCardId');
      if (!after.ok) return after;
      const before = await neighbour(input.beforeCardId, 'beforeCardId');
      if (!before.ok) return before;
      if (after.value && before.value && compareKeys(after.value.position, before.value.position) >= 0) {
        return invalid('beforeCardId', 'Korten före och efter står i fel ordning. Ladda om tavlan och försök igen.');
      }
      // The gap as the column is now (under the lock), without the card itself.
      let lo: string | null;
      let hi: string | null;
      if (after.value) {
        lo = after.value.position;
        hi = await this.repo.nextCardKey(m, target.id, lo, card.id);
      } else if (before.value) {
        hi = before.value.position;
        lo = await this.repo.previousCardKey(m, target.id, hi, card.id);
      } else {
        lo = await this.repo.previousCardKey(m, target.id, null, card.id);
        hi = null;
      }
      const inPlace =
        card.columnId === target.id && (lo === null || compareKeys(lo, card.position) < 0) && (hi === null || compareKeys(card.position, hi) < 0);
      if (inPlace) return succeed(card);
      const position = keyBetween(lo, hi);
      const from = card.columnId === target.id ? target : await this.repo.column(m, g.workspaceId, card.columnId);
      await this.repo.moveCard(m, card.id, target.id, position);
      await this.activity.record(m, g, {
        entityType: 'card',
        entityId: card.id,
        action: 'moved',
        changes: [
          ...(card.columnId !== target.id
            ? [
                { field: 'column', from: from?.name ?? null, to: target.name },
                { field: 'columnId', from: card.columnId, to: target.id },
              ]
            : []),
          { field: 'position', from: card.position, to: position },
        ],
        summary: card.title,
      });
      changed = true;
      return succeed((await this.repo.card(m, g.workspaceId, card.id)) as Card);
    });
    if (result.ok && changed) await this.publish(g, { type: 'card.moved', data: result.value });
    return result;
  }

  async deleteCard(input: In<'board.cards.delete'>): Promise<OperationResult<{ removed: true }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<{ removed: true }>> => {
      const card = await this.repo.card(m, g.workspaceId, input.cardId, true);
      if (!card) return refuse(ErrorCode.NOT_FOUND, CARD_NOT_FOUND);
      const column = await this.repo.column(m, g.workspaceId, card.columnId);
      await this.repo.deleteCard(m, card.id);
      await this.activity.record(m, g, {
        entityType: 'card',
        entityId: card.id,
        action: 'deleted',
        changes: [{ field: 'column', from: column?.name ?? null, to: null }, ...fieldChanges(valuesOf(card), EMPTY_CARD, CARD_FIELDS)],
        summary: card.title,
      });
      return succeed({ removed: true as const });
    });
    if (result.ok) await this.publish(g, { type: 'card.deleted', data: { id: input.cardId } });
    return result;
  }

  /**
   * The rules a card's fields follow beyond their shape: assignees are
   * members of the workspace, a requirement belongs to it, checklist items
   * have distinct ids. Duplicates in assignees and labels are dropped.
   * Unchanged references are not re-checked (a removed member stays
   * assigned until someone edits the assignees).
   */
  private async checkValues(m: EntityManager, g: AccessGrant, values: CardValues, before: CardValues): Promise<OperationResult<CardValues>> {
    const assigneeIds = [...new Set(values.assigneeIds)];
    const labels = [...new Set(values.labels)];
    if (JSON.stringify(assigneeIds) !== JSON.stringify(before.assigneeIds)) {
      const members = await this.repo.memberIds(m, g.workspaceId, assigneeIds);
      if (assigneeIds.some((id) => !members.has(id))) return invalid('fields.assigneeIds', 'Ansvariga måste vara medlemmar i arbetsytan.');
    }
    if (values.requirementId && values.requirementId !== before.requirementId && !(await this.repo.requirementExists(m, g.workspaceId, values.requirementId))) {
      return invalid('fields.requirementId', 'Kravpunkten finns inte i arbetsytan.');
    }
    if (new Set(values.checklist.map((i) => i.id)).size !== values.checklist.length) {
      return invalid('fields.checklist', 'Punkterna i checklistan måste ha olika id.');
    }
    return succeed({ ...values, assigneeIds, labels });
  }

  /* --------------------------------------------------------------- comments */

  async listComments(input: In<'board.comments.list'>): Promise<OperationResult<{ items: Comment[] }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const m = this.dataSource.manager;
    const card = await this.repo.card(m, grant.value.workspaceId, input.cardId);
    if (!card) return refuse(ErrorCode.NOT_FOUND, CARD_NOT_FOUND);
    return succeed({ items: await this.repo.comments(m, card.id) });
  }

  /** A comment; `@Namn Efternamn` and `@e-post` of members become mentions (user ids). */
  async addComment(input: In<'board.comments.add'>): Promise<OperationResult<Comment>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<Comment>> => {
      // Locked, so a card deleted meanwhile is "not found" rather than a foreign-key failure.
      const card = await this.repo.card(m, g.workspaceId, input.cardId, true);
      if (!card) return refuse(ErrorCode.NOT_FOUND, CARD_NOT_FOUND);
      const mentions = resolveMentions(input.body, await this.repo.mentionables(m, g.workspaceId));
      const comment = await this.repo.insertComment(m, g.workspaceId, card.id, g.userId, input.body, mentions);
      await this.activity.record(m, g, {
        entityType: 'comment',
        entityId: comment.id,
        action: 'added',
        changes: [
          { field: 'cardId', from: null, to: card.id },
          { field: 'body', from: null, to: comment.body },
          ...(mentions.length > 0 ? [{ field: 'mentions', from: null, to: mentions }] : []),
        ],
        summary: card.title,
      });
      return succeed(comment);
    });
    if (result.ok) await this.publish(g, { type: 'comment.added', data: result.value });
    return result;
  }

  /* ----------------------------------------------------------- system cards */

  /**
   * A card the system creates (a law change), inside the caller's transaction:
   * last in the board's first column (the "Att göra" of a new board; the board
   * with its default columns is created when the workspace has none yet),
   * created_by null, an activity entry in `actorName`'s name. Null when the
   * workspace has deleted every column. The caller publishes `card.created`
   * after its commit (`publishSystemCard`).
   */
  async createSystemCard(m: EntityManager, workspaceId: string, fields: Partial<CardValues> & { title: string }, actorName: string): Promise<Card | null> {
    await this.repo.createBoard(m, workspaceId, DEFAULT_COLUMNS);
    const [first] = await this.repo.columns(m, workspaceId);
    if (!first) return null;
    // The column's lock serialises every placement into it (distinct keys), as for a user's card.
    const column = await this.repo.column(m, workspaceId, first.id, true);
    if (!column) return null;
    const values: CardValues = { ...EMPTY_CARD, ...definedFields(fields) };
    const position = keyBetween(await this.repo.previousCardKey(m, column.id, null, null), null);
    const id = await this.repo.insertCard(m, workspaceId, column.id, position, values, null);
    const card = (await this.repo.card(m, workspaceId, id)) as Card;
    await this.activity.record(m, { workspaceId, userId: null, actorName }, {
      entityType: 'card',
      entityId: card.id,
      action: 'created',
      changes: [{ field: 'column', from: null, to: column.name }, ...fieldChanges(EMPTY_CARD, valuesOf(card), CARD_FIELDS)],
      summary: card.title,
    });
    return card;
  }

  /** `card.created` for a system card, after the transaction that created it committed. */
  publishSystemCard(card: Card, workspaceId: string): Promise<void> {
    return this.realtime.publish({ type: 'card.created', workspaceId, actorId: null, data: card });
  }

  private publish(g: AccessGrant, event: Publish): Promise<void> {
    return this.realtime.publish({ ...event, workspaceId: g.workspaceId, actorId: g.userId });
  }
}

/** The fields the caller sent (a key present with `undefined` does not overwrite). */
function definedFields(fields: Partial<CardValues>): Partial<CardValues> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<CardValues>;
}
