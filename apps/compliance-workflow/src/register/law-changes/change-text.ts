import { REVIEW_FLAG_LABEL, SECTION_CHANGE_LABELS, type RequirementReviewFlag, type SectionChange, type SectionChangeKind } from '@laglig/contracts';
import { sectionLabel } from '../section-label';

/*
 * Pure rules and Swedish texts of a law change in the register: which
 * sections count, which requirements they touch, and how the board card,
 * the flag and the activity log name them ("ändr. 1 kap. 4 §, upph. 8 kap. 4 §",
 * the way SFS amendment notes write them).
 */

/** The sections of a law.changed payload: its `sections`, or (older events) built from the anchor lists. */
export function sectionsOf(payload: { added: string[]; modified: string[]; repealed: string[]; sections?: SectionChange[] | undefined }): SectionChange[] {
  if (payload.sections) return payload.sections;
  const build = (kind: SectionChangeKind) => (anchor: string): SectionChange => ({
    anchor,
    label: sectionLabel(anchor) ?? anchor,
    kind,
    fromAnchor: null,
    editorial: false,
    summary: '',
  });
  return [...payload.modified.map(build('modified')), ...payload.added.map(build('added')), ...payload.repealed.map(build('repealed'))];
}

/**
 * The sections that call for a new assessment: every non-editorial one, and
 * every renumbered one (a requirement's anchor may now name another section).
 */
export const relevantSections = (sections: readonly SectionChange[]): SectionChange[] =>
  sections.filter((s) => !s.editorial || s.kind === 'renumbered');

/** The anchors a requirement may carry to be touched: new and old anchors of the relevant sections. */
export function touchedAnchors(sections: readonly SectionChange[]): string[] {
  const anchors = new Set<string>();
  for (const s of relevantSections(sections)) {
    anchors.add(s.anchor);
    if (s.fromAnchor) anchors.add(s.fromAnchor);
  }
  return [...anchors];
}

/** The relevant sections that concern a requirement anchored at `anchor`. */
export const sectionsFor = (sections: readonly SectionChange[], anchor: string): SectionChange[] =>
  relevantSections(sections).filter((s) => s.anchor === anchor || s.fromAnchor === anchor);

const PREFIX: Record<Exclude<SectionChangeKind, 'renumbered'>, [one: string, many: string]> = {
  modified: ['ändr.', 'ändr.'],
  added: ['ny', 'nya'],
  repealed: ['upph.', 'upph.'],
};

const fromLabel = (s: SectionChange): string => (s.fromAnchor ? (sectionLabel(s.fromAnchor) ?? s.fromAnchor) : '');

/** One section as the flag lists it: "ändr. 3 kap. 2 a §", "3 kap. 5 § betecknas 3 kap. 6 §". */
export function sectionText(s: SectionChange): string {
  if (s.kind === 'renumbered') return `${fromLabel(s) || 'tidigare paragraf'} betecknas ${s.label}`;
  return `${PREFIX[s.kind][0]} ${s.label}`;
}

/** Sections grouped by kind: "ändr. 1 kap. 4 §, 1 kap. 5 §, ny 2 a §, upph. 8 kap. 4 §, 5 § betecknas 6 §". */
export function sectionsText(sections: readonly SectionChange[]): string {
  const parts: string[] = [];
  for (const kind of ['modified', 'added', 'repealed'] as const) {
    const group = sections.filter((s) => s.kind === kind);
    if (group.length === 0) continue;
    parts.push(`${PREFIX[kind][group.length > 1 ? 1 : 0]} ${group.map((s) => s.label).join(', ')}`);
  }
  for (const s of sections.filter((x) => x.kind === 'renumbered')) parts.push(sectionText(s));
  return parts.join(', ');
}

/** "Behöver omprövas (ändr. genom SFS 2026:1001: ändr. 3 kap. 2 a §)": the flag in the export and the activity log. */
export function reviewFlagText(flag: RequirementReviewFlag): string {
  const cause = causeText(flag);
  return `${REVIEW_FLAG_LABEL} (${cause}${flag.sections.length > 0 ? `: ${flag.sections.join(', ')}` : ''})`;
}

