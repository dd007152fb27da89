import { Injectable } from '@nestjs/common';
import type { EventEnvelope, EventPayload } from '@laglig/contracts';
import { OnEvent } from '@laglig/messaging';
import { IndexerService } from '../indexer/indexer.service';
import { IndexStateService } from './index-state.service';

/** Thin event handlers: validate (done by the consumer), record, wake the indexer (which runs outside the handler). */
@Injectable()
export class IndexStateHandlers {
  constructor(
    private readonly states: IndexStateService,
    private readonly indexer: IndexerService,
  ) {}

  @OnEvent('law.ingested')
  async onIngested(p: EventPayload<'law.ingested'>, e: EventEnvelope<'law.ingested'>): Promise<void> {
    await this.states.record({ sfs: p.sfs, title: p.title, versionId: p.versionId, status: 'pending', eventId: e.id });
    this.indexer.kick();
  }

  @OnEvent('law.changed')
  async onChanged(p: EventPayload<'law.changed'>, e: EventEnvelope<'law.changed'>): Promise<void> {
    await this.states.record({ sfs: p.sfs, title: p.title, versionId: p.versionId, status: 'pending', eventId: e.id });
    this.indexer.kick();
  }

  @OnEvent('law.repealed')
  async onRepealed(p: EventPayload<'law.repealed'>, e: EventEnvelope<'law.repealed'>): Promise<void> {
    await this.states.record({ sfs: p.sfs, title: p.title, versionId: p.versionId, status: 'removed', eventId: e.id });
    this.indexer.kick();
  }
}
