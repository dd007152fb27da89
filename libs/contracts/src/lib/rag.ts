import { z } from 'zod';
import { method } from './method';
import { SfsNumberSchema } from './sfs';

/* Retrieval over the rag service's chunk index (hybrid full text + vectors). */

export const RetrievalSearchInputSchema = z.object({
  query: z.string().trim().min(1).max(2000),
  k: z.number().int().min(1).max(50).default(10),
  /** Restrict to these laws (a workspace's law list); still returns up to k hits. */
  sfs: z.array(SfsNumberSchema).max(5000).optional(),
});

export const RetrievalHitSchema = z.object({
  chunkId: z.string(),
  sfs: z.string(),
  title: z.string(),
  anchor: z.string(),
  /** "3 kap. 2 a §" */
  label: z.string(),
  chapter: z.string().nullable(),
  heading: z.string().nullable(),
  text: z.string(),
  /** Fused score (weighted, normalised full-text and vector scores plus reference boosts); higher is better. */
  score: z.number(),
  /** 1-based rank in each list, null when the chunk was not in that list. */
  fullTextRank: z.number().int().nullable(),
  vectorRank: z.number().int().nullable(),
  /** Cosine similarity of the query embedding, null when not in the vector list. */
  similarity: z.number().nullable(),
  /** True when the question named this law or section. */
  referenced: z.boolean(),
});

export const RetrievalSearchResultSchema = z.object({
  hits: z.array(RetrievalHitSchema),
  embeddingModel: z.string(),
});

export const IndexStatusSchema = z.object({
  laws: z.object({ pending: z.number().int(), indexed: z.number().int(), removed: z.number().int() }),
  chunks: z.number().int(),
  embeddingModel: z.string(),
  dimension: z.number().int(),
});

export type RetrievalSearchInput = z.input<typeof RetrievalSearchInputSchema>;
export type RetrievalHit = z.infer<typeof RetrievalHitSchema>;
export type RetrievalSearchResult = z.infer<typeof RetrievalSearchResultSchema>;
export type RagIndexStatus = z.infer<typeof IndexStatusSchema>;

/* ---------------------------------------------------------------- answers */

/** The one sentence every refusal uses (the UI and the evaluation recognise it). */
export const REFUSAL_SENTENCE = 'Jag har inte tillräcklig information för att svara på det.';

export const ChatAskInputSchema = z.object({
  question: z.string().trim().min(3).max(1000),
  /** Restrict the answer to these laws (a workspace's law list). */
  sfs: z.array(SfsNumberSchema).min(1).max(5000).optional(),
  /**
   * When set, the answer is also written, as it is produced, to the Redis
   * reply stream `replyStreamKey(streamId)` (token, citations, done | error).
   */
  streamId: z.string().uuid().optional(),
  /**
   * The signed-in caller (from the verified access token at the gateway). Only
   * with a userId is the exchange stored as a conversation; anonymous questions
   * are never stored.
   */
  userId: z.string().uuid().optional(),
  /** The workspace the question was asked in (stored on a new conversation; must match an existing one). */
  workspaceId: z.string().uuid().optional(),
  /** Continue this conversation of the user; without it a new conversation is started. */
  conversationId: z.string().uuid().optional(),
}).superRefine((input, ctx) => {
  if (!input.userId && (input.workspaceId || input.conversationId)) {
    ctx.addIssue({ code: 'custom', path: ['userId'], message: 'workspaceId and conversationId need a userId' });
  }
});

export const CitationSchema = z.object({
  /** The number used in the answer text: "[1]". */
  n: z.number().int().min(1),
  sfs: z.string(),
  /** "Semesterlag (1977:480)" */
  title: z.string(),
  anchor: z.string(),
  /** "4 §", "3 kap. 2 a §" */
  label: z.string(),
  excerpt: z.string(),
  /** Web path of the cited section: "/lagar/1977:480#P4". */
  url: z.string(),
});

export const AnswerStatusSchema = z.enum(['answered', 'refused', 'out_of_scope']);
export const RefusalReasonSchema = z.enum([
  /** Retrieval found nothing strong enough; no model was called. */
  'weak_retrieval',
  /** The model answered with the refusal sentence. */
  'model_refused',
  /** A substantive answer without any [n] citation. */
  'missing_citations',
  /** An [n] that is not one of the numbered excerpts. */
  'invalid_citation',
  /** A question outside Swedish law (advice on an individual case, tax planning, nonsense). */
  'out_of_scope',
]);

export const ChatAnswerSchema = z.object({
  status: AnswerStatusSchema,
  /** The authoritative final text (a streamed draft may have been replaced by the refusal). */
  answer: z.string(),
  citations: z.array(CitationSchema),
  refusalReason: RefusalReasonSchema.nullable(),
  /** "extractive" or "openai:<model>". */
  provider: z.string(),
  cached: z.boolean(),
  /** The conversation the exchange was stored in (signed-in callers only; never part of a cached answer). */
  conversationId: z.string().uuid().optional(),
});

export type ChatAskInput = z.input<typeof ChatAskInputSchema>;
export type Citation = z.infer<typeof CitationSchema>;
export type ChatAnswer = z.infer<typeof ChatAnswerSchema>;
export type AnswerStatus = z.infer<typeof AnswerStatusSchema>;
export type RefusalReason = z.infer<typeof RefusalReasonSchema>;

