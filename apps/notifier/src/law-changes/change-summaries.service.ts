import { Inject, Injectable, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createLogger } from '@laglig/observability';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config';
import { notifierMetrics } from '../metrics';
import type { StoredChange } from './change-inbox.service';
import { buildSummaryPrompt, validateSummary } from './change-summary';
import { SUMMARY_MODEL, SummaryModelError, type SummaryModel } from './summary-model';

/**
 * When a summary is asked for: `event` when a change is about to be mailed at
 * event time (only a change never asked about before: a redelivered event
 * calls nothing), `digest` when a digest is composed (also one retry of an
 * earlier failed call).
 */
export type SummaryOccasion = 'event' | 'digest';

/** Calls per change, ever: one at event time and one retry at digest time. */
export const MAX_SUMMARY_ATTEMPTS = 2;

/**
 * The machine-written summary of each law change (SUMMARY_PROVIDER=openai):
 * asked for lazily, the first time a change is about to be mailed (the
 * immediate pass, or else the digest), once per change whatever the number of
 * recipients, and stored with the change (law_changes_inbox.ai_summary).
 *
 * A call is claimed in the database first (attempts + 1, attempted now), so
 * replicas and redelivered events do not ask twice; a claim older than the
 * longest a call can take is stale and may be taken over by a digest.
 *
 * Never fails its caller: a timeout, an error status, an open breaker, an
 * empty or overlong answer, even a database error here — the change is
 * mailed without a summary (the section lines, as without a model), and a
 * warning names the change and the reason, never the answer's text.
 */
@Injectable()
export class ChangeSummaries implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = createLogger('notifier').child({ component: 'change-summary' });
  /** Longer than one call with all its retries can take. */
  private readonly leaseMs: number;
  /** For the startup log (no key). */
  private readonly describe: { model: string; endpoint: string } | null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFIER_CONFIG) config: NotifierConfig,
    @Optional() @Inject(SUMMARY_MODEL) private readonly model: SummaryModel | null = null,
  ) {
    this.leaseMs = config.SUMMARY_TIMEOUT_MS * (config.SUMMARY_MAX_RETRIES + 1) + 8_000 * config.SUMMARY_MAX_RETRIES + 30_000;
    this.describe = config.SUMMARY_PROVIDER === 'none' ? null : { model: config.SUMMARY_MODEL, endpoint: endpointOf(config.OPENAI_BASE_URL) };
  }

  onModuleInit(): void {
    if (this.describe) this.logger.info(this.describe, 'law-change mails carry a machine-written summary (SUMMARY_PROVIDER=openai)');
  }

  onApplicationShutdown(): void {
    this.model?.close();
  }

  get enabled(): boolean {
    return this.model !== null;
  }

  /**
   * Sets `aiSummary` on each change that can have one: the stored one, or a
   * new one from the model (one change at a time: a digest asks for few, and
   * an unavailable model opens the breaker rather than being hit in parallel).
   */
  async fill(changes: readonly StoredChange[], occasion: SummaryOccasion): Promise<void> {
    if (!this.model) return;
    for (const change of changes) {
      if (change.aiSummary) continue;
      const summary = await this.summarise(this.model, change, occasion);
      if (summary) change.aiSummary = summary;
    }
  }

  private async summarise(model: SummaryModel, change: StoredChange, occasion: SummaryOccasion): Promise<string | null> {
    const prompt = buildSummaryPrompt(change);
    if (!prompt) return null; // editorial edits only: nothing for a model to say
    const maxAttempts = occasion === 'event' ? 1 : MAX_SUMMARY_ATTEMPTS;
    if (change.aiSummaryAttempts >= maxAttempts) return null;
    const log = { changeId: change.id, sfs: change.sfs, occasion };
    try {
      const claimed: Array<{ ai_summary: string | null; ai_summary_attempts: number }> = await this.dataSource.query(
        `UPDATE notifier.law_changes_inbox
            SET ai_summary_attempts = ai_summary_attempts + 1, ai_summary_attempted_at = now()
          WHERE id = $1 AND ai_summary IS NULL AND ai_summary_attempts < $2
            AND (ai_summary_attempted_at IS NULL OR ai_summary_attempted_at < now() - $3 * interval '1 millisecond')
          RETURNING ai_summary, ai_summary_attempts`,
        [change.id, maxAttempts, this.leaseMs],
      );
      if (claimed.length === 0) {
        // Another delivery or replica made (or is making) the call: use what is stored, if anything.
        const [row]: Array<{ ai_summary: string | null }> = await this.dataSource.query(`SELECT ai_summary FROM notifier.law_changes_inbox WHERE id = $1`, [change.id]);
        return row?.ai_summary ?? null;
      }
      change.aiSummaryAttempts = claimed[0]?.ai_summary_attempts ?? change.aiSummaryAttempts + 1;
      const started = performance.now();
      let answer;
      try {
        answer = await model.complete(prompt);
      } catch (err) {
        const kind = err instanceof SummaryModelError ? err.kind : 'error';
        notifierMetrics.summaries.inc({ result: kind });
        // A request the server refuses will be refused again: no retry at digest time.
        if (kind === 'rejected') await this.giveUp(change);
        this.logger.warn({ ...log, reason: kind, status: err instanceof SummaryModelError ? err.status : undefined, durationMs: Math.round(performance.now() - started) }, 'no law-change summary: the chat model failed; mailing the section lines only');
        return null;
      }
      const valid = validateSummary(answer.text);
      if (!valid.ok) {
        notifierMetrics.summaries.inc({ result: 'invalid' });
        await this.giveUp(change); // temperature 0: asking again gives the same answer
        this.logger.warn({ ...log, reason: valid.reason, chars: answer.text.length }, 'no law-change summary: the answer was not usable; mailing the section lines only');
        return null;
      }
      await this.dataSource.query(`UPDATE notifier.law_changes_inbox SET ai_summary = $2, ai_model = $3 WHERE id = $1`, [change.id, valid.summary, answer.model]);
      notifierMetrics.summaries.inc({ result: 'ok' });
      this.logger.info({ ...log, model: answer.model, durationMs: Math.round(performance.now() - started) }, 'law-change summary stored');
      return valid.summary;
    } catch (err) {
      notifierMetrics.summaries.inc({ result: 'error' });
      this.logger.warn({ ...log, reason: err instanceof Error ? err.name : typeof err }, 'no law-change summary: storing it failed; mailing the section lines only');
      return null;
    }
  }

  private async giveUp(change: StoredChange): Promise<void> {
    await this.dataSource.query(`UPDATE notifier.law_changes_inbox SET ai_summary_attempts = GREATEST(ai_summary_attempts, $2) WHERE id = $1`, [change.id, MAX_SUMMARY_ATTEMPTS]);
    change.aiSummaryAttempts = Math.max(change.aiSummaryAttempts, MAX_SUMMARY_ATTEMPTS);
  }
}

/** The endpoint for the startup log: origin and path, never credentials or a query. */
function endpointOf(baseUrl: string | undefined): string {
  if (!baseUrl) return 'https://api.openai.com/v1';
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
