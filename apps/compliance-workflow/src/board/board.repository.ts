import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BoardColumn, Card, Comment } from '@laglig/contracts';
import type { Mentionable } from './mentions';
import { keysBetween } from './positions';

/** What a card holds besides its place and bookkeeping (the fields a user edits). */
export interface CardValues {
  title: string;
  description: string;
  lawRef: string | null;
  requirementId: string | null;
  assigneeIds: string[];
  dueDate: string | null;
  labels: string[];
  checklist: Card['checklist'];
}

export const CARD_FIELDS = ['title', 'description', 'lawRef', 'requirementId', 'assigneeIds', 'dueDate', 'labels', 'checklist'] as const;

interface ColumnRow {
  id: string;
  name: string;
  position: string;
}

interface CardRow {
  id: string;
  column_id: string;
  position: string;
  title: string;
  description: string;
  law_ref: string | null;
  requirement_id: string | null;
  assignee_ids: string[];
  due_date: string | null;
  labels: string[];
  checklist: Card['checklist'];
  version: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  comment_count: number;
}

interface CommentRow {
  id: string;
  card_id: string;
  author_id: string;
  author_name: string;
  body: string;
  mentions: string[];
  created_at: Date;
}

const CARD_SELECT = `
  SELECT c.id, c.column_id, c.position, c.title, c.description, c.law_ref, c.requirement_id, c.assignee_ids,
         c.due_date::text AS due_date, c.labels, c.checklist, c.version, c.created_by, c.created_at, c.updated_at,
         (SELECT count(*)::int FROM compliance.board_comments m WHERE m.card_id = c.id) AS comment_count
    FROM compliance.board_cards c`;

const COMMENT_SELECT = `
  SELECT m.id, m.card_id, m.author_id, u.display_name AS author_name, m.body, m.mentions, m.created_at
    FROM compliance.board_comments m
    JOIN compliance.users u ON u.id = m.author_id`;

const toColumn = (r: ColumnRow): BoardColumn => ({ id: r.id, name: r.name, position: r.position });

