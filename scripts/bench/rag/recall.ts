/**
 * Recall of an approximate nearest-neighbour result against the exact one.
 *
 * Two definitions, both reported:
 * - by id: the share of the exact top-k ids the index returned;
 * - by distance (ann-benchmarks' "k-nn" recall): the share of the returned
 *   top-k whose distance is at most the exact k-th distance + `epsilon`
 *   (1e-3 there and here). It does not punish the index for returning
 *   another row at (almost) the same distance — near-duplicate texts embed
 *   almost identically — but does count every farther row as a miss.
 */
export interface Neighbour {
  id: string;
  distance: number;
}

export interface Recall {
  byId: number;
  byDistance: number;
}

export function recallAtK(approx: readonly Neighbour[], exact: readonly Neighbour[], k: number, epsilon = 1e-3): Recall {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive whole number (got ${k})`);
  const truth = exact.slice(0, k);
  // Fewer than k rows exist (a tiny filtered set): then the exact list is all there is.
  const wanted = truth.length;
  if (wanted === 0) return { byId: 1, byDistance: 1 };
  const got = approx.slice(0, k);
  const truthIds = new Set(truth.map((n) => n.id));
  const byId = got.filter((n) => truthIds.has(n.id)).length / wanted;
  const threshold = (truth[wanted - 1] as Neighbour).distance + epsilon;
  const byDistance = Math.min(1, got.filter((n) => n.distance <= threshold).length / wanted);
  return { byId, byDistance };
}

/** Mean of each recall over queries. */
export function meanRecall(values: readonly Recall[]): Recall {
  if (values.length === 0) return { byId: Number.NaN, byDistance: Number.NaN };
  return {
    byId: values.reduce((s, r) => s + r.byId, 0) / values.length,
    byDistance: values.reduce((s, r) => s + r.byDistance, 0) / values.length,
  };
}
