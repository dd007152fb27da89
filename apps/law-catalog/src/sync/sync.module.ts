import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SYNC_OPTIONS, syncOptionsFromEnv } from './sync.config';
import { SyncHandlers } from './sync.handlers';
import { SyncQueue } from './sync.queue';
import { SyncService } from './sync.service';

@Module({
  imports: [IngestionModule],
  providers: [{ provide: SYNC_OPTIONS, useFactory: () => syncOptionsFromEnv() }, SyncService, SyncQueue, SyncHandlers],
  exports: [SyncService, SyncQueue],
})
export class SyncModule {}
