import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { DocumentEntity } from './document.entity';
import { DocumentVersionEntity } from './document-version.entity';

/** Expression of the generated section tsvector; must match the migration and its typeorm_metadata row. */
export const SECTION_TSV =
  "setweight(to_tsvector('swedish'::regconfig, COALESCE(heading, ''::text)), 'B') || to_tsvector('swedish'::regconfig, text)";

export interface SectionValidity {
  kind: 'future' | 'expiring';
  /** ISO date, or null when the marker names none ("den dag som regeringen bestämmer"). */
  date: string | null;
  raw: string;
}

/** One paragraf of one version, flattened for search and exact lookup. */
@Entity({ name: 'sections' })
@Index('sections_tsv_idx', { synchronize: false })
export class SectionEntity {
  @PrimaryColumn({ name: 'version_id', type: 'uuid', primaryKeyConstraintName: 'sections_pkey' })
  versionId!: string;

  /** "K3P2a", "P5", "K1P1-I2026-07-01". */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'sections_pkey' })
  anchor!: string;

  @ManyToOne(() => DocumentVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'sections_version_id_fkey' })
  version?: Relation<DocumentVersionEntity>;

  @Index('sections_document_id_idx')
  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'sections_document_id_fkey' })
  document?: Relation<DocumentEntity>;

  @Column({ type: 'text', nullable: true })
  chapter!: string | null;

  @Column({ type: 'text' })
  number!: string;

  /** "3 kap. 2 a §". */
  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text', nullable: true })
  heading!: string | null;

  @Column({ type: 'text' })
  text!: string;

  /** 0-based order within the version. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'boolean' })
  repealed!: boolean;

  @Column({ name: 'amended_by', type: 'text', nullable: true })
  amendedBy!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  validity!: SectionValidity | null;

  @Column({
    type: 'tsvector',
    nullable: true,
    generatedType: 'STORED',
    asExpression: SECTION_TSV,
    select: false,
    insert: false,
    update: false,
  })
  tsv?: string;
}
