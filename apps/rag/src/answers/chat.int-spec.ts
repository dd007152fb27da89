import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { REFUSAL_SENTENCE, type ChatAnswer, type ChatStreamEvent, type LawDocument, type LawSection } from '@laglig/contracts';
import { readReplyStream, replyStreamKey } from '@laglig/messaging';
import { LocalEmbeddingProvider } from '../embeddings/local-embeddings';
import { RagHarness, sectionsOf } from '../testing/rag-harness';
import { createAnswerPipeline } from './answer-pipeline';
import { SCOPE_MESSAGE } from './scope';

const SEMESTER = 'Hur många semesterdagar har en arbetstagare rätt till?';
const SKYDDSOMBUD = 'När ska det finnas ett skyddsombud på en arbetsplats?';

/** chat.ask over real BullMQ against the rag service with the offline (extractive) provider. */
describe('rag answers (extractive, offline)', () => {
  const h = new RagHarness({ name: 'rag-chat', laws: ['1977:480', '1977:1160', '1982:80'] });

  beforeAll(() => h.start(), 120_000);
  afterAll(() => h.stop());

  async function ask(question: string, sfs?: string[]): Promise<ChatAnswer> {
    const r = await h.client.call('rag', 'chat.ask', { question, ...(sfs ? { sfs } : {}) });
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.value;
  }

  it('answers the semester question by quoting Semesterlag 4 § verbatim, with a structured citation', async () => {
    const answer = await ask(SEMESTER);
    expect(answer).toMatchObject({ status: 'answered', provider: 'extractive', refusalReason: null, cached: false });
    const p4 = answer.citations.find((c) => c.sfs === '1977:480' && c.anchor === 'P4');
    expect(p4).toMatchObject({ title: 'Semesterlag (1977:480)', label: '4 §', url: '/lagar/1977:480#P4' });
    expect(answer.answer).toContain(`[${p4?.n}]`);
    expect(answer.answer).toMatch(/tjugofem semesterdagar/);
    // Every quotation is the law's own words.
    const law = sectionsOf((h.laws.get('1977:480') as LawDocument).structure.body).find((s) => s.anchor === 'P4') as LawSection;
    for (const quote of answer.answer.matchAll(/”([^”]+)”/g)) {
      for (const part of quote[1].split(' … ')) expect(law.text.replace(/\s+/g, ' ')).toContain(part.replace(/ …$/, ''));
    }
  });

  it('streams tokens, then citations, then done, to the reply stream; the tokens add up to the answer', async () => {
    const streamId = randomUUID();
    const reader = new Redis(h.connection.redis);
    try {
      const job = h.client.call('rag', 'chat.ask', { question: SKYDDSOMBUD, streamId });
      const events: ChatStreamEvent[] = [];
      for await (const e of readReplyStream(reader, replyStreamKey(h.connection.prefix, streamId), { terminal: ['done', 'error'] })) {
        events.push(e as ChatStreamEvent);
      }
      const result = await job;
      const names = events.map((e) => e.event);
      expect(names.filter((n) => n === 'token').length).toBeGreaterThan(1);
      expect(names.slice(-2)).toEqual(['citations', 'done']);
      const done = events.at(-1) as Extract<ChatStreamEvent, { event: 'done' }>;
      const tokens = events.flatMap((e) => (e.event === 'token' ? [e.data.text] : [])).join('');
      expect(tokens).toBe(done.data.answer);
      expect(result.ok && result.value).toEqual(done.data);
      expect(done.data.status).toBe('answered');
      expect(done.data.citations.some((c) => c.sfs === '1977:1160' && c.anchor.startsWith('K6'))).toBe(true);
      expect(await reader.ttl(replyStreamKey(h.connection.prefix, streamId))).toBeGreaterThan(0);
    } finally {
      reader.disconnect();
    }
  });

  it('refuses nonsense and questions the laws do not cover, with the refusal sentence and no citations', async () => {
    for (const question of ['Vad kostar en flygbiljett till månen?', 'asdf qwerty zxcv', 'Vad gäller?']) {
      const answer = await ask(question);
      expect(answer).toMatchObject({ status: 'refused', answer: REFUSAL_SENTENCE, citations: [], refusalReason: 'weak_retrieval' });
    }
  });

  it('declines advice on an individual case with the scope message', async () => {
    const answer = await ask('Hur kan jag betala mindre skatt på min lön?');
    expect(answer).toMatchObject({ status: 'out_of_scope', answer: SCOPE_MESSAGE, citations: [], refusalReason: 'out_of_scope' });
  });

  it('cites only the laws of the filter', async () => {
    const answer = await ask('Vad gäller för uppsägning på grund av arbetsbrist?', ['1982:80']);
    expect(answer.status).toBe('answered');
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.every((c) => c.sfs === '1982:80')).toBe(true);
  });

  it('caches answers and a law change deletes exactly the answers built from that law', async () => {
    const first = await ask(SEMESTER);
    expect((await ask(SEMESTER)).cached).toBe(true);
    expect((await ask(`  hur MÅNGA semesterdagar har en arbetstagare rätt till `)).cached).toBe(true);
    await ask('Vad säger 3 kap. 2 a § arbetsmiljölagen?');
    expect((await ask('Vad säger 3 kap. 2 a § arbetsmiljölagen?', undefined)).cached).toBe(true);

    const redis = new Redis(h.connection.redis);
    try {
      const lawSet = `${h.connection.prefix}:rag:answers-by-law:1977:480`;
      expect(await redis.scard(lawSet)).toBeGreaterThan(0);
      const old = h.laws.get('1977:480') as LawDocument;
      const changed: LawDocument = structuredClone(old);
      changed.version = { ...old.version, id: randomUUID(), contentHash: randomUUID() };
      const p4 = sectionsOf(changed.structure.body).find((s) => s.anchor === 'P4') as LawSection;
      p4.text = 'En arbetstagare har rätt till trettio semesterdagar varje semesterår.';
      await h.publishChanged('1977:480', old.version.id, changed);
      await h.until(() => redis.exists(lawSet), (n) => n === 0);

      const after = await ask(SEMESTER);
      expect(after.cached).toBe(false);
      expect(after.answer).toContain('trettio semesterdagar');
      expect(after.answer).not.toBe(first.answer);
      // The AML answer did not rest on 1977:480 and is still cached.
      expect((await ask('Vad säger 3 kap. 2 a § arbetsmiljölagen?')).cached).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it('answers without a cache when Redis is unreachable', async () => {
    const dead = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => undefined);
    try {
      const { answers } = createAnswerPipeline({ dataSource: h.ds, embeddings: new LocalEmbeddingProvider(384), redis: dead, prefix: h.connection.prefix });
      const r = await answers.ask({ question: SEMESTER });
      expect(r.ok && r.value).toMatchObject({ status: 'answered', cached: false });
    } finally {
      dead.disconnect();
    }
  });
});
