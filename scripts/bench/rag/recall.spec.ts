import { meanRecall, recallAtK, type Neighbour } from './recall';

const list = (...pairs: Array<[string, number]>): Neighbour[] => pairs.map(([id, distance]) => ({ id, distance }));

describe('recallAtK', () => {
  const exact = list(['a', 0.1], ['b', 0.2], ['c', 0.3], ['d', 0.4]);

  it('is 1 for the exact answer and 0 for a disjoint, farther one', () => {
    expect(recallAtK(exact, exact, 4)).toEqual({ byId: 1, byDistance: 1 });
    expect(recallAtK(list(['x', 0.5], ['y', 0.6], ['z', 0.7], ['w', 0.8]), exact, 4)).toEqual({ byId: 0, byDistance: 0 });
  });

  it('counts a missed neighbour against both definitions', () => {
    expect(recallAtK(list(['a', 0.1], ['b', 0.2], ['c', 0.3], ['x', 0.45]), exact, 4)).toEqual({ byId: 0.75, byDistance: 0.75 });
  });

  it('does not punish a different row at (almost) the same distance by distance, but does by id', () => {
    const approx = list(['a', 0.1], ['b', 0.2], ['c', 0.3], ['d-twin', 0.4005]);
    expect(recallAtK(approx, exact, 4)).toEqual({ byId: 0.75, byDistance: 1 });
    expect(recallAtK(list(['a', 0.1], ['b', 0.2], ['c', 0.3], ['d-far', 0.402]), exact, 4)).toEqual({ byId: 0.75, byDistance: 0.75 });
    expect(recallAtK(list(['a', 0.1], ['b', 0.2], ['c', 0.3], ['d-far', 0.402]), exact, 4, 0.01).byDistance).toBe(1);
  });

  it('only looks at the first k rows of either list', () => {
    expect(recallAtK(list(['a', 0.1], ['x', 0.9], ['b', 0.2]), exact, 2)).toEqual({ byId: 0.5, byDistance: 0.5 });
  });

  it('measures against what exists when fewer than k rows match', () => {
    const two = list(['a', 0.1], ['b', 0.2]);
    expect(recallAtK(two, two, 10)).toEqual({ byId: 1, byDistance: 1 });
    expect(recallAtK(list(['a', 0.1]), two, 10)).toEqual({ byId: 0.5, byDistance: 0.5 });
    expect(recallAtK([], [], 10)).toEqual({ byId: 1, byDistance: 1 });
  });

  it('refuses a k below 1', () => {
    expect(() => recallAtK(exact, exact, 0)).toThrow('k must be');
  });
});

describe('meanRecall', () => {
  it('averages each definition and is NaN for no queries', () => {
    expect(meanRecall([{ byId: 1, byDistance: 1 }, { byId: 0.5, byDistance: 0.9 }])).toEqual({ byId: 0.75, byDistance: 0.95 });
    expect(Number.isNaN(meanRecall([]).byId)).toBe(true);
  });
});
