import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { WorkspaceRole } from '@laglig/contracts';
import { UserEntity } from '../accounts/user.entity';
import { WorkspaceEntity } from './workspace.entity';

/** A user's role in a workspace (migration 1796000000000-CoreAccounts). */
@Entity({ name: 'memberships' })
@Check('memberships_role_check', `role IN ('OWNER', 'ADMIN', 'MEMBER', 'AUDITOR')`)
@Index('memberships_user_idx', ['userId'])
export class MembershipEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid', primaryKeyConstraintName: 'memberships_pkey' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'memberships_pkey' })
  userId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'memberships_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'memberships_user_id_fkey' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text' })
  role!: WorkspaceRole;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
