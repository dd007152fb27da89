import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, refuse, succeed, type Member, type Workspace, type WorkspaceRole } from '@laglig/contracts';
import { WorkspaceAccess, type AccessGrant } from '../access/workspace-access.service';
import { ActivityService, fieldChanges } from '../activity/activity.service';
import { RealtimePublisher } from '../realtime/realtime-publisher';
import type { In, Out } from './accounts.types';
import { SIGNED_OUT } from './auth.service';

export const LAST_OWNER = 'Arbetsytan måste ha minst en ägare. Utse en annan ägare först.';
export const OWNER_ONLY = 'Bara en ägare kan ge eller ta bort ägarrollen.';
export const NOT_A_MEMBER = 'Användaren är inte medlem i arbetsytan.';

interface MemberRow {
  user_id: string;
  email: string;
  display_name: string;
  role: WorkspaceRole;
  created_at: Date;
}

const toMember = (r: MemberRow): Member => ({ userId: r.user_id, email: r.email, displayName: r.display_name, role: r.role, joinedAt: r.created_at.toISOString() });

/** Encodes the admin list's keyset position (created_at with full precision, id). */
export const encodeCursor = (createdAt: string, id: string): string => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // not a cursor we made
  }
  return null;
}

/**
 * Workspaces (tenants) and their members. Every workspace-scoped method
 * starts with WorkspaceAccess.require (existence, membership, role); changes
 * to memberships lock the workspace row, so "the last owner" cannot be
 * removed by two concurrent requests.
 */
