import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CONVERSATION_MAX_MESSAGES,
  CONVERSATION_TITLE_MAX,
  ErrorCode,
  refuse,
  succeed,
  type ChatAnswer,
  type Citation,
  type Conversation,
  type ConversationMessage,
  type ConversationMessageStatus,
  type ConversationSummary,
  type OperationResult,
} from '@laglig/contracts';
import { createLogger } from '@laglig/observability';

/** What an assistant message says when no answer could be given (the question stays, the failure is recorded). */
export const NO_ANSWER_TEXT = 'Inget svar kunde tas fram. Försök igen.';

const NOT_FOUND_MESSAGE = 'Konversationen finns inte.';

export interface StartInput {
  userId: string;
  workspaceId: string | null;
  /** Continue this conversation; absent: start a new one. */
  conversationId?: string;
  question: string;
}

export interface StartedConversation {
  id: string;
  title: string;
  created: boolean;
}

interface ConversationRow {
  id: string;
  user_id: string;
  workspace_id: string | null;
  title: string;
  created_at: Date;
  updated_at: Date;
  /** updated_at with microseconds (the keyset cursor; a JS Date keeps only milliseconds). */
  cursor_at: string;
}

interface MessageRow {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  citations: Citation[];
  status: ConversationMessageStatus | null;
  created_at: Date;
}

const SUMMARY_COLUMNS = `id, user_id, workspace_id, title, created_at, updated_at,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;

/** "Hur många semesterdagar …": the first question, one line, at most CONVERSATION_TITLE_MAX characters. */
export function conversationTitle(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  if (chars.length <= CONVERSATION_TITLE_MAX) return line;
  const cut = chars.slice(0, CONVERSATION_TITLE_MAX - 1).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length >= CONVERSATION_TITLE_MAX / 2 ? atWord : cut}…`;
}

/**
 * Signed-in chat history. A question is stored when it is asked (starting the
 * conversation when needed), its final answer when the answer is done — the
 * authoritative answer (a refusal too), or status `error` with NO_ANSWER_TEXT
 * when none was given, never a streamed draft. Existence before access: a
 * conversation of another user is NOT_FOUND, exactly like a missing one.
 * Questions are personal data and are never logged.
 */
@Injectable()
export class ConversationsService {
  private readonly logger = createLogger('rag').child({ component: 'conversations' });

  constructor(private readonly dataSource: DataSource) {}

