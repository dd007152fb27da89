import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { LawChangeKind, SectionChange } from '@laglig/contracts';
import { DocumentVersionEntity } from '../documents/document-version.entity';
import { DocumentEntity } from '../documents/document.entity';
import { SyncRunEntity } from '../ingestion/sync-run.entity';

/**
 * A change event: one statute moved from one version to another (or was
 * repealed). Written in the ingest transaction that stored the new version;
 * never updated.
 */
@Entity({ name: 'law_changes' })
@Index('law_changes_detected_idx', { synchronize: false })
@Index('law_changes_sfs_detected_idx', { synchronize: false })
export class LawChangeEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'law_changes_pkey' })
  id!: string;

  @Index('law_changes_document_id_idx')
  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'law_changes_document_id_fkey' })
  document?: Relation<DocumentEntity>;

  @Column({ type: 'text' })
  sfs!: string;

  @Column({ type: 'text' })
  kind!: LawChangeKind;

  @Column({ name: 'from_version_id', type: 'uuid', nullable: true })
  fromVersionId!: string | null;

  @ManyToOne(() => DocumentVersionEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'from_version_id', foreignKeyConstraintName: 'law_changes_from_version_id_fkey' })
  fromVersion?: Relation<DocumentVersionEntity> | null;

  @Column({ name: 'to_version_id', type: 'uuid' })
  toVersionId!: string;

  @ManyToOne(() => DocumentVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'to_version_id', foreignKeyConstraintName: 'law_changes_to_version_id_fkey' })
  toVersion?: Relation<DocumentVersionEntity>;

  /** "2025:406" when the source names the amending act. */
  @Column({ name: 'amending_sfs', type: 'text', nullable: true })
  amendingSfs!: string | null;

  /** Ikraftträdande (YYYY-MM-DD) of the amending act, when the register has it. */
  @Column({ name: 'in_force', type: 'text', nullable: true })
  inForce!: string | null;

  @Column({ type: 'boolean' })
  substantive!: boolean;

  /** SectionChange[] (empty for a new statute and for a repeal without a new text). */
  @Column({ type: 'jsonb' })
  sections!: SectionChange[];

  @Column({ name: 'detected_at', type: 'timestamptz', default: () => 'now()' })
  detectedAt!: Date;

  @Column({ name: 'sync_run_id', type: 'uuid', nullable: true })
  syncRunId!: string | null;

  @ManyToOne(() => SyncRunEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'sync_run_id', foreignKeyConstraintName: 'law_changes_sync_run_id_fkey' })
  syncRun?: Relation<SyncRunEntity> | null;
}
