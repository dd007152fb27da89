import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { succeed, type ActivityEntity, type ActivityEntry, type FieldChange, type OperationResult } from '@laglig/contracts';
import type { AccessGrant } from '../access/workspace-access.service';
import { ActivityEntryEntity } from './activity.entity';

export interface ActivityRecord {
  entityType: ActivityEntity;
  entityId: string;
  action: string;
  changes?: FieldChange[];
  summary?: string | null;
}

const normalise = (value: unknown): unknown => (value === undefined ? null : value);

/** Field-level changes between two snapshots, for the given fields (deep-compared as JSON). */
export function fieldChanges<T extends object>(before: T, after: T, fields: ReadonlyArray<keyof T & string>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = normalise(before[field]);
    const to = normalise(after[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field, from, to });
  }
  return changes;
}

/**
 * The workspace's activity log (who, what, old → new, when). Written in the
 * transaction of the change it records, so a change without its entry cannot commit.
 */
@Injectable()
export class ActivityService {
  constructor(private readonly dataSource: DataSource) {}

  /** `userId` null: the system did it (e.g. a law change re-opened a requirement); `actorName` says what. */
  async record(manager: EntityManager, grant: { workspaceId: string; userId: string | null; actorName: string }, entry: ActivityRecord): Promise<void> {
    await manager.insert(ActivityEntryEntity, {
      workspaceId: grant.workspaceId,
      actorId: grant.userId,
      actorName: grant.actorName || null,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      changes: (entry.changes ?? []) as never,
      summary: entry.summary ?? null,
    });
  }

  /** Newest first; cursor = the last id seen. The caller has checked read access. */
  async list(
    grant: Pick<AccessGrant, 'workspaceId'>,
    filter: { entityType?: ActivityEntity; entityId?: string; cursor?: string | null; limit: number },
  ): Promise<OperationResult<{ items: ActivityEntry[]; nextCursor: string | null }>> {
    const qb = this.dataSource
      .getRepository(ActivityEntryEntity)
      .createQueryBuilder('a')
      .where('a.workspace_id = :ws', { ws: grant.workspaceId })
      .orderBy('a.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.entityType) qb.andWhere('a.entity_type = :type', { type: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entity_id = :id', { id: filter.entityId });
    if (filter.cursor && /^\d+$/.test(filter.cursor)) qb.andWhere('a.id < :cursor', { cursor: filter.cursor });
    const rows = await qb.getMany();
    const page = rows.slice(0, filter.limit);
    return succeed({
      items: page.map((r) => ({
        id: String(r.id),
        at: r.at.toISOString(),
        actorId: r.actorId,
        actorName: r.actorName,
        entityType: r.entityType,
        entityId: r.entityId,
        action: r.action,
        changes: r.changes,
        summary: r.summary,
      })),
      nextCursor: rows.length > filter.limit ? String(page.at(-1)?.id) : null,
    });
  }
}
