import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, refuse, succeed, WORKSPACE_ROLE_LABELS, type Actor, type OperationResult, type WorkspaceRole } from '@laglig/contracts';

/**
 * What a call needs: read (every member, AUDITOR included), write (MEMBER and
 * up: requirements, board, lists), manage (ADMIN and up: members,
 * invitations, profile, workspace name), own (OWNER: owners and deletion).
 */
export type Permission = 'read' | 'write' | 'manage' | 'own';

const RANK: Record<WorkspaceRole, number> = { AUDITOR: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };
const NEEDED: Record<Permission, number> = { read: 0, write: 1, manage: 2, own: 3 };

export const roleAllows = (role: WorkspaceRole, permission: Permission): boolean => RANK[role] >= NEEDED[permission];

/** The checked caller in a workspace; every workspace-scoped service method starts from one. */
export interface AccessGrant {
  workspaceId: string;
  workspaceName: string;
  userId: string;
  actorName: string;
  role: WorkspaceRole;
}

/**
 * Existence before access (seed rule): the workspace must exist (NOT_FOUND),
 * then the caller must be a member (FORBIDDEN), then the role must allow the
 * action (FORBIDDEN). Resources inside the workspace are looked up by the
 * caller with `workspace_id = grant.workspaceId`, so another workspace's
 * resource is NOT_FOUND.
 */
@Injectable()
export class WorkspaceAccess {
  constructor(private readonly dataSource: DataSource) {}

  async require(actor: Actor, workspaceId: string, permission: Permission, manager?: EntityManager): Promise<OperationResult<AccessGrant>> {
    const rows: Array<{ name: string; role: WorkspaceRole | null; display_name: string | null }> = await (manager ?? this.dataSource.manager).query(
      `SELECT w.name, m.role, u.display_name
         FROM compliance.workspaces w
         LEFT JOIN compliance.memberships m ON m.workspace_id = w.id AND m.user_id = $2
         LEFT JOIN compliance.users u ON u.id = m.user_id
        WHERE w.id = $1`,
      [workspaceId, actor.userId],
    );
    const row = rows[0];
    if (!row) return refuse(ErrorCode.NOT_FOUND, 'Arbetsytan finns inte.');
    if (!row.role) return refuse(ErrorCode.FORBIDDEN, 'Du är inte medlem i den här arbetsytan.');
    if (!roleAllows(row.role, permission)) {
      return refuse(ErrorCode.FORBIDDEN, `Rollen ${WORKSPACE_ROLE_LABELS[row.role]} får inte göra detta i arbetsytan.`);
    }
    return succeed({ workspaceId, workspaceName: row.name, userId: actor.userId, actorName: row.display_name ?? '', role: row.role });
  }
}
