import { Module } from '@nestjs/common';
import { AccessTokenSigner } from './access-token';
import { accountsConfigProvider } from './accounts.config';
import { AccountsHandlers } from './accounts.handlers';
import { AuthService } from './auth.service';
import { InvitationsService } from './invitations.service';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { WorkspacesService } from './workspaces.service';

/**
 * Accounts and access: registration, login, rotating refresh tokens,
 * e-mail verification, password reset, workspaces, members and invitations.
 * Design notes: apps/compliance-workflow/README.md, section "Accounts".
 */
@Module({
  providers: [accountsConfigProvider, PasswordHasher, AccessTokenSigner, LoginThrottle, AuthService, WorkspacesService, InvitationsService, AccountsHandlers],
  exports: [AuthService, WorkspacesService],
})
export class AccountsModule {}
