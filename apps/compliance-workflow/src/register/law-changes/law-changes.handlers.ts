import { Injectable } from '@nestjs/common';
import type { EventEnvelope, EventPayload, MethodName, MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { OnEvent, RpcHandler } from '@laglig/messaging';
import { ChangesService } from './changes.service';
import { sectionsOf } from './change-text';
import { LawChangesService } from './law-changes.service';

type M = MethodName<'compliance-workflow'>;
type In<K extends M> = MethodParsedInput<'compliance-workflow', K>;
type Out<K extends M> = Promise<OperationResult<MethodOutput<'compliance-workflow', K>>>;

/**
 * law-catalog's change events, applied to every workspace's register, and the
 * change feed methods (thin: payloads validated by the consumer, inputs by
 * the RPC server; rules in the services).
 */
@Injectable()
export class LawChangesHandlers {
  constructor(
    private readonly apply: LawChangesService,
    private readonly changes: ChangesService,
  ) {}

  @OnEvent('law.changed')
  async changed(payload: EventPayload<'law.changed'>, envelope: EventEnvelope<'law.changed'>): Promise<void> {
    await this.apply.apply({
      eventId: envelope.id,
      changeId: payload.changeId ?? null,
      sfs: payload.sfs,
      title: payload.title,
      kind: 'amended',
      amendingSfs: payload.amendingSfs,
      inForce: payload.inForce,
      substantive: payload.substantive,
      sections: sectionsOf(payload),
    });
  }

  @OnEvent('law.repealed')
  async repealed(payload: EventPayload<'law.repealed'>, envelope: EventEnvelope<'law.repealed'>): Promise<void> {
    await this.apply.apply({
      eventId: envelope.id,
      changeId: payload.changeId ?? null,
      sfs: payload.sfs,
      title: payload.title,
      kind: 'repealed',
      amendingSfs: payload.repealedBy,
      inForce: payload.repealedAt ?? null,
      substantive: true,
      sections: [],
    });
  }

  @RpcHandler('compliance-workflow', 'changes.feed')
  feed(input: In<'changes.feed'>): Out<'changes.feed'> {
    return this.changes.feed(input);
  }

  @RpcHandler('compliance-workflow', 'changes.acknowledge')
  acknowledge(input: In<'changes.acknowledge'>): Out<'changes.acknowledge'> {
    return this.changes.acknowledge(input);
  }

  @RpcHandler('compliance-workflow', 'subscribers.forLaws')
  subscribers(input: In<'subscribers.forLaws'>): Out<'subscribers.forLaws'> {
    return this.changes.subscribers(input);
  }
}
