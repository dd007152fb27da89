import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import type { WorkspaceRole } from '@laglig/contracts';
import { WorkspaceEntity } from '../access/workspace.entity';
import { UserEntity } from './user.entity';

/**
 * An invitation to a workspace by e-mail (migration 1796100000000-Accounts).
 * The token is stored only as its SHA-256; at most one open invitation per
 * address and workspace. `invited_by_name` keeps the inviter's name as it was.
 */
@Entity({ name: 'invitations' })
@Unique('invitations_token_hash_key', ['tokenHash'])
@Check('invitations_role_check', `role IN ('OWNER', 'ADMIN', 'MEMBER', 'AUDITOR')`)
@Index('invitations_open_key', ['workspaceId', 'email'], { unique: true, where: 'accepted_at IS NULL AND revoked_at IS NULL' })
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'invitations_pkey' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'invitations_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  /** Lower-cased. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  role!: WorkspaceRole;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by', foreignKeyConstraintName: 'invitations_invited_by_fkey' })
  inviter?: Relation<UserEntity>;

  @Column({ name: 'invited_by_name', type: 'text' })
  invitedByName!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'accepted_by', type: 'uuid', nullable: true })
  acceptedBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'accepted_by', foreignKeyConstraintName: 'invitations_accepted_by_fkey' })
  acceptor?: Relation<UserEntity>;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
