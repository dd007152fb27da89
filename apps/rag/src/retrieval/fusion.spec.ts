import { reciprocalRankFusion, sectionAnchorOf } from './fusion';

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

describe('sectionAnchorOf', () => {
  it('keeps the section part of an anchor', () => {
    expect(sectionAnchorOf('K3P2aS1N3')).toBe('K3P2a');
    expect(sectionAnchorOf('P4')).toBe('P4');
    expect(sectionAnchorOf('K3')).toBeNull();
    expect(sectionAnchorOf(undefined)).toBeNull();
  });
});
