import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Evidence, LawList, LawListItem, LawListSummary, Requirement, RequirementReviewFlag, RequirementStatus } from '@laglig/contracts';
import { AfsCatalog } from './reference/afs-catalog';
import { AREAS, REGISTER_LAWS } from './rules/rule-set';
import { lawPageUrl, sectionLabel } from './section-label';

/** "1977:1160" → [1977, 1160]; "AFS 2023:10" → [2023, 10] (numeric order of references). */
function refNumbers(ref: string): [number, number] {
  const m = /(\d{4}):(\d+)/.exec(ref);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/**
 * Register order: Område as AREAS lists them (unknown areas last, by name),
 * then the rule table's order of laws, then SFS before AFS and by number.
 */
export function compareLaws(a: { area: string; ref: string; kind: string }, b: { area: string; ref: string; kind: string }): number {
  const rank = (area: string): number => {
    const i = (AREAS as readonly string[]).indexOf(area);
    return i < 0 ? AREAS.length : i;
  };
  const lawRank = (ref: string): number => {
    const i = REGISTER_LAWS.findIndex((l) => l.ref === ref);
    return i < 0 ? REGISTER_LAWS.length : i;
  };
  const [ay, an] = refNumbers(a.ref);
  const [by, bn] = refNumbers(b.ref);
  return (
    rank(a.area) - rank(b.area) ||
    a.area.localeCompare(b.area, 'sv') ||
    lawRank(a.ref) - lawRank(b.ref) ||
    a.kind.localeCompare(b.kind) ||
    ay - by ||
    an - bn
  );
}

/** Today's date in Sweden (YYYY-MM-DD): what "overdue" is measured against. */
export function stockholmToday(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export interface RequirementFilter {
  requirementIds?: string[];
  listId?: string;
  itemId?: string;
  status?: RequirementStatus | 'UNASSESSED';
  responsibleUserId?: string;
  ref?: string;
  overdue?: boolean;
  /** Flagged "Behöver omprövas" (true) or not (false). */
  needsReview?: boolean;
  /** Requirements of removed laws too (default: only laws that are on the list). */
  includeRemovedItems?: boolean;
}

/** Sort key of the register (Område, law, position, id); the cursor is the last row's key. */
export type RequirementCursor = [area: string, ref: string, position: number, id: string];

export const encodeCursor = (key: RequirementCursor): string => Buffer.from(JSON.stringify(key)).toString('base64url');
export function decodeCursor(cursor: string | null | undefined): RequirementCursor | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === 4 &&
      typeof key[0] === 'string' &&
      typeof key[1] === 'string' &&
      Number.isInteger(key[2]) &&
      typeof key[3] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(key[3])
    ) {
      return key as RequirementCursor;
    }
  } catch {
    // fall through: an unreadable cursor
  }
  return null;
}

interface RequirementRow {
  id: string;
  list_id: string;
  item_id: string;
  kind: 'SFS' | 'AFS';
  ref: string;
  law_title: string;
  area: string;
  item_status: 'active' | 'removed';
  anchor: string | null;
  title: string;
  description: string;
  origin: 'suggested' | 'manual';
  status: RequirementStatus | null;
  motivation: string | null;
  action: string | null;
  responsible_user_id: string | null;
  responsible_name: string | null;
  review_date: string | null;
  assessed_by_name: string | null;
  assessed_at: Date | null;
  position: number;
  version: number;
  created_at: Date;
  updated_at: Date;
  evidence_count: number;
  overdue: boolean;
  review_flag: RequirementReviewFlag | null;
}

/** A requirement with what the export needs besides the DTO. */
export interface RegisterRequirement extends Requirement {
  kind: 'SFS' | 'AFS';
  position: number;
  itemStatus: 'active' | 'removed';
}

interface ItemRow {
  id: string;
  list_id: string;
  kind: 'SFS' | 'AFS';
  ref: string;
  title: string;
  area: string;
  reasons: string[];
  origin: 'generated' | 'manual';
  status: 'active' | 'removed';
  removed_reason: string | null;
  created_at: Date;
  total: number;
  uppfylld: number;
  delvis: number;
  ej_uppfylld: number;
  ej_tillamplig: number;
}

const counts = (r: { total: number; uppfylld: number; delvis: number; ej_uppfylld: number; ej_tillamplig: number }) => ({
  total: r.total,
  UPPFYLLD: r.uppfylld,
  DELVIS: r.delvis,
  EJ_UPPFYLLD: r.ej_uppfylld,
  EJ_TILLAMPLIG: r.ej_tillamplig,
  unassessed: r.total - r.uppfylld - r.delvis - r.ej_uppfylld - r.ej_tillamplig,
});

const COUNT_COLUMNS = `
  count(r.id)::int AS total,
  count(*) FILTER (WHERE r.status = 'UPPFYLLD')::int AS uppfylld,
  count(*) FILTER (WHERE r.status = 'DELVIS')::int AS delvis,
  count(*) FILTER (WHERE r.status = 'EJ_UPPFYLLD')::int AS ej_uppfylld,
  count(*) FILTER (WHERE r.status = 'EJ_TILLAMPLIG')::int AS ej_tillamplig`;

