import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@laglig/contracts';
import { createLogger } from '@laglig/observability';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import { deliverableAddress, type ComposedMail } from '../mail/compose';
import { MailOutbox } from '../mail/mail-outbox.service';
import { MailSender } from '../mail/mail-sender.service';
import { notifierMetrics } from '../metrics';
import { PreferencesService } from '../preferences/preferences.service';
import { digestPeriod } from './period';
import { immediateMail, type MailWorkspace } from '../templates/law-change-mails';
import { buildMailWorkspaces, groupSubscribers, unsubscribeAll, type Audience } from './audience';
import { ChangeInbox, type StoredChange } from './change-inbox.service';
import { ChangeSummaries } from './change-summaries.service';
import { SubscriberDirectory } from './subscriber-directory';

/**
 * At event time: every user with the statute on a list set to "immediate",
 * or who marked the statute critical (on a list that is not off), gets one
 * mail for the event. The ledger row (notified_changes), the outbox row and
 * the "immediate pass done" mark are written in one transaction, so a
 * redelivered event mails nobody twice and digests do not repeat the change.
 * compliance-workflow unreachable → the error propagates and BullMQ retries.
 * When somebody is mailed, the change's machine-written summary is asked for
 * first (ChangeSummaries: once per change, never failing the event).
 */
@Injectable()
export class ImmediateMailer {
  private readonly logger = createLogger('notifier').child({ component: 'law-change-immediate' });

  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: ChangeInbox,
    private readonly directory: SubscriberDirectory,
    private readonly preferences: PreferencesService,
    private readonly outbox: MailOutbox,
    private readonly sender: MailSender,
    private readonly summaries: ChangeSummaries,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async notify(change: StoredChange, e: EventEnvelope): Promise<number> {
    if (change.immediateDone) {
      this.logger.info({ eventId: e.id, event: e.type }, 'law change already handled; nothing to do');
      return 0;
    }
    const users = groupSubscribers(await this.directory.forLaws([change.sfs]));
    const prefs = await this.preferences.resolveMany([...users.keys()]);
    const requirements = await this.inbox.requirementLookup([...new Set([...users.values()].flatMap((u) => u.workspaces.map((w) => w.workspaceId)))], [change]);
    const issuedAt = Math.floor(Date.now() / 1000);
    const today = digestPeriod(new Date(), this.config.DIGEST_TZ).date;

    const recipients: Array<{ user: Audience; recipient: string; critical: boolean; workspaces: MailWorkspace[] }> = [];
    for (const user of users.values()) {
      const p = prefs.get(user.userId);
      if (!p) continue;
      const critical = p.isCritical(change.sfs);
      const workspaces = buildMailWorkspaces(
        user,
        p,
        [change],
        (frequency) => frequency !== 'off' && (frequency === 'immediate' || critical),
        requirements,
        this.config,
        issuedAt,
      );
      const recipient = deliverableAddress(user.email);
      if (workspaces.length === 0 || !recipient) continue;
      recipients.push({ user, recipient, critical, workspaces });
    }
    // Somebody is mailed now: the change's summary, asked for once (never fails; without it the section lines stand alone).
    if (recipients.length > 0) await this.summaries.fill([change], 'event');

    const candidates: Array<{ userId: string; mail: ComposedMail }> = recipients.map(({ user, recipient, critical, workspaces }) => {
      const all = unsubscribeAll(this.config, user.userId, issuedAt);
      const rendered = immediateMail({ displayName: user.displayName, workspaces, unsubscribeAllUrl: all.url, today, critical }, { webBaseUrl: this.config.WEB_BASE_URL });
      return { userId: user.userId, mail: { recipient, expiresAt: null, headers: all.headers, ...rendered } };
    });

    const stored = await this.dataSource.transaction(async (m) => {
      let mails: ComposedMail[] = [];
      if (candidates.length > 0) {
        // Users already told about this change (a redelivery after a crash, or a digest) get nothing.
        const claimed: Array<{ user_id: string }> = await m.query(
          `INSERT INTO notifier.notified_changes (user_id, change_id, via, mail_event_id)
           SELECT u, $2, 'immediate', $3 FROM unnest($1::uuid[]) AS u
           ON CONFLICT ON CONSTRAINT "PK_notified_changes" DO NOTHING
           RETURNING user_id`,
          [candidates.map((c) => c.userId), change.id, e.id],
        );
        const fresh = new Set(claimed.map((r) => r.user_id));
        mails = candidates.filter((c) => fresh.has(c.userId)).map((c) => c.mail);
      }
      const rows = await this.outbox.store({ id: e.id, type: e.type, correlationId: e.correlationId }, mails, m);
      await this.inbox.markImmediateDone(change.id, m);
      return rows;
    });
    notifierMetrics.stored.inc({ event: e.type }, stored.length);
    this.logger.info(
      { eventId: e.id, event: e.type, sfs: change.sfs, subscribers: users.size, messageIds: stored.map((s) => s.messageId) },
      stored.length > 0 ? 'immediate law-change mail stored' : 'no immediate law-change mail for this change',
    );
    if (stored.length > 0) this.sender.kick();
    return stored.length;
  }
}
