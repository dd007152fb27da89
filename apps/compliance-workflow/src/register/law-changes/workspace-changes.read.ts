import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LawChangeKind, SectionChange, WorkspaceChange } from '@laglig/contracts';
import { diffUrl, requirementPageUrl } from './change-text';

export interface WorkspaceChangeFilter {
  listId?: string;
  sfs?: string;
  /** received_at on or after this date (Europe/Stockholm). */
  from?: string;
  /** received_at on or before this date (Europe/Stockholm). */
  to?: string;
  substantive?: boolean;
  acknowledged?: boolean;
}

/** Keyset of the feed (newest first): received_at with microseconds, and the id. */
export type ChangeCursor = [receivedAt: string, id: string];

export const encodeChangeCursor = (key: ChangeCursor): string => Buffer.from(JSON.stringify(key)).toString('base64url');
export function decodeChangeCursor(cursor: string | null | undefined): ChangeCursor | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(key[0]) &&
      typeof key[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(key[1])
    ) {
      return key as ChangeCursor;
    }
  } catch {
    // fall through: an unreadable cursor
  }
  return null;
}

interface ChangeRow {
  id: string;
  workspace_id: string;
  change_id: string | null;
  sfs: string;
  title: string;
  kind: LawChangeKind;
  amending_sfs: string | null;
  in_force: string | null;
  substantive: boolean;
  sections: SectionChange[];
  lists: Array<{ id: string; name: string }>;
  flagged: Array<{ id: string; title: string; anchor: string | null }>;
  card_id: string | null;
  received_at: Date;
  cursor_at: string;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  acknowledge_comment: string | null;
}

export interface WorkspaceChangeRecord extends WorkspaceChange {
  cursor: ChangeCursor;
}

/**
 * The workspace change records as the contract's WorkspaceChange: lists and
 * flagged requirements as they are now (a deleted list or requirement drops
 * out). Every query is scoped by workspace id.
 */
@Injectable()
export class WorkspaceChangesReader {
  async page(
    m: EntityManager,
    workspaceId: string,
    filter: WorkspaceChangeFilter & { ids?: string[] },
    page: { after?: ChangeCursor | null; limit?: number } = {},
  ): Promise<WorkspaceChangeRecord[]> {
    const params: unknown[] = [workspaceId];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['c.workspace_id = $1'];
    if (filter.ids) where.push(`c.id = ANY(${param(filter.ids)}::uuid[])`);
    if (filter.listId) where.push(`${param(filter.listId)}::uuid = ANY(c.list_ids)`);
    if (filter.sfs) where.push(`c.sfs = ${param(filter.sfs)}`);
    // Calendar days in Sweden: [from 00:00, to + 1 day 00:00) Europe/Stockholm.
    if (filter.from) where.push(`c.received_at >= (${param(filter.from)}::date::timestamp AT TIME ZONE 'Europe/Stockholm')`);
    if (filter.to) where.push(`c.received_at < ((${param(filter.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/Stockholm')`);
    if (filter.substantive !== undefined) where.push(`c.substantive = ${param(filter.substantive)}`);
    if (filter.acknowledged === true) where.push('c.acknowledged_at IS NOT NULL');
    if (filter.acknowledged === false) where.push('c.acknowledged_at IS NULL');
    if (page.after) where.push(`(c.received_at, c.id) < (${param(page.after[0])}::timestamptz, ${param(page.after[1])}::uuid)`);
    const limit = page.limit ? `LIMIT ${param(page.limit)}` : '';
    const rows: ChangeRow[] = await m.query(
      `SELECT c.id, c.workspace_id, c.change_id, c.sfs, c.title, c.kind, c.amending_sfs, c.in_force, c.substantive, c.sections,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name) ORDER BY l.created_at, l.name), '[]'::jsonb)
                 FROM compliance.law_lists l WHERE l.id = ANY(c.list_ids)) AS lists,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'title', r.title, 'anchor', r.anchor) ORDER BY r.list_id, r.position, r.id), '[]'::jsonb)
                 FROM compliance.requirements r WHERE r.id = ANY(c.flagged_requirement_ids)) AS flagged,
              c.card_id, c.received_at,
              to_char(c.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
              c.acknowledged_at, c.acknowledged_by, c.acknowledged_by_name, c.acknowledge_comment
         FROM compliance.workspace_changes c
        WHERE ${where.join(' AND ')}
        ORDER BY c.received_at DESC, c.id DESC
        ${limit}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      changeId: r.change_id,
      sfs: r.sfs,
      title: r.title,
      kind: r.kind,
      amendingSfs: r.amending_sfs,
      inForce: r.in_force,
      substantive: r.substantive,
      sections: r.sections,
      lists: r.lists,
      flaggedRequirements: r.flagged.map((q) => ({ id: q.id, title: q.title, anchor: q.anchor, url: requirementPageUrl(r.workspace_id, q.id) })),
      cardId: r.card_id,
      receivedAt: r.received_at.toISOString(),
      acknowledgedAt: r.acknowledged_at ? r.acknowledged_at.toISOString() : null,
      acknowledgedBy: r.acknowledged_by ? { id: r.acknowledged_by, name: r.acknowledged_by_name ?? '' } : null,
      acknowledgeComment: r.acknowledge_comment,
      diffUrl: diffUrl(r.sfs, r.change_id),
      cursor: [r.cursor_at, r.id],
    }));
  }

  async one(m: EntityManager, workspaceId: string, id: string): Promise<WorkspaceChange | null> {
    const [row] = await this.page(m, workspaceId, { ids: [id] });
    return row ? WorkspaceChangesReader.publicChange(row) : null;
  }

  static publicChange(r: WorkspaceChangeRecord): WorkspaceChange {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { cursor, ...dto } = r;
    return dto;
  }
}
