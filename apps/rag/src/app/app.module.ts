import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MESSAGING_CONNECTION, MessagingModule, type MessagingConnection } from '@laglig/messaging';
import { PersistenceModule } from '@laglig/persistence';
import { LoggingModule, SystemHealthModule } from '@laglig/service-runtime';
import { AnswerService } from '../answers/answer.service';
import { CHAT_MODEL } from '../answers/chat-model';
import { createChatModel } from '../answers/chat-model.factory';
import { ChatHandlers } from '../answers/chat.handlers';
import { AnswerCache } from '../cache/answer-cache';
import { ConversationsHandlers } from '../conversations/conversations.handlers';
import { ConversationsService } from '../conversations/conversations.service';
import { ConversationRetention } from '../conversations/conversation-retention';
import { QUERY_EMBEDDING_CACHE, QueryEmbeddingCache } from '../cache/query-embedding-cache';
import { persistence } from '../data-source';
import { EMBEDDING_PROVIDER, type EmbeddingProvider } from '../embeddings/embedding-provider';
import { LocalEmbeddingProvider } from '../embeddings/local-embeddings';
import { createEmbeddingProvider } from '../embeddings/embeddings.factory';
import { IndexJobsHandlers } from '../index-jobs/index-jobs.handlers';
import { IndexJobsService } from '../index-jobs/index-jobs.service';
import { LawIndexStateEntity } from '../index-state/law-index-state.entity';
import { IndexStateHandlers } from '../index-state/index-state.handlers';
import { IndexStateService } from '../index-state/index-state.service';
import { IndexerService } from '../indexer/indexer.service';
import { RetrievalHandlers } from '../retrieval/retrieval.handlers';
import { RetrievalService } from '../retrieval/retrieval.service';
import { RAG_REDIS, ragRedisProvider } from '../redis.provider';

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
    ragRedisProvider,
    {
      provide: AnswerCache,
      inject: [RAG_REDIS, MESSAGING_CONNECTION],
      useFactory: (redis: Redis, connection: MessagingConnection) => new AnswerCache(redis, connection.prefix),
    },
    {
      // The local model embeds a question faster than Redis answers; only remote models are cached.
      provide: QUERY_EMBEDDING_CACHE,
      inject: [EMBEDDING_PROVIDER, RAG_REDIS, MESSAGING_CONNECTION],
      useFactory: (embeddings: EmbeddingProvider, redis: Redis, connection: MessagingConnection) =>
        embeddings instanceof LocalEmbeddingProvider ? null : new QueryEmbeddingCache(embeddings, redis, connection.prefix),
    },
    { provide: CHAT_MODEL, useFactory: () => createChatModel() },
    AnswerService,
    ChatHandlers,
    ConversationsService,
    ConversationsHandlers,
    ConversationRetention,
    IndexJobsService,
    IndexJobsHandlers,
    IndexStateService,
    IndexStateHandlers,
    IndexerService,
    RetrievalService,
    RetrievalHandlers,
  ],
})
export class AppModule {}