/**
 * How the register reads back as the contract's DTOs: requirements with
 * their law and responsible person, list items with status counts, list
 * summaries. Every query is scoped by workspace id.
 */
@Injectable()
export class RegisterReadModel {
  constructor(@Inject(AfsCatalog) private readonly afs: AfsCatalog) {}

  /** Public page of a law: the law page for SFS (with the section), the agency's page for AFS. */
  lawUrl(kind: 'SFS' | 'AFS', ref: string, anchor?: string | null): string {
    if (kind === 'AFS') return this.afs.get(ref)?.url ?? 'https://www.av.se/arbetsmiljoarbete-och-inspektioner/publikationer/foreskrifter/';
    return lawPageUrl(ref, anchor);
  }

  async requirements(
    m: EntityManager,
    workspaceId: string,
    filter: RequirementFilter,
    page: { after?: RequirementCursor | null; limit?: number } = {},
  ): Promise<RegisterRequirement[]> {
    const params: unknown[] = [workspaceId, stockholmToday()];
    const where: string[] = ['r.workspace_id = $1'];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (!filter.includeRemovedItems) where.push(`i.status = 'active'`);
    if (filter.requirementIds) where.push(`r.id = ANY(${param(filter.requirementIds)}::uuid[])`);
    if (filter.listId) where.push(`r.list_id = ${param(filter.listId)}`);
    if (filter.itemId) where.push(`r.item_id = ${param(filter.itemId)}`);
    if (filter.status === 'UNASSESSED') where.push('r.status IS NULL');
    else if (filter.status) where.push(`r.status = ${param(filter.status)}`);
    if (filter.responsibleUserId) where.push(`r.responsible_user_id = ${param(filter.responsibleUserId)}`);
    if (filter.ref) where.push(`i.ref = ${param(filter.ref.trim())}`);
    if (filter.overdue === true) where.push('r.review_date < $2::date');
    if (filter.overdue === false) where.push('(r.review_date IS NULL OR r.review_date >= $2::date)');
    if (filter.needsReview === true) where.push('r.review_flag IS NOT NULL');
    if (filter.needsReview === false) where.push('r.review_flag IS NULL');
    if (page.after) {
      const [area, ref, position, id] = page.after;
      where.push(`(i.area, i.ref, r.position, r.id) > (${param(area)}, ${param(ref)}, ${param(position)}::int, ${param(id)}::uuid)`);
    }
    const limit = page.limit ? `LIMIT ${param(page.limit)}` : '';
    const rows: RequirementRow[] = await m.query(
      `SELECT r.id, r.list_id, r.item_id, i.kind, i.ref, i.title AS law_title, i.area, i.status AS item_status,
              r.anchor, r.title, r.description, r.origin, r.status, r.motivation, r.action,
              r.responsible_user_id, u.display_name AS responsible_name, to_char(r.review_date, 'YYYY-MM-DD') AS review_date,
              r.assessed_by_name, r.assessed_at, r.position, r.version, r.created_at, r.updated_at,
              (SELECT count(*) FROM compliance.evidence e WHERE e.requirement_id = r.id)::int AS evidence_count,
              (r.review_date IS NOT NULL AND r.review_date < $2::date) AS overdue, r.review_flag
         FROM compliance.requirements r
         JOIN compliance.law_list_items i ON i.id = r.item_id
         LEFT JOIN compliance.users u ON u.id = r.responsible_user_id
        WHERE ${where.join(' AND ')}
        ORDER BY i.area, i.ref, r.position, r.id
        ${limit}`,
      params,
    );
    return rows.map((r) => this.toRequirement(r));
  }

  async requirement(m: EntityManager, workspaceId: string, id: string): Promise<RegisterRequirement | null> {
    const [row] = await this.requirements(m, workspaceId, { requirementIds: [id], includeRemovedItems: true });
    return row ?? null;
  }

  private toRequirement(r: RequirementRow): RegisterRequirement {
    const isSfs = r.kind === 'SFS';
    return {
      id: r.id,
      listId: r.list_id,
      itemId: r.item_id,
      ref: r.ref,
      lawTitle: r.law_title,
      area: r.area,
      anchor: r.anchor,
      sectionLabel: isSfs ? sectionLabel(r.anchor) : null,
      url: this.lawUrl(r.kind, r.ref, r.anchor),
      title: r.title,
      description: r.description,
      origin: r.origin,
      status: r.status,
      motivation: r.motivation,
      action: r.action,
      responsibleUserId: r.responsible_user_id,
      responsibleName: r.responsible_name,
      reviewDate: r.review_date,
      assessedBy: r.assessed_by_name,
      assessedAt: r.assessed_at ? r.assessed_at.toISOString() : null,
      overdue: r.overdue,
      evidenceCount: r.evidence_count,
      reviewFlag: r.review_flag,
      version: r.version,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      kind: r.kind,
      position: r.position,
      itemStatus: r.item_status,
    };
  }

