import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DigestFrequency } from '@laglig/contracts';
import { currentCorrelationId, createLogger } from '@laglig/observability';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import { deliverableAddress } from '../mail/compose';
import { MailOutbox } from '../mail/mail-outbox.service';
import { MailSender } from '../mail/mail-sender.service';
import { notifierMetrics } from '../metrics';
import { PreferencesService, ResolvedPreferences } from '../preferences/preferences.service';
import { digestMail, type MailWorkspace } from '../templates/law-change-mails';
import { buildMailWorkspaces, groupSubscribers, unsubscribeAll, type Audience } from './audience';
import { ChangeInbox } from './change-inbox.service';
import { ChangeSummaries } from './change-summaries.service';
import { digestPeriod, type DigestPeriod } from './period';
import { SubscriberDirectory } from './subscriber-directory';

/** The outbox event type of digests (metrics label, operator queries). */
export const DIGEST_EVENT_TYPE = 'law-change.digest';

export interface DigestRunResult {
  /** The run's calendar date in DIGEST_TZ (YYYY-MM-DD). */
  period: string;
  /** Users with a list that contains a changed statute. */
  users: number;
  /** Digests stored for sending. */
  sent: number;
  /** Users with nothing new for them, or already digested this period. */
  skipped: number;
}

class NothingToSend extends Error {}

export const digestId = (period: string, userId: string): string => `digest:${period}:${userId}`;

/**
 * The digest pass as of `at` (the 08:00 scheduler and `digests.start`, both as jobs on the digest queue):
 *
 * 1. the period is the calendar date of `at` in DIGEST_TZ; Monday is also the weekly digest's day;
 * 2. candidates are the changes received in the last DIGEST_LOOKBACK_DAYS up to `at`
 *    (held back while their immediate pass has not finished, for at most an hour);
 * 3. compliance-workflow's `subscribers.forLaws` names the users and their lists;
 *    the changes that will be mailed get their machine-written summary, once
 *    per change (SUMMARY_PROVIDER=openai; ChangeSummaries);
 * 4. per user and list the frequency decides: daily → today; weekly → Mondays;
 *    immediate → only what was not already mailed at event time; off → nothing;
 *    a change the user has been told about (notified_changes) is never repeated;
 * 5. per user one transaction claims the day (digest_runs, unique per user and
 *    period: a second run sends nothing), claims the changes (notified_changes)
 *    and stores the mail in the outbox (event id digest:<period>:<userId>).
 *    A crash before the commit leaves nothing behind; after it, the sender delivers.
 */
@Injectable()
export class DigestService {
  private readonly logger = createLogger('notifier').child({ component: 'digest' });

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

  async run(at: Date = new Date()): Promise<DigestRunResult> {
    const started = performance.now();
    const period = digestPeriod(at, this.config.DIGEST_TZ);
    const changes = await this.inbox.digestCandidates(at, this.config.DIGEST_LOOKBACK_DAYS);
    const result: DigestRunResult = { period: period.date, users: 0, sent: 0, skipped: 0 };
    if (changes.length > 0) {
      const users = groupSubscribers(await this.directory.forLaws(changes.map((c) => c.sfs)));
      result.users = users.size;
      const prefs = await this.preferences.resolveMany([...users.keys()]);
      const told: Array<{ user_id: string; change_id: string }> = await this.dataSource.query(
        `SELECT user_id, change_id FROM notifier.notified_changes WHERE change_id = ANY ($1::uuid[])`,
        [changes.map((c) => c.id)],
      );
      const toldSet = new Set(told.map((r) => `${r.user_id}/${r.change_id}`));
      const workspaceIds = [...new Set([...users.values()].flatMap((u) => u.workspaces.map((w) => w.workspaceId)))];
      const requirements = await this.inbox.requirementLookup(workspaceIds, changes);
      const issuedAt = Math.floor(Date.now() / 1000);

      const plans = [...users.values()].map((user) => {
        const pending = changes.filter((c) => !toldSet.has(`${user.userId}/${c.id}`));
        const used = new Set<DigestFrequency>();
        const workspaces = buildMailWorkspaces(
          user,
          prefs.get(user.userId) ?? ResolvedPreferences.defaults(),
          pending,
          (frequency) => {
            const include = frequency === 'daily' || frequency === 'immediate' || (frequency === 'weekly' && period.weekday === 1);
            if (include) used.add(frequency);
            return include;
          },
          requirements,
          this.config,
          issuedAt,
        );
        return { user, workspaces, weeklyOnly: used.size === 1 && used.has('weekly') };
      });
      // One summary per change in any of today's digests, asked for once before the mails are rendered
      // (the workspaces refer to these change objects). Never fails: without it the section lines stand alone.
      const mailed = new Set(plans.flatMap((p) => p.workspaces.flatMap((w) => w.lists.flatMap((l) => l.entries.map((e) => e.change.id)))));
      await this.summaries.fill(changes.filter((c) => mailed.has(c.id)), 'digest');

      for (const { user, workspaces, weeklyOnly } of plans) {
        if (workspaces.length === 0 || (await this.send(user, workspaces, period, weeklyOnly, issuedAt)) === false) result.skipped += 1;
        else result.sent += 1;
      }
      if (result.sent > 0) this.sender.kick();
    }
    await this.inbox.purge();
    this.logger.info({ ...result, changes: changes.length, durationMs: Math.round(performance.now() - started) }, 'digest run finished');
    return result;
  }

