import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { QUEUE_PREFIX } from '@laglig/contracts';
import { AnswerCache } from '../cache/answer-cache';
import type { EmbeddingProvider } from '../embeddings/embedding-provider';
import { RetrievalService } from '../retrieval/retrieval.service';
import { AnswerService } from './answer.service';
import type { ChatModel } from './chat-model';

export interface AnswerPipelineDeps {
  dataSource: DataSource;
  embeddings: EmbeddingProvider;
  chatModel?: ChatModel | null;
  /** null: no answer cache. */
  redis?: Redis | null;
  prefix?: string;
}

/**
 * The answer path without Nest or queues, for the evaluation runner and the
 * benchmarks: the same classes the service wires up.
 */
export function createAnswerPipeline(deps: AnswerPipelineDeps): { retrieval: RetrievalService; answers: AnswerService; cache: AnswerCache } {
  const retrieval = new RetrievalService(deps.dataSource, deps.embeddings, null);
  const cache = new AnswerCache(deps.redis ?? null, deps.prefix ?? QUEUE_PREFIX);
  const answers = new AnswerService(retrieval, cache, deps.chatModel ?? null);
  return { retrieval, answers, cache };
}
