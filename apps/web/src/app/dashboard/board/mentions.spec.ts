import { commentParts, insertMention, mentionCandidates, mentionQuery } from './mentions';

const MEMBERS = [
  { userId: '1', displayName: 'Anna Andersson', email: 'anna@example.se' },
  { userId: '2', displayName: 'Bo Ek', email: 'bo.ek@example.se' },
  { userId: '3', displayName: 'Åsa Öberg', email: 'asa@example.se' },
];

describe('mentions', () => {
  it('finds the name typed after @ before the caret', () => {
    expect(mentionQuery('Hej @An', 7)).toBe('An');
    expect(mentionQuery('@', 1)).toBe('');
    expect(mentionQuery('Hej @Anna A', 11)).toBe('Anna A');
    expect(mentionQuery('mejla anna@example.se', 21)).toBeNull();
    expect(mentionQuery('Hej Anna', 8)).toBeNull();
  });

  it('replaces the typed part with the full name', () => {
    expect(insertMention('Hej @An kolla', 7, 'Anna Andersson')).toEqual({ text: 'Hej @Anna Andersson  kolla', caret: 20 });
    expect(insertMention('Klart ', 6, 'Bo Ek')).toEqual({ text: 'Klart @Bo Ek ', caret: 13 });
  });

  it('suggests members by any word of the name or the e-mail, Swedish letters included', () => {
    expect(mentionCandidates(MEMBERS, 'and').map((m) => m.userId)).toEqual(['1']);
    expect(mentionCandidates(MEMBERS, 'ek').map((m) => m.userId)).toEqual(['2']);
    expect(mentionCandidates(MEMBERS, 'öb').map((m) => m.userId)).toEqual(['3']);
    expect(mentionCandidates(MEMBERS, 'asa@').map((m) => m.userId)).toEqual(['3']);
    expect(mentionCandidates(MEMBERS, '')).toHaveLength(3);
  });

  it('splits a comment into text and mentions of known names', () => {
    expect(commentParts('Hej @Anna Andersson och @Bo Ek, se @okänd', ['Anna Andersson', 'Bo Ek'])).toEqual([
      { text: 'Hej ', mention: false },
      { text: '@Anna Andersson', mention: true },
      { text: ' och ', mention: false },
      { text: '@Bo Ek', mention: true },
      { text: ', se @okänd', mention: false },
    ]);
    expect(commentParts('inga namn', [])).toEqual([{ text: 'inga namn', mention: false }]);
  });
});
