import { CONVERSATION_TITLE_MAX } from '@laglig/contracts';
import { conversationTitle, decodeCursor, encodeCursor } from './conversations.service';

describe('conversationTitle', () => {
  it('keeps a short question as it is, on one line', () => {
    expect(conversationTitle('  Hur många\nsemesterdagar?  ')).toBe('Hur många semesterdagar?');
  });

  it('shortens a long question at a word boundary with an ellipsis', () => {
    const question = `Vad gäller ${'för arbetsgivare som har anställda i flera länder '.repeat(4)}?`;
    const title = conversationTitle(question);
    expect([...title].length).toBeLessThanOrEqual(CONVERSATION_TITLE_MAX);
    expect(title.endsWith('…')).toBe(true);
    expect(question.startsWith(title.slice(0, -1))).toBe(true);
    expect(title.slice(0, -1)).not.toMatch(/\s$/);
  });

  it('cuts a word longer than half the title instead of leaving almost nothing', () => {
    const title = conversationTitle(`Om ${'x'.repeat(200)}`);
    expect([...title]).toHaveLength(CONVERSATION_TITLE_MAX);
  });
});

describe('conversation cursor', () => {
  it('round-trips and rejects anything else', () => {
    const id = '0b6c1f52-1d7a-4c55-9a59-8d7f0f6c2a11';
    expect(decodeCursor(encodeCursor('2026-03-02T08:00:00.123456Z', id))).toEqual({ at: '2026-03-02T08:00:00.123456Z', id });
    for (const bad of ['', 'x', encodeCursor('igår', id), encodeCursor('2026-03-02T08:00:00.123456Z', 'inte-uuid'), Buffer.from(`a|${id}|c`).toString('base64url')]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
