import { hashSeed, Prng } from './prng';

describe('Prng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Prng(hashSeed(42, 7));
    const b = new Prng(hashSeed(42, 7));
    const c = new Prng(hashSeed(42, 8));
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('keeps numbers in range, both ends reachable', () => {
    const rng = new Prng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 6);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
      const f = rng.next();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Prng(9).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });

  it('makes version 4 UUIDs, deterministically', () => {
    const id = new Prng(5).uuid();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Prng(5).uuid()).toBe(id);
  });

  it('refuses to pick from nothing', () => {
    expect(() => new Prng(1).pick([])).toThrow('empty');
  });
});

describe('hashSeed', () => {
  it('separates parts, so (1, 23) and (12, 3) differ', () => {
    expect(hashSeed(1, 23)).not.toBe(hashSeed(12, 3));
    expect(hashSeed('a', 1)).toBe(hashSeed('a', 1));
  });
});
