import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { DocumentVersionEntity } from './document-version.entity';

/** Expression of the generated title tsvector; must match the migration and its typeorm_metadata row. */
export const DOCUMENT_TITLE_TSV = "setweight(to_tsvector('swedish'::regconfig, title), 'A')";

/** One statute (SFS number); its text lives in versions, the current one is `currentVersion`. */
@Entity({ name: 'documents' })
@Unique('documents_sfs_key', ['sfs'])
@Index('documents_title_tsv_idx', { synchronize: false })
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'documents_pkey' })
  id!: string;

  /** "1977:1160". */
  @Column({ type: 'text' })
  sfs!: string;

  /** Riksdagen document id ("sfs-1977-1160"). */
  @Index('documents_dok_id_idx')
  @Column({ name: 'dok_id', type: 'text' })
  dokId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  department!: string | null;

  @Column({ name: 'issued_at', type: 'date', nullable: true })
  issuedAt!: string | null;

  /** As the source states it ("1978-07-01 överg.best."). */
  @Column({ name: 'in_force', type: 'text', nullable: true })
  inForce!: string | null;

  @Column({ type: 'boolean', default: false })
  repealed!: boolean;

  @Column({ name: 'repealed_at', type: 'date', nullable: true })
  repealedAt!: string | null;

  @Column({ name: 'repealed_by', type: 'text', nullable: true })
  repealedBy!: string | null;

  @Column({ name: 'current_version_id', type: 'uuid', nullable: true })
  currentVersionId!: string | null;

  @ManyToOne(() => DocumentVersionEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'current_version_id', foreignKeyConstraintName: 'documents_current_version_id_fkey' })
  currentVersion?: Relation<DocumentVersionEntity> | null;

  @Column({ name: 'source_name', type: 'text' })
  sourceName!: string;

  @Column({ name: 'source_url', type: 'text', nullable: true })
  sourceUrl!: string | null;

  /** When the source text of the current version was fetched. */
  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Last time anything about the document changed (set explicitly; unchanged re-ingests write nothing). */
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({
    name: 'title_tsv',
    type: 'tsvector',
    nullable: true,
    generatedType: 'STORED',
    asExpression: DOCUMENT_TITLE_TSV,
    select: false,
    insert: false,
    update: false,
  })
  titleTsv?: string;
}
