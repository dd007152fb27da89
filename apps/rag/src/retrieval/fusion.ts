/** Reciprocal rank fusion (Cormack et al. 2009): score = Σ weight / (k + rank). */
export const RRF_K = 60;

export interface RankedList {
  /** Chunk ids, best first. */
  ids: readonly string[];
  weight?: number;
}

export function reciprocalRankFusion(lists: readonly RankedList[], k = RRF_K): Map<string, number> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    const w = list.weight ?? 1;
    list.ids.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + w / (k + i + 1)));
  }
  return scores;
}

export interface FusionOptions {
  method: 'rrf' | 'score';
  /** k of reciprocal rank fusion. */
  rrfK: number;
  /** Weight of the full-text list; the vector list gets 1 − this. */
  fullTextWeight: number;
  /** Weight of the lists restricted to a law the question names, relative to the unrestricted ones. */
  namedLawWeight: number;
  /** Added to chunks of a law the question names (or a section number named without a law). */
  referenceBonus: number;
}

/** A scored candidate list, best first. */
export interface ScoredList {
  scores: ReadonlyArray<readonly [id: string, score: number]>;
  weight: number;
}

/**
 * Fuses scored lists. `rrf`: weighted reciprocal rank fusion on the ranks.
 * `score`: weighted sum of each list's min–max normalised scores (the best of
 * a list gets its full weight, the last one 0), divided by the total weight
 * and halved, so a fused score stays in [0, 0.5] (below a pinned section's +1).
 */
export function fuseScores(lists: readonly ScoredList[], options: Pick<FusionOptions, 'method' | 'rrfK'>): Map<string, number> {
  if (options.method === 'rrf') return reciprocalRankFusion(lists.map((l) => ({ ids: l.scores.map(([id]) => id), weight: l.weight })), options.rrfK);
  const scores = new Map<string, number>();
  const totalWeight = lists.reduce((sum, l) => sum + l.weight, 0) || 1;
  for (const list of lists) {
    if (list.scores.length === 0) continue;
    const values = list.scores.map(([, s]) => s);
    const max = Math.max(...values);
    const min = Math.min(...values);
    for (const [id, s] of list.scores) {
      const norm = max > min ? (s - min) / (max - min) : 1;
      scores.set(id, (scores.get(id) ?? 0) + (0.5 * list.weight * norm) / totalWeight);
    }
  }
  return scores;
}

/** The section-level part of an anchor ("K3P2aS1N3" -> "K3P2a"); null for a chapter-only anchor. */
export function sectionAnchorOf(anchor: string | undefined): string | null {
  if (!anchor) return null;
  const m = /^((?:K\d+[a-z]?)?P\d+[a-z]?)/.exec(anchor);
  return m ? m[1] : null;
}
