import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Transactional outbox: an event is written in the same transaction as the
 * change it announces and published after commit. If publishing fails (Redis
 * down, process killed) the row stays pending and the next flush sends it;
 * event ids are deterministic, so a repeat is a no-op for subscribers.
 */
@Entity({ name: 'event_outbox' })
@Index('event_outbox_pending_idx', { synchronize: false })
export class OutboxEventEntity {
  /** Event id, e.g. "law.changed.<versionId>" (never contains ':'). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'event_outbox_pkey' })
  id!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
