import type { ServicePersistence } from '@laglig/persistence';
import { UserEntity } from './accounts/user.entity';
import { MembershipEntity } from './access/membership.entity';
import { WorkspaceEntity } from './access/workspace.entity';
import { ActivityEntryEntity } from './activity/activity.entity';
import { ComplianceOutboxEventEntity } from './events/outbox-event.entity';
import { InitialComplianceWorkflow1795318100000 } from './migrations/1795318100000-InitialComplianceWorkflow';
import { LawChangeApplications1796500000000 } from './migrations/1796500000000-LawChangeApplications';
import { LawChangeApplicationEntity } from './register/law-changes/law-change-application.entity';
import { CoreAccounts1796000000000 } from './migrations/1796000000000-CoreAccounts';
import { Accounts1796100000000 } from './migrations/1796100000000-Accounts';
import { ACCOUNTS_ENTITIES } from './accounts/accounts.entities';
import { BOARD_ENTITIES } from './board/board.entities';
import { REGISTER_ENTITIES } from './register/register.entities';
import { Register1796200000000 } from './migrations/1796200000000-Register';
import { Board1796300000000 } from './migrations/1796300000000-Board';
import { WorkspaceChanges1796700000000 } from './migrations/1796700000000-WorkspaceChanges';
import { WorkspaceChangeEntity } from './register/law-changes/workspace-change.entity';

/*
 * Entities and migrations of the compliance schema. Each part of the service
 * adds its own line(s) here: accounts (tokens, invitations), register
 * (profile, lists, requirements, evidence, applied law changes), board
 * (columns, cards, comments).
 */
export const persistence = {
  schema: 'compliance',
  entities: [UserEntity, WorkspaceEntity, MembershipEntity, ActivityEntryEntity, ComplianceOutboxEventEntity, ...ACCOUNTS_ENTITIES, ...REGISTER_ENTITIES, LawChangeApplicationEntity, WorkspaceChangeEntity, ...BOARD_ENTITIES],
  migrations: [InitialComplianceWorkflow1795318100000, CoreAccounts1796000000000, Accounts1796100000000, Register1796200000000, Board1796300000000, LawChangeApplications1796500000000, WorkspaceChanges1796700000000],
} satisfies ServicePersistence;
