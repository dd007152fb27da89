import { Injectable } from '@nestjs/common';
import type { EventEnvelope, EventPayload } from '@laglig/contracts';
import { OnEvent } from '@laglig/messaging';
import { LawChangesService } from './law-changes.service';

/** law-catalog's change events, applied to every workspace's register (thin: validated by the consumer, rules in the service). */
@Injectable()
export class LawChangesHandlers {
  constructor(private readonly changes: LawChangesService) {}

  @OnEvent('law.changed')
  async changed(payload: EventPayload<'law.changed'>, envelope: EventEnvelope<'law.changed'>): Promise<void> {
    await this.changes.apply({
      eventId: envelope.id,
      sfs: payload.sfs,
      anchors: [...payload.modified, ...payload.repealed, ...payload.added],
      substantive: payload.substantive,
      cause: payload.amendingSfs ? `SFS ${payload.amendingSfs}` : 'ny lydelse',
    });
  }

  @OnEvent('law.repealed')
  async repealed(payload: EventPayload<'law.repealed'>, envelope: EventEnvelope<'law.repealed'>): Promise<void> {
    await this.changes.apply({
      eventId: envelope.id,
      sfs: payload.sfs,
      anchors: 'all',
      substantive: true,
      cause: payload.repealedBy ? `upphävd genom SFS ${payload.repealedBy}` : 'upphävd',
    });
  }
}
