import { fuseScores, reciprocalRankFusion, sectionAnchorOf, type ScoredList } from './fusion';

describe('reciprocalRankFusion', () => {
  it('sums 1/(60 + rank) over the lists, so agreement beats a single first place', () => {
    const s = reciprocalRankFusion([{ ids: ['a', 'b', 'c'] }, { ids: ['b', 'd'] }]);
    expect(s.get('a')).toBeCloseTo(1 / 61);
    expect(s.get('b')).toBeCloseTo(1 / 62 + 1 / 61);
    expect(s.get('b')!).toBeGreaterThan(s.get('a')!);
    expect(s.get('d')).toBeCloseTo(1 / 62);
  });

  it('applies list weights', () => {
    expect(reciprocalRankFusion([{ ids: ['a'], weight: 2 }]).get('a')).toBeCloseTo(2 / 61);
  });
});

describe('fuseScores', () => {
  const fullText = { scores: [['a', 12], ['b', 6], ['c', 2]] as const, weight: 0.6 };
  const vector = { scores: [['d', 0.7], ['b', 0.6], ['a', 0.4]] as const, weight: 0.4 };

  it('score: sums min–max normalised scores by weight, within [0, 0.5]', () => {
    const s = fuseScores([fullText, vector], { method: 'score', rrfK: 60 });
    expect(s.get('a')).toBeCloseTo(0.5 * 0.6);
    expect(s.get('b')).toBeCloseTo(0.5 * (0.6 * 0.4 + 0.4 * (2 / 3)));
    expect(s.get('c')).toBeCloseTo(0);
    expect(s.get('d')).toBeCloseTo(0.5 * 0.4);
    for (const v of s.values()) expect(v).toBeLessThanOrEqual(0.5);
  });

  it('score: a first place in one list is not buried under middling places in both (unlike RRF k = 60)', () => {
    const filler = (prefix: string, from: number, step: number): Array<[string, number]> => Array.from({ length: 20 }, (_, i) => [`${prefix}${i}`, from - i * step]);
    const ft: ScoredList = { scores: [['top', 10], ['mid', 4], ...filler('f', 3, 0.1)], weight: 0.5 };
    const vec: ScoredList = { scores: [['v', 0.5], ['mid', 0.3], ...filler('v', 0.29, 0.01)], weight: 0.5 };
    const byScore = fuseScores([ft, vec], { method: 'score', rrfK: 60 });
    expect(byScore.get('top') ?? 0).toBeGreaterThan(byScore.get('mid') ?? 0);
    const byRrf = fuseScores([ft, vec], { method: 'rrf', rrfK: 60 });
    expect(byRrf.get('mid') ?? 0).toBeGreaterThan(byRrf.get('top') ?? 0);
  });

  it('score: a list whose scores are all equal gives each its full weight; an empty list adds nothing', () => {
    const s = fuseScores([{ scores: [['a', 1], ['b', 1]], weight: 1 }, { scores: [], weight: 1 }], { method: 'score', rrfK: 60 });
    expect(s.get('a')).toBeCloseTo(0.25);
    expect(s.get('b')).toBeCloseTo(0.25);
  });

  it('rrf: weighted reciprocal rank fusion on the lists\' order', () => {
    const s = fuseScores([fullText, vector], { method: 'rrf', rrfK: 10 });
    expect(s.get('a')).toBeCloseTo(0.6 / 11 + 0.4 / 13);
  });
});

describe('sectionAnchorOf', () => {
  it('keeps the section part of an anchor', () => {
    expect(sectionAnchorOf('K3P2aS1N3')).toBe('K3P2a');
    expect(sectionAnchorOf('P4')).toBe('P4');
    expect(sectionAnchorOf('K3')).toBeNull();
    expect(sectionAnchorOf(undefined)).toBeNull();
  });
});
