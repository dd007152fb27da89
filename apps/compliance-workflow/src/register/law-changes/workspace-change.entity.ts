import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import type { LawChangeKind, SectionChange } from '@laglig/contracts';
import { UserEntity } from '../../accounts/user.entity';
import { WorkspaceEntity } from '../../access/workspace.entity';
import { BoardCardEntity } from '../../board/board.entities';

/**
 * One workspace's record of a law change event (migration
 * 1796700000000-WorkspaceChanges): written for every workspace whose active
 * list entries contain the statute, with the lists, the requirements it
 * flagged "Behöver omprövas", the board card, and the acknowledgement (kvittens).
 */
@Entity({ name: 'workspace_changes' })
@Unique('workspace_changes_workspace_event_key', ['workspaceId', 'eventId'])
@Index('workspace_changes_feed_idx', ['workspaceId', 'receivedAt', 'id'])
@Index('workspace_changes_change_key', { synchronize: false })
@Check('workspace_changes_kind_check', `kind IN ('new', 'amended', 'repealed')`)
export class WorkspaceChangeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'workspace_changes_pkey' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'workspace_changes_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  /** The law.changed / law.repealed envelope id. */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  /** law-catalog's change record (LawChange.id), when the event carried one. */
  @Column({ name: 'change_id', type: 'uuid', nullable: true })
  changeId!: string | null;

  @Column({ type: 'text' })
  sfs!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  kind!: LawChangeKind;

  @Column({ name: 'amending_sfs', type: 'text', nullable: true })
  amendingSfs!: string | null;

  /** Ikraftträdande as the event gave it (YYYY-MM-DD). */
  @Column({ name: 'in_force', type: 'text', nullable: true })
  inForce!: string | null;

  @Column({ type: 'boolean' })
  substantive!: boolean;

  @Column({ type: 'jsonb' })
  sections!: SectionChange[];

  /** The workspace's lists with an active entry for the statute when the change arrived. */
  @Column({ name: 'list_ids', type: 'uuid', array: true })
  listIds!: string[];

  @Column({ name: 'flagged_requirement_ids', type: 'uuid', array: true })
  flaggedRequirementIds!: string[];

  @Column({ name: 'card_id', type: 'uuid', nullable: true })
  cardId!: string | null;

  @ManyToOne(() => BoardCardEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'card_id', foreignKeyConstraintName: 'workspace_changes_card_id_fkey' })
  card?: Relation<BoardCardEntity>;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'acknowledged_by', foreignKeyConstraintName: 'workspace_changes_acknowledged_by_fkey' })
  acknowledger?: Relation<UserEntity>;

  /** The name at the time (stays readable after the account is gone). */
  @Column({ name: 'acknowledged_by_name', type: 'text', nullable: true })
  acknowledgedByName!: string | null;

  @Column({ name: 'acknowledge_comment', type: 'text', nullable: true })
  acknowledgeComment!: string | null;
}
