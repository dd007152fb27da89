import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import type { LawStructure } from '@laglig/contracts';
import { DocumentEntity } from './document.entity';

/** One text of a statute, identified by the sha256 of its normalised text. Never updated, never deleted. */
@Entity({ name: 'document_versions' })
@Unique('document_versions_document_id_content_hash_key', ['documentId', 'contentHash'])
export class DocumentVersionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'document_versions_pkey' })
  id!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_versions_document_id_fkey' })
  document?: Relation<DocumentEntity>;

  /** sha256 (hex) of the normalised text. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  /** "t.o.m. SFS 2023:349" as the source states it. */
  @Column({ name: 'amended_through', type: 'text', nullable: true })
  amendedThrough!: string | null;

  @Column({ name: 'raw_text', type: 'text' })
  rawText!: string;

  /** Parsed preamble/body/transitional in the contract shape (LawStructureSchema). */
  @Column({ type: 'jsonb' })
  structure!: LawStructure;

  @Column({ name: 'section_count', type: 'integer' })
  sectionCount!: number;

  /** Parser warnings (odd but recoverable input), kept for review. */
  @Column({ name: 'parser_warnings', type: 'jsonb' })
  parserWarnings!: string[];

  @Column({ name: 'source_name', type: 'text' })
  sourceName!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
