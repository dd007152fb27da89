import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { UserEntity } from '../../accounts/user.entity';
import { WorkspaceEntity } from '../../access/workspace.entity';

/** A named law list (laglista) of a workspace (migration 1796200000000-Register). */
@Entity({ name: 'law_lists' })
@Unique('law_lists_workspace_name_key', ['workspaceId', 'name'])
export class LawListEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'law_lists_pkey' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'law_lists_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ type: 'text' })
  name!: string;

  /** Made from the company profile by the rule set (rather than started empty). */
  @Column({ type: 'boolean' })
  generated!: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'law_lists_created_by_fkey' })
  creator?: Relation<UserEntity>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
