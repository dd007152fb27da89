import { Injectable } from '@nestjs/common';
import { ErrorCode, refuse, succeed, type EventEnvelope, type EventPayload, type MethodOutput, type OperationResult } from '@laglig/contracts';
import { OnEvent, RpcHandler } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { ChangeInbox } from './change-inbox.service';
import { DigestService } from './digest.service';
import { ImmediateMailer } from './immediate-mailer.service';
import { SubscribersUnavailableError } from './subscriber-directory';

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
    private readonly digests: DigestService,
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

  /** The digest pass as of `at` (admin, tests); the scheduler runs the same. */
  @RpcHandler('notifier', 'digests.run')
  async runDigests(input: { at?: string }): Promise<OperationResult<MethodOutput<'notifier', 'digests.run'>>> {
    try {
      return succeed(await this.digests.run(input.at ? new Date(input.at) : new Date()));
    } catch (err) {
      if (err instanceof SubscribersUnavailableError) {
        return refuse(ErrorCode.UNAVAILABLE, 'Regelefterlevnadstjänsten svarar inte just nu. Försök igen om en stund.');
      }
      throw err;
    }
  }
}
