import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope, EventPayload, EventType } from '@laglig/contracts';
import { OnEvent } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import { notifierMetrics } from '../metrics';
import type { TemplateContext } from '../templates/mails';
import { composeCardDue, composeInvitation, composePasswordReset, composeVerification, type ComposedMail } from './compose';
import { MailOutbox } from './mail-outbox.service';
import { MailSender } from './mail-sender.service';

/**
 * compliance-workflow's account and workspace events become stored mails.
 * Payloads are validated by the consumer (contract) and by compose (address,
 * token, dates: a PermanentError, no retry); a database error propagates so
 * BullMQ retries the event. Storing is idempotent per event and recipient.
 * Tokens and bodies are never logged: only event id, type and message ids.
 */
@Injectable()
export class MailHandlers {
  private readonly logger = createLogger('notifier').child({ component: 'mail-events' });
  private readonly ctx: TemplateContext;

  constructor(
    private readonly outbox: MailOutbox,
    private readonly sender: MailSender,
    @Inject(NOTIFIER_CONFIG) config: NotifierConfig,
  ) {
    this.ctx = { webBaseUrl: config.WEB_BASE_URL };
  }

  @OnEvent('user.registered')
  async onUserRegistered(p: EventPayload<'user.registered'>, e: EventEnvelope<'user.registered'>): Promise<void> {
    await this.store(e, composeVerification(p, this.ctx));
  }

  @OnEvent('password.reset-requested')
  async onPasswordResetRequested(p: EventPayload<'password.reset-requested'>, e: EventEnvelope<'password.reset-requested'>): Promise<void> {
    await this.store(e, composePasswordReset(p, this.ctx));
  }

  @OnEvent('member.invited')
  async onMemberInvited(p: EventPayload<'member.invited'>, e: EventEnvelope<'member.invited'>): Promise<void> {
    await this.store(e, composeInvitation(p, this.ctx));
  }

  @OnEvent('card.due')
  async onCardDue(p: EventPayload<'card.due'>, e: EventEnvelope<'card.due'>): Promise<void> {
    const { mails, skipped } = composeCardDue(p, this.ctx);
    if (skipped > 0) this.logger.warn({ eventId: e.id, event: e.type, skipped }, 'assignees without a valid e-mail address get no reminder');
    if (mails.length === 0) {
      this.logger.info({ eventId: e.id, event: e.type }, 'card has no assignees; no reminder to send');
      return;
    }
    await this.store(e, mails);
  }

  private async store(e: EventEnvelope<EventType>, mails: ComposedMail[]): Promise<void> {
    const stored = await this.outbox.store(e, mails);
    notifierMetrics.stored.inc({ event: e.type }, stored.length);
    this.logger.info(
      { eventId: e.id, event: e.type, messageIds: stored.map((m) => m.messageId), alreadyStored: mails.length - stored.length },
      stored.length > 0 ? 'mail stored' : 'mail already stored for this event; nothing to do',
    );
    if (stored.length > 0) this.sender.kick();
  }
}