  /** One user's digest in one transaction; false when there was nothing left to send (already digested, or told meanwhile). */
  private async send(user: Audience, workspaces: MailWorkspace[], period: DigestPeriod, weeklyOnly: boolean, issuedAt: number): Promise<boolean> {
    const recipient = deliverableAddress(user.email);
    if (!recipient) {
      this.logger.warn({ userId: user.userId }, 'user has no deliverable e-mail address; no digest');
      return false;
    }
    const id = digestId(period.date, user.userId);
    const changeIds = [...new Set(workspaces.flatMap((w) => w.lists.flatMap((l) => l.entries.map((e) => e.change.id))))];
    try {
      const stored = await this.dataSource.transaction(async (m) => {
        const day: unknown[] = await m.query(
          `INSERT INTO notifier.digest_runs (user_id, period, digest_id, changes) VALUES ($1, $2, $3, 0)
           ON CONFLICT ON CONSTRAINT "PK_digest_runs" DO NOTHING RETURNING user_id`,
          [user.userId, period.date, id],
        );
        if (day.length === 0) throw new NothingToSend();
        const claimed: Array<{ change_id: string }> = await m.query(
          `INSERT INTO notifier.notified_changes (user_id, change_id, via, mail_event_id)
           SELECT $1, c, 'digest', $3 FROM unnest($2::uuid[]) AS c
           ON CONFLICT ON CONSTRAINT "PK_notified_changes" DO NOTHING
           RETURNING change_id`,
          [user.userId, changeIds, id],
        );
        const fresh = new Set(claimed.map((r) => r.change_id));
        const kept = workspaces
          .map((w) => ({ ...w, lists: w.lists.map((l) => ({ ...l, entries: l.entries.filter((e) => fresh.has(e.change.id)) })).filter((l) => l.entries.length > 0) }))
          .filter((w) => w.lists.length > 0);
        if (kept.length === 0) throw new NothingToSend();
        await m.query(`UPDATE notifier.digest_runs SET changes = $3 WHERE user_id = $1 AND period = $2`, [user.userId, period.date, fresh.size]);
        const all = unsubscribeAll(this.config, user.userId, issuedAt);
        const rendered = digestMail(
          { displayName: user.displayName, workspaces: kept, unsubscribeAllUrl: all.url, today: period.date, period, weeklyOnly },
          { webBaseUrl: this.config.WEB_BASE_URL },
        );
        return this.outbox.store(
          { id, type: DIGEST_EVENT_TYPE, correlationId: currentCorrelationId() ?? id },
          [{ recipient, expiresAt: null, headers: all.headers, ...rendered }],
          m,
        );
      });
      notifierMetrics.stored.inc({ event: DIGEST_EVENT_TYPE }, stored.length);
      this.logger.info({ digestId: id, messageIds: stored.map((s) => s.messageId), changes: changeIds.length }, 'digest stored');
      return stored.length > 0;
    } catch (err) {
      if (err instanceof NothingToSend) return false;
      throw err;
    }
  }
}

