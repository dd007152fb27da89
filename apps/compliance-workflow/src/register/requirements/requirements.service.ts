import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  refuse,
  succeed,
  type MethodName,
  type MethodParsedInput,
  type OperationResult,
  type Requirement,
  type RequirementStatus,
} from '@laglig/contracts';
import { ActivityService, fieldChanges } from '../../activity/activity.service';
import { WorkspaceAccess, type AccessGrant } from '../../access/workspace-access.service';
import { RealtimePublisher } from '../../realtime/realtime-publisher';
import { EVIDENCE_STORAGE, type EvidenceStorage } from '../evidence/evidence-storage';
import { reviewFlagText } from '../law-changes/change-text';
import { LawListItemEntity } from '../lists/law-list-item.entity';
import { LawListEntity } from '../lists/law-list.entity';
import { RegisterReadModel, decodeCursor, encodeCursor } from '../register.read-model';
import { RequirementEntity } from './requirement.entity';

type In<M extends MethodName<'compliance-workflow'>> = MethodParsedInput<'compliance-workflow', M>;

const NOT_FOUND = 'Kravet finns inte.';
const STALE = 'Någon annan har ändrat kravet. Ladda om och försök igen.';
const MOTIVATION_NEEDED = 'Ange en motivering när kravet är Ej tillämpligt.';

const invalid = (path: string, message: string) => refuse(ErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });

/** The fields a user edits; the activity log records each change old → new. */
interface EditableFields {
  title: string;
  description: string;
  anchor: string | null;
  status: RequirementStatus | null;
  motivation: string | null;
  action: string | null;
  responsibleUserId: string | null;
  reviewDate: string | null;
}
const EDITABLE: ReadonlyArray<keyof EditableFields> = ['title', 'description', 'anchor', 'status', 'motivation', 'action', 'responsibleUserId', 'reviewDate'];

const emptyToNull = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === '' ? null : value);

/**
 * Requirements (kravpunkter) of the laws on a workspace's lists: their
 * assessment (Uppfylld / Delvis / Ej uppfylld / Ej tillämplig with its
 * motivering), action, responsible member and next review. Edits carry the
 * version they were based on; a stale one is refused with the current state.
 */
@Injectable()
export class RequirementsService {
  private readonly logger = new Logger(RequirementsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: WorkspaceAccess,
    private readonly activity: ActivityService,
    private readonly realtime: RealtimePublisher,
    private readonly read: RegisterReadModel,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
  ) {}

