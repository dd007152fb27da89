import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { UserEntity } from './user.entity';

export type RefreshRevokeReason = 'rotated' | 'reuse' | 'logout' | 'password_reset';

/**
 * A refresh token (migration 1796100000000-Accounts), stored only as its
 * SHA-256. Every login starts a family; each refresh revokes the presented
 * token (`rotated`, `replaced_by` = its successor) and issues the next one in
 * the same family. A rotated token presented again is reuse: the family dies.
 */
@Entity({ name: 'refresh_tokens' })
@Unique('refresh_tokens_token_hash_key', ['tokenHash'])
@Check('refresh_tokens_revoke_reason_check', `revoke_reason IN ('rotated', 'reuse', 'logout', 'password_reset')`)
@Index('refresh_tokens_user_idx', ['userId'])
@Index('refresh_tokens_family_idx', ['familyId'])
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'refresh_tokens_pkey' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'refresh_tokens_user_id_fkey' })
  user?: Relation<UserEntity>;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  /** Hex SHA-256 of the token (the token itself is never stored). */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason!: RefreshRevokeReason | null;

  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy!: string | null;

  @ManyToOne(() => RefreshTokenEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'replaced_by', foreignKeyConstraintName: 'refresh_tokens_replaced_by_fkey' })
  successor?: Relation<RefreshTokenEntity>;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;
}
