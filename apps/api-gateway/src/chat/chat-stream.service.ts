import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import Redis from 'ioredis';
import { z } from 'zod';
import { ChatStreamEventSchema, ErrorCode, type ChatAnswer, type ChatAskInput, type OperationResult } from '@laglig/contracts';
import { loadConfig } from '@laglig/config';
import { MESSAGING_CONNECTION, RpcClient, cancelReplyStream, readReplyStream, replyStreamKey, type MessagingConnection } from '@laglig/messaging';
import { ApiError } from '../http/http-errors';

export const ChatConfigSchema = z.object({
  /** Longest time an answer may take (a remote model streaming a long answer). */
  CHAT_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(90_000),
  /** Comment lines keep proxies from closing a quiet stream. */
  CHAT_KEEPALIVE_MS: z.coerce.number().int().min(100).default(15_000),
});

type StreamEvent = z.infer<typeof ChatStreamEventSchema>;

/**
 * Relays a chat answer as Server-Sent Events. The question goes to rag as a
 * request/reply job carrying a stream id; rag writes tokens, citations and a
 * terminal event to that Redis reply stream while it works, and this reads the
 * stream and forwards each entry at once — the request never waits silently on
 * the job. The job's result is the fallback: if the stream could not be
 * written, the whole answer is sent from it; if the job failed, an `error`
 * event is sent. A stream without `done` is never an answer.
 */
@Injectable()
export class ChatStreamService {
  private readonly logger = new Logger(ChatStreamService.name);
  private readonly config = loadConfig(ChatConfigSchema);

  constructor(
    private readonly rpc: RpcClient,
    @Inject(MESSAGING_CONNECTION) private readonly connection: MessagingConnection,
  ) {}

  /** `preamble`: events the gateway itself sends first (the `scope` of a question in a workspace). */
  async stream(input: ChatAskInput, res: Response, preamble: readonly StreamEvent[] = []): Promise<void> {
    const streamId = randomUUID();
    const key = replyStreamKey(this.connection.prefix, streamId);
    // XREAD BLOCK holds its connection: one per open stream, closed at the end.
    const reader = new Redis({ ...this.connection.redis, lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    reader.on('error', () => undefined);
    try {
      await reader.connect();
    } catch {
      reader.disconnect();
      throw new ApiError({ ok: false, code: ErrorCode.UNAVAILABLE, message: 'Frågetjänsten är inte tillgänglig just nu. Försök igen om en stund.' });
    }

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (e: StreamEvent): void => {
      res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
    };
    for (const e of preamble) send(e);

    const gone = new AbortController();
    const onClose = (): void => {
      if (!res.writableEnded) gone.abort();
    };
    res.on('close', onClose);
    const keepAlive = setInterval(() => res.write(': ping\n\n'), this.config.CHAT_KEEPALIVE_MS);

    let settled: OperationResult<ChatAnswer> | null = null;
    const job = this.rpc
      .call('rag', 'chat.ask', { ...input, streamId }, { timeoutMs: this.config.CHAT_REQUEST_TIMEOUT_MS })
      .then((r) => (settled = r));

    let finished = false;
    let sentCitations = false;
    try {
      for await (const entry of readReplyStream(reader, key, {
        terminal: ['done', 'error'],
        signal: gone.signal,
        blockMs: 500,
        stopWhenIdle: () => settled !== null,
      })) {
        const parsed = ChatStreamEventSchema.safeParse(entry);
        if (!parsed.success) continue;
        send(parsed.data);
        if (parsed.data.event === 'citations') sentCitations = true;
        if (parsed.data.event === 'done' || parsed.data.event === 'error') finished = true;
      }
      if (!finished && !gone.signal.aborted) {
        const result = settled ?? (await job);
        if (result.ok) {
          // The stream could not be written (or was cut): the job's result is the whole answer.
          if (!sentCitations) send({ event: 'citations', data: { citations: result.value.citations } });
          send({ event: 'done', data: result.value });
        } else {
          send({ event: 'error', data: { code: result.code, message: result.message } });
        }
      }
    } catch (err) {
      this.logger.warn(`chat stream failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!finished && !gone.signal.aborted) {
        send({ event: 'error', data: { code: ErrorCode.UNAVAILABLE, message: 'Svaret kunde inte levereras. Försök igen.' } });
      }
    } finally {
      clearInterval(keepAlive);
      res.off('close', onClose);
      if (gone.signal.aborted) {
        // Nobody reads any more: tell rag to stop generating.
        await cancelReplyStream(reader, key).catch(() => undefined);
      }
      reader.disconnect();
      if (!res.writableEnded) res.end();
    }
  }
}