  async list(input: In<'requirements.list'>): Promise<OperationResult<{ items: Requirement[]; nextCursor: string | null }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const after = decodeCursor(input.cursor);
    if (input.cursor && !after) return invalid('cursor', 'Ogiltig markör. Börja om från första sidan.');
    const rows = await this.read.requirements(this.dataSource.manager, grant.value.workspaceId, input.filter, { after, limit: input.limit + 1 });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return succeed({
      items: page.map(RegisterReadModel.publicRequirement),
      nextCursor: rows.length > input.limit && last ? encodeCursor([last.area, last.ref, last.position, last.id]) : null,
    });
  }

  async get(input: In<'requirements.get'>): Promise<OperationResult<Requirement>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const requirement = await this.read.requirement(this.dataSource.manager, grant.value.workspaceId, input.requirementId);
    return requirement ? succeed(RegisterReadModel.publicRequirement(requirement)) : refuse(ErrorCode.NOT_FOUND, NOT_FOUND);
  }

  async create(input: In<'requirements.create'>): Promise<OperationResult<Requirement>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<Requirement>> => {
      const item = await m.findOne(LawListItemEntity, { where: { id: input.itemId, workspaceId: g.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!item) return refuse(ErrorCode.NOT_FOUND, 'Lagen finns inte i någon av arbetsytans listor.');
      if (item.status === 'removed') return refuse(ErrorCode.CONFLICT, `${item.ref} är borttagen från listan. Återställ lagen först.`);
      if (input.responsibleUserId && !(await this.isMember(m, g.workspaceId, input.responsibleUserId))) {
        return invalid('responsibleUserId', 'Den ansvariga måste vara medlem i arbetsytan.');
      }
      const [{ next }] = (await m.query(`SELECT coalesce(max(position) + 1, 0)::int AS next FROM compliance.requirements WHERE item_id = $1`, [item.id])) as [
        { next: number },
      ];
      const fields: EditableFields = {
        title: input.title,
        description: input.description,
        anchor: input.anchor,
        status: null,
        motivation: null,
        action: null,
        responsibleUserId: input.responsibleUserId,
        reviewDate: input.reviewDate,
      };
      const saved = await m.save(
        m.create(RequirementEntity, { workspaceId: g.workspaceId, listId: item.listId, itemId: item.id, ...fields, origin: 'manual', position: next, createdBy: g.userId }),
      );
      await this.touchList(m, item.listId);
      await this.activity.record(m, g, {
        entityType: 'requirement',
        entityId: saved.id,
        action: 'created',
        changes: fieldChanges({} as Partial<EditableFields>, fields, EDITABLE).filter((c) => c.to !== null),
        summary: `${item.ref} – ${saved.title}`,
      });
      return succeed(await this.reload(m, g.workspaceId, saved.id));
    });
    if (result.ok) await this.publish(g, result.value);
    return result;
  }

  async update(input: In<'requirements.update'>): Promise<OperationResult<Requirement>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<Requirement>> => {
      const row = await m.findOne(RequirementEntity, { where: { id: input.requirementId, workspaceId: g.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!row) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND);
      if (row.version !== input.version) {
        const current = await this.read.requirement(m, g.workspaceId, row.id);
        return refuse(ErrorCode.CONFLICT, STALE, { current: current ? RegisterReadModel.publicRequirement(current) : null });
      }
      const before: EditableFields = {
        title: row.title,
        description: row.description,
        anchor: row.anchor,
        status: row.status,
        motivation: row.motivation,
        action: row.action,
        responsibleUserId: row.responsibleUserId,
        reviewDate: row.reviewDate,
      };
      const patch = input.patch;
      const after: EditableFields = {
        ...before,
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.anchor !== undefined ? { anchor: patch.anchor } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.motivation !== undefined ? { motivation: emptyToNull(patch.motivation) } : {}),
        ...(patch.action !== undefined ? { action: emptyToNull(patch.action) } : {}),
        ...(patch.responsibleUserId !== undefined ? { responsibleUserId: patch.responsibleUserId } : {}),
        ...(patch.reviewDate !== undefined ? { reviewDate: patch.reviewDate } : {}),
      };
      if (after.status === 'EJ_TILLAMPLIG' && !after.motivation) return invalid('patch.motivation', MOTIVATION_NEEDED);
      if (after.responsibleUserId && after.responsibleUserId !== before.responsibleUserId && !(await this.isMember(m, g.workspaceId, after.responsibleUserId))) {
        return invalid('patch.responsibleUserId', 'Den ansvariga måste vara medlem i arbetsytan.');
      }
      const changes = fieldChanges(before, after, EDITABLE);
      // Setting a status is an assessment (Granskare, Datum), also when it confirms the one before.
      const assessed = patch.status !== undefined;
      if (changes.length === 0 && !assessed) return succeed(await this.reload(m, g.workspaceId, row.id));
      // An assessment (a status, not "Ej bedömd") answers a law change's "Behöver omprövas".
      const flag = assessed && after.status !== null ? row.reviewFlag : null;
      const now = new Date();
      const assessment = assessed
        ? after.status === null
          ? { assessedBy: null, assessedByName: null, assessedAt: null }
          : { assessedBy: g.userId, assessedByName: g.actorName || null, assessedAt: now }
        : {};
      await m.update(RequirementEntity, { id: row.id }, { ...after, ...assessment, ...(flag ? { reviewFlag: null } : {}), version: row.version + 1, updatedAt: now });
      await this.touchList(m, row.listId);
      const item = await m.findOneByOrFail(LawListItemEntity, { id: row.itemId });
      await this.activity.record(m, g, {
        entityType: 'requirement',
        entityId: row.id,
        action: flag ? 'reassessed' : assessed && changes.length === 0 ? 'assessed' : 'updated',
        changes: flag ? [...changes, { field: 'reviewFlag', from: reviewFlagText(flag), to: null }] : changes,
        summary: flag ? `${item.ref} – ${after.title}: omprövad efter lagändringen` : `${item.ref} – ${after.title}`,
      });
      return succeed(await this.reload(m, g.workspaceId, row.id));
    });
    if (result.ok) await this.publish(g, result.value);
    return result;
  }

  async delete(input: In<'requirements.delete'>): Promise<OperationResult<{ removed: true }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<{ keys: string[] }>> => {
      const row = await m.findOne(RequirementEntity, { where: { id: input.requirementId, workspaceId: g.workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!row) return refuse(ErrorCode.NOT_FOUND, NOT_FOUND);
      const keys: Array<{ storage_key: string }> = await m.query(
        `SELECT storage_key FROM compliance.evidence WHERE requirement_id = $1 AND storage_key IS NOT NULL`,
        [row.id],
      );
      const item = await m.findOneByOrFail(LawListItemEntity, { id: row.itemId });
      await m.delete(RequirementEntity, { id: row.id });
      await this.touchList(m, row.listId);
      await this.activity.record(m, g, {
        entityType: 'requirement',
        entityId: row.id,
        action: 'deleted',
        changes: [{ field: 'title', from: row.title, to: null }],
        summary: `${item.ref} – ${row.title}`,
      });
      return succeed({ keys: keys.map((k) => k.storage_key) });
    });
    if (!result.ok) return result;
    for (const key of result.value.keys) {
      await this.storage.delete(key).catch((e: unknown) => this.logger.warn(`evidence file not deleted (${key}): ${e instanceof Error ? e.message : String(e)}`));
    }
    await this.realtime.publish({ type: 'requirement.updated', workspaceId: g.workspaceId, actorId: g.userId, data: { id: input.requirementId, deleted: true } });
    return succeed({ removed: true });
  }

  /** The requirement as it is now (inside the transaction that just wrote it). */
  private async reload(m: EntityManager, workspaceId: string, id: string): Promise<Requirement> {
    const requirement = await this.read.requirement(m, workspaceId, id);
    if (!requirement) throw new Error(`requirement ${id} vanished inside its transaction`);
    return RegisterReadModel.publicRequirement(requirement);
  }

  private async isMember(m: EntityManager, workspaceId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM compliance.memberships WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
    return rows.length > 0;
  }

  private async touchList(m: EntityManager, listId: string): Promise<void> {
    await m.update(LawListEntity, { id: listId }, { updatedAt: new Date() });
  }

  private async publish(g: AccessGrant, requirement: Requirement): Promise<void> {
    await this.realtime.publish({ type: 'requirement.updated', workspaceId: g.workspaceId, actorId: g.userId, data: requirement });
  }
}
