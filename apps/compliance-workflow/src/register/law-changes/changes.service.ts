import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ErrorCode,
  refuse,
  succeed,
  type MethodName,
  type MethodParsedInput,
  type OperationResult,
  type Subscriber,
  type WorkspaceChange,
} from '@laglig/contracts';
import { ActivityService } from '../../activity/activity.service';
import { WorkspaceAccess } from '../../access/workspace-access.service';
import { RealtimePublisher } from '../../realtime/realtime-publisher';
import { LawListEntity } from '../lists/law-list.entity';
import { causeText, lawName } from './change-text';
import { decodeChangeCursor, encodeChangeCursor, WorkspaceChangesReader } from './workspace-changes.read';

type In<M extends MethodName<'compliance-workflow'>> = MethodParsedInput<'compliance-workflow', M>;

const NOT_FOUND = 'Lagändringen finns inte.';

const invalid = (path: string, message: string) => refuse(ErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });

/**
 * The workspace's change feed (every member, auditors included), the
 * acknowledgement (kvittens; MEMBER and up, once) and, for the notifier, who
 * must hear about which statutes.
 */
@Injectable()
export class ChangesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: WorkspaceAccess,
    private readonly activity: ActivityService,
    private readonly realtime: RealtimePublisher,
    private readonly read: WorkspaceChangesReader,
  ) {}

  /** Newest first; filters on list, statute, received date (Europe/Stockholm), substantive and acknowledged. */
  async feed(input: In<'changes.feed'>): Promise<OperationResult<{ items: WorkspaceChange[]; nextCursor: string | null }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const g = grant.value;
    const after = decodeChangeCursor(input.cursor);
    if (input.cursor && !after) return invalid('cursor', 'Ogiltig markör. Börja om från första sidan.');
    const { filter } = input;
    if (filter.from && filter.to && filter.from > filter.to) return invalid('filter.to', 'Slutdatumet ligger före startdatumet.');
    const m = this.dataSource.manager;
    if (filter.listId && !(await m.existsBy(LawListEntity, { id: filter.listId, workspaceId: g.workspaceId }))) {
      return refuse(ErrorCode.NOT_FOUND, 'Listan finns inte.');
    }
    const rows = await this.read.page(m, g.workspaceId, filter, { after, limit: input.limit + 1 });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return succeed({
      items: page.map(WorkspaceChangesReader.publicChange),
      nextCursor: rows.length > input.limit && last ? encodeChangeCursor(last.cursor) : null,
    });
  }

  /** Kvittera: once (CONFLICT with the current record after that), with an optional comment, in the activity log. */
  async acknowledge(input: In<'changes.acknowledge'>): Promise<OperationResult<WorkspaceChange>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const comment = input.comment && input.comment.trim() !== '' ? input.comment.trim() : null;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<WorkspaceChange>> => {
      const rows: Array<{ id: string; sfs: string; title: string; kind: 'new' | 'amended' | 'repealed'; amending_sfs: string | null; acknowledged_at: Date | null }> =
        await m.query(
          `SELECT id, sfs, title, kind, amending_sfs, acknowledged_at FROM compliance.workspace_changes WHERE id = $1 AND workspace_id = $2 FOR UPDATE`,
          [input.workspaceChangeId, g.workspaceId],
        );
      const row = rows[0];
      if (!row) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND);
      if (row.acknowledged_at) {
        return refuse(ErrorCode.CONFLICT, 'Lagändringen är redan kvitterad.', { current: await this.read.one(m, g.workspaceId, row.id) });
      }
      await m.query(
        `UPDATE compliance.workspace_changes
            SET acknowledged_at = now(), acknowledged_by = $2, acknowledged_by_name = $3, acknowledge_comment = $4
          WHERE id = $1`,
        [row.id, g.userId, g.actorName || null, comment],
      );
      await this.activity.record(m, g, {
        entityType: 'change',
        entityId: row.id,
        action: 'acknowledged',
        changes: [{ field: 'acknowledged', from: false, to: true }, ...(comment ? [{ field: 'comment', from: null, to: comment }] : [])],
        summary: `kvitterade lagändring: ${lawName(row.title, row.sfs)} (${causeText({ kind: row.kind, amendingSfs: row.amending_sfs })})${comment ? ` – ${comment}` : ''}`,
      });
      const record = await this.read.one(m, g.workspaceId, row.id);
      if (!record) throw new Error(`workspace change ${row.id} vanished inside its transaction`);
      return succeed(record);
    });
    if (result.ok) await this.realtime.publish({ type: 'change.acknowledged', workspaceId: g.workspaceId, actorId: g.userId, data: result.value });
    return result;
  }

  /**
   * For the notifier: every verified user who is a member (any role) of a
   * workspace with an active list entry for one of the statutes; one item per
   * (user, workspace) with the workspace's lists that hold them.
   */
  async subscribers(input: In<'subscribers.forLaws'>): Promise<OperationResult<{ items: Subscriber[] }>> {
    const rows: Array<{
      user_id: string;
      email: string;
      display_name: string;
      workspace_id: string;
      workspace_name: string;
      list_id: string;
      list_name: string;
      sfs: string[];
    }> = await this.dataSource.query(
      `SELECT u.id AS user_id, u.email, u.display_name, w.id AS workspace_id, w.name AS workspace_name,
              l.id AS list_id, l.name AS list_name, array_agg(DISTINCT i.ref ORDER BY i.ref) AS sfs
         FROM compliance.law_list_items i
         JOIN compliance.law_lists l ON l.id = i.list_id
         JOIN compliance.workspaces w ON w.id = i.workspace_id
         JOIN compliance.memberships ms ON ms.workspace_id = i.workspace_id
         JOIN compliance.users u ON u.id = ms.user_id
        WHERE i.kind = 'SFS' AND i.status = 'active' AND i.ref = ANY($1::text[]) AND u.email_verified_at IS NOT NULL
        GROUP BY u.id, w.id, l.id
        ORDER BY u.id, w.id, l.created_at, l.name, l.id`,
      [[...new Set(input.sfs)]],
    );
    const items: Subscriber[] = [];
    for (const r of rows) {
      let item = items.at(-1);
      if (!item || item.userId !== r.user_id || item.workspaceId !== r.workspace_id) {
        item = { userId: r.user_id, email: r.email, displayName: r.display_name, workspaceId: r.workspace_id, workspaceName: r.workspace_name, lists: [] };
        items.push(item);
      }
      item.lists.push({ listId: r.list_id, listName: r.list_name, sfs: r.sfs });
    }
    return succeed({ items });
  }
}
