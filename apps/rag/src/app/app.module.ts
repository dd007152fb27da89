import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule } from '@laglig/messaging';
import { PersistenceModule } from '@laglig/persistence';
import { LoggingModule, SystemHealthModule } from '@laglig/service-runtime';
import { persistence } from '../data-source';
import { EMBEDDING_PROVIDER } from '../embeddings/embedding-provider';
import { createEmbeddingProvider } from '../embeddings/embeddings.factory';
import { LawIndexStateEntity } from '../index-state/law-index-state.entity';
import { IndexStateHandlers } from '../index-state/index-state.handlers';
import { IndexStateService } from '../index-state/index-state.service';
import { IndexerService } from '../indexer/indexer.service';
import { RetrievalHandlers } from '../retrieval/retrieval.handlers';
import { RetrievalService } from '../retrieval/retrieval.service';

@Module({
  imports: [
    LoggingModule.forService('rag'),
    PersistenceModule.forService(persistence),
    TypeOrmModule.forFeature([LawIndexStateEntity]),
    MessagingModule.forService({ service: 'rag' }),
    SystemHealthModule.forService('rag'),
  ],
  providers: [
    { provide: EMBEDDING_PROVIDER, useFactory: () => createEmbeddingProvider() },
    IndexStateService,
    IndexStateHandlers,
    IndexerService,
    RetrievalService,
    RetrievalHandlers,
  ],
})
export class AppModule {}
