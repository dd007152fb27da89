import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  refuse,
  SFS_PATTERN,
  succeed,
  type ActiveLaws,
  type LawList,
  type LawListItem,
  type LawListSummary,
  type MethodName,
  type MethodParsedInput,
  type OperationResult,
} from '@laglig/contracts';
import { RpcClient } from '@laglig/messaging';
import { ActivityService, fieldChanges } from '../../activity/activity.service';
import { WorkspaceAccess, type AccessGrant } from '../../access/workspace-access.service';
import { RealtimePublisher } from '../../realtime/realtime-publisher';
import { EVIDENCE_STORAGE, type EvidenceStorage } from '../evidence/evidence-storage';
import { ProfileService } from '../profile/profile.service';
import { AfsCatalog } from '../reference/afs-catalog';
import { RegisterReadModel } from '../register.read-model';
import type { ProfileFacts } from '../rules/conditions';
import { factsOf, selectLaws, suggestionsFor } from '../rules/engine';
import { lawByRef } from '../rules/rule-set';
import { RequirementEntity } from '../requirements/requirement.entity';
import { LawListItemEntity } from './law-list-item.entity';
import { LawListEntity } from './law-list.entity';

type In<M extends MethodName<'compliance-workflow'>> = MethodParsedInput<'compliance-workflow', M>;

const LIST_NOT_FOUND = 'Listan finns inte.';
const ITEM_NOT_FOUND = 'Lagen finns inte i listan.';

const nameTaken = (name: string) => refuse(ErrorCode.CONFLICT, `Det finns redan en lista som heter ”${name}”.`);

/** A unique constraint that a concurrent call won (the check before the insert saw nothing). */
const violated = (error: unknown, constraint: string): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505' && (error as { constraint?: string }).constraint === constraint;

async function orConflict<T>(work: Promise<OperationResult<T>>, constraint: string, conflict: () => OperationResult<T>): Promise<OperationResult<T>> {
  try {
    return await work;
  } catch (error) {
    if (violated(error, constraint)) return conflict();
    throw error;
  }
}

/** Storage keys of the evidence files under a list (deleted after the list's rows are gone). */
async function evidenceKeys(m: EntityManager, workspaceId: string, listId: string): Promise<string[]> {
  const rows: Array<{ storage_key: string }> = await m.query(
    `SELECT e.storage_key FROM compliance.evidence e JOIN compliance.requirements r ON r.id = e.requirement_id
      WHERE r.workspace_id = $1 AND r.list_id = $2 AND e.storage_key IS NOT NULL`,
    [workspaceId, listId],
  );
  return rows.map((r) => r.storage_key);
}

/** The law lists (laglistor) of a workspace: generated from the profile by the rule set, or built by hand. */
@Injectable()
export class ListsService {
  private readonly logger = new Logger(ListsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: WorkspaceAccess,
    private readonly activity: ActivityService,
    private readonly realtime: RealtimePublisher,
    private readonly rpc: RpcClient,
    private readonly profiles: ProfileService,
    private readonly read: RegisterReadModel,
    @Inject(AfsCatalog) private readonly afs: AfsCatalog,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
  ) {}

