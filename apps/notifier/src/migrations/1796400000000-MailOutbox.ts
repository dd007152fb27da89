import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail outbox: every mail is stored (rendered) before it is sent, one row
 * per event and recipient, so a redelivered event adds nothing. The sender
 * claims due rows with FOR UPDATE SKIP LOCKED; the body is cleared once the
 * mail is sent (it holds a live verification, reset or invitation link).
 */
export class MailOutbox1796400000000 implements MigrationInterface {
  name = 'MailOutbox1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifier.mail_outbox (
        id uuid NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        correlation_id text,
        recipient text NOT NULL,
        subject text NOT NULL,
        text_body text,
        html_body text,
        message_id text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT "PK_mail_outbox" PRIMARY KEY (id),
        CONSTRAINT "UQ_mail_outbox_event_recipient" UNIQUE (event_id, recipient),
        CONSTRAINT "UQ_mail_outbox_message_id" UNIQUE (message_id),
        CONSTRAINT "CHK_mail_outbox_status" CHECK (status IN ('pending', 'sent', 'failed')),
        CONSTRAINT "CHK_mail_outbox_attempts" CHECK (attempts >= 0),
        CONSTRAINT "CHK_mail_outbox_body" CHECK (status = 'sent' OR (text_body IS NOT NULL AND html_body IS NOT NULL))
      )`);
    // The sender's claim: due pending mails in order.
    await q.query(`CREATE INDEX "IDX_mail_outbox_due" ON notifier.mail_outbox (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifier.mail_outbox`);
  }
}
