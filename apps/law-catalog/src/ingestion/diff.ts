/** Section-level comparison of two versions of a statute (for law.changed). */
export interface ComparableSection {
  anchor: string;
  heading: string | null;
  text: string;
  repealed: boolean;
}

export interface SectionDiff {
  /** Live in the new version, absent (or repealed) in the old one. */
  added: string[];
  /** Live in both, with a different text or heading. */
  modified: string[];
  /** Live in the old version, repealed or gone in the new one. */
  repealed: string[];
  /** Anything beyond whitespace changed (every added or repealed section counts). */
  substantive: boolean;
}

const withoutWhitespace = (value: string): string => value.replace(/\s+/g, '');
const live = (section: ComparableSection | undefined): boolean => !!section && !section.repealed;

/** Anchors in the order of the new version, then the anchors only the old version had. */
export function diffSections(previous: readonly ComparableSection[], next: readonly ComparableSection[]): SectionDiff {
  const before = new Map(previous.map((section) => [section.anchor, section]));
  const after = new Map(next.map((section) => [section.anchor, section]));
  const added: string[] = [];
  const modified: string[] = [];
  const repealed: string[] = [];
  let substantive = false;

  for (const section of next) {
    const old = before.get(section.anchor);
    if (!live(section)) {
      if (live(old)) repealed.push(section.anchor);
      continue;
    }
    if (!old || !live(old)) {
      added.push(section.anchor);
      continue;
    }
    if (old.text !== section.text || (old.heading ?? '') !== (section.heading ?? '')) {
      modified.push(section.anchor);
      if (
        withoutWhitespace(old.text) !== withoutWhitespace(section.text) ||
        withoutWhitespace(old.heading ?? '') !== withoutWhitespace(section.heading ?? '')
      ) {
        substantive = true;
      }
    }
  }
  for (const section of previous) {
    if (!after.has(section.anchor) && live(section)) repealed.push(section.anchor);
  }
  if (added.length > 0 || repealed.length > 0) substantive = true;
  return { added, modified, repealed, substantive };
}
