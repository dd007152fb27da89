import { Module } from '@nestjs/common';
import { PersistenceModule } from '@laglig/persistence';
import { persistence } from '../data-source';
import { ChangesModule } from '../changes/changes.module';
import { DocumentsModule } from '../documents/documents.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SearchModule } from '../search/search.module';
import { SyncModule } from '../sync/sync.module';

@Module({
  imports: [PersistenceModule.forService(persistence), DocumentsModule, SearchModule, IngestionModule, ChangesModule, SyncModule],
})
export class AppModule {}
