import { compareKeys, keyBetween, keysBetween } from './positions';

describe('fractional positions', () => {
  it('generates keys that sort between their neighbours in byte order', () => {
    const [a, b, c] = keysBetween(null, null, 3) as [string, string, string];
    expect([c, a, b].sort(compareKeys)).toEqual([a, b, c]);
    const mid = keyBetween(a, b);
    expect(compareKeys(a, mid)).toBeLessThan(0);
    expect(compareKeys(mid, b)).toBeLessThan(0);
    expect(compareKeys(keyBetween(null, a), a)).toBeLessThan(0);
    expect(compareKeys(c, keyBetween(c, null))).toBeLessThan(0);
  });

  it('keeps inserting into the same gap without collisions (keys grow slowly)', () => {
    let lo = keyBetween(null, null);
    const hi = keyBetween(lo, null);
    const seen = new Set<string>([lo, hi]);
    for (let i = 0; i < 500; i++) {
      const k = keyBetween(lo, hi);
      expect(seen.has(k)).toBe(false);
      expect(compareKeys(lo, k)).toBeLessThan(0);
      expect(compareKeys(k, hi)).toBeLessThan(0);
      seen.add(k);
      lo = k;
    }
    // About one character per six halvings (base 62): 500 inserts into one gap stay short.
    expect(lo.length).toBeLessThan(150);
  });

  it('refuses neighbours in the wrong order', () => {
    const [a, b] = keysBetween(null, null, 2) as [string, string];
    expect(() => keyBetween(b, a)).toThrow();
  });
});
