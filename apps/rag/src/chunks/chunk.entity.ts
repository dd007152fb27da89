import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Full-text vector of a chunk: section text (A), heading (B), chapter title
 * (C), law title (D), over the row `r`. Written by the row trigger of
 * migration ChunkChapterTitle1797100000000 (`NEW`), kept identical to it.
 */
export const chunkTsv = (r: string): string =>
  `setweight(to_tsvector('swedish', ${r}.text), 'A') || setweight(to_tsvector('swedish', coalesce(${r}.heading, '')), 'B') || ` +
  `setweight(to_tsvector('swedish', coalesce(${r}.chapter_title, '')), 'C') || setweight(to_tsvector('swedish', ${r}.law_title), 'D')`;

/**
 * One retrievable piece of a statute: a section (§), or a part of a long
 * section. Rows of a law are replaced in one transaction on every re-index,
 * so a changed or repealed section can never be retrieved in its old wording.
 */
@Entity({ name: 'chunks' })
@Unique('UQ_chunks_sfs_position', ['sfs', 'position'])
@Index('IDX_chunks_sfs_hash', ['sfs', 'contentHash'])
@Index('IDX_chunks_tsv', { synchronize: false })
@Index('IDX_chunks_embedding_hnsw', { synchronize: false })
export class ChunkEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_chunks' })
  id!: string;

  @Column({ type: 'text' })
  sfs!: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId!: string;

  /** Order of the chunk within the law (sections in document order, parts after each other). */
  @Column({ type: 'integer' })
  position!: number;

  /** Section anchor (K3P2a); parts of a split section share it. */
  @Column({ type: 'text' })
  anchor!: string;

  /** 0 for a whole section, 0..n-1 for the parts of a long one. */
  @Column({ type: 'integer', default: 0 })
  part!: number;

  @Column({ type: 'text', nullable: true })
  chapter!: string | null;

  /** "3 kap. 2 a §" */
  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'law_title', type: 'text' })
  lawTitle!: string;

  @Column({ type: 'text', nullable: true })
  heading!: string | null;

  /** "Allmänna hänsynsregler m.m." for a section of 2 kap. miljöbalken; null without chapters. */
  @Column({ name: 'chapter_title', type: 'text', nullable: true })
  chapterTitle!: string | null;

  /** The section text (or part) as shown to the user. */
  @Column({ type: 'text' })
  text!: string;

  /** sha256 of the text that was embedded (context + text). */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ type: 'halfvec', length: 384 })
  embedding!: string;

  @Column({ name: 'embedding_model', type: 'text' })
  embeddingModel!: string;

  /** Written by the row trigger `chunks_tsv` (see chunkTsv), never by the application. */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  tsv?: string;
}
