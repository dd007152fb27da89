import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ErrorCode, REFUSAL_SENTENCE, refuse, type ChatAnswer, type ChatAskInput, type ChatStreamEvent, type Conversation } from '@laglig/contracts';
import { readReplyStream, replyStreamKey } from '@laglig/messaging';
import { AnswerService } from '../answers/answer.service';
import { RagHarness } from '../testing/rag-harness';
import { ConversationRetention } from './conversation-retention';
import { NO_ANSWER_TEXT } from './conversations.service';

const SEMESTER = 'Hur många semesterdagar har en arbetstagare rätt till?';
const SKYDDSOMBUD = 'När ska det finnas ett skyddsombud på en arbetsplats?';
const ANNA = '0b6c1f52-1d7a-4c55-9a59-8d7f0f6c2a11';
const BERT = '5d1e2f3a-4b5c-4d6e-8f70-9a1b2c3d4e5f';
const WS_A = '7a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d';
const WS_B = '8b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';

/**
 * Signed-in chat history over real BullMQ and PostgreSQL (the whole rag app,
 * offline provider): what is stored, who may read it, deletion, and that the
 * workspace's law filter restricts retrieval and the answer cache.
 */
describe('rag conversations', () => {
  const h = new RagHarness({ name: 'rag-conversations', laws: ['1977:480', '1977:1160', '1982:80', '1982:673'] });

  beforeAll(() => h.start(), 120_000);
  afterAll(() => h.stop());

  async function ask(input: ChatAskInput): Promise<ChatAnswer> {
    const r = await h.client.call('rag', 'chat.ask', input);
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.value;
  }
  async function get(userId: string, conversationId: string): Promise<Conversation> {
    const r = await h.client.call('rag', 'conversations.get', { userId, conversationId });
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.value;
  }
  const count = async (table: 'conversations' | 'conversation_messages'): Promise<number> =>
    ((await h.ds.query(`SELECT count(*)::int AS n FROM rag.${table}`)) as Array<{ n: number }>)[0].n;

  it('stores a signed-in question and its answer; an anonymous question is not stored', async () => {
    const before = await count('conversation_messages');
    await ask({ question: SEMESTER });
    expect(await count('conversation_messages')).toBe(before);

    const answer = await ask({ question: SEMESTER, userId: ANNA, workspaceId: WS_A });
    expect(answer.status).toBe('answered');
    expect(answer.conversationId).toEqual(expect.any(String));
    const conversation = await get(ANNA, answer.conversationId as string);
    expect(conversation).toMatchObject({ id: answer.conversationId, workspaceId: WS_A, title: SEMESTER });
    expect(conversation.messages).toEqual([
      { id: expect.any(String), role: 'user', text: SEMESTER, citations: [], status: null, createdAt: expect.any(String) },
      { id: expect.any(String), role: 'assistant', text: answer.answer, citations: answer.citations, status: 'answered', createdAt: expect.any(String) },
    ]);
    expect(answer.citations.some((c) => c.sfs === '1977:480' && c.anchor === 'P4')).toBe(true);
  });

  it('streams the conversation first and has stored the answer when done arrives; follow-ups and refusals are appended', async () => {
    const streamId = randomUUID();
    const reader = new Redis(h.connection.redis);
    let conversationId: string;
    try {
      const job = h.client.call('rag', 'chat.ask', { question: SKYDDSOMBUD, streamId, userId: ANNA });
      const events: ChatStreamEvent[] = [];
      let storedAtDone: Conversation | null = null;
      for await (const e of readReplyStream(reader, replyStreamKey(h.connection.prefix, streamId), { terminal: ['done', 'error'] })) {
        const event = e as ChatStreamEvent;
        events.push(event);
        if (event.event === 'done') storedAtDone = await get(ANNA, event.data.conversationId as string);
      }
      expect(events[0]).toMatchObject({ event: 'conversation', data: { created: true, title: SKYDDSOMBUD } });
      expect(events.slice(1).every((e) => e.event !== 'conversation')).toBe(true);
      const done = events.at(-1) as Extract<ChatStreamEvent, { event: 'done' }>;
      conversationId = (events[0] as Extract<ChatStreamEvent, { event: 'conversation' }>).data.conversationId;
      expect(done.data.conversationId).toBe(conversationId);
      expect(storedAtDone?.messages.map((m) => [m.role, m.status])).toEqual([
        ['user', null],
        ['assistant', 'answered'],
      ]);
      expect(storedAtDone?.messages[1].text).toBe(done.data.answer);
      const result = await job;
      expect(result.ok && result.value.conversationId).toBe(conversationId);
    } finally {
      reader.disconnect();
    }

    const followUp = await ask({ question: 'Vad kostar en flygbiljett till månen?', userId: ANNA, conversationId });
    expect(followUp).toMatchObject({ status: 'refused', answer: REFUSAL_SENTENCE, conversationId });
    const conversation = await get(ANNA, conversationId);
    expect(conversation.title).toBe(SKYDDSOMBUD);
    expect(conversation.workspaceId).toBeNull();
    expect(conversation.messages.map((m) => [m.role, m.status, m.text.slice(0, 20)])).toEqual([
      ['user', null, SKYDDSOMBUD.slice(0, 20)],
      ['assistant', 'answered', expect.any(String)],
      ['user', null, 'Vad kostar en flygbi'],
      ['assistant', 'refused', REFUSAL_SENTENCE.slice(0, 20)],
    ]);
    // The most recently used conversation comes first.
    const list = await h.client.call('rag', 'conversations.list', { userId: ANNA });
    expect(list.ok && list.value.items[0].id).toBe(conversationId);
  });

  it('deletes conversations nobody continued within the retention period, with their messages, and keeps the rest', async () => {
    const old = await ask({ question: SEMESTER, userId: ANNA });
    const recent = await ask({ question: SEMESTER, userId: ANNA });
    const oldId = old.conversationId as string;
    await h.ds.query(`UPDATE rag.conversations SET updated_at = now() - interval '400 days' WHERE id = $1`, [oldId]);
    const retention = h.app.get(ConversationRetention);
    expect(retention.config.CHAT_CONVERSATION_RETENTION_DAYS).toBe(365);
    // 0 days keeps everything; 365 days deletes the 400-day-old one only.
    expect(await retention.purge(new Date(), 0)).toBe(0);
    expect(await retention.purge()).toBe(1);
    const [left] = (await h.ds.query(
      `SELECT (SELECT count(*)::int FROM rag.conversations WHERE id = $1) AS old, (SELECT count(*)::int FROM rag.conversation_messages WHERE conversation_id = $1) AS old_messages,
              (SELECT count(*)::int FROM rag.conversations WHERE id = $2) AS recent`,
      [oldId, recent.conversationId],
    )) as Array<{ old: number; old_messages: number; recent: number }>;
    expect(left).toEqual({ old: 0, old_messages: 0, recent: 1 });
    const gone = await h.client.call('rag', 'conversations.get', { userId: ANNA, conversationId: oldId });
    expect(gone.ok ? 'found' : gone.code).toBe(ErrorCode.NOT_FOUND);
    expect(await retention.purge()).toBe(0);
  });

  it('never shows or changes another user’s conversation: NOT_FOUND, exactly as for a missing one', async () => {
    const mine = await ask({ question: SEMESTER, userId: ANNA });
    const id = mine.conversationId as string;
    const messages = await count('conversation_messages');

    for (const r of [
      await h.client.call('rag', 'conversations.get', { userId: BERT, conversationId: id }),
      await h.client.call('rag', 'conversations.delete', { userId: BERT, conversationId: id }),
      await h.client.call('rag', 'chat.ask', { question: SEMESTER, userId: BERT, conversationId: id }),
    ]) {
      expect(r).toEqual({ ok: false, code: ErrorCode.NOT_FOUND, message: 'Konversationen finns inte.' });
    }
    const missing = await h.client.call('rag', 'conversations.get', { userId: BERT, conversationId: randomUUID() });
    expect(missing).toEqual({ ok: false, code: ErrorCode.NOT_FOUND, message: 'Konversationen finns inte.' });
    expect(await count('conversation_messages')).toBe(messages);
    const bertsList = await h.client.call('rag', 'conversations.list', { userId: BERT });
    expect(bertsList.ok && bertsList.value.items).toEqual([]);
    expect((await get(ANNA, id)).messages).toHaveLength(2);
  });

  it('keeps a conversation in its workspace: listing by workspace, and continuing it in another is refused', async () => {
    const inA = await ask({ question: SEMESTER, userId: BERT, workspaceId: WS_A });
    const inB = await ask({ question: SKYDDSOMBUD, userId: BERT, workspaceId: WS_B });
    const listA = await h.client.call('rag', 'conversations.list', { userId: BERT, workspaceId: WS_A });
    expect(listA.ok && listA.value.items.map((c) => c.id)).toEqual([inA.conversationId]);
    const listAll = await h.client.call('rag', 'conversations.list', { userId: BERT });
    expect(listAll.ok && listAll.value.items.map((c) => c.id)).toEqual([inB.conversationId, inA.conversationId]);

    const elsewhere = await h.client.call('rag', 'chat.ask', { question: SEMESTER, userId: BERT, workspaceId: WS_B, conversationId: inA.conversationId });
    expect(elsewhere).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    const outside = await h.client.call('rag', 'chat.ask', { question: SEMESTER, userId: BERT, conversationId: inA.conversationId });
    expect(outside).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    expect((await get(BERT, inA.conversationId as string)).messages).toHaveLength(2);
  });

  it('pages the list newest first with an opaque cursor', async () => {
    const user = randomUUID();
    const ids: string[] = [];
    for (const q of [SEMESTER, SKYDDSOMBUD, 'Vad gäller för uppsägning på grund av arbetsbrist?']) ids.push((await ask({ question: q, userId: user })).conversationId as string);
    const first = await h.client.call('rag', 'conversations.list', { userId: user, limit: 2 });
    if (!first.ok) throw new Error(first.message);
    expect(first.value.items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(first.value.nextCursor).toEqual(expect.any(String));
    const second = await h.client.call('rag', 'conversations.list', { userId: user, limit: 2, cursor: first.value.nextCursor });
    expect(second.ok && second.value).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const bad = await h.client.call('rag', 'conversations.list', { userId: user, cursor: 'inte-en-cursor' });
    expect(bad).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
  });

  it('deletes a conversation with its messages', async () => {
    const answer = await ask({ question: SEMESTER, userId: ANNA });
    const id = answer.conversationId as string;
    await ask({ question: SKYDDSOMBUD, userId: ANNA, conversationId: id });
    const rows = async () => ((await h.ds.query(`SELECT count(*)::int AS n FROM rag.conversation_messages WHERE conversation_id = $1`, [id])) as Array<{ n: number }>)[0].n;
    expect(await rows()).toBe(4);
    expect(await h.client.call('rag', 'conversations.delete', { userId: ANNA, conversationId: id })).toEqual({ ok: true, value: { deleted: true } });
    expect(await rows()).toBe(0);
    expect(await h.client.call('rag', 'conversations.get', { userId: ANNA, conversationId: id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await h.client.call('rag', 'conversations.delete', { userId: ANNA, conversationId: id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    // Asking on in a deleted conversation is NOT_FOUND too; nothing is recreated.
    expect(await h.client.call('rag', 'chat.ask', { question: SEMESTER, userId: ANNA, conversationId: id })).toMatchObject({ ok: false, code: ErrorCode.NOT_FOUND });
    expect(await rows()).toBe(0);
  });

  it('stores status error, never the streamed part, when no answer is given', async () => {
    const answers = h.app.get(AnswerService);
    const user = randomUUID();
    // A failure after part of an answer was streamed (the pipeline crashed) ...
    const crash = jest.spyOn(answers, 'ask').mockImplementationOnce(async (_q, options) => {
      await options?.sink?.({ event: 'token', data: { text: 'En arbetstagare har rätt till' } });
      throw new Error('connection terminated');
    });
    const crashed = await h.client.call('rag', 'chat.ask', { question: SEMESTER, userId: user });
    expect(crashed).toMatchObject({ ok: false, code: ErrorCode.INTERNAL });
    // ... and a refused pipeline (retrieval unavailable).
    crash.mockImplementationOnce(async (_q, options) => {
      await options?.sink?.({ event: 'error', data: { code: ErrorCode.UNAVAILABLE, message: 'Sökningen i lagtexten misslyckades. Försök igen.' } });
      return refuse(ErrorCode.UNAVAILABLE, 'nere');
    });
    const failed = await h.client.call('rag', 'chat.ask', { question: SKYDDSOMBUD, userId: user });
    expect(failed).toMatchObject({ ok: false, code: ErrorCode.UNAVAILABLE });
    crash.mockRestore();

    const list = await h.client.call('rag', 'conversations.list', { userId: user });
    if (!list.ok) throw new Error(list.message);
    expect(list.value.items).toHaveLength(2);
    for (const summary of list.value.items) {
      const conversation = await get(user, summary.id);
      expect(conversation.messages.map((m) => [m.role, m.status, m.text])).toEqual([
        ['user', null, summary.title],
        ['assistant', 'error', NO_ANSWER_TEXT],
      ]);
      expect(conversation.messages[1].citations).toEqual([]);
    }
  });

  it('restricts retrieval to a workspace’s laws and still returns k results', async () => {
    const workspaceLaws = ['1977:480', '1982:80'];
    // A question about the work environment act, which is not on the list.
    const r = await h.client.call('rag', 'retrieval.search', { query: 'Vilka skyldigheter har ett skyddsombud enligt arbetsmiljölagen?', k: 10, sfs: workspaceLaws });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.hits).toHaveLength(10);
    expect(new Set(r.value.hits.map((hit) => hit.sfs))).toEqual(new Set(workspaceLaws));
    const unfiltered = await h.client.call('rag', 'retrieval.search', { query: 'Vilka skyldigheter har ett skyddsombud enligt arbetsmiljölagen?', k: 10 });
    expect(unfiltered.ok && unfiltered.value.hits[0].sfs).toBe('1977:1160');
  });

  it('never serves an answer cached for one law filter to another filter', async () => {
    const question = 'Vad gäller för uppsägning av en arbetstagare?';
    const lasOnly = await ask({ question, sfs: ['1982:80'] });
    expect(lasOnly.cached).toBe(false);
    expect(lasOnly.citations.every((c) => c.sfs === '1982:80')).toBe(true);
    // Another filter, no filter, and a larger list holding 1982:80 are all computed anew.
    const other = await ask({ question, sfs: ['1977:480'] });
    expect(other.cached).toBe(false);
    expect(other.citations.every((c) => c.sfs === '1977:480')).toBe(true);
    expect((await ask({ question })).cached).toBe(false);
    const both = await ask({ question, sfs: ['1982:80', '1977:480'] });
    expect(both.cached).toBe(false);
    // The same filter in another order is the same filter.
    expect(both.status).toBe('answered');
    expect((await ask({ question, sfs: ['1977:480', '1982:80'] })).cached).toBe(true);
    expect(lasOnly.status).toBe('answered');
    const again = await ask({ question, sfs: ['1982:80'] });
    expect(again.cached).toBe(true);
    expect(again.answer).toBe(lasOnly.answer);
    // A signed-in caller gets the cached answer under its own conversation id.
    const signedIn = await ask({ question, sfs: ['1982:80'], userId: ANNA, workspaceId: WS_A });
    expect(signedIn.conversationId).toEqual(expect.any(String));
    const other2 = await ask({ question, sfs: ['1982:80'], userId: BERT, workspaceId: WS_A });
    expect(other2.conversationId).not.toBe(signedIn.conversationId);
  });
});
