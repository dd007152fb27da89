import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** folder / api: the CLI's IngestionRunner; sync: a scheduled or requested Riksdagen sync (SyncService). */
export type SyncRunKind = 'folder' | 'api' | 'sync';
export type SyncRunStatus = 'running' | 'queued' | 'listing' | 'fetching' | 'succeeded' | 'completed_with_errors' | 'failed';
export const ACTIVE_SYNC_STATUSES: readonly SyncRunStatus[] = ['queued', 'listing', 'fetching'];

/** One ingestion run (folder import, CLI API import, or a resumable sync) with its summary. */
@Entity({ name: 'sync_runs' })
@Index('sync_runs_one_active_sync_idx', { synchronize: false })
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

  /**
   * Where a later run can continue: for a sync, the highest systemdatum seen
   * (set when the run finishes without failing); for the CLI, the `from` date.
   */
  @Column({ type: 'text', nullable: true })
  cursor!: string | null;

  /** Sync only: incremental | full. */
  @Column({ type: 'text', nullable: true })
  mode!: 'incremental' | 'full' | null;

  /** Sync only: schedule | manual | cli. */
  @Column({ type: 'text', nullable: true })
  trigger!: 'schedule' | 'manual' | 'cli' | null;

  /** Sync only: an incremental run stops listing at documents older than this systemdatum. */
  @Column({ name: 'list_since', type: 'text', nullable: true })
  listSince!: string | null;

  /** Sync only: the next list page to read (null before the first page); listing resumes here. */
  @Column({ name: 'list_next_url', type: 'text', nullable: true })
  listNextUrl!: string | null;

  /** Sync only: why the run failed. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
