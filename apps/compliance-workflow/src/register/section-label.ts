/** "K3P2a" → "3 kap. 2 a §", "P4" → "4 §" (the lagen.nu anchor convention); null for anything else. */
export function sectionLabel(anchor: string | null): string | null {
  if (!anchor) return null;
  const m = /^(?:K(\d+)([a-z]?))?P(\d+)([a-z]?)$/.exec(anchor);
  if (!m) return null;
  const chapter = m[1] ? `${m[1]}${m[2] ? ` ${m[2]}` : ''} kap. ` : '';
  return `${chapter}${m[3]}${m[4] ? ` ${m[4]}` : ''} §`;
}

/** The public law page of a statute (and section): /lagar/1977:1160#K3P2a. */
export const lawPageUrl = (sfs: string, anchor?: string | null): string => `/lagar/${sfs}${anchor ? `#${anchor}` : ''}`;
