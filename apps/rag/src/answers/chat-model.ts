/** One message of a chat-completion request. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatStreamOptions {
  /** Aborts the request (client went away, deadline). */
  signal?: AbortSignal;
}

/**
 * A generative chat model: streams the answer's text in pieces. Implementations
 * throw `ChatModelError` and never return a truncated answer as if it were whole:
 * a stream that ends without the server's end marker is INCOMPLETE.
 */
export interface ChatModel {
  /** "openai:gpt-4o-mini" */
  readonly id: string;
  stream(messages: ChatMessage[], options?: ChatStreamOptions): AsyncIterable<string>;
}

export type ChatModelErrorCode = 'TIMEOUT' | 'UNAVAILABLE' | 'INCOMPLETE' | 'REJECTED';

export class ChatModelError extends Error {
  constructor(
    readonly code: ChatModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChatModelError';
  }
}

export const CHAT_MODEL = Symbol('CHAT_MODEL');
