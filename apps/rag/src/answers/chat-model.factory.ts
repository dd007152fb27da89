import { z } from 'zod';
import { loadConfig } from '@laglig/config';
import type { ChatModel } from './chat-model';
import { OpenAIChatModel } from './openai-chat-model';

export const ChatConfigSchema = z
  .object({
    /** `extractive`: no generative model, answers are quoted from the excerpts. */
    CHAT_PROVIDER: z.enum(['extractive', 'openai']).default('extractive'),
    CHAT_MODEL: z.string().min(1).default('gpt-4o-mini'),
    /** Longest wait for the response, and then for each next chunk. */
    CHAT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    CHAT_MAX_TOKENS: z.coerce.number().int().min(1).max(32_768).default(800),
    CHAT_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
    OPENAI_BASE_URL: z.string().url().optional(),
    OPENAI_API_KEY: z.string().min(1).optional(),
    /** Consecutive failed starts that open the breaker. */
    CHAT_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5),
    /** How long the breaker stays open before one probe request. */
    CHAT_BREAKER_RESET_MS: z.coerce.number().int().min(100).default(30_000),
  })
  .refine((c) => c.CHAT_PROVIDER !== 'openai' || c.OPENAI_API_KEY !== undefined, {
    message: 'CHAT_PROVIDER=openai needs OPENAI_API_KEY',
    path: ['OPENAI_API_KEY'],
  });
export type ChatConfig = z.infer<typeof ChatConfigSchema>;

/** The configured generative model; null for `extractive` (the answer service then quotes the excerpts). */
export function createChatModel(config: ChatConfig = loadConfig(ChatConfigSchema)): ChatModel | null {
  if (config.CHAT_PROVIDER === 'extractive') return null;
  if (!config.OPENAI_API_KEY) throw new Error('CHAT_PROVIDER=openai needs OPENAI_API_KEY');
  return new OpenAIChatModel({
    apiKey: config.OPENAI_API_KEY,
    model: config.CHAT_MODEL,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    maxTokens: config.CHAT_MAX_TOKENS,
    timeoutMs: config.CHAT_TIMEOUT_MS,
    maxRetries: config.CHAT_MAX_RETRIES,
    breaker: { threshold: config.CHAT_BREAKER_THRESHOLD, resetMs: config.CHAT_BREAKER_RESET_MS },
  });
}
