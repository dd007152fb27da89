import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { UserEntity } from './user.entity';

export type UserTokenPurpose = 'verify_email' | 'password_reset';

/** A one-time token sent by e-mail (migration 1796100000000-Accounts); stored only as its SHA-256. */
@Entity({ name: 'user_tokens' })
@Unique('user_tokens_token_hash_key', ['tokenHash'])
@Check('user_tokens_purpose_check', `purpose IN ('verify_email', 'password_reset')`)
@Index('user_tokens_user_idx', ['userId', 'purpose'])
export class UserTokenEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'user_tokens_pkey' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_tokens_user_id_fkey' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text' })
  purpose!: UserTokenPurpose;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
