import { normaliseSfs, SfsNumberSchema } from './sfs';
import { SearchInputSchema } from './laws';

describe('SFS numbers', () => {
  it.each([
    ['1977:1160', '1977:1160'],
    ['1977-1160', '1977:1160'],
    [' SFS 1977:480 ', '1977:480'],
    ['sfs-1982-80', '1982:80'],
    ['1904:48 s.1', '1904:48 s.1'],
  ])('normalises %s', (input, expected) => {
    expect(normaliseSfs(input)).toBe(expected);
  });

  it.each(['abc', '1977', '77:1160', '1977:', '1977:123456', '1500:1', '1977:1160; drop table'])('rejects %s', (input) => {
    expect(normaliseSfs(input)).toBeNull();
    const parsed = SfsNumberSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/Ogiltigt SFS-nummer/);
  });

  it('validates search input with Swedish messages', () => {
    expect(SearchInputSchema.parse({ q: ' semester ' })).toEqual({ q: 'semester', page: 1, pageSize: 20 });
    expect(SearchInputSchema.safeParse({ q: '' }).error?.issues[0]?.message).toBe('Sökfrågan får inte vara tom');
    expect(SearchInputSchema.safeParse({ q: 'x'.repeat(301) }).success).toBe(false);
    expect(SearchInputSchema.safeParse({ q: 'a', page: 0 }).success).toBe(false);
  });
});