const toCard = (r: CardRow): Card => ({
  id: r.id,
  columnId: r.column_id,
  position: r.position,
  title: r.title,
  description: r.description,
  lawRef: r.law_ref,
  requirementId: r.requirement_id,
  assigneeIds: r.assignee_ids,
  dueDate: r.due_date,
  labels: r.labels,
  checklist: r.checklist,
  commentCount: r.comment_count,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const toComment = (r: CommentRow): Comment => ({
  id: r.id,
  cardId: r.card_id,
  authorId: r.author_id,
  authorName: r.author_name,
  body: r.body,
  mentions: r.mentions,
  createdAt: r.created_at.toISOString(),
});

/**
 * SQL of the board. Every lookup is scoped by workspace id, so another
 * workspace's column or card is simply not found. Methods that take `lock`
 * add FOR UPDATE (the caller holds a transaction).
 */
@Injectable()
export class BoardRepository {
  async boardExists(m: EntityManager, workspaceId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM compliance.boards WHERE workspace_id = $1`, [workspaceId]);
    return rows.length > 0;
  }

  /**
   * Creates the board with its default columns unless it exists. Safe under
   * concurrency: a second transaction inserting the same board row waits on
   * the primary key until the first commits, then inserts nothing.
   */
  async createBoard(m: EntityManager, workspaceId: string, columnNames: readonly string[]): Promise<boolean> {
    const created: unknown[] = await m.query(
      `INSERT INTO compliance.boards (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO NOTHING RETURNING workspace_id`,
      [workspaceId],
    );
    if (created.length === 0) return false;
    const keys = keysBetween(null, null, columnNames.length);
    for (const [i, name] of columnNames.entries()) {
      await m.query(`INSERT INTO compliance.board_columns (workspace_id, name, position) VALUES ($1, $2, $3)`, [workspaceId, name, keys[i]]);
    }
    return true;
  }

  /** Serialises changes to the column order of a workspace. */
  async lockBoard(m: EntityManager, workspaceId: string): Promise<void> {
    await m.query(`SELECT workspace_id FROM compliance.boards WHERE workspace_id = $1 FOR UPDATE`, [workspaceId]);
  }

  async columns(m: EntityManager, workspaceId: string): Promise<BoardColumn[]> {
    const rows: ColumnRow[] = await m.query(`SELECT id, name, position FROM compliance.board_columns WHERE workspace_id = $1 ORDER BY position`, [
      workspaceId,
    ]);
    return rows.map(toColumn);
  }

  async column(m: EntityManager, workspaceId: string, columnId: string, lock = false): Promise<BoardColumn | null> {
    const rows: ColumnRow[] = await m.query(
      `SELECT id, name, position FROM compliance.board_columns WHERE id = $1 AND workspace_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [columnId, workspaceId],
    );
    return rows[0] ? toColumn(rows[0]) : null;
  }

  async columnNameTaken(m: EntityManager, workspaceId: string, name: string, exceptId: string | null): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM compliance.board_columns WHERE workspace_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
      [workspaceId, name, exceptId],
    );
    return rows.length > 0;
  }

  /** The column key right after `after` (null: the first key), skipping `exceptId`. */
  async nextColumnKey(m: EntityManager, workspaceId: string, after: string | null, exceptId: string | null): Promise<string | null> {
    const rows: Array<{ position: string }> = await m.query(
      `SELECT position FROM compliance.board_columns
        WHERE workspace_id = $1 AND ($2::text IS NULL OR position > $2) AND id IS DISTINCT FROM $3::uuid
        ORDER BY position LIMIT 1`,
      [workspaceId, after, exceptId],
    );
    return rows[0]?.position ?? null;
  }

  async lastColumnKey(m: EntityManager, workspaceId: string, exceptId: string | null): Promise<string | null> {
    const rows: Array<{ position: string }> = await m.query(
      `SELECT position FROM compliance.board_columns WHERE workspace_id = $1 AND id IS DISTINCT FROM $2::uuid ORDER BY position DESC LIMIT 1`,
      [workspaceId, exceptId],
    );
    return rows[0]?.position ?? null;
  }

  async insertColumn(m: EntityManager, workspaceId: string, name: string, position: string): Promise<BoardColumn> {
    const rows: ColumnRow[] = await m.query(
      `INSERT INTO compliance.board_columns (workspace_id, name, position) VALUES ($1, $2, $3) RETURNING id, name, position`,
      [workspaceId, name, position],
    );
    return toColumn(rows[0] as ColumnRow);
  }

  async updateColumn(m: EntityManager, columnId: string, name: string, position: string): Promise<BoardColumn> {
    await m.query(`UPDATE compliance.board_columns SET name = $2, position = $3, updated_at = now() WHERE id = $1`, [columnId, name, position]);
    const rows: ColumnRow[] = await m.query(`SELECT id, name, position FROM compliance.board_columns WHERE id = $1`, [columnId]);
    return toColumn(rows[0] as ColumnRow);
  }

  async deleteColumn(m: EntityManager, columnId: string): Promise<void> {
    await m.query(`DELETE FROM compliance.board_columns WHERE id = $1`, [columnId]);
  }

  async countCards(m: EntityManager, columnId: string): Promise<number> {
    const rows: Array<{ n: number }> = await m.query(`SELECT count(*)::int AS n FROM compliance.board_cards WHERE column_id = $1`, [columnId]);
    return rows[0]?.n ?? 0;
  }

  /** Every card of the workspace, in board order (column, then position). */
  async cards(m: EntityManager, workspaceId: string): Promise<Card[]> {
    const rows: CardRow[] = await m.query(
      `${CARD_SELECT} JOIN compliance.board_columns col ON col.id = c.column_id
        WHERE c.workspace_id = $1 ORDER BY col.position, c.position`,
      [workspaceId],
    );
    return rows.map(toCard);
  }

  async card(m: EntityManager, workspaceId: string, cardId: string, lock = false): Promise<Card | null> {
    const rows: CardRow[] = await m.query(`${CARD_SELECT} WHERE c.id = $1 AND c.workspace_id = $2${lock ? ' FOR UPDATE OF c' : ''}`, [
      cardId,
      workspaceId,
    ]);
    return rows[0] ? toCard(rows[0]) : null;
  }

  /** The first card key after `after` in the column (null `after`: the first key), skipping `exceptId`. */
  async nextCardKey(m: EntityManager, columnId: string, after: string | null, exceptId: string): Promise<string | null> {
    const rows: Array<{ position: string }> = await m.query(
      `SELECT position FROM compliance.board_cards
        WHERE column_id = $1 AND ($2::text IS NULL OR position > $2) AND id <> $3
        ORDER BY position LIMIT 1`,
      [columnId, after, exceptId],
    );
    return rows[0]?.position ?? null;
  }

  /** The last card key before `before` in the column (null `before`: the last key), skipping `exceptId`. */
  async previousCardKey(m: EntityManager, columnId: string, before: string | null, exceptId: string | null): Promise<string | null> {
    const rows: Array<{ position: string }> = await m.query(
      `SELECT position FROM compliance.board_cards
        WHERE column_id = $1 AND ($2::text IS NULL OR position < $2) AND id IS DISTINCT FROM $3::uuid
        ORDER BY position DESC LIMIT 1`,
      [columnId, before, exceptId],
    );
    return rows[0]?.position ?? null;
  }

  /** `createdBy` null: the system created the card (a law change). */
  async insertCard(m: EntityManager, workspaceId: string, columnId: string, position: string, values: CardValues, createdBy: string | null): Promise<string> {
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO compliance.board_cards
         (workspace_id, column_id, position, title, description, law_ref, requirement_id, assignee_ids, due_date, labels, checklist, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9::date, $10::text[], $11::jsonb, $12)
       RETURNING id`,
      [
        workspaceId,
        columnId,
        position,
        values.title,
        values.description,
        values.lawRef,
        values.requirementId,
        values.assigneeIds,
        values.dueDate,
        values.labels,
        JSON.stringify(values.checklist),
        createdBy,
      ],
    );
    return (rows[0] as { id: string }).id;
  }

  /** Writes the fields and bumps the version; a new due date clears the reminder mark. */
  async updateCard(m: EntityManager, cardId: string, values: CardValues): Promise<void> {
    await m.query(
      `UPDATE compliance.board_cards
          SET title = $2, description = $3, law_ref = $4, requirement_id = $5, assignee_ids = $6::uuid[],
              due_reminded_at = CASE WHEN due_date IS DISTINCT FROM $7::date THEN NULL ELSE due_reminded_at END,
              due_date = $7::date, labels = $8::text[], checklist = $9::jsonb,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        cardId,
        values.title,
        values.description,
        values.lawRef,
        values.requirementId,
        values.assigneeIds,
        values.dueDate,
        values.labels,
        JSON.stringify(values.checklist),
      ],
    );
  }

  async moveCard(m: EntityManager, cardId: string, columnId: string, position: string): Promise<void> {
    await m.query(
      `UPDATE compliance.board_cards SET column_id = $2, position = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [cardId, columnId, position],
    );
  }

  async deleteCard(m: EntityManager, cardId: string): Promise<void> {
    await m.query(`DELETE FROM compliance.board_cards WHERE id = $1`, [cardId]);
  }

  /** The members among `userIds` (every role counts). */
  async memberIds(m: EntityManager, workspaceId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: Array<{ user_id: string }> = await m.query(
      `SELECT user_id FROM compliance.memberships WHERE workspace_id = $1 AND user_id = ANY($2::uuid[])`,
      [workspaceId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  async mentionables(m: EntityManager, workspaceId: string): Promise<Mentionable[]> {
    const rows: Array<{ id: string; display_name: string; email: string }> = await m.query(
      `SELECT u.id, u.display_name, u.email FROM compliance.memberships ms JOIN compliance.users u ON u.id = ms.user_id
        WHERE ms.workspace_id = $1 ORDER BY u.display_name, u.id`,
      [workspaceId],
    );
    return rows.map((r) => ({ userId: r.id, displayName: r.display_name, email: r.email }));
  }

  /** Whether a requirement of this workspace has the id (the register part owns the table; no foreign key across parts). */
  async requirementExists(m: EntityManager, workspaceId: string, requirementId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM compliance.requirements WHERE id = $1 AND workspace_id = $2`, [requirementId, workspaceId]);
    return rows.length > 0;
  }

  async comments(m: EntityManager, cardId: string): Promise<Comment[]> {
    const rows: CommentRow[] = await m.query(`${COMMENT_SELECT} WHERE m.card_id = $1 ORDER BY m.created_at, m.id`, [cardId]);
    return rows.map(toComment);
  }

  async insertComment(m: EntityManager, workspaceId: string, cardId: string, authorId: string, body: string, mentions: string[]): Promise<Comment> {
    const inserted: Array<{ id: string }> = await m.query(
      `INSERT INTO compliance.board_comments (workspace_id, card_id, author_id, body, mentions) VALUES ($1, $2, $3, $4, $5::uuid[]) RETURNING id`,
      [workspaceId, cardId, authorId, body, mentions],
    );
    const rows: CommentRow[] = await m.query(`${COMMENT_SELECT} WHERE m.id = $1`, [(inserted[0] as { id: string }).id]);
    return toComment(rows[0] as CommentRow);
  }
}
