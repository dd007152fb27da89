import { BASE_QUESTIONS, benchQueries, CONTEXTS, FRAMES, frameQuestion, sampleOf } from './questions';

describe('benchQueries', () => {
  it('starts with the base questions as they are, then varies them', () => {
    const queries = benchQueries(100, 7);
    expect(queries).toHaveLength(100);
    expect(queries.slice(0, BASE_QUESTIONS.length).map((q) => q.text)).toEqual(BASE_QUESTIONS);
    for (const q of queries) expect(q.text.toLowerCase()).toContain(BASE_QUESTIONS[q.base]?.toLowerCase());
  });

  it('gives distinct queries, the same ones for the same seed and others for another seed', () => {
    const a = benchQueries(300, 1).map((q) => q.text);
    expect(new Set(a).size).toBe(300);
    expect(benchQueries(300, 1).map((q) => q.text)).toEqual(a);
    expect(benchQueries(300, 2).map((q) => q.text)).not.toEqual(a);
  });

  it('varies every base question about equally often', () => {
    const counts = new Map<number, number>();
    for (const q of benchQueries(BASE_QUESTIONS.length * 5, 3)) counts.set(q.base, (counts.get(q.base) ?? 0) + 1);
    expect(counts.size).toBe(BASE_QUESTIONS.length);
    expect(Math.min(...counts.values())).toBe(5);
    expect(Math.max(...counts.values())).toBe(5);
  });

  it('can give every combination, and no more', () => {
    const max = BASE_QUESTIONS.length * FRAMES.length * CONTEXTS.length;
    expect(new Set(benchQueries(max, 1).map((q) => q.text)).size).toBe(max);
    expect(() => benchQueries(max + 1)).toThrow('at most');
  });
});

describe('frameQuestion', () => {
  it('fills the question in, capitalised where the frame asks for it', () => {
    expect(frameQuestion('vem betalar sjuklön', '{Q}?', ' i en kommun')).toBe('Vem betalar sjuklön i en kommun?');
    expect(frameQuestion('vem betalar sjuklön', 'Jag undrar {q}', '')).toBe('Jag undrar vem betalar sjuklön');
  });
});

describe('sampleOf', () => {
  it('draws distinct items deterministically', () => {
    const items = Array.from({ length: 1000 }, (_, i) => `law-${i}`);
    const s = sampleOf(items, 50, 9);
    expect(new Set(s).size).toBe(50);
    expect(sampleOf(items, 50, 9)).toEqual(s);
    expect(() => sampleOf(items, 1001, 9)).toThrow('cannot draw');
  });
});
