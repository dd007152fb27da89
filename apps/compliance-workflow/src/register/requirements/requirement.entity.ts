import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { RequirementReviewFlag, RequirementStatus } from '@laglig/contracts';
import { UserEntity } from '../../accounts/user.entity';
import { WorkspaceEntity } from '../../access/workspace.entity';
import { LawListItemEntity } from '../lists/law-list-item.entity';
import { LawListEntity } from '../lists/law-list.entity';

/**
 * A requirement (kravpunkt) of a law on a list, with its assessment. `version`
 * guards concurrent edits (migration 1796200000000-Register).
 */
@Entity({ name: 'requirements' })
@Index('requirements_workspace_list_idx', ['workspaceId', 'listId'])
@Index('requirements_item_idx', ['itemId', 'position'])
@Index('requirements_responsible_idx', ['workspaceId', 'responsibleUserId'])
@Index('requirements_review_date_idx', ['workspaceId', 'reviewDate'])
@Check('requirements_origin_check', `origin IN ('suggested', 'manual')`)
@Check('requirements_status_check', `status IN ('UPPFYLLD', 'DELVIS', 'EJ_UPPFYLLD', 'EJ_TILLAMPLIG')`)
@Check('requirements_motivation_check', `status IS DISTINCT FROM 'EJ_TILLAMPLIG' OR (motivation IS NOT NULL AND btrim(motivation) <> '')`)
export class RequirementEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'requirements_pkey' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'requirements_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ name: 'list_id', type: 'uuid' })
  listId!: string;

  @ManyToOne(() => LawListEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'list_id', foreignKeyConstraintName: 'requirements_list_id_fkey' })
  list?: Relation<LawListEntity>;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => LawListItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'requirements_item_id_fkey' })
  item?: Relation<LawListItemEntity>;

  /** Section anchor of the statute ("K3P2a"); null for a requirement on the law as a whole. */
  @Column({ type: 'text', nullable: true })
  anchor!: string | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  origin!: 'suggested' | 'manual';

  /** Null until assessed. */
  @Column({ type: 'text', nullable: true })
  status!: RequirementStatus | null;

  @Column({ type: 'text', nullable: true })
  motivation!: string | null;

  @Column({ type: 'text', nullable: true })
  action!: string | null;

  @Column({ name: 'responsible_user_id', type: 'uuid', nullable: true })
  responsibleUserId!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'responsible_user_id', foreignKeyConstraintName: 'requirements_responsible_user_id_fkey' })
  responsible?: Relation<UserEntity>;

  /** Next review (YYYY-MM-DD). */
  @Column({ name: 'review_date', type: 'date', nullable: true })
  reviewDate!: string | null;

  @Column({ name: 'assessed_by', type: 'uuid', nullable: true })
  assessedBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assessed_by', foreignKeyConstraintName: 'requirements_assessed_by_fkey' })
  assessor?: Relation<UserEntity>;

  /** The assessor's name when assessed (Granskare; stays readable after the account is gone). */
  @Column({ name: 'assessed_by_name', type: 'text', nullable: true })
  assessedByName!: string | null;

  @Column({ name: 'assessed_at', type: 'timestamptz', nullable: true })
  assessedAt!: Date | null;

  /** "Behöver omprövas": set by a law change, cleared by the next assessment (migration 1796700000000-WorkspaceChanges). */
  @Column({ name: 'review_flag', type: 'jsonb', nullable: true })
  reviewFlag!: RequirementReviewFlag | null;

  /** Order within the law. */
  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'requirements_created_by_fkey' })
  creator?: Relation<UserEntity>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
