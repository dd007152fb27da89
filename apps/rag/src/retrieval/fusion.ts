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

/** The section-level part of an anchor ("K3P2aS1N3" -> "K3P2a"); null for a chapter-only anchor. */
export function sectionAnchorOf(anchor: string | undefined): string | null {
  if (!anchor) return null;
  const m = /^((?:K\d+[a-z]?)?P\d+[a-z]?)/.exec(anchor);
  return m ? m[1] : null;
}
