import { Counter, Histogram } from 'prom-client';

/** The rag service's Prometheus metrics (served on GET /metrics of the service port). */
export const ragMetrics = {
  answerCache: new Counter({
    name: 'laglig_rag_answer_cache_total',
    help: 'Answer cache lookups by result (hit, miss, error = Redis unavailable).',
    labelNames: ['result'] as const,
  }),
  queryEmbeddingCache: new Counter({
    name: 'laglig_rag_query_embedding_cache_total',
    help: 'Query embedding cache lookups by result (hit, miss, error).',
    labelNames: ['result'] as const,
  }),
  answers: new Counter({
    name: 'laglig_rag_answers_total',
    help: 'Answers by status (answered, refused, out_of_scope) and refusal reason.',
    labelNames: ['status', 'reason', 'provider'] as const,
  }),
  answerSeconds: new Histogram({
    name: 'laglig_rag_answer_seconds',
    help: 'Time to a complete answer (retrieval, model, validation), cache hits included.',
    labelNames: ['cached'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }),
  invalidations: new Counter({
    name: 'laglig_rag_answer_cache_invalidated_total',
    help: 'Cached answers deleted because a law they rest on changed.',
  }),
};
