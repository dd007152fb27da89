import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@laglig/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import type { ComposedMail } from './compose';

export interface StoredMail {
  id: string;
  messageId: string;
}

/** Writes rendered mails into notifier.mail_outbox; the sender delivers them. */
@Injectable()
export class MailOutbox {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  /**
   * Stores the event's mails in one statement. A row that already exists for
   * the same event and recipient is left alone (a redelivered event stores
   * nothing), so only the newly stored mails are returned. With a manager the
   * insert joins the caller's transaction (digests, immediate law-change mail).
   */
  async store(
    event: Pick<EventEnvelope, 'id' | 'correlationId'> & { type: string },
    mails: readonly ComposedMail[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredMail[]> {
    if (mails.length === 0) return [];
    const ids = mails.map(() => randomUUID());
    const rows: Array<{ id: string; message_id: string }> = await manager.query(
      `INSERT INTO notifier.mail_outbox (id, event_id, event_type, correlation_id, recipient, subject, text_body, html_body, message_id, expires_at, headers)
       SELECT u.id, $1, $2, $3, u.recipient, u.subject, u.text_body, u.html_body, u.message_id, u.expires_at, u.headers
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::jsonb[])
           AS u(id, recipient, subject, text_body, html_body, message_id, expires_at, headers)
       ON CONFLICT ON CONSTRAINT "UQ_mail_outbox_event_recipient" DO NOTHING
       RETURNING id, message_id`,
      [
        event.id,
        event.type,
        event.correlationId || null,
        ids,
        mails.map((m) => m.recipient),
        mails.map((m) => m.subject),
        mails.map((m) => m.text),
        mails.map((m) => m.html),
        ids.map((id) => `<${id}@${this.config.mailDomain}>`),
        mails.map((m) => m.expiresAt?.toISOString() ?? null),
        mails.map((m) => (m.headers ? JSON.stringify(m.headers) : null)),
      ],
    );
    return rows.map((r) => ({ id: r.id, messageId: r.message_id }));
  }
}
