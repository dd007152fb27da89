/**
 * URL helpers for statute pages. An SFS number keeps its colon in the path
 * (`/lagar/1977:1160`, the form people quote); anything else is
 * percent-encoded (`/lagar/1904:48%20s.1`).
 */
export function lawPath(sfs: string): string {
  return `/lagar/${encodeURIComponent(sfs).replace(/%3A/gi, ':')}`;
}

