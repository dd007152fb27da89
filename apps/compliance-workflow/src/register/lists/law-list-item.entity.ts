import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { UserEntity } from '../../accounts/user.entity';
import { WorkspaceEntity } from '../../access/workspace.entity';
import { LawListEntity } from './law-list.entity';

/**
 * A law on a list: a statute (SFS) or an agency regulation (AFS), with why it
 * is there. Removing keeps the row (status removed, with the reason), so the
 * register shows what was deliberately left out (migration 1796200000000-Register).
 */
@Entity({ name: 'law_list_items' })
@Unique('law_list_items_list_ref_key', ['listId', 'ref'])
@Index('law_list_items_workspace_ref_idx', ['workspaceId', 'ref'])
@Check('law_list_items_kind_check', `kind IN ('SFS', 'AFS')`)
@Check('law_list_items_origin_check', `origin IN ('generated', 'manual')`)
@Check('law_list_items_status_check', `status IN ('active', 'removed')`)
export class LawListItemEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'law_list_items_pkey' })
  id!: string;

  @Column({ name: 'list_id', type: 'uuid' })
  listId!: string;

  @ManyToOne(() => LawListEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'list_id', foreignKeyConstraintName: 'law_list_items_list_id_fkey' })
  list?: Relation<LawListEntity>;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'law_list_items_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ type: 'text' })
  kind!: 'SFS' | 'AFS';

  /** "1977:1160" or "AFS 2023:1". */
  @Column({ type: 'text' })
  ref!: string;

  @Column({ type: 'text' })
  title!: string;

  /** Område (Arbetsmiljö, Miljö, …). */
  @Column({ type: 'text' })
  area!: string;

  /** Why the law is on the list: the rule set's reasons or the manual reason(s). */
  @Column({ type: 'jsonb' })
  reasons!: string[];

  @Column({ type: 'text' })
  origin!: 'generated' | 'manual';

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'removed';

  @Column({ name: 'removed_reason', type: 'text', nullable: true })
  removedReason!: string | null;

  @Column({ name: 'removed_by', type: 'uuid', nullable: true })
  removedBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'removed_by', foreignKeyConstraintName: 'law_list_items_removed_by_fkey' })
  remover?: Relation<UserEntity>;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'added_by', foreignKeyConstraintName: 'law_list_items_added_by_fkey' })
  adder?: Relation<UserEntity>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
