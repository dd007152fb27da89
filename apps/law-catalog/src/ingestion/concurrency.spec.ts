import { forEachConcurrent } from './concurrency';

describe('forEachConcurrent', () => {
  it('never runs more than `limit` workers at once and processes every item', async () => {
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      active--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('pulls lazily from an async generator', async () => {
    const pulled: number[] = [];
    async function* source(): AsyncGenerator<number> {
      for (let i = 0; i < 10; i++) {
        pulled.push(i);
        yield i;
      }
    }
    let processed = 0;
    await forEachConcurrent(source(), 2, async () => {
      // at most `limit` items are ahead of the finished ones
      expect(pulled.length - processed).toBeLessThanOrEqual(2);
      await new Promise((r) => setTimeout(r, 1));
      processed++;
    });
    expect(processed).toBe(10);
  });

  it('rethrows the first error and stops taking new items', async () => {
    const started: number[] = [];
    await expect(
      forEachConcurrent([1, 2, 3, 4, 5, 6], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('rethrows an error of the source itself', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('page failed');
    }
    await expect(forEachConcurrent(failing(), 2, async () => undefined)).rejects.toThrow('page failed');
  });
});