  async create(input: In<'lists.create'>): Promise<OperationResult<LawList>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const work = this.dataSource.transaction(async (m): Promise<OperationResult<LawList>> => {
      let facts: ProfileFacts | null = null;
      if (input.generate) {
        const profile = await this.profiles.stored(m, g.workspaceId);
        if (!profile) {
          return refuse(ErrorCode.INVALID_INPUT, 'Fyll i företagsprofilen först.', { issues: [{ path: 'generate', message: 'Fyll i företagsprofilen först.' }] });
        }
        facts = factsOf(profile);
      }
      if (await m.existsBy(LawListEntity, { workspaceId: g.workspaceId, name: input.name })) return nameTaken(input.name);
      const list = await m.save(m.create(LawListEntity, { workspaceId: g.workspaceId, name: input.name, generated: input.generate, createdBy: g.userId }));
      const refs: string[] = [];
      if (facts) {
        for (const law of selectLaws(facts)) {
          const title = law.kind === 'AFS' ? this.afs.get(law.ref)?.title : law.title;
          if (!title) throw new Error(`rule set names ${law.ref}, which the bundled data lacks`);
          const item = await this.insertItem(m, g, list.id, { kind: law.kind, ref: law.ref, title, area: law.area, reasons: law.reasons, origin: 'generated' });
          await this.insertSuggestions(m, g, item, facts);
          refs.push(law.ref);
        }
      }
      await this.activity.record(m, g, {
        entityType: 'list',
        entityId: list.id,
        action: 'created',
        changes: [
          { field: 'name', from: null, to: list.name },
          { field: 'generated', from: null, to: list.generated },
          ...(refs.length > 0 ? [{ field: 'items', from: null, to: refs }] : []),
        ],
        summary: list.name,
      });
      return succeed((await this.read.list(m, g.workspaceId, list.id)) as LawList);
    });
    const result = await orConflict(work, 'law_lists_workspace_name_key', () => nameTaken(input.name));
    if (result.ok) await this.publish(g, result.value);
    return result;
  }

  async list(input: In<'lists.list'>): Promise<OperationResult<{ items: LawListSummary[] }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    return succeed({ items: await this.read.summaries(this.dataSource.manager, grant.value.workspaceId) });
  }

  async get(input: In<'lists.get'>): Promise<OperationResult<LawList>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const list = await this.read.list(this.dataSource.manager, grant.value.workspaceId, input.listId);
    return list ? succeed(list) : refuse(ErrorCode.NOT_FOUND, LIST_NOT_FOUND);
  }

  /**
   * The SFS numbers of the active entries of all the workspace's lists, each
   * once, in code-unit order (one query; the signed-in chat's law filter).
   * Removed entries and AFS are left out: the answer index holds statutes only.
   */
  async activeLaws(input: In<'lists.activeLaws'>): Promise<OperationResult<ActiveLaws>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    // An entry's list is in the same workspace and deleting a list deletes its
    // entries (cascade), so the entries alone answer. COLLATE "C": the same
    // order as JavaScript's sort, whatever the database's collation.
    const rows: Array<{ ref: string }> = await this.dataSource.query(
      `SELECT DISTINCT i.ref COLLATE "C" AS ref
         FROM compliance.law_list_items i
        WHERE i.workspace_id = $1 AND i.kind = 'SFS' AND i.status = 'active'
        ORDER BY 1`,
      [grant.value.workspaceId],
    );
    // The contract's form only (lists.items.add accepts a wider year range than an SFS number has).
    return succeed({ sfs: rows.map((r) => r.ref).filter((ref) => SFS_PATTERN.test(ref)) });
  }

  async update(input: In<'lists.update'>): Promise<OperationResult<LawListSummary>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const work = this.dataSource.transaction(async (m): Promise<OperationResult<LawListSummary>> => {
      const list = await this.lockList(m, g.workspaceId, input.listId);
      if (!list) return refuse(ErrorCode.NOT_FOUND, LIST_NOT_FOUND);
      if (list.name !== input.name) {
        if (await m.existsBy(LawListEntity, { workspaceId: g.workspaceId, name: input.name })) return nameTaken(input.name);
        await m.update(LawListEntity, { id: list.id }, { name: input.name, updatedAt: new Date() });
        await this.activity.record(m, g, {
          entityType: 'list',
          entityId: list.id,
          action: 'updated',
          changes: fieldChanges({ name: list.name }, { name: input.name }, ['name']),
          summary: input.name,
        });
      }
      return succeed((await this.read.summaries(m, g.workspaceId, list.id))[0] as LawListSummary);
    });
    const result = await orConflict(work, 'law_lists_workspace_name_key', () => nameTaken(input.name));
    if (result.ok) await this.publish(g, result.value);
    return result;
  }

  async delete(input: In<'lists.delete'>): Promise<OperationResult<{ removed: true }>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<{ keys: string[] }>> => {
      const list = await this.lockList(m, g.workspaceId, input.listId);
      if (!list) return refuse(ErrorCode.NOT_FOUND, LIST_NOT_FOUND);
      const keys = await evidenceKeys(m, g.workspaceId, list.id);
      await m.delete(LawListEntity, { id: list.id });
      await this.activity.record(m, g, { entityType: 'list', entityId: list.id, action: 'deleted', changes: [{ field: 'name', from: list.name, to: null }], summary: list.name });
      return succeed({ keys });
    });
    if (!result.ok) return result;
    await this.deleteFiles(result.value.keys);
    await this.realtime.publish({ type: 'list.updated', workspaceId: g.workspaceId, actorId: g.userId, data: { id: input.listId, deleted: true } });
    return succeed({ removed: true });
  }

  /**
   * Adds a law by hand with the reason. SFS titles come from law-catalog
   * (NOT_FOUND when the catalog lacks the statute); AFS from the bundled
   * index. A law that was removed from the list is put back with the new
   * reason added.
   */
  async addItem(input: In<'lists.items.add'>): Promise<OperationResult<LawListItem>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const list = await this.dataSource.manager.findOneBy(LawListEntity, { id: input.listId, workspaceId: g.workspaceId });
    if (!list) return refuse(ErrorCode.NOT_FOUND, LIST_NOT_FOUND);

    const ref = input.ref;
    const kind = ref.startsWith('AFS') ? 'AFS' : 'SFS';
    let title: string;
    if (kind === 'AFS') {
      const entry = this.afs.get(ref);
      if (!entry) return refuse(ErrorCode.NOT_FOUND, `${ref} finns inte bland Arbetsmiljöverkets föreskrifter som går att lägga till.`);
      title = entry.title;
    } else {
      const meta = await this.rpc.call('law-catalog', 'laws.meta', { sfs: ref });
      if (!meta.ok) {
        return meta.code === ErrorCode.NOT_FOUND ? refuse(ErrorCode.NOT_FOUND, `SFS ${ref} finns inte i lagkatalogen.`) : refuse(meta.code, meta.message);
      }
      title = meta.value.title;
    }
    const area = lawByRef(ref)?.area ?? (kind === 'AFS' ? 'Arbetsmiljö' : 'Övrigt');

    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<LawListItem>> => {
      const locked = await this.lockList(m, g.workspaceId, list.id);
      if (!locked) return refuse(ErrorCode.NOT_FOUND, LIST_NOT_FOUND);
      const existing = await m.findOneBy(LawListItemEntity, { listId: list.id, ref });
      let itemId: string;
      if (existing?.status === 'active') return refuse(ErrorCode.CONFLICT, `${ref} finns redan i listan.`);
      if (existing) {
        const reasons = [...existing.reasons, input.reason];
        await m.update(
          LawListItemEntity,
          { id: existing.id },
          { status: 'active', removedReason: null, removedBy: null, removedAt: null, reasons, updatedAt: new Date() },
        );
        await this.activity.record(m, g, {
          entityType: 'list_item',
          entityId: existing.id,
          action: 'restored',
          changes: [
            { field: 'status', from: 'removed', to: 'active' },
            { field: 'reasons', from: existing.reasons, to: reasons },
          ],
          summary: `${ref} (${list.name})`,
        });
        itemId = existing.id;
      } else {
        const profile = await this.profiles.stored(m, g.workspaceId);
        const item = await this.insertItem(m, g, list.id, { kind, ref, title, area, reasons: [input.reason], origin: 'manual' });
        await this.insertSuggestions(m, g, item, profile ? factsOf(profile) : null);
        await this.activity.record(m, g, {
          entityType: 'list_item',
          entityId: item.id,
          action: 'added',
          changes: [
            { field: 'ref', from: null, to: ref },
            { field: 'reasons', from: null, to: [input.reason] },
          ],
          summary: `${ref} (${list.name})`,
        });
        itemId = item.id;
      }
      await m.update(LawListEntity, { id: list.id }, { updatedAt: new Date() });
      return succeed((await this.read.item(m, g.workspaceId, itemId)) as LawListItem);
    });
    if (result.ok) await this.publishList(g, list.id);
    return result;
  }

  /** Takes a law off the list but keeps it (status removed, with the reason); its requirements stay and leave the register export. */
  async removeItem(input: In<'lists.items.remove'>): Promise<OperationResult<LawListItem>> {
    return this.setItemStatus(input, 'removed', input.reason);
  }

  async restoreItem(input: In<'lists.items.restore'>): Promise<OperationResult<LawListItem>> {
    return this.setItemStatus(input, 'active', null);
  }

  private async setItemStatus(
    input: { actor: { userId: string }; workspaceId: string; listId: string; itemId: string },
    status: 'active' | 'removed',
    reason: string | null,
  ): Promise<OperationResult<LawListItem>> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'write');
    if (!grant.ok) return grant;
    const g = grant.value;
    const result = await this.dataSource.transaction(async (m): Promise<OperationResult<LawListItem>> => {
      const list = await this.lockList(m, g.workspaceId, input.listId);
      if (!list) return refuse(ErrorCode.NOT_FOUND, LIST_NOT_FOUND);
      const item = await m.findOneBy(LawListItemEntity, { id: input.itemId, listId: list.id, workspaceId: g.workspaceId });
      if (!item) return refuse(ErrorCode.NOT_FOUND, ITEM_NOT_FOUND);
      if (item.status === status) {
        return refuse(ErrorCode.CONFLICT, status === 'removed' ? `${item.ref} är redan borttagen från listan.` : `${item.ref} finns redan i listan.`);
      }
      const now = new Date();
      const after =
        status === 'removed'
          ? { status, removedReason: reason, removedBy: g.userId, removedAt: now }
          : { status, removedReason: null, removedBy: null, removedAt: null };
      await m.update(LawListItemEntity, { id: item.id }, { ...after, updatedAt: now });
      await m.update(LawListEntity, { id: list.id }, { updatedAt: now });
      await this.activity.record(m, g, {
        entityType: 'list_item',
        entityId: item.id,
        action: status === 'removed' ? 'removed' : 'restored',
        changes: fieldChanges({ status: item.status, removedReason: item.removedReason }, { status, removedReason: after.removedReason }, ['status', 'removedReason']),
        summary: `${item.ref} (${list.name})`,
      });
      return succeed((await this.read.item(m, g.workspaceId, item.id)) as LawListItem);
    });
    if (result.ok) await this.publishList(g, input.listId);
    return result;
  }

  private async lockList(m: EntityManager, workspaceId: string, listId: string): Promise<LawListEntity | null> {
    return m.findOne(LawListEntity, { where: { id: listId, workspaceId }, lock: { mode: 'pessimistic_write' } });
  }

  private async insertItem(
    m: EntityManager,
    g: AccessGrant,
    listId: string,
    law: { kind: 'SFS' | 'AFS'; ref: string; title: string; area: string; reasons: string[]; origin: 'generated' | 'manual' },
  ): Promise<LawListItemEntity> {
    return m.save(m.create(LawListItemEntity, { listId, workspaceId: g.workspaceId, ...law, status: 'active', addedBy: g.userId }));
  }

  /** The law's suggested requirements that fit the profile (those without a condition when there is no profile). */
  private async insertSuggestions(m: EntityManager, g: AccessGrant, item: LawListItemEntity, facts: ProfileFacts | null): Promise<void> {
    const suggestions = suggestionsFor(item.ref, facts);
    if (suggestions.length === 0) return;
    await m.insert(
      RequirementEntity,
      suggestions.map((s, position) => ({
        workspaceId: g.workspaceId,
        listId: item.listId,
        itemId: item.id,
        anchor: s.anchor,
        title: s.title,
        description: s.description,
        origin: 'suggested' as const,
        position,
        createdBy: g.userId,
      })),
    );
  }

  private async deleteFiles(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.storage.delete(key).catch((e: unknown) => this.logger.warn(`evidence file not deleted (${key}): ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  private async publishList(g: AccessGrant, listId: string): Promise<void> {
    const [summary] = await this.read.summaries(this.dataSource.manager, g.workspaceId, listId);
    if (summary) await this.publish(g, summary);
  }

  private async publish(g: AccessGrant, summary: LawListSummary): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { items, ...data } = summary as LawListSummary & { items?: unknown };
    await this.realtime.publish({ type: 'list.updated', workspaceId: g.workspaceId, actorId: g.userId, data });
  }
}