@Injectable()
export class WorkspacesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: WorkspaceAccess,
    private readonly activity: ActivityService,
    private readonly realtime: RealtimePublisher,
  ) {}

  async create(input: In<'workspaces.create'>): Out<'workspaces.create'> {
    return this.dataSource.transaction(async (m) => {
      const users: Array<{ display_name: string }> = await m.query(`SELECT display_name FROM compliance.users WHERE id = $1`, [input.actor.userId]);
      const user = users[0];
      if (!user) return refuse(ErrorCode.UNAUTHENTICATED, SIGNED_OUT);
      const rows: Array<{ id: string; name: string; created_at: Date }> = await m.query(
        `INSERT INTO compliance.workspaces (name, created_by) VALUES ($1, $2) RETURNING id, name, created_at`,
        [input.name, input.actor.userId],
      );
      const ws = rows[0] as { id: string; name: string; created_at: Date };
      await m.query(`INSERT INTO compliance.memberships (workspace_id, user_id, role) VALUES ($1, $2, 'OWNER')`, [ws.id, input.actor.userId]);
      const grant = { workspaceId: ws.id, userId: input.actor.userId, actorName: user.display_name };
      await this.activity.record(m, grant, { entityType: 'workspace', entityId: ws.id, action: 'created', changes: [{ field: 'name', from: null, to: ws.name }], summary: ws.name });
      await this.activity.record(m, grant, {
        entityType: 'member',
        entityId: input.actor.userId,
        action: 'added',
        changes: [{ field: 'role', from: null, to: 'OWNER' }],
        summary: user.display_name,
      });
      return succeed({ id: ws.id, name: ws.name, role: 'OWNER' as const, createdAt: ws.created_at.toISOString() });
    });
  }

  async list(input: In<'workspaces.list'>): Out<'workspaces.list'> {
    const rows: Array<{ id: string; name: string; role: WorkspaceRole; created_at: Date }> = await this.dataSource.query(
      `SELECT w.id, w.name, m.role, w.created_at FROM compliance.memberships m JOIN compliance.workspaces w ON w.id = m.workspace_id
        WHERE m.user_id = $1 ORDER BY lower(w.name), w.id`,
      [input.actor.userId],
    );
    return succeed({ items: rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at.toISOString() })) });
  }

  async get(input: In<'workspaces.get'>): Out<'workspaces.get'> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    return succeed(await this.workspace(this.dataSource.manager, grant.value));
  }

  async update(input: In<'workspaces.update'>): Out<'workspaces.update'> {
    return this.dataSource.transaction(async (m) => {
      await this.lockWorkspace(m, input.workspaceId);
      const grant = await this.access.require(input.actor, input.workspaceId, 'manage', m);
      if (!grant.ok) return grant;
      const before = { name: grant.value.workspaceName };
      const after = { name: input.name };
      const changes = fieldChanges(before, after, ['name']);
      if (changes.length > 0) {
        await m.query(`UPDATE compliance.workspaces SET name = $2, updated_at = now() WHERE id = $1`, [input.workspaceId, input.name]);
        await this.activity.record(m, grant.value, { entityType: 'workspace', entityId: input.workspaceId, action: 'updated', changes, summary: input.name });
      }
      return succeed(await this.workspace(m, { ...grant.value, workspaceName: input.name }));
    });
  }

  async role(input: In<'workspaces.access'>): Out<'workspaces.access'> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    return grant.ok ? succeed({ role: grant.value.role }) : grant;
  }

  async members(input: In<'members.list'>): Out<'members.list'> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const rows = await this.memberRows(this.dataSource.manager, grant.value.workspaceId);
    return succeed({ items: rows.map(toMember) });
  }

  /**
   * Changes a member's role (manage). Only an OWNER may make someone OWNER or
   * change an OWNER's role, and the last OWNER keeps the role (CONFLICT).
   */
  async updateMember(input: In<'members.update'>): Out<'members.update'> {
    const result = await this.dataSource.transaction(async (m) => {
      await this.lockWorkspace(m, input.workspaceId);
      const grant = await this.access.require(input.actor, input.workspaceId, 'manage', m);
      if (!grant.ok) return grant;
      const target = (await this.memberRows(m, grant.value.workspaceId, input.userId))[0];
      if (!target) return refuse(ErrorCode.NOT_FOUND, NOT_A_MEMBER);
      if (target.role === input.role) return succeed({ member: toMember(target), changed: false });
      if ((target.role === 'OWNER' || input.role === 'OWNER') && grant.value.role !== 'OWNER') return refuse(ErrorCode.FORBIDDEN, OWNER_ONLY);
      if (target.role === 'OWNER' && (await this.ownerCount(m, grant.value.workspaceId)) <= 1) return refuse(ErrorCode.CONFLICT, LAST_OWNER);
      await m.query(`UPDATE compliance.memberships SET role = $3 WHERE workspace_id = $1 AND user_id = $2`, [grant.value.workspaceId, input.userId, input.role]);
      await this.activity.record(m, grant.value, {
        entityType: 'member',
        entityId: input.userId,
        action: 'updated',
        changes: [{ field: 'role', from: target.role, to: input.role }],
        summary: target.display_name,
      });
      return succeed({ member: toMember({ ...target, role: input.role }), changed: true });
    });
    if (!result.ok) return result;
    if (result.value.changed) {
      await this.realtime.publish({ type: 'member.updated', workspaceId: input.workspaceId, actorId: input.actor.userId, data: result.value.member });
    }
    return succeed(result.value.member);
  }

  /**
   * Removes a member: an ADMIN or OWNER may remove others (only an OWNER
   * removes an OWNER); anyone may leave. The last OWNER cannot go (CONFLICT).
   */
  async removeMember(input: In<'members.remove'>): Out<'members.remove'> {
    const self = input.userId === input.actor.userId;
    const result = await this.dataSource.transaction(async (m) => {
      await this.lockWorkspace(m, input.workspaceId);
      const grant = await this.access.require(input.actor, input.workspaceId, self ? 'read' : 'manage', m);
      if (!grant.ok) return grant;
      const target = (await this.memberRows(m, grant.value.workspaceId, input.userId))[0];
      if (!target) return refuse(ErrorCode.NOT_FOUND, NOT_A_MEMBER);
      if (target.role === 'OWNER' && !self && grant.value.role !== 'OWNER') return refuse(ErrorCode.FORBIDDEN, 'Bara en ägare kan ta bort en annan ägare.');
      if (target.role === 'OWNER' && (await this.ownerCount(m, grant.value.workspaceId)) <= 1) return refuse(ErrorCode.CONFLICT, LAST_OWNER);
      await m.query(`DELETE FROM compliance.memberships WHERE workspace_id = $1 AND user_id = $2`, [grant.value.workspaceId, input.userId]);
      await this.activity.record(m, grant.value, {
        entityType: 'member',
        entityId: input.userId,
        action: self ? 'left' : 'removed',
        changes: [{ field: 'role', from: target.role, to: null }],
        summary: target.display_name,
      });
      return succeed({ removed: true as const });
    });
    if (result.ok) {
      await this.realtime.publish({ type: 'member.updated', workspaceId: input.workspaceId, actorId: input.actor.userId, data: { id: input.userId, userId: input.userId, removed: true } });
    }
    return result;
  }

  /** Operator path: every workspace, newest first, with its member count (no actor, no membership check). */
  async adminList(input: In<'admin.workspaces.list'>): Out<'admin.workspaces.list'> {
    const params: unknown[] = [input.limit + 1];
    let where = '';
    if (input.cursor) {
      const position = decodeCursor(input.cursor);
      if (!position) return refuse(ErrorCode.INVALID_INPUT, 'Ogiltig markör (cursor).');
      params.push(position[0], position[1]);
      where = 'WHERE (w.created_at, w.id) < ($2::timestamptz, $3::uuid)';
    }
    const rows: Array<{ id: string; name: string; created_at: Date; created_at_text: string; member_count: number }> = await this.dataSource.query(
      `SELECT w.id, w.name, w.created_at, w.created_at::text AS created_at_text,
              (SELECT count(*)::int FROM compliance.memberships m WHERE m.workspace_id = w.id) AS member_count
         FROM compliance.workspaces w ${where}
        ORDER BY w.created_at DESC, w.id DESC
        LIMIT $1`,
      params,
    );
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return succeed({
      items: page.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString(), memberCount: r.member_count })),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last.created_at_text, last.id) : null,
    });
  }

  private async workspace(m: EntityManager, grant: AccessGrant): Promise<Workspace> {
    const rows: Array<{ created_at: Date }> = await m.query(`SELECT created_at FROM compliance.workspaces WHERE id = $1`, [grant.workspaceId]);
    return { id: grant.workspaceId, name: grant.workspaceName, role: grant.role, createdAt: (rows[0] as { created_at: Date }).created_at.toISOString() };
  }

  /** Serialises membership changes of one workspace (a missing workspace is left to WorkspaceAccess). */
  private async lockWorkspace(m: EntityManager, workspaceId: string): Promise<void> {
    await m.query(`SELECT id FROM compliance.workspaces WHERE id = $1 FOR UPDATE`, [workspaceId]);
  }

  private ownerCount(m: EntityManager, workspaceId: string): Promise<number> {
    return m
      .query(`SELECT count(*)::int AS n FROM compliance.memberships WHERE workspace_id = $1 AND role = 'OWNER'`, [workspaceId])
      .then((rows: Array<{ n: number }>) => rows[0]?.n ?? 0);
  }

  private memberRows(m: EntityManager, workspaceId: string, userId?: string): Promise<MemberRow[]> {
    return m.query(
      `SELECT m.user_id, u.email, u.display_name, m.role, m.created_at
         FROM compliance.memberships m JOIN compliance.users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 ${userId ? 'AND m.user_id = $2' : ''}
        ORDER BY CASE m.role WHEN 'OWNER' THEN 0 WHEN 'ADMIN' THEN 1 WHEN 'MEMBER' THEN 2 ELSE 3 END, lower(u.display_name), m.user_id`,
      userId ? [workspaceId, userId] : [workspaceId],
    );
  }
}
