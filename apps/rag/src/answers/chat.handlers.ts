import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { ChatStreamEvent, MethodOutput, MethodParsedInput, OperationResult } from '@laglig/contracts';
import { MESSAGING_CONNECTION, ReplyStreamWriter, replyStreamKey, RpcHandler, type MessagingConnection } from '@laglig/messaging';
import { createLogger } from '@laglig/observability';
import { RAG_REDIS } from '../redis.provider';
import { AnswerService, type AnswerSink } from './answer.service';

/** How often a streaming answer checks whether its reader went away. */
const CANCEL_POLL_MS = 500;

@Injectable()
export class ChatHandlers {
  private readonly logger = createLogger('rag').child({ component: 'chat' });

  constructor(
    private readonly answers: AnswerService,
    @Inject(RAG_REDIS) private readonly redis: Redis,
    @Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection,
  ) {}

  /**
   * Answers a question; with a streamId the answer is also written to the reply
   * stream as it is produced (the gateway forwards it as Server-Sent Events).
   * The returned value is the whole answer either way, so a stream that could
   * not be written loses nothing.
   */
  @RpcHandler('rag', 'chat.ask')
  async ask(input: MethodParsedInput<'rag', 'chat.ask'>): Promise<OperationResult<MethodOutput<'rag', 'chat.ask'>>> {
    const question = { question: input.question, ...(input.sfs ? { sfs: input.sfs } : {}) };
    if (!input.streamId) return this.answers.ask(question);

    const writer = new ReplyStreamWriter(this.redis, replyStreamKey(this.connection.prefix, input.streamId));
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
    return this.answers.ask(question, { sink, signal: abort.signal });
  }
}
