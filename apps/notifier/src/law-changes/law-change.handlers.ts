import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  refuse,
  succeed,
  type EventEnvelope,
  type EventPayload,
  type MethodOutput,
  type MethodParsedInput,
  type OperationResult,
} from '@laglig/contracts';
import { OnEvent, RpcHandler } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { ChangeInbox } from './change-inbox.service';
import { DigestJobs } from './digest-jobs.service';
import { DigestScheduler } from './digest-scheduler.service';
import { ImmediateMailer } from './immediate-mailer.service';

/**
 * law-catalog's change events and compliance-workflow's requirements.flagged:
 * stored once per event; a law change is mailed at once to the users who
 * want that (the rest wait for their digest). A database error or an
 * unreachable compliance-workflow propagates, so BullMQ retries the event.
 */
@Injectable()
export class LawChangeHandlers {
  private readonly logger = createLogger('notifier').child({ component: 'law-change-events' });

  constructor(
    private readonly inbox: ChangeInbox,
    private readonly immediate: ImmediateMailer,
    private readonly scheduler: DigestScheduler,
    private readonly jobs: DigestJobs,
  ) {}

  @OnEvent('law.changed')
  async onLawChanged(_p: EventPayload<'law.changed'>, e: EventEnvelope<'law.changed'>): Promise<void> {
    await this.immediate.notify(await this.inbox.storeChange(e), e);
  }

  @OnEvent('law.repealed')
  async onLawRepealed(_p: EventPayload<'law.repealed'>, e: EventEnvelope<'law.repealed'>): Promise<void> {
    await this.immediate.notify(await this.inbox.storeChange(e), e);
  }

  @OnEvent('requirements.flagged')
  async onRequirementsFlagged(p: EventPayload<'requirements.flagged'>, e: EventEnvelope<'requirements.flagged'>): Promise<void> {
    const stored = await this.inbox.storeFlagged(e);
    this.logger.info({ eventId: e.id, sfs: p.sfs, requirements: p.requirements.length }, stored ? 'flagged requirements stored' : 'flagged requirements already stored');
  }

  /**
   * Starts a digest pass as of `at` (default now) and answers at once with the
   * queued run; the pass itself is a job on the digest queue, run by the same
   * code as the 08:00 schedule (admin endpoint, tests).
   */
  @RpcHandler('notifier', 'digests.start')
  async startDigests(input: MethodParsedInput<'notifier', 'digests.start'>): Promise<OperationResult<MethodOutput<'notifier', 'digests.start'>>> {
    return succeed(await this.scheduler.start(input.at ? new Date(input.at) : new Date()));
  }

  /** A digest run by id, or the latest one. */
  @RpcHandler('notifier', 'digests.status')
  async digestStatus(input: MethodParsedInput<'notifier', 'digests.status'>): Promise<OperationResult<MethodOutput<'notifier', 'digests.status'>>> {
    const run = input.id ? await this.jobs.find(input.id) : await this.jobs.latest();
    if (!run) return refuse(ErrorCode.NOT_FOUND, input.id ? 'Sammandragskörningen finns inte.' : 'Inga sammandrag har körts ännu.');
    return succeed(DigestJobs.toDto(run));
  }

  /** The most recent digest runs, newest first. */
  @RpcHandler('notifier', 'digests.list')
  async listDigests(input: MethodParsedInput<'notifier', 'digests.list'>): Promise<OperationResult<MethodOutput<'notifier', 'digests.list'>>> {
    return succeed({ items: (await this.jobs.recent(input.limit)).map((run) => DigestJobs.toDto(run)) });
  }
}
