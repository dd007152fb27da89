import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { ChatAnswer, ChatStreamEvent, MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { MESSAGING_CONNECTION, ReplyStreamWriter, replyStreamKey, RpcHandler, type MessagingConnection } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { ConversationsService } from '../conversations/conversations.service';
import { RAG_REDIS } from '../redis.provider';
import { AnswerService, type AnswerSink } from './answer.service';

/** How often a streaming answer checks whether its reader went away. */
const CANCEL_POLL_MS = 500;

@Injectable()
export class ChatHandlers {
  private readonly logger = createLogger('rag').child({ component: 'chat' });

  constructor(
    private readonly answers: AnswerService,
    private readonly conversations: ConversationsService,
    @Inject(RAG_REDIS) private readonly redis: Redis,
    @Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection,
  ) {}

  /**
   * Answers a question; with a streamId the answer is also written to the reply
   * stream as it is produced (the gateway forwards it as Server-Sent Events).
   * The returned value is the whole answer either way, so a stream that could
   * not be written loses nothing.
   *
   * With a userId (a signed-in caller) the exchange is stored: the question
   * before anything is streamed (a `conversation` event names the
   * conversation), the final answer before `done` is sent — so a client that
   * reads the conversation after `done` finds it — or status `error` when no
   * answer was given. Retrieval uses the current question only.
   */
  @RpcHandler('rag', 'chat.ask')
  async ask(input: MethodParsedInput<'rag', 'chat.ask'>): Promise<OperationResult<MethodOutput<'rag', 'chat.ask'>>> {
    const question = { question: input.question, ...(input.sfs ? { sfs: input.sfs } : {}) };
    const stream = input.streamId ? this.streamSink(input.streamId) : null;
    if (!input.userId) return this.answers.ask(question, stream ?? {});

    const started = await this.conversations.start({
      userId: input.userId,
      workspaceId: input.workspaceId ?? null,
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      question: input.question,
    });
    if (!started.ok) {
      await stream?.sink({ event: 'error', data: { code: started.code, message: started.message } });
      return started;
    }
    const conversation = started.value;
    const forward: AnswerSink = stream?.sink ?? (async () => undefined);
    await forward({ event: 'conversation', data: { conversationId: conversation.id, title: conversation.title, created: conversation.created } });

    let stored = false;
    const store = async (answer: ChatAnswer | null): Promise<void> => {
      if (stored) return;
      stored = true;
      if (answer) await this.conversations.appendAnswer(conversation.id, answer);
      else await this.conversations.appendFailure(conversation.id);
    };
    const sink: AnswerSink = async (event: ChatStreamEvent) => {
      if (event.event === 'done') {
        await store(event.data);
        return forward({ event: 'done', data: { ...event.data, conversationId: conversation.id } });
      }
      if (event.event === 'error') await store(null);
      return forward(event);
    };

    let result: OperationResult<ChatAnswer>;
    try {
      result = await this.answers.ask(question, { sink, ...(stream ? { signal: stream.signal } : {}) });
    } catch (err) {
      await store(null).catch((e: unknown) =>
        this.logger.error({ conversationId: conversation.id, err: e instanceof Error ? e.message : String(e) }, 'could not record the failed answer'),
      );
      throw err;
    }
    if (!result.ok) {
      await store(null);
      return result;
    }
    await store(result.value);
    return { ok: true, value: { ...result.value, conversationId: conversation.id } };
  }

  /** A sink writing to the reply stream; its signal aborts when the reader has gone. */
  private streamSink(streamId: string): { sink: AnswerSink; signal: AbortSignal } {
    const writer = new ReplyStreamWriter(this.redis, replyStreamKey(this.connection.prefix, streamId));
    const abort = new AbortController();
    let lastCheck = Date.now();
    let broken = false;
    const sink: AnswerSink = async (event: ChatStreamEvent) => {
      if (broken) return;
      try {
        await writer.write(event.event, event.data);
        if (Date.now() - lastCheck > CANCEL_POLL_MS) {
          lastCheck = Date.now();
          if (await writer.cancelled()) abort.abort();
        }
      } catch (err) {
        // The caller still gets the whole answer as the job's result.
        broken = true;
        this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'reply stream unavailable; answer returned as the result only');
      }
    };
    return { sink, signal: abort.signal };
  }
}
