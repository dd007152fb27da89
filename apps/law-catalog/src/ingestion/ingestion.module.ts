import { Module } from '@nestjs/common';
import { EventBus } from '@laglig/messaging';
import { DocumentsModule } from '../documents/documents.module';
import { LAW_EVENT_PUBLISHER, type LawEventPublisher } from '../events/law-event-publisher';
import { OutboxRelay } from '../events/outbox-relay';
import { IngestionRunner } from './ingestion-runner';
import { IngestionService } from './ingestion.service';

@Module({
  imports: [DocumentsModule],
  providers: [
    IngestionService,
    IngestionRunner,
    OutboxRelay,
    {
      // The messaging EventBus (MessagingModule is global) when the app has one; without it
      // events wait in the outbox.
      provide: LAW_EVENT_PUBLISHER,
      useFactory: (bus?: EventBus): LawEventPublisher | null => bus ?? null,
      inject: [{ token: EventBus, optional: true }],
    },
  ],
  exports: [IngestionService, IngestionRunner, OutboxRelay],
})
export class IngestionModule {}
