import { type SseMessage, SseParser, readSse } from './sse';

/** Feeds `text` split at every position in `cuts` and collects the events. */
function parseInPieces(text: string, cuts: number[]): SseMessage[] {
  const parser = new SseParser();
  const out: SseMessage[] = [];
  let last = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...parser.push(text.slice(last, cut)));
    last = cut;
  }
  parser.end();
  return out;
}

const STREAM =
  ': ping\n\n' +
  'event: token\ndata: {"text":"Arbetstagaren har rätt till "}\n\n' +
  'event: token\r\ndata: {"text":"25 semesterdagar [1]."}\r\n\r\n' +
  'event: citations\rdata: {"citations":[]}\r\r' +
  ': keep-alive\n' +
  'event: done\ndata: {"status":"answered",\ndata:  "answer":"ok"}\n\n';

const EXPECTED: SseMessage[] = [
  { event: 'token', data: '{"text":"Arbetstagaren har rätt till "}' },
  { event: 'token', data: '{"text":"25 semesterdagar [1]."}' },
  { event: 'citations', data: '{"citations":[]}' },
  { event: 'done', data: '{"status":"answered",\n "answer":"ok"}' },
];

describe('SseParser', () => {
  it('reads named events, LF / CRLF / CR line ends, comments and multi-line data', () => {
    expect(parseInPieces(STREAM, [])).toEqual(EXPECTED);
  });

  it('gives the same events however the text is split (every single cut and every pair of cuts)', () => {
    for (let i = 0; i <= STREAM.length; i++) {
      expect(parseInPieces(STREAM, [i])).toEqual(EXPECTED);
    }
    for (let i = 0; i <= STREAM.length; i += 3) {
      for (let j = i; j <= STREAM.length; j += 7) {
        expect(parseInPieces(STREAM, [i, j])).toEqual(EXPECTED);
      }
    }
  });

  it('reads one character at a time', () => {
    const cuts = Array.from({ length: STREAM.length }, (_, i) => i);
    expect(parseInPieces(STREAM, cuts)).toEqual(EXPECTED);
  });

  it('does not turn a CR at the end of a chunk and the LF starting the next into two line ends', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    // "\r" + "\n" is one line end; only the second "\r\n" ends the event.
    expect(parser.push('\ndata: b\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('uses "message" for events without a name, keeps ids and ignores unknown fields and retry', () => {
    const parser = new SseParser();
    expect(parser.push('retry: 1000\nid: 7\nfoo: bar\ndata\ndata:x\n\n')).toEqual([{ event: 'message', data: '\nx', id: '7' }]);
  });

  it('strips exactly one space after the colon', () => {
    const parser = new SseParser();
    expect(parser.push('data:  two\n\n')).toEqual([{ event: 'message', data: ' two' }]);
  });

  it('skips events without data lines and comment-only blocks', () => {
    const parser = new SseParser();
    expect(parser.push('event: token\n\n: ping\n\n:\n\n')).toEqual([]);
    expect(parser.push('data: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('drops an event that the stream ends before its blank line', () => {
    const parser = new SseParser();
    expect(parser.push('event: done\ndata: {"answer":"half')).toEqual([]);
    parser.end();
    expect(parser.push('data: next\n\n')).toEqual([{ event: 'message', data: 'next' }]);
  });

  it('ignores a byte order mark at the start of the stream', () => {
    const parser = new SseParser();
    expect(parser.push('\uFEFFdata: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });
});

describe('readSse', () => {
  function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
  }

  it('decodes UTF-8 split inside a character', async () => {
    const bytes = new TextEncoder().encode('event: token\ndata: {"text":"Rätt till ledighet – 25 dagar"}\n\n');
    // "ä" is two bytes: cut between them.
    const cut = bytes.indexOf(0xc3) + 1;
    const seen: SseMessage[] = [];
    await readSse(streamOf([bytes.slice(0, cut), bytes.slice(cut)]), (m) => {
      seen.push(m);
    });
    expect(seen).toEqual([{ event: 'token', data: '{"text":"Rätt till ledighet – 25 dagar"}' }]);
  });

  it('stops reading when the callback says so', async () => {
    const bytes = new TextEncoder().encode('data: 1\n\ndata: 2\n\n');
    const seen: string[] = [];
    await readSse(streamOf([bytes]), (m) => {
      seen.push(m.data);
      return true;
    });
    expect(seen).toEqual(['1']);
  });
});
