import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export type MailStatus = 'pending' | 'sent' | 'failed';

/** One mail to one recipient (migration 1796400000000-MailOutbox). */
@Entity({ name: 'mail_outbox' })
@Unique('UQ_mail_outbox_event_recipient', ['eventId', 'recipient'])
@Unique('UQ_mail_outbox_message_id', ['messageId'])
@Check('CHK_mail_outbox_status', `status IN ('pending', 'sent', 'failed')`)
@Check('CHK_mail_outbox_attempts', `attempts >= 0`)
@Check('CHK_mail_outbox_body', `status = 'sent' OR (text_body IS NOT NULL AND html_body IS NOT NULL)`)
// Partial index (due pending mails): declared for the drift check, created by the migration.
@Index('IDX_mail_outbox_due', { synchronize: false })
export class MailEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_mail_outbox' })
  id!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  @Column({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text' })
  subject!: string;

  /** Cleared when sent (it may hold a token). */
  @Column({ name: 'text_body', type: 'text', nullable: true })
  textBody!: string | null;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  htmlBody!: string | null;

  /** The Message-ID header, fixed when stored: a re-sent mail keeps it, so receivers can drop the copy. */
  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: MailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The link in the mail stops working then; an undelivered mail is not sent after it. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post) by name; null for transactional mail. */
  @Column({ type: 'jsonb', nullable: true })
  headers!: Record<string, string> | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
