import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { LawChangeKind, SectionChange } from '@laglig/contracts';

/** A law.changed / law.repealed event as the notifier keeps it (migration 1796800000000). */
@Entity({ name: 'law_changes_inbox' })
@Unique('UQ_law_changes_inbox_event', ['eventId'])
@Check('CHK_law_changes_inbox_kind', `kind IN ('new', 'amended', 'repealed')`)
@Index('IDX_law_changes_inbox_received', ['receivedAt'])
@Index('UQ_law_changes_inbox_change', ['changeId'], { unique: true, where: '"change_id" IS NOT NULL' })
export class LawChangeInboxEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_law_changes_inbox' })
  id!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  /** law-catalog's change event (the diff page), when the event carried one. */
  @Column({ name: 'change_id', type: 'uuid', nullable: true })
  changeId!: string | null;

  @Column({ type: 'text' })
  sfs!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  kind!: LawChangeKind;

  @Column({ name: 'amending_sfs', type: 'text', nullable: true })
  amendingSfs!: string | null;

  /** Ikraftträdande (YYYY-MM-DD), when known. */
  @Column({ name: 'in_force', type: 'text', nullable: true })
  inForce!: string | null;

  @Column({ type: 'boolean' })
  substantive!: boolean;

  @Column({ type: 'jsonb' })
  sections!: SectionChange[];

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  /** Set once the immediate mails for this change are stored (digests wait for it, up to an hour). */
  @Column({ name: 'immediate_done_at', type: 'timestamptz', nullable: true })
  immediateDoneAt!: Date | null;

  /** One machine-written Swedish sentence on the change (SUMMARY_PROVIDER=openai), shown above the section lines; migration 1797000000000. */
  @Column({ name: 'ai_summary', type: 'text', nullable: true })
  aiSummary!: string | null;

  /** The model that wrote `aiSummary`. */
  @Column({ name: 'ai_model', type: 'text', nullable: true })
  aiModel!: string | null;

  /** Calls made (or claimed) for the summary: at most one at event time, one more at digest time after a failure. */
  @Column({ name: 'ai_summary_attempts', type: 'integer', default: 0 })
  aiSummaryAttempts!: number;

  @Column({ name: 'ai_summary_attempted_at', type: 'timestamptz', nullable: true })
  aiSummaryAttemptedAt!: Date | null;
}

export interface FlaggedRequirement {
  id: string;
  title: string;
  anchor: string | null;
  url: string;
}

/** A requirements.flagged event: the requirements a change re-opened in one workspace (links in mails). */
@Entity({ name: 'flagged_requirements' })
@Index('IDX_flagged_requirements_workspace_sfs', ['workspaceId', 'sfs'])
export class FlaggedRequirementsEntity {
  @PrimaryColumn('text', { name: 'event_id', primaryKeyConstraintName: 'PK_flagged_requirements' })
  eventId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'workspace_change_id', type: 'uuid' })
  workspaceChangeId!: string;

  @Column({ name: 'change_id', type: 'uuid', nullable: true })
  changeId!: string | null;

  @Column({ type: 'text' })
  sfs!: string;

  @Column({ name: 'list_ids', type: 'jsonb' })
  listIds!: string[];

  @Column({ type: 'jsonb' })
  requirements!: FlaggedRequirement[];

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}

/** A change a user has been told about, and how: the ledger that keeps a change out of a second mail. */
@Entity({ name: 'notified_changes' })
@Check('CHK_notified_changes_via', `via IN ('immediate', 'digest')`)
@Index('IDX_notified_changes_change', ['changeId'])
export class NotifiedChangeEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_notified_changes' })
  userId!: string;

  /** law_changes_inbox.id */
  @PrimaryColumn('uuid', { name: 'change_id', primaryKeyConstraintName: 'PK_notified_changes' })
  changeId!: string;

  @Column({ type: 'text' })
  via!: 'immediate' | 'digest';

  /** The outbox event id of the mail that told the user. */
  @Column({ name: 'mail_event_id', type: 'text' })
  mailEventId!: string;

  @Column({ name: 'notified_at', type: 'timestamptz', default: () => 'now()' })
  notifiedAt!: Date;
}

/** One digest per user and calendar day (DIGEST_TZ): a second run the same day sends nothing. */
@Entity({ name: 'digest_runs' })
export class DigestRunEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_digest_runs' })
  userId!: string;

  @PrimaryColumn('date', { primaryKeyConstraintName: 'PK_digest_runs' })
  period!: string;

  /** digest:<period>:<userId>, the outbox event id. */
  @Column({ name: 'digest_id', type: 'text' })
  digestId!: string;

  @Column({ type: 'integer' })
  changes!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/**
 * One digest pass — the scheduled run or `digests.start` — with its state and
 * counts (migration 1797200000000). `digest_runs` above is the per-user ledger;
 * this is the operator's record of each pass, kept in PostgreSQL so a status
 * survives restarts and BullMQ's job retention.
 */
@Entity({ name: 'digest_jobs' })
@Unique('UQ_digest_jobs_job', ['jobId'])
@Check('CHK_digest_jobs_trigger', `trigger IN ('schedule', 'manual')`)
@Check('CHK_digest_jobs_status', `status IN ('queued', 'running', 'completed', 'failed')`)
@Index('IDX_digest_jobs_queued', ['queuedAt'])
export class DigestJobEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_digest_jobs' })
  id!: string;

  /** The BullMQ job that executes it (digest-run.<id>, or the scheduler's repeat job id). */
  @Column({ name: 'job_id', type: 'text' })
  jobId!: string;

  @Column({ type: 'text' })
  trigger!: 'schedule' | 'manual';

  @Column({ type: 'text' })
  status!: 'queued' | 'running' | 'completed' | 'failed';

  /** The instant the pass runs as of. */
  @Column({ type: 'timestamptz' })
  at!: Date;

  /** The calendar date of `at` in DIGEST_TZ. */
  @Column({ type: 'date' })
  period!: string;

  @Column({ name: 'queued_at', type: 'timestamptz', default: () => 'now()' })
  queuedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'integer', default: 0 })
  users!: number;

  @Column({ type: 'integer', default: 0 })
  sent!: number;

  @Column({ type: 'integer', default: 0 })
  skipped!: number;

  /** The last failed attempt's reason (Swedish, no personal data). */
  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
