import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { ActivityEntity as ActivityEntityType, FieldChange } from '@laglig/contracts';
import { WorkspaceEntity } from '../access/workspace.entity';

/**
 * One entry of a workspace's activity log: who changed what, old → new, when.
 * Append-only (a trigger rejects UPDATE; migration 1796000000000-CoreAccounts).
 */
@Entity({ name: 'activity' })
@Index('activity_workspace_idx', ['workspaceId', 'id'])
@Index('activity_entity_idx', ['workspaceId', 'entityType', 'entityId', 'id'])
export class ActivityEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'activity_pkey' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'activity_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  /** The actor's name when it happened (the log must read the same after a rename or removal). */
  @Column({ name: 'actor_name', type: 'text', nullable: true })
  actorName!: string | null;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: ActivityEntityType;

  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'jsonb' })
  changes!: FieldChange[];

  @Column({ type: 'text', nullable: true })
  summary!: string | null;
}
