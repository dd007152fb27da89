import type Redis from 'ioredis';

/**
 * Reply streams carry a long answer from a worker to the caller while it is
 * produced (a chat answer, token by token), next to the request/reply job that
 * started it. They are Redis Streams, not pub/sub: a reader that attaches late
 * still reads every entry from the start, and nothing is lost between the
 * caller starting the job and starting to read.
 *
 * Each entry is one `{ event, data }` pair. The writer ends a stream with a
 * terminal event; the key expires on its own (no cleanup job).
 */
export const replyStreamKey = (prefix: string, id: string): string => `${prefix}:reply:${id}`;
const cancelKey = (key: string): string => `${key}:cancel`;

export interface ReplyStreamEntry {
  event: string;
  data: unknown;
}

/** How long an unread stream is kept (the reader normally finishes within seconds). */
export const REPLY_STREAM_TTL_SECONDS = 300;
/** Upper bound of entries per stream (a runaway writer cannot fill Redis). */
const MAX_ENTRIES = 20_000;

export class ReplyStreamWriter {
  private expirySet = false;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly ttlSeconds = REPLY_STREAM_TTL_SECONDS,
  ) {}

  async write(event: string, data: unknown): Promise<void> {
    const multi = this.redis.multi().xadd(this.key, 'MAXLEN', '~', String(MAX_ENTRIES), '*', 'e', event, 'd', JSON.stringify(data));
    if (!this.expirySet) multi.expire(this.key, this.ttlSeconds);
    const results = await multi.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('reply stream write was discarded');
    this.expirySet = true;
  }

  /** True once the reader has gone away (the caller closed the connection). */
  async cancelled(): Promise<boolean> {
    return (await this.redis.exists(cancelKey(this.key))) === 1;
  }
}

/** Tells the writer that nobody reads any more, so it can stop working. */
export async function cancelReplyStream(redis: Redis, key: string): Promise<void> {
  await redis.set(cancelKey(key), '1', 'EX', REPLY_STREAM_TTL_SECONDS);
}

export interface ReadReplyStreamOptions {
  /** Events that end the stream (their entry is yielded, then reading stops). */
  terminal: readonly string[];
  /** Stops reading (the caller went away or gave up). */
  signal?: AbortSignal;
  /** Longest wait for one XREAD; the signal is checked between reads. */
  blockMs?: number;
  /**
   * Asked whenever a read found nothing new: true ends reading without a
   * terminal event (the writer is known to be finished, e.g. its job completed).
   */
  stopWhenIdle?: () => boolean;
}

/**
 * Reads a reply stream from its first entry until a terminal event or the
 * signal. Needs a connection of its own: XREAD BLOCK holds it while waiting.
 */
export async function* readReplyStream(redis: Redis, key: string, options: ReadReplyStreamOptions): AsyncGenerator<ReplyStreamEntry> {
  let lastId = '0-0';
  const blockMs = options.blockMs ?? 1000;
  while (!options.signal?.aborted) {
    const reply = (await redis.xread('COUNT', 200, 'BLOCK', blockMs, 'STREAMS', key, lastId)) as Array<[string, Array<[string, string[]]>]> | null;
    if (!reply) {
      if (options.stopWhenIdle?.()) return;
      continue;
    }
    for (const [, entries] of reply) {
      for (const [id, fields] of entries) {
        lastId = id;
        const entry = toEntry(fields);
        if (!entry) continue;
        yield entry;
        if (options.terminal.includes(entry.event)) return;
      }
    }
  }
}

function toEntry(fields: string[]): ReplyStreamEntry | null {
  let event: string | undefined;
  let raw: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'e') event = fields[i + 1];
    else if (fields[i] === 'd') raw = fields[i + 1];
  }
  if (event === undefined || raw === undefined) return null;
  try {
    return { event, data: JSON.parse(raw) as unknown };
  } catch {
    return null;
  }
}
