/*
 * Pure presentation rules for law changes and diffs (public pages and the
 * dashboard). Free of Angular so they are unit-tested directly.
 */
import {
  LAW_CHANGE_KIND_LABELS,
  SECTION_CHANGE_LABELS,
  type DiffPart,
  type LawChange,
  type LawVersion,
  type SectionChange,
  type SectionDiff,
} from '@laglig/contracts';
import { lawPath } from '../core/sfs-path';
import { amendedThroughText, formatDate } from '../laws/law-format';

/** `/lagar/1977:1160/andringar` */
export function changesPath(sfs: string): string {
  return `${lawPath(sfs)}/andringar`;
}

/** `/lagar/1977:1160/andringar/<id>` */
export function changePath(sfs: string, changeId: string): string {
  return `${changesPath(sfs)}/${encodeURIComponent(changeId)}`;
}

/** `/lagar/1977:1160/jamfor` (the query `fran`/`till` is added by the caller or the form). */
export function comparePath(sfs: string): string {
  return `${lawPath(sfs)}/jamfor`;
}

/** `/lagar/1977:1160#K3P2a` — a plain link, so it works without JavaScript (see README). */
export function sectionHref(sfs: string, anchor: string): string {
  return `${lawPath(sfs)}#${encodeURIComponent(anchor)}`;
}

/** The statute's Atom feed, as the browser reaches it through the web server's `/api` proxy. */
export function atomFeedPath(sfs: string): string {
  return `/api/v1/laws/${encodeURIComponent(sfs).replace(/%3A/gi, ':')}/changes.atom`;
}

/** A run of the word diff as rendered: `ins`/`del`/plain text. */
export interface DiffRun {
  op: DiffPart['op'];
  text: string;
}

/**
 * Adjacent runs of the same kind merged, empty runs dropped: the markup gets
 * one `<ins>` per inserted passage rather than one per word.
 */
export function diffRuns(parts: readonly DiffPart[]): DiffRun[] {
  const out: DiffRun[] = [];
  for (const part of parts) {
    if (part.text === '') continue;
    const last = out[out.length - 1];
    if (last && last.op === part.op) last.text += part.text;
    else out.push({ op: part.op, text: part.text });
  }
  return out;
}

/** Words added and removed, for the screen-reader summary of a section ("3 ord tillagda, 1 borttaget"). */
export function diffStats(parts: readonly DiffPart[]): { inserted: number; deleted: number; other: boolean } {
  // A word has a letter or a digit; "," or "–" alone is punctuation.
  const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  let inserted = 0;
  let deleted = 0;
  let other = false;
  for (const p of parts) {
    if (p.op === 'equal') continue;
    const n = words(p.text);
    if (p.op === 'insert') inserted += n;
    else deleted += n;
    if (n === 0 && p.text.trim() !== '') other = true;
  }
  return { inserted, deleted, other };
}

export function diffStatsText(parts: readonly DiffPart[]): string {
  const { inserted, deleted, other } = diffStats(parts);
  if (inserted === 0 && deleted === 0) return other ? 'Bara skiljetecken ändrade' : 'Inga ord ändrade';
  const out: string[] = [];
  if (inserted) out.push(`${inserted} ${inserted === 1 ? 'ord tillagt' : 'ord tillagda'}`);
  if (deleted) out.push(`${deleted} ${deleted === 1 ? 'ord borttaget' : 'ord borttagna'}`);
  return out.join(', ');
}

export interface SectionView {
  anchor: string;
  label: string;
  kind: SectionChange['kind'];
  kindLabel: string;
  editorial: boolean;
  summary: string;
  heading: string | null;
  /** Link to the section on the law page; null for a repealed section (it is gone from the current text). */
  href: string | null;
  /** "förut 3 kap. 2 §" for renumbered sections. */
  previousAnchor: string | null;
  runs: DiffRun[];
  stats: string;
}

export function sectionView(sfs: string, section: SectionChange | SectionDiff): SectionView {
  const parts = 'parts' in section ? section.parts : [];
  return {
    anchor: section.anchor,
    label: section.label,
    kind: section.kind,
    kindLabel: SECTION_CHANGE_LABELS[section.kind],
    editorial: section.editorial,
    summary: section.summary,
    heading: 'heading' in section ? section.heading : null,
    href: section.kind === 'repealed' ? null : sectionHref(sfs, section.anchor),
    previousAnchor: section.kind === 'renumbered' ? section.fromAnchor : null,
    runs: diffRuns(parts),
    stats: diffStatsText(parts),
  };
}

/** One line of a change history list. */
export interface ChangeLine {
  id: string;
  href: string;
  date: string;
  kindLabel: string;
  amendingSfs: string | null;
  inForce: string | null;
  substantive: boolean;
  sections: string[];
  /** The sections beyond the first few ("och 12 till"). */
  more: number;
}

const MAX_SECTIONS_IN_LINE = 8;

export function changeLine(change: LawChange): ChangeLine {
  const labels = change.sections.map((s) => `${s.label} (${SECTION_CHANGE_LABELS[s.kind].toLowerCase()})`);
  return {
    id: change.id,
    href: changePath(change.sfs, change.id),
    date: formatDate(change.detectedAt) ?? change.detectedAt,
    kindLabel: LAW_CHANGE_KIND_LABELS[change.kind],
    amendingSfs: change.amendingSfs,
    inForce: formatDate(change.inForce),
    substantive: change.substantive,
    sections: labels.slice(0, MAX_SECTIONS_IN_LINE),
    more: Math.max(0, labels.length - MAX_SECTIONS_IN_LINE),
  };
}

/** "2025-07-01 · t.o.m. SFS 2025:406 (gällande)" — how a version is named in the pickers. */
export function versionLabel(version: LawVersion): string {
  const amended = amendedThroughText(version.amendedThrough);
  const through = amended ? ` · ${amended}` : '';
  return `${formatDate(version.createdAt) ?? version.createdAt}${through}${version.current ? ' (gällande)' : ''}`;
}

/** "Ändrad genom SFS 2025:406" / "Ny författning" / "Upphävd genom SFS 2025:1" as a heading. */
export function changeHeading(change: Pick<LawChange, 'kind' | 'amendingSfs'>): string {
  const by = change.amendingSfs ? ` genom SFS ${change.amendingSfs}` : '';
  switch (change.kind) {
    case 'new':
      return 'Ny författning';
    case 'repealed':
      return `Upphävd${by}`;
    case 'amended':
      return `Ändrad${by}`;
  }
}

/** The two version ids of the "Tidsmaskin" form, checked: both known and different. */
export function compareSelection(
  versions: readonly LawVersion[],
  from: string | null | undefined,
  to: string | null | undefined,
): { from: LawVersion; to: LawVersion } | { error: string } {
  const a = versions.find((v) => v.id === from);
  const b = versions.find((v) => v.id === to);
  if (!from || !to) return { error: 'Välj två versioner att jämföra.' };
  if (!a || !b) return { error: 'En av versionerna finns inte för den här författningen.' };
  if (a.id === b.id) return { error: 'Välj två olika versioner.' };
  return { from: a, to: b };
}
