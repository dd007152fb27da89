import { Injectable } from '@nestjs/common';
import { RpcHandler } from '@laglig/messaging';
import type { In, Out } from './accounts.types';
import { AuthService } from './auth.service';
import { InvitationsService } from './invitations.service';
import { WorkspacesService } from './workspaces.service';

/** Request/reply handlers of the accounts part (thin: the services hold the rules). */
@Injectable()
export class AccountsHandlers {
  constructor(
    private readonly auth: AuthService,
    private readonly workspaces: WorkspacesService,
    private readonly invitations: InvitationsService,
  ) {}

  @RpcHandler('compliance-workflow', 'auth.register')
  register(input: In<'auth.register'>): Out<'auth.register'> {
    return this.auth.register(input);
  }

  @RpcHandler('compliance-workflow', 'auth.login')
  login(input: In<'auth.login'>): Out<'auth.login'> {
    return this.auth.login(input);
  }

  @RpcHandler('compliance-workflow', 'auth.refresh')
  refresh(input: In<'auth.refresh'>): Out<'auth.refresh'> {
    return this.auth.refresh(input);
  }

  @RpcHandler('compliance-workflow', 'auth.logout')
  logout(input: In<'auth.logout'>): Out<'auth.logout'> {
    return this.auth.logout(input);
  }

  @RpcHandler('compliance-workflow', 'auth.me')
  me(input: In<'auth.me'>): Out<'auth.me'> {
    return this.auth.me(input);
  }

  @RpcHandler('compliance-workflow', 'auth.verify-email')
  verifyEmail(input: In<'auth.verify-email'>): Out<'auth.verify-email'> {
    return this.auth.verifyEmail(input);
  }

  @RpcHandler('compliance-workflow', 'auth.password-reset.request')
  requestPasswordReset(input: In<'auth.password-reset.request'>): Out<'auth.password-reset.request'> {
    return this.auth.requestPasswordReset(input);
  }

  @RpcHandler('compliance-workflow', 'auth.password-reset.confirm')
  confirmPasswordReset(input: In<'auth.password-reset.confirm'>): Out<'auth.password-reset.confirm'> {
    return this.auth.confirmPasswordReset(input);
  }

  @RpcHandler('compliance-workflow', 'workspaces.create')
  createWorkspace(input: In<'workspaces.create'>): Out<'workspaces.create'> {
    return this.workspaces.create(input);
  }

  @RpcHandler('compliance-workflow', 'workspaces.list')
  listWorkspaces(input: In<'workspaces.list'>): Out<'workspaces.list'> {
    return this.workspaces.list(input);
  }

  @RpcHandler('compliance-workflow', 'workspaces.get')
  getWorkspace(input: In<'workspaces.get'>): Out<'workspaces.get'> {
    return this.workspaces.get(input);
  }

  @RpcHandler('compliance-workflow', 'workspaces.update')
  updateWorkspace(input: In<'workspaces.update'>): Out<'workspaces.update'> {
    return this.workspaces.update(input);
  }

  @RpcHandler('compliance-workflow', 'workspaces.access')
  workspaceAccess(input: In<'workspaces.access'>): Out<'workspaces.access'> {
    return this.workspaces.role(input);
  }

  @RpcHandler('compliance-workflow', 'members.list')
  listMembers(input: In<'members.list'>): Out<'members.list'> {
    return this.workspaces.members(input);
  }

  @RpcHandler('compliance-workflow', 'members.update')
  updateMember(input: In<'members.update'>): Out<'members.update'> {
    return this.workspaces.updateMember(input);
  }

  @RpcHandler('compliance-workflow', 'members.remove')
  removeMember(input: In<'members.remove'>): Out<'members.remove'> {
    return this.workspaces.removeMember(input);
  }

  @RpcHandler('compliance-workflow', 'invitations.create')
  createInvitation(input: In<'invitations.create'>): Out<'invitations.create'> {
    return this.invitations.create(input);
  }

  @RpcHandler('compliance-workflow', 'invitations.list')
  listInvitations(input: In<'invitations.list'>): Out<'invitations.list'> {
    return this.invitations.list(input);
  }

  @RpcHandler('compliance-workflow', 'invitations.revoke')
  revokeInvitation(input: In<'invitations.revoke'>): Out<'invitations.revoke'> {
    return this.invitations.revoke(input);
  }

  @RpcHandler('compliance-workflow', 'invitations.accept')
  acceptInvitation(input: In<'invitations.accept'>): Out<'invitations.accept'> {
    return this.invitations.accept(input);
  }

  @RpcHandler('compliance-workflow', 'admin.workspaces.list')
  adminListWorkspaces(input: In<'admin.workspaces.list'>): Out<'admin.workspaces.list'> {
    return this.workspaces.adminList(input);
  }
}
