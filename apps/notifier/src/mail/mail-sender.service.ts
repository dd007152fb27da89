import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createLogger, runWithContext } from '@laglig/observability';
import { describeTransport, NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import { notifierMetrics } from '../metrics';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport';
import { describeFailure, isPermanentFailure, retryDelayMs, type RetryPolicy } from './retry-policy';

interface ClaimedMail {
  id: string;
  event_id: string;
  event_type: string;
  correlation_id: string | null;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  attempts: number;
  created_at: Date;
  headers: Record<string, string> | null;
}

export interface SendSummary {
  sent: number;
  retried: number;
  failed: number;
  expired: number;
}

type Outcome = 'sent' | 'retry' | 'failed';

/**
 * Delivers the outbox. A round claims due pending mails with FOR UPDATE SKIP
 * LOCKED and, in the same short statement, counts the attempt and leases the
 * rows (next_attempt_at moves MAIL_LEASE_MS ahead), so other replicas skip
 * them while they are sent; a sender that dies mid-send leaves them to come
 * back after the lease. A failure is retried with exponential backoff and
 * jitter until MAIL_MAX_ATTEMPTS, or at once marked failed when the server
 * refused the mail for good (5xx). Failed mails stay in the table for the operator.
 *
 * Delivery is at least once: a crash between the server's "250 OK" and the
 * update sends the mail again, with the same Message-ID.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = createLogger('notifier').child({ component: 'mail-sender' });
  private readonly policy: RetryPolicy;
  private timer?: NodeJS.Timeout;
  private running: Promise<SendSummary> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {
    this.policy = { maxAttempts: config.MAIL_MAX_ATTEMPTS, baseMs: config.MAIL_RETRY_BASE_MS, maxMs: config.MAIL_RETRY_MAX_MS };
  }

  onApplicationBootstrap(): void {
    const fileInProduction = this.transport.kind === 'file' && process.env['NODE_ENV'] === 'production';
    this.logger[fileInProduction ? 'warn' : 'info']({ transport: this.transport.kind, senderEnabled: this.config.MAIL_SENDER_ENABLED }, describeTransport(this.config));
    if (!this.config.MAIL_SENDER_ENABLED) return;
    this.timer = setInterval(() => this.kick(), this.config.MAIL_POLL_MS);
    this.timer.unref();
    this.kick();
  }

  /** Before the database closes: take no new mail, let the round in flight finish, close the SMTP pool. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.transport.close();
  }

  /** Asks for a round soon (after a mail was stored, and on every poll); rounds never overlap within a process. */
  kick(): void {
    if (this.stopped || !this.config.MAIL_SENDER_ENABLED) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runUntilIdle().catch((err: unknown) => this.logger.error({ err: describeFailure(err) }, 'mail round failed; the next poll retries'));
  }

  /** Sends due mails until none is left. */
  runUntilIdle(): Promise<SendSummary> {
    if (this.running) return this.running;
    this.running = (async () => {
      const total: SendSummary = { sent: 0, retried: 0, failed: 0, expired: 0 };
      try {
        do {
          this.again = false;
          total.expired += await this.expireStale();
          while (!this.stopped) {
            const batch = await this.claim();
            if (batch.length === 0) break;
            const outcomes = await Promise.all(batch.map((mail) => this.deliver(mail)));
            total.sent += outcomes.filter((o) => o === 'sent').length;
            total.retried += outcomes.filter((o) => o === 'retry').length;
            total.failed += outcomes.filter((o) => o === 'failed').length;
          }
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }

  /** Pending mails whose link expired before they could be delivered are failed, not sent. */
  private async expireStale(): Promise<number> {
    const [rows]: [Array<{ event_id: string; event_type: string; message_id: string }>, number] = await this.dataSource.query(
      `UPDATE notifier.mail_outbox
          SET status = 'failed', last_error = 'the link expired before the mail could be delivered'
        WHERE status = 'pending' AND expires_at <= now() AND next_attempt_at <= now()
        RETURNING event_id, event_type, message_id`,
    );
    for (const r of rows) {
      notifierMetrics.mails.inc({ event: r.event_type, result: 'expired' });
      this.logger.error({ eventId: r.event_id, event: r.event_type, messageId: r.message_id }, 'mail not delivered before its link expired; marked failed');
    }
    return rows.length;
  }

  private async claim(): Promise<ClaimedMail[]> {
    const [rows]: [ClaimedMail[], number] = await this.dataSource.query(
      `UPDATE notifier.mail_outbox m
          SET attempts = m.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
         FROM (SELECT id FROM notifier.mail_outbox
                -- An expired link is never sent, also when it expired after this round's expireStale()
                -- (the next round marks it failed).
                WHERE status = 'pending' AND next_attempt_at <= now() AND (expires_at IS NULL OR expires_at > now())
                ORDER BY next_attempt_at, created_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED) due
        WHERE m.id = due.id
        RETURNING m.id, m.event_id, m.event_type, m.correlation_id, m.recipient, m.subject, m.text_body, m.html_body,
                  m.message_id, m.attempts, m.created_at, m.headers`,
      [this.config.MAIL_BATCH_SIZE, this.config.MAIL_LEASE_MS],
    );
    return rows;
  }

  private deliver(mail: ClaimedMail): Promise<Outcome> {
    const log = { eventId: mail.event_id, event: mail.event_type, messageId: mail.message_id, attempt: mail.attempts };
    return runWithContext({ correlationId: mail.correlation_id ?? mail.event_id }, async () => {
      const started = performance.now();
      try {
        await this.transport.send({
          id: mail.id,
          messageId: mail.message_id,
          recipient: mail.recipient,
          subject: mail.subject,
          text: mail.text_body,
          html: mail.html_body,
          createdAt: new Date(mail.created_at),
          headers: mail.headers ?? {},
        });
      } catch (err) {
        return this.failed(mail, err, log);
      }
      await this.persist(
        `UPDATE notifier.mail_outbox
            SET status = 'sent', sent_at = now(), last_error = NULL, text_body = NULL, html_body = NULL
          WHERE id = $1 AND status = 'pending'`,
        [mail.id],
      );
      notifierMetrics.mails.inc({ event: mail.event_type, result: 'sent' });
      this.logger.info({ ...log, transport: this.transport.kind, durationMs: Math.round(performance.now() - started) }, 'mail sent');
      return 'sent';
    });
  }

  private async failed(mail: ClaimedMail, err: unknown, log: Record<string, unknown>): Promise<Outcome> {
    const reason = describeFailure(err);
    const permanent = isPermanentFailure(err as Parameters<typeof isPermanentFailure>[0]);
    if (permanent || mail.attempts >= this.policy.maxAttempts) {
      await this.persist(`UPDATE notifier.mail_outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'pending'`, [mail.id, reason]);
      notifierMetrics.mails.inc({ event: mail.event_type, result: 'failed' });
      this.logger.error({ ...log, err: reason }, permanent ? 'mail refused by the server; marked failed' : 'mail failed on every attempt; marked failed');
      return 'failed';
    }
    const delayMs = retryDelayMs(mail.attempts, this.policy);
    await this.persist(
      `UPDATE notifier.mail_outbox SET next_attempt_at = now() + $2 * interval '1 millisecond', last_error = $3 WHERE id = $1 AND status = 'pending'`,
      [mail.id, delayMs, reason],
    );
    notifierMetrics.mails.inc({ event: mail.event_type, result: 'retry' });
    this.logger.warn({ ...log, err: reason, retryInMs: delayMs }, 'mail not sent; will retry');
    return 'retry';
  }

  /**
   * Records an outcome, retrying a few times over a database blip: a mail sent
   * but not marked sent would go out again after its lease.
   */
  private async persist(sql: string, params: unknown[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.dataSource.query(sql, params);
        return;
      } catch (err) {
        if (attempt >= 3) {
          this.logger.error({ err: describeFailure(err) }, 'could not record a mail outcome; the mail is retried after its lease');
          return;
        }
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  }
}
