import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A law event that has been applied to the registers (migration 1796500000000-LawChangeApplications): the idempotency claim. */
@Entity({ name: 'law_change_applications' })
export class LawChangeApplicationEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text', primaryKeyConstraintName: 'law_change_applications_pkey' })
  eventId!: string;

  @Column({ type: 'text' })
  sfs!: string;

  /** How many requirements the event flagged "Behöver omprövas" (named when it re-opened them). */
  @Column({ type: 'integer' })
  reopened!: number;

  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' })
  appliedAt!: Date;
}