  /** Stores the question: in a new conversation, or appended to the user's conversation `conversationId`. */
  async start(input: StartInput): Promise<OperationResult<StartedConversation>> {
    return this.dataSource.transaction(async (tx) => {
      if (!input.conversationId) {
        const title = conversationTitle(input.question);
        const [row] = (await tx.query(
          `INSERT INTO rag.conversations (user_id, workspace_id, title, created_at, updated_at)
           VALUES ($1, $2, $3, clock_timestamp(), clock_timestamp()) RETURNING id`,
          [input.userId, input.workspaceId, title],
        )) as Array<{ id: string }>;
        await this.insertMessage(tx, row.id, 'user', input.question, [], null);
        this.logger.info({ conversationId: row.id, workspaceId: input.workspaceId }, 'conversation started');
        return succeed({ id: row.id, title, created: true });
      }
      // Row lock: two questions at once in one conversation count against its size one after the other.
      const [found] = (await tx.query(
        `SELECT c.id, c.user_id, c.workspace_id, c.title,
                (SELECT count(*)::int FROM rag.conversation_messages m WHERE m.conversation_id = c.id) AS messages
           FROM rag.conversations c WHERE c.id = $1 FOR UPDATE`,
        [input.conversationId],
      )) as Array<{ id: string; user_id: string; workspace_id: string | null; title: string; messages: number }>;
      if (!found || found.user_id !== input.userId) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE);
      if ((found.workspace_id ?? null) !== input.workspaceId) {
        return refuse(
          ErrorCode.INVALID_INPUT,
          found.workspace_id ? 'Konversationen hör till en annan arbetsyta.' : 'Konversationen hör inte till någon arbetsyta.',
        );
      }
      if (found.messages + 2 > CONVERSATION_MAX_MESSAGES) {
        return refuse(ErrorCode.CONFLICT, 'Konversationen är full. Starta en ny konversation.');
      }
      await this.insertMessage(tx, found.id, 'user', input.question, [], null);
      await tx.query(`UPDATE rag.conversations SET updated_at = clock_timestamp() WHERE id = $1`, [found.id]);
      return succeed({ id: found.id, title: found.title, created: false });
    });
  }

  /** Stores the final answer (answered, refused or out of scope). */
  async appendAnswer(conversationId: string, answer: ChatAnswer): Promise<void> {
    await this.append(conversationId, answer.answer, answer.citations, answer.status);
  }

  /** Records that no answer was given (failure, timeout, crash). */
  async appendFailure(conversationId: string): Promise<void> {
    await this.append(conversationId, NO_ANSWER_TEXT, [], 'error');
  }

  async list(input: {
    userId: string;
    workspaceId?: string;
    cursor?: string | null;
    limit: number;
  }): Promise<OperationResult<{ items: ConversationSummary[]; nextCursor: string | null }>> {
    const after = input.cursor ? decodeCursor(input.cursor) : null;
    if (input.cursor && !after) return refuse(ErrorCode.INVALID_INPUT, 'Ogiltig cursor.');
    const params: unknown[] = [input.userId];
    let where = 'user_id = $1';
    if (input.workspaceId) {
      params.push(input.workspaceId);
      where += ` AND workspace_id = $${params.length}`;
    }
    if (after) {
      params.push(after.at, after.id);
      where += ` AND (updated_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(input.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM rag.conversations WHERE ${where} ORDER BY updated_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as ConversationRow[];
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return succeed({
      items: page.map(summary),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last.cursor_at, last.id) : null,
    });
  }

  async get(userId: string, conversationId: string): Promise<OperationResult<Conversation>> {
    const [row] = (await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS} FROM rag.conversations WHERE id = $1`, [conversationId])) as ConversationRow[];
    if (!row || row.user_id !== userId) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE);
    const messages = (await this.dataSource.query(
      `SELECT id, role, text, citations, status, created_at FROM rag.conversation_messages
        WHERE conversation_id = $1
        ORDER BY created_at, CASE role WHEN 'user' THEN 0 ELSE 1 END, id`,
      [conversationId],
    )) as MessageRow[];
    return succeed({ ...summary(row), messages: messages.map(message) });
  }

  /** Deletes the conversation; its messages go with it (ON DELETE CASCADE). */
  async delete(userId: string, conversationId: string): Promise<OperationResult<{ deleted: true }>> {
    return this.dataSource.transaction(async (tx) => {
      const [row] = (await tx.query(`SELECT user_id FROM rag.conversations WHERE id = $1 FOR UPDATE`, [conversationId])) as Array<{ user_id: string }>;
      if (!row || row.user_id !== userId) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE);
      await tx.query(`DELETE FROM rag.conversations WHERE id = $1`, [conversationId]);
      this.logger.info({ conversationId }, 'conversation deleted');
      return succeed({ deleted: true as const });
    });
  }

  private async append(conversationId: string, text: string, citations: readonly Citation[], status: ConversationMessageStatus): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const updated = (await tx.query(`UPDATE rag.conversations SET updated_at = clock_timestamp() WHERE id = $1 RETURNING id`, [conversationId])) as [
        unknown[],
        number,
      ];
      // Deleted while the answer was produced: nothing to append to.
      if (updated[1] === 0) return;
      await this.insertMessage(tx, conversationId, 'assistant', text, citations, status);
    });
  }

  private async insertMessage(
    tx: EntityManager,
    conversationId: string,
    role: 'user' | 'assistant',
    text: string,
    citations: readonly Citation[],
    status: ConversationMessageStatus | null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO rag.conversation_messages (conversation_id, role, text, citations, status, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, clock_timestamp())`,
      [conversationId, role, text, JSON.stringify(citations), status],
    );
  }
}

function summary(row: ConversationRow): ConversationSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    title: row.title,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function message(row: MessageRow): ConversationMessage {
  return { id: row.id, role: row.role, text: row.text, citations: row.citations, status: row.status, createdAt: row.created_at.toISOString() };
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque keyset cursor: the last item's updated_at (microseconds) and id. */
export function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } | null {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !at || !id || !CURSOR_AT.test(at) || !UUID.test(id)) return null;
  return { at, id };
}
