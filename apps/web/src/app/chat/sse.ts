/**
 * A small Server-Sent Events parser (the WHATWG "event stream" format) for
 * streams read with `fetch` — `EventSource` cannot POST.
 *
 * Text arrives in chunks split anywhere (inside a field, between CR and LF,
 * inside a multi-byte character when decoding bytes); the parser keeps the
 * unfinished line and event across `push` calls. Lines end with LF, CRLF or a
 * lone CR; lines starting with ":" are comments (keep-alives); several `data`
 * lines join with "\n"; an event is dispatched at a blank line. An event that
 * is still open when the stream ends is discarded, as browsers do.
 */

export interface SseMessage {
  /** The `event` field; "message" when the event had none. */
  event: string;
  data: string;
  /** The `id` field of this event, if it had one. */
  id?: string;
}

export class SseParser {
  private buffer = '';
  /** The previous chunk ended with CR: a leading LF of the next chunk belongs to that line end. */
  private pendingCr = false;
  private started = false;
  private eventName = '';
  private dataLines: string[] = [];
  private hasData = false;
  private eventId: string | undefined;

  /** Feeds decoded text; returns the events completed by it, in order. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (text.length === 0) return [];
    if (this.pendingCr) {
      if (text.startsWith('\n')) text = text.slice(1);
      this.pendingCr = false;
    }
    if (!this.started) {
      this.started = true;
      if (this.buffer === '' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      this.line(this.buffer.slice(start, i), out);
      if (ch === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCr = true;
        }
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /**
   * The stream ended: an event without its closing blank line is dropped (it
   * may have been cut short), and the parser is ready for a new stream.
   */
  end(): void {
    this.buffer = '';
    this.pendingCr = false;
    this.started = false;
    this.resetEvent();
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventName = value;
        break;
      case 'data':
        this.dataLines.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.eventId = value;
        break;
      default:
        // "retry" and unknown fields do not matter for a one-shot fetch stream.
        break;
    }
  }

  private dispatch(out: SseMessage[]): void {
    if (this.hasData) {
      const message: SseMessage = { event: this.eventName || 'message', data: this.dataLines.join('\n') };
      if (this.eventId !== undefined) message.id = this.eventId;
      out.push(message);
    }
    this.resetEvent();
  }

  private resetEvent(): void {
    this.eventName = '';
    this.dataLines = [];
    this.hasData = false;
    this.eventId = undefined;
  }
}

/**
 * Reads a response body as Server-Sent Events, calling `onMessage` for each
 * event. Resolves when the stream ends; rejects when reading fails (network
 * error, abort). `onMessage` may return `true` to stop reading early.
 */
export async function readSse(body: ReadableStream<Uint8Array>, onMessage: (message: SseMessage) => boolean | void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const messages = parser.push(done ? decoder.decode() : decoder.decode(value, { stream: true }));
      if (done) parser.end();
      for (const message of messages) {
        if (onMessage(message) === true) {
          await reader.cancel().catch(() => undefined);
          return;
        }
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
