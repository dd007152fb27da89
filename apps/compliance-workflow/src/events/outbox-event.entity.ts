import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Transactional outbox (migration 1796000000000-CoreAccounts): an event is
 * written in the transaction of the change it announces and published to
 * BullMQ after commit; ids are deterministic, so a repeat is a no-op.
 */
@Entity({ name: 'event_outbox' })
@Index('event_outbox_pending_idx', { synchronize: false })
export class ComplianceOutboxEventEntity {
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