/** "Arbetsmiljölag (1977:1160)": the title with the SFS number (added when the title lacks it). */
export const lawName = (title: string, sfs: string): string => (title.includes(sfs) ? title : `${title} (${sfs})`);

export interface ChangeFacts {
  sfs: string;
  title: string;
  kind: 'new' | 'amended' | 'repealed';
  amendingSfs: string | null;
  inForce: string | null;
  sections: readonly SectionChange[];
}

/** "ändr. genom SFS 2026:1001", "upphävd genom SFS 2026:2000", "upphävd", "ny lydelse". */
export function causeText(c: Pick<ChangeFacts, 'kind' | 'amendingSfs'>): string {
  if (c.kind === 'repealed') return c.amendingSfs ? `upphävd genom SFS ${c.amendingSfs}` : 'upphävd';
  return c.amendingSfs ? `ändr. genom SFS ${c.amendingSfs}` : 'ny lydelse';
}

const CARD_TITLE_MAX = 300;

/** `Lagändring: Arbetsmiljölag (1977:1160) – ändr. 1 kap. 4 §, upph. 8 kap. 4 §` (at most 300 characters). */
export function cardTitle(c: ChangeFacts): string {
  const what = c.kind === 'repealed' ? causeText(c) : sectionsText(relevantSections(c.sections)) || causeText(c);
  const title = `Lagändring: ${lawName(c.title, c.sfs)} – ${what}`;
  return title.length <= CARD_TITLE_MAX ? title : `${title.slice(0, CARD_TITLE_MAX - 1)}…`;
}

/** The dashboard page of a requirement. */
export const requirementPageUrl = (workspaceId: string, requirementId: string): string => `/app/${workspaceId}/krav/${requirementId}`;

/** The law-catalog diff page of a change, when the event named one. */
export const diffUrl = (sfs: string, changeId: string | null): string | null => (changeId ? `/lagar/${sfs}/andringar/${changeId}` : null);

const LISTED_MAX = 50;

/** The card's description: what changed, from when, the sections, and links to the diff and the flagged requirements. */
export function cardDescription(
  c: ChangeFacts & { changeId: string | null },
  requirements: ReadonlyArray<{ id: string; title: string; anchor: string | null }>,
  workspaceId: string,
): string {
  const lines: string[] = [];
  const name = lawName(c.title, c.sfs);
  lines.push(c.kind === 'repealed' ? `${name} är ${causeText(c)}.` : `${name} har ändrats${c.amendingSfs ? ` genom SFS ${c.amendingSfs}` : ''}.`);
  if (c.inForce) lines.push(`${c.kind === 'repealed' ? 'Upphör att gälla' : 'Ikraftträdande'}: ${c.inForce}`);
  const sections = relevantSections(c.sections);
  if (sections.length > 0) {
    lines.push('', 'Paragrafer:');
    for (const s of sections.slice(0, LISTED_MAX)) {
      const label = s.kind === 'renumbered' ? sectionText(s) : `${SECTION_CHANGE_LABELS[s.kind]}: ${s.label}`;
      lines.push(`- ${label}${s.summary ? ` – ${s.summary}` : ''}`);
    }
    if (sections.length > LISTED_MAX) lines.push(`- … och ${sections.length - LISTED_MAX} till`);
  }
  const diff = diffUrl(c.sfs, c.changeId);
  lines.push('', `Ändringen: ${diff ?? `/lagar/${c.sfs}`}`);
  lines.push('', 'Krav att ompröva:');
  for (const r of requirements.slice(0, LISTED_MAX)) {
    const where = sectionLabel(r.anchor);
    lines.push(`- ${where ? `${where} ` : ''}${r.title}: ${requirementPageUrl(workspaceId, r.id)}`);
  }
  if (requirements.length > LISTED_MAX) lines.push(`- … och ${requirements.length - LISTED_MAX} till (filtrera laglistan på "Behöver omprövas")`);
  return lines.join('\n');
}
