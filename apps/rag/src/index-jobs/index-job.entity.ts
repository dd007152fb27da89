import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type IndexJobStatus = 'listing' | 'indexing' | 'completed' | 'failed';

/** A re-indexing job (migration 1795600000000-IndexJobs). */
@Entity({ name: 'index_jobs' })
@Check('CHK_index_jobs_kind', `kind IN ('rebuild')`)
@Check('CHK_index_jobs_status', `status IN ('listing', 'indexing', 'completed', 'failed')`)
// Expression index (at most one active job): declared for the drift check, created by the migration.
@Index('UQ_index_jobs_active', { synchronize: false })
export class IndexJobEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_index_jobs' })
  id!: string;

  @Column({ type: 'text' })
  kind!: 'rebuild';

  @Column({ type: 'text' })
  status!: IndexJobStatus;

  @Column({ name: 'embedding_model', type: 'text' })
  embeddingModel!: string;

  @Column({ type: 'text', nullable: true })
  cursor!: string | null;

  @Column({ type: 'integer', default: 0 })
  total!: number;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
