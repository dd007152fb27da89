import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, refuse, succeed, type Invitation, type WorkspaceRole } from '@laglig/contracts';
import { WorkspaceAccess } from '../access/workspace-access.service';
import { ActivityService } from '../activity/activity.service';
import { enqueueEvent, OutboxRelay } from '../events/outbox';
import { RealtimePublisher } from '../realtime/realtime-publisher';
import { INVITATION_TTL_MS } from './accounts.config';
import type { In, Out } from './accounts.types';
import { SIGNED_OUT } from './auth.service';
import { hashToken, newOpaqueToken, normaliseEmail } from './token-crypto';
import { OWNER_ONLY } from './workspaces.service';

interface InvitationRow {
  id: string;
  workspace_id: string;
  email: string;
  role: WorkspaceRole;
  invited_by_name: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, workspace_id, email, role, invited_by_name, created_at, expires_at, accepted_at, accepted_by, revoked_at';

const toInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by_name,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  acceptedAt: r.accepted_at?.toISOString() ?? null,
});

export const INVITATION_GONE = 'Inbjudan finns inte eller har återkallats.';

/**
 * Invitations by e-mail: a 7-day link (the token is stored only as its
 * SHA-256) sent by the notifier from the `member.invited` event. Accepting
 * needs an account with the invited address.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: WorkspaceAccess,
    private readonly activity: ActivityService,
    private readonly outbox: OutboxRelay,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** manage; only an OWNER invites an OWNER; a member's address is CONFLICT; a new invitation replaces an open one. */
  async create(input: In<'invitations.create'>): Out<'invitations.create'> {
    const email = normaliseEmail(input.email);
    const result = await this.dataSource.transaction(async (m) => {
      const grant = await this.access.require(input.actor, input.workspaceId, 'manage', m);
      if (!grant.ok) return grant;
      const g = grant.value;
      if (input.role === 'OWNER' && g.role !== 'OWNER') return refuse(ErrorCode.FORBIDDEN, OWNER_ONLY);
      const member: unknown[] = await m.query(
        `SELECT 1 FROM compliance.memberships m JOIN compliance.users u ON u.id = m.user_id WHERE m.workspace_id = $1 AND u.email = $2`,
        [g.workspaceId, email],
      );
      if (member.length > 0) return refuse(ErrorCode.CONFLICT, 'Personen är redan medlem i arbetsytan.');

      const [replaced] = (await m.query(
        `UPDATE compliance.invitations SET revoked_at = now() WHERE workspace_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`,
        [g.workspaceId, email],
      )) as [Array<{ id: string }>, number];
      for (const old of replaced) {
        await this.activity.record(m, g, { entityType: 'invitation', entityId: old.id, action: 'revoked', changes: [], summary: `${email} (ersatt av ny inbjudan)` });
      }

      const token = newOpaqueToken();
      const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
      const rows: InvitationRow[] = await m.query(
        `INSERT INTO compliance.invitations (workspace_id, email, role, token_hash, invited_by, invited_by_name, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [g.workspaceId, email, input.role, hashToken(token), g.userId, g.actorName, expiresAt],
      );
      const invitation = rows[0] as InvitationRow;
      await this.activity.record(m, g, {
        entityType: 'invitation',
        entityId: invitation.id,
        action: 'created',
        changes: [
          { field: 'email', from: null, to: email },
          { field: 'role', from: null, to: input.role },
        ],
        summary: email,
      });
      await enqueueEvent(m, 'member.invited', {
        invitationId: invitation.id,
        workspaceId: g.workspaceId,
        workspaceName: g.workspaceName,
        email,
        role: input.role,
        invitedByName: g.actorName,
        token,
        expiresAt: expiresAt.toISOString(),
      });
      return succeed(toInvitation(invitation));
    });
    if (result.ok) this.outbox.kick();
    return result;
  }

  /** Open and accepted invitations (revoked ones are gone), newest first; every member may read them. */
  async list(input: In<'invitations.list'>): Out<'invitations.list'> {
    const grant = await this.access.require(input.actor, input.workspaceId, 'read');
    if (!grant.ok) return grant;
    const rows: InvitationRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM compliance.invitations WHERE workspace_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id LIMIT 500`,
      [grant.value.workspaceId],
    );
    return succeed({ items: rows.map(toInvitation) });
  }

  /** manage; an accepted invitation cannot be revoked (remove the member instead); revoking twice is fine. */
  async revoke(input: In<'invitations.revoke'>): Out<'invitations.revoke'> {
    return this.dataSource.transaction(async (m) => {
      const grant = await this.access.require(input.actor, input.workspaceId, 'manage', m);
      if (!grant.ok) return grant;
      const rows: InvitationRow[] = await m.query(`SELECT ${COLUMNS} FROM compliance.invitations WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [
        input.invitationId,
        grant.value.workspaceId,
      ]);
      const invitation = rows[0];
      if (!invitation) return refuse(ErrorCode.NOT_FOUND, INVITATION_GONE);
      if (invitation.accepted_at) return refuse(ErrorCode.CONFLICT, 'Inbjudan har redan accepterats. Ta bort medlemmen i stället.');
      if (!invitation.revoked_at) {
        await m.query(`UPDATE compliance.invitations SET revoked_at = now() WHERE id = $1`, [invitation.id]);
        await this.activity.record(m, grant.value, {
          entityType: 'invitation',
          entityId: invitation.id,
          action: 'revoked',
          changes: [{ field: 'status', from: 'open', to: 'revoked' }],
          summary: invitation.email,
        });
      }
      return succeed({ removed: true as const });
    });
  }

  /**
   * The invitee (signed in with the invited address) joins the workspace.
   * Unknown, revoked, used or expired links are NOT_FOUND; another account's
   * address is FORBIDDEN; accepting again as a member returns the workspace.
   */
  async accept(input: In<'invitations.accept'>): Out<'invitations.accept'> {
    const result = await this.dataSource.transaction(async (m) => {
      const rows: Array<InvitationRow & { workspace_name: string }> = await m.query(
        `SELECT i.id, i.workspace_id, i.email, i.role, i.invited_by_name, i.created_at, i.expires_at, i.accepted_at, i.accepted_by, i.revoked_at,
                w.name AS workspace_name
           FROM compliance.invitations i JOIN compliance.workspaces w ON w.id = i.workspace_id
          WHERE i.token_hash = $1 FOR UPDATE OF i, w`,
        [hashToken(input.token)],
      );
      const invitation = rows[0];
      if (!invitation || invitation.revoked_at) return refuse(ErrorCode.NOT_FOUND, INVITATION_GONE);
      const users: Array<{ email: string; display_name: string }> = await m.query(`SELECT email, display_name FROM compliance.users WHERE id = $1`, [input.actor.userId]);
      const user = users[0];
      if (!user) return refuse(ErrorCode.UNAUTHENTICATED, SIGNED_OUT);
      if (normaliseEmail(user.email) !== invitation.email) {
        return refuse(ErrorCode.FORBIDDEN, 'Inbjudan gäller en annan e-postadress. Logga in med den adress som inbjudan skickades till.');
      }
      const existing = await this.membership(m, invitation.workspace_id, input.actor.userId);
      if (existing) {
        if (!invitation.accepted_at) {
          await m.query(`UPDATE compliance.invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1`, [invitation.id, input.actor.userId]);
        }
        return succeed({ workspace: { id: invitation.workspace_id, name: invitation.workspace_name, role: existing.role, createdAt: existing.workspace_created_at.toISOString() }, joined: null });
      }
      if (invitation.accepted_at) return refuse(ErrorCode.NOT_FOUND, 'Inbjudan har redan använts.');
      if (invitation.expires_at.getTime() <= Date.now()) return refuse(ErrorCode.NOT_FOUND, 'Inbjudan har gått ut. Be om en ny inbjudan.');

      const [inserted]: Array<{ created_at: Date }> = await m.query(
        `INSERT INTO compliance.memberships (workspace_id, user_id, role) VALUES ($1, $2, $3) RETURNING created_at`,
        [invitation.workspace_id, input.actor.userId, invitation.role],
      );
      await m.query(`UPDATE compliance.invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1`, [invitation.id, input.actor.userId]);
      const grant = { workspaceId: invitation.workspace_id, userId: input.actor.userId, actorName: user.display_name };
      await this.activity.record(m, grant, {
        entityType: 'invitation',
        entityId: invitation.id,
        action: 'accepted',
        changes: [{ field: 'status', from: 'open', to: 'accepted' }],
        summary: invitation.email,
      });
      await this.activity.record(m, grant, {
        entityType: 'member',
        entityId: input.actor.userId,
        action: 'added',
        changes: [{ field: 'role', from: null, to: invitation.role }],
        summary: user.display_name,
      });
      const created = await this.membership(m, invitation.workspace_id, input.actor.userId);
      return succeed({
        workspace: { id: invitation.workspace_id, name: invitation.workspace_name, role: invitation.role, createdAt: (created?.workspace_created_at ?? new Date()).toISOString() },
        joined: { userId: input.actor.userId, email: user.email, displayName: user.display_name, role: invitation.role, joinedAt: (inserted as { created_at: Date }).created_at.toISOString() },
      });
    });
    if (!result.ok) return result;
    if (result.value.joined) {
      await this.realtime.publish({ type: 'member.updated', workspaceId: result.value.workspace.id, actorId: input.actor.userId, data: result.value.joined });
    }
    return succeed(result.value.workspace);
  }

  private async membership(m: EntityManager, workspaceId: string, userId: string): Promise<{ role: WorkspaceRole; workspace_created_at: Date } | null> {
    const rows: Array<{ role: WorkspaceRole; workspace_created_at: Date }> = await m.query(
      `SELECT m.role, w.created_at AS workspace_created_at FROM compliance.memberships m JOIN compliance.workspaces w ON w.id = m.workspace_id
        WHERE m.workspace_id = $1 AND m.user_id = $2`,
      [workspaceId, userId],
    );
    return rows[0] ?? null;
  }
}
