import { Module } from '@nestjs/common';
import { PersistenceModule } from '@laglig/persistence';
import { persistence } from '../data-source';
import { DocumentsModule } from '../documents/documents.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SearchModule } from '../search/search.module';

@Module({
  imports: [PersistenceModule.forService(persistence), DocumentsModule, SearchModule, IngestionModule],
})
export class AppModule {}
