import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { UserEntity } from '../../accounts/user.entity';
import { WorkspaceEntity } from '../../access/workspace.entity';
import { RequirementEntity } from '../requirements/requirement.entity';

/**
 * Evidence for a requirement: a stored file (content behind EvidenceStorage,
 * under a random key) or a link (migration 1796200000000-Register).
 */
@Entity({ name: 'evidence' })
@Index('evidence_requirement_idx', ['requirementId'])
@Unique('evidence_storage_key_key', ['storageKey'])
@Check('evidence_kind_check', `kind IN ('file', 'link')`)
@Check('evidence_scan_status_check', `scan_status IN ('unscanned', 'clean', 'infected')`)
@Check(
  'evidence_shape_check',
  `(kind = 'link' AND url IS NOT NULL AND storage_key IS NULL) OR (kind = 'file' AND storage_key IS NOT NULL AND filename IS NOT NULL AND mime_type IS NOT NULL AND size IS NOT NULL AND sha256 IS NOT NULL)`,
)
export class EvidenceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'evidence_pkey' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'evidence_workspace_id_fkey' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ name: 'requirement_id', type: 'uuid' })
  requirementId!: string;

  @ManyToOne(() => RequirementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requirement_id', foreignKeyConstraintName: 'evidence_requirement_id_fkey' })
  requirement?: Relation<RequirementEntity>;

  @Column({ type: 'text' })
  kind!: 'file' | 'link';

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  /** The uploader's file name (shown and used for downloads; never part of the storage key). */
  @Column({ type: 'text', nullable: true })
  filename!: string | null;

  @Column({ name: 'mime_type', type: 'text', nullable: true })
  mimeType!: string | null;

  @Column({ type: 'integer', nullable: true })
  size!: number | null;

  @Column({ type: 'text', nullable: true })
  sha256!: string | null;

  @Column({ name: 'storage_key', type: 'text', nullable: true })
  storageKey!: string | null;

  @Column({ name: 'scan_status', type: 'text' })
  scanStatus!: 'unscanned' | 'clean' | 'infected';

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'evidence_created_by_fkey' })
  creator?: Relation<UserEntity>;

  @Column({ name: 'created_by_name', type: 'text', nullable: true })
  createdByName!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