  /** The DTO without the register-only fields. */
  static publicRequirement(r: RegisterRequirement): Requirement {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { kind, position, itemStatus, ...dto } = r;
    return dto;
  }

  async items(m: EntityManager, workspaceId: string, filter: { listId?: string; itemId?: string }): Promise<LawListItem[]> {
    const params: unknown[] = [workspaceId];
    const where = ['i.workspace_id = $1'];
    if (filter.listId) {
      params.push(filter.listId);
      where.push(`i.list_id = $${params.length}`);
    }
    if (filter.itemId) {
      params.push(filter.itemId);
      where.push(`i.id = $${params.length}`);
    }
    const rows: ItemRow[] = await m.query(
      `SELECT i.id, i.list_id, i.kind, i.ref, i.title, i.area, i.reasons, i.origin, i.status, i.removed_reason, i.created_at, ${COUNT_COLUMNS}
         FROM compliance.law_list_items i
         LEFT JOIN compliance.requirements r ON r.item_id = i.id
        WHERE ${where.join(' AND ')}
        GROUP BY i.id
        ORDER BY i.area, i.created_at, i.ref`,
      params,
    );
    return rows.sort(compareLaws).map((r) => ({
      id: r.id,
      kind: r.kind,
      ref: r.ref,
      title: r.title,
      area: r.area,
      reasons: r.reasons,
      origin: r.origin,
      status: r.status,
      removedReason: r.removed_reason,
      url: this.lawUrl(r.kind, r.ref),
      addedAt: r.created_at.toISOString(),
      requirements: counts(r),
    }));
  }

  async item(m: EntityManager, workspaceId: string, itemId: string): Promise<LawListItem | null> {
    const [item] = await this.items(m, workspaceId, { itemId });
    return item ?? null;
  }

  /** List summaries; requirement counts cover the laws that are on the list (not removed ones). */
  async summaries(m: EntityManager, workspaceId: string, listId?: string): Promise<LawListSummary[]> {
    const params: unknown[] = [workspaceId];
    if (listId) params.push(listId);
    const rows: Array<{
      id: string;
      name: string;
      generated: boolean;
      created_at: Date;
      updated_at: Date;
      item_count: number;
      total: number;
      uppfylld: number;
      delvis: number;
      ej_uppfylld: number;
      ej_tillamplig: number;
    }> = await m.query(
      `SELECT l.id, l.name, l.generated, l.created_at, l.updated_at,
              (SELECT count(*) FROM compliance.law_list_items i WHERE i.list_id = l.id AND i.status = 'active')::int AS item_count,
              ${COUNT_COLUMNS}
         FROM compliance.law_lists l
         LEFT JOIN compliance.law_list_items ai ON ai.list_id = l.id AND ai.status = 'active'
         LEFT JOIN compliance.requirements r ON r.item_id = ai.id
        WHERE l.workspace_id = $1 ${listId ? 'AND l.id = $2' : ''}
        GROUP BY l.id
        ORDER BY l.created_at, l.name`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      generated: r.generated,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      itemCount: r.item_count,
      requirements: counts(r),
    }));
  }

  async list(m: EntityManager, workspaceId: string, listId: string): Promise<LawList | null> {
    const [summary] = await this.summaries(m, workspaceId, listId);
    if (!summary) return null;
    return { ...summary, items: await this.items(m, workspaceId, { listId }) };
  }

  async evidence(m: EntityManager, workspaceId: string, filter: { requirementId?: string; evidenceId?: string }): Promise<Array<Evidence & { storageKey: string | null }>> {
    const params: unknown[] = [workspaceId];
    const where = ['e.workspace_id = $1'];
    if (filter.requirementId) {
      params.push(filter.requirementId);
      where.push(`e.requirement_id = $${params.length}`);
    }
    if (filter.evidenceId) {
      params.push(filter.evidenceId);
      where.push(`e.id = $${params.length}`);
    }
    const rows: Array<{
      id: string;
      requirement_id: string;
      kind: 'file' | 'link';
      title: string;
      url: string | null;
      filename: string | null;
      mime_type: string | null;
      size: number | null;
      sha256: string | null;
      storage_key: string | null;
      scan_status: 'unscanned' | 'clean' | 'infected';
      created_by_name: string | null;
      created_at: Date;
    }> = await m.query(
      `SELECT e.id, e.requirement_id, e.kind, e.title, e.url, e.filename, e.mime_type, e.size, e.sha256, e.storage_key, e.scan_status, e.created_by_name, e.created_at
         FROM compliance.evidence e
        WHERE ${where.join(' AND ')}
        ORDER BY e.created_at, e.id`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      requirementId: r.requirement_id,
      kind: r.kind,
      title: r.title,
      url: r.url,
      filename: r.filename,
      mimeType: r.mime_type,
      size: r.size,
      sha256: r.sha256,
      scanStatus: r.scan_status,
      createdBy: r.created_by_name ?? '',
      createdAt: r.created_at.toISOString(),
      storageKey: r.storage_key,
    }));
  }
}
