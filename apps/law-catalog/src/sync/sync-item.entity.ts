import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { SyncRunEntity } from '../ingestion/sync-run.entity';

export type SyncItemStatus = 'pending' | 'done' | 'failed';
export type SyncItemOutcome = 'created' | 'changed' | 'updated' | 'unchanged' | 'skipped';

/** One listed document of a sync run: the unit of fetching, retrying and resuming. */
@Entity({ name: 'sync_items' })
@Index('sync_items_claim_idx', { synchronize: false })
export class SyncItemEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid', primaryKeyConstraintName: 'sync_items_pkey' })
  runId!: string;

  @ManyToOne(() => SyncRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'sync_items_run_id_fkey' })
  run?: Relation<SyncRunEntity>;

  @PrimaryColumn({ name: 'dok_id', type: 'text', primaryKeyConstraintName: 'sync_items_pkey' })
  dokId!: string;

  @Column({ type: 'text', nullable: true })
  sfs!: string | null;

  /** As the list states it ("2025-06-24 04:12:03"). */
  @Column({ type: 'text', nullable: true })
  systemdatum!: string | null;

  /** Listing order (newest first); items are fetched in this order. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  status!: SyncItemStatus;

  /** Failed attempts so far. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Not before this time (backoff after a failure). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  /** Set while a worker holds the item; cleared when the run's job starts again after a crash. */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: SyncItemOutcome | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