/**
 * Which laws a signed-in question was answered from (sent by the gateway as the
 * first Server-Sent Event when the request named a workspace).
 */
export const ChatScopeSchema = z.object({
  /** `list`: the active SFS laws of the workspace's law lists; `all`: every law. */
  scope: z.enum(['list', 'all']),
  workspaceId: z.string().uuid(),
  /** How many laws the answer was restricted to (0 for `all`). */
  laws: z.number().int().min(0),
  /** Swedish, for the user, when the list scope was asked for but could not be used (no SFS laws on any list). */
  notice: z.string().nullable(),
});
export type ChatScope = z.infer<typeof ChatScopeSchema>;

/**
 * Entries of a chat reply stream, in order: `scope` (gateway, signed-in
 * questions in a workspace), `conversation` (signed-in questions, before any
 * token), any number of `token`, then `citations`, then exactly one of
 * `done` / `error`. The gateway forwards them as Server-Sent Events with the
 * same names; a stream that ends without `done` is not an answer.
 */
export const ChatStreamEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('scope'), data: ChatScopeSchema }),
  z.object({
    event: z.literal('conversation'),
    data: z.object({ conversationId: z.string().uuid(), title: z.string(), created: z.boolean() }),
  }),
  z.object({ event: z.literal('token'), data: z.object({ text: z.string() }) }),
  z.object({ event: z.literal('citations'), data: z.object({ citations: z.array(CitationSchema) }) }),
  z.object({ event: z.literal('done'), data: ChatAnswerSchema }),
  z.object({ event: z.literal('error'), data: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ChatStreamEvent = z.infer<typeof ChatStreamEventSchema>;

/* ---------------------------------------------------------------- index jobs */

export const IndexJobSchema = z.object({
  id: z.string().uuid(),
  kind: z.literal('rebuild'),
  /** listing: reading the catalog's law list; indexing: laws queued; completed / failed. */
  status: z.enum(['listing', 'indexing', 'completed', 'failed']),
  embeddingModel: z.string(),
  /** Laws queued so far (grows while listing). */
  total: z.number().int(),
  /** Laws of this job indexed (or removed) since it started. */
  done: z.number().int(),
  pending: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Why a job failed (Swedish, safe to show). */
  message: z.string().nullable(),
});
export const IndexProgressInputSchema = z.object({ jobId: z.string().uuid().optional() }).strict();
export type IndexJob = z.infer<typeof IndexJobSchema>;

/* ---------------------------------------------------------------- conversations */

/**
 * Signed-in chat history, per user (and the workspace the questions were asked
 * in). Questions are personal data: only their owner reads them (another
 * user's conversation is NOT_FOUND, never FORBIDDEN), deleting a conversation
 * deletes its messages, and they are never logged.
 */
export const CONVERSATION_TITLE_MAX = 80;
/** A conversation takes at most this many messages (question + answer = 2); then a new one must be started. */
export const CONVERSATION_MAX_MESSAGES = 400;

export const ConversationMessageStatusSchema = z.enum(['answered', 'refused', 'out_of_scope', 'error']);
export type ConversationMessageStatus = z.infer<typeof ConversationMessageStatusSchema>;

export const ConversationSummarySchema = z.object({
  id: z.string().uuid(),
  workspaceId: z.string().uuid().nullable(),
  /** The first question, shortened to CONVERSATION_TITLE_MAX characters. */
  title: z.string(),
  createdAt: z.string(),
  /** When the last message was added (the list is newest first by this). */
  updatedAt: z.string(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const ConversationMessageSchema = z.object({
  id: z.string().uuid(),
  role: z.enum(['user', 'assistant']),
  /** The question, or the final answer (the refusal or scope sentence; a Swedish error message for `error`). */
  text: z.string(),
  citations: z.array(CitationSchema),
  /** Null for the user's question. `error`: no answer was given (failed or cut), never a partial answer. */
  status: ConversationMessageStatusSchema.nullable(),
  createdAt: z.string(),
});
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;

export const ConversationSchema = ConversationSummarySchema.extend({ messages: z.array(ConversationMessageSchema) });
export type Conversation = z.infer<typeof ConversationSchema>;

const UserId = z.string().uuid();
export const ConversationsListInputSchema = z
  .object({
    userId: UserId,
    /** Only the conversations asked in this workspace. */
    workspaceId: z.string().uuid().optional(),
    cursor: z.string().max(200).nullable().optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict();
export const ConversationRefInputSchema = z.object({ userId: UserId, conversationId: z.string().uuid() }).strict();

export const ragConversationMethods = {
  /** The user's conversations, newest first (cursor pages). */
  'conversations.list': method(ConversationsListInputSchema, z.object({ items: z.array(ConversationSummarySchema), nextCursor: z.string().nullable() })),
  /** One conversation with its messages in order; NOT_FOUND when it does not exist or is another user's. */
  'conversations.get': method(ConversationRefInputSchema, ConversationSchema),
  /** Deletes the conversation and its messages; NOT_FOUND as for get. */
  'conversations.delete': method(ConversationRefInputSchema, z.object({ deleted: z.literal(true) })),
} as const;
