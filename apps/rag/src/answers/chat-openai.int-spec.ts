import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { REFUSAL_SENTENCE, type ChatAnswer, type ChatStreamEvent } from '@laglig/contracts';
import { readReplyStream, replyStreamKey } from '@laglig/messaging';
import { FakeOpenAI } from '../testing/fake-openai';
import { RagHarness } from '../testing/rag-harness';
import { ChatConfigSchema, createChatModel } from './chat-model.factory';

const QUESTION = 'När ska det finnas ett skyddsombud på en arbetsplats?';

/**
 * The answer path with the real @langchain/openai ChatOpenAI against a loopback
 * server speaking the OpenAI API: the prompt carries the numbered excerpts, the
 * citation validator replaces answers it cannot trust, weak retrieval never
 * reaches the model, and a failing model falls back to the extractive answer.
 */
describe('rag answers with an OpenAI-compatible chat model', () => {
  const fake = new FakeOpenAI();
  let h: RagHarness;
  let n = 0;

  beforeAll(async () => {
    await fake.start();
    const model = createChatModel(
      ChatConfigSchema.parse({
        CHAT_PROVIDER: 'openai',
        CHAT_MODEL: 'gpt-test',
        OPENAI_BASE_URL: fake.url,
        OPENAI_API_KEY: 'sk-test',
        CHAT_TIMEOUT_MS: '5000',
        CHAT_MAX_RETRIES: '1',
        CHAT_BREAKER_THRESHOLD: '100',
      }),
    );
    h = await new RagHarness({ name: 'rag-openai', laws: ['1977:1160', '1977:480'], chatModel: model }).start();
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    await fake.stop();
  });

  beforeEach(() => fake.reset());

  /** Each question is worded apart so no answer comes from the cache. */
  async function ask(question = QUESTION): Promise<ChatAnswer> {
    const r = await h.client.call('rag', 'chat.ask', { question: `${question} (${++n})` });
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.value;
  }

  it('sends the numbered excerpts and the rules, and returns the model answer with structured citations', async () => {
    fake.chatPieces = ['Det ska finnas ', 'ett skyddsombud ', 'på arbetsställen med minst fem arbetstagare [1].'];
    const answer = await ask();
    expect(answer).toMatchObject({ status: 'answered', provider: 'openai:gpt-test', refusalReason: null, answer: fake.chatText });
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({ n: 1, url: expect.stringMatching(/^\/lagar\/\d{4}:\d+#\w+$/) });

    const [request] = fake.requestsTo('/v1/chat/completions');
    expect(request.authorization).toBe('Bearer sk-test');
    expect(request.body).toMatchObject({ model: 'gpt-test', stream: true, temperature: 0 });
    const messages = request.body['messages'] as Array<{ role: string; content: string }>;
    expect(messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining(REFUSAL_SENTENCE) });
    expect(messages[1].content).toMatch(/^Utdrag ur lagtext:\n\n\[1\] /);
    expect(messages[1].content).toContain(`Fråga: `);
    expect(messages[1].content).toContain(answer.citations[0].title);
  });

  it('replaces an answer citing an excerpt it was not given, or citing nothing, with the refusal', async () => {
    fake.chatPieces = ['Minst fem arbetstagare [9].'];
    expect(await ask()).toMatchObject({ status: 'refused', answer: REFUSAL_SENTENCE, refusalReason: 'invalid_citation', citations: [] });
    fake.chatPieces = ['Minst fem arbetstagare.'];
    expect(await ask()).toMatchObject({ status: 'refused', answer: REFUSAL_SENTENCE, refusalReason: 'missing_citations' });
    fake.chatPieces = [REFUSAL_SENTENCE];
    expect(await ask()).toMatchObject({ status: 'refused', refusalReason: 'model_refused' });
  });

  it('refuses a question the laws do not cover without calling the model', async () => {
    expect(await ask('Vad kostar en flygbiljett till månen')).toMatchObject({ status: 'refused', refusalReason: 'weak_retrieval' });
    expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(0);
  });

  it('answers extractively when the model fails or its stream is cut', async () => {
    fake.script({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const failed = await ask();
    expect(failed).toMatchObject({ status: 'answered', provider: 'extractive' });
    fake.reset();
    fake.chatPieces = ['Det ska ', 'finnas ', 'ett skyddsombud [1].'];
    fake.script({ kind: 'cut', afterChunks: 1, mode: 'end' });
    const cut = await ask();
    expect(cut).toMatchObject({ status: 'answered', provider: 'extractive' });
    expect(cut.answer).not.toContain('Det ska ');
  });

  it('streams the model tokens to the reply stream and ends with the validated answer', async () => {
    fake.chatPieces = ['Ett skyddsombud ', 'ska utses [1].'];
    const streamId = randomUUID();
    const reader = new Redis(h.connection.redis);
    try {
      const job = h.client.call('rag', 'chat.ask', { question: `${QUESTION} (ström)`, streamId });
      const events: ChatStreamEvent[] = [];
      for await (const e of readReplyStream(reader, replyStreamKey(h.connection.prefix, streamId), { terminal: ['done', 'error'] })) {
        events.push(e as ChatStreamEvent);
      }
      await job;
      expect(events.filter((e) => e.event === 'token').map((e) => (e as { data: { text: string } }).data.text)).toEqual(fake.chatPieces);
      expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'answered', answer: fake.chatText, provider: 'openai:gpt-test' } });
    } finally {
      reader.disconnect();
    }
  });
});
