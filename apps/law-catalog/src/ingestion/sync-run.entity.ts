import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SyncRunKind = 'folder' | 'api';
export type SyncRunStatus = 'running' | 'succeeded' | 'completed_with_errors' | 'failed';

/** One ingestion run (folder import or Riksdagen sync) with its summary. */
@Entity({ name: 'sync_runs' })
export class SyncRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'sync_runs_pkey' })
  id!: string;

  @Column({ type: 'text' })
  kind!: SyncRunKind;

  /** Folder path or API base URL. */
  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text' })
  status!: SyncRunStatus;

  @Column({ type: 'jsonb', nullable: true })
  stats!: object | null;

  /** Where a later run can continue (e.g. the `from` date of the next API sync). */
  @Column({ type: 'text', nullable: true })
  cursor!: string | null;
}
