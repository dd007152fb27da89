import { fmtMs, percentile, rounded, summarise } from './stats';

describe('percentile (nearest rank)', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('returns the value at rank ceil(p/100 * n)', () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarise', () => {
  it('sorts the samples itself and reports min/mean/percentiles/max', () => {
    const s = summarise([5, 1, 4, 2, 3]);
    expect(s).toEqual({ count: 5, minMs: 1, meanMs: 3, p50Ms: 3, p90Ms: 5, p95Ms: 5, p99Ms: 5, maxMs: 5 });
  });

  it('reports an empty run as count 0 with NaN figures', () => {
    const s = summarise([]);
    expect(s.count).toBe(0);
    expect(s.p50Ms).toBeNaN();
  });
});

describe('formatting', () => {
  it('uses fewer decimals for bigger numbers', () => {
    expect(fmtMs(1.23456)).toBe('1.23');
    expect(fmtMs(12.345)).toBe('12.3');
    expect(fmtMs(1234.5)).toBe('1235');
    expect(fmtMs(Number.NaN)).toBe('-');
  });

  it('rounds floats to µs for JSON and keeps integers', () => {
    expect(rounded({ a: 1.23456789, b: 3, c: [0.1234567] })).toEqual({ a: 1.235, b: 3, c: [0.123] });
  });
});
