import type { LawListItem, Requirement, RequirementStatus } from '@laglig/contracts';

/** The register's filters, as in the URL (`?status=DELVIS&ansvarig=<id>&lag=1977:1160&forfallna=1&omprovas=1`). */
export interface RegisterFilter {
  /** A status, "UNASSESSED" (not yet assessed) or "" (all). */
  status: RequirementStatus | 'UNASSESSED' | '';
  /** A member's user id, "none" (no one responsible) or "" (all). */
  responsible: string;
  /** A law reference ("1977:1160") or "" (all laws). */
  ref: string;
  /** Only requirements whose review date has passed. */
  overdue: boolean;
  /** Only requirements a law change flagged "Behöver omprövas". */
  needsReview: boolean;
}

export const NO_FILTER: RegisterFilter = { status: '', responsible: '', ref: '', overdue: false, needsReview: false };

const STATUSES = new Set(['UPPFYLLD', 'DELVIS', 'EJ_UPPFYLLD', 'EJ_TILLAMPLIG', 'UNASSESSED']);

export function filterFromQuery(query: Record<string, string | undefined>): RegisterFilter {
  const status = query['status'] ?? '';
  return {
    status: STATUSES.has(status) ? (status as RegisterFilter['status']) : '',
    responsible: (query['ansvarig'] ?? '').trim(),
    ref: (query['lag'] ?? '').trim(),
    overdue: query['forfallna'] === '1' || query['forfallna'] === 'true',
    needsReview: query['omprovas'] === '1' || query['omprovas'] === 'true',
  };
}

/** Query parameters for the URL; absent filters are null (so the router removes them). */
export function filterToQuery(filter: RegisterFilter): Record<string, string | null> {
  return {
    status: filter.status || null,
    ansvarig: filter.responsible || null,
    lag: filter.ref || null,
    forfallna: filter.overdue ? '1' : null,
    omprovas: filter.needsReview ? '1' : null,
  };
}

export function isFiltered(filter: RegisterFilter): boolean {
  return filter.status !== '' || filter.responsible !== '' || filter.ref !== '' || filter.overdue || filter.needsReview;
}

export function matchesFilter(requirement: Requirement, filter: RegisterFilter): boolean {
  if (filter.status === 'UNASSESSED' ? requirement.status !== null : filter.status !== '' && requirement.status !== filter.status) return false;
  if (filter.responsible === 'none' ? requirement.responsibleUserId !== null : filter.responsible !== '' && requirement.responsibleUserId !== filter.responsible)
    return false;
  if (filter.ref !== '' && requirement.ref !== filter.ref) return false;
  if (filter.overdue && !requirement.overdue) return false;
  if (filter.needsReview && !needsReview(requirement)) return false;
  return true;
}

/**
 * Whether a law change flagged the requirement "Behöver omprövas". Read
 * defensively: requirements from an older API have no `reviewFlag` at all.
 */
export function needsReview(requirement: Requirement): boolean {
  return (requirement as Partial<Pick<Requirement, 'reviewFlag'>>).reviewFlag != null;
}

export function filterRequirements(requirements: readonly Requirement[], filter: RegisterFilter): Requirement[] {
  return requirements.filter((r) => matchesFilter(r, filter));
}

export interface LawGroup {
  item: LawListItem;
  requirements: Requirement[];
}

/**
 * The register table: the list's active laws in order, each with its
 * requirements that pass the filter. With a filter on status, person or
 * overdue, laws without a matching requirement are left out; the law filter
 * keeps only that law (even without requirements, so one can be added).
 */
export function groupByLaw(items: readonly LawListItem[], requirements: readonly Requirement[], filter: RegisterFilter): LawGroup[] {
  const byItem = new Map<string, Requirement[]>();
  for (const r of requirements) {
    if (!matchesFilter(r, filter)) continue;
    const list = byItem.get(r.itemId);
    if (list) list.push(r);
    else byItem.set(r.itemId, [r]);
  }
  const narrowing = filter.status !== '' || filter.responsible !== '' || filter.overdue || filter.needsReview;
  const groups: LawGroup[] = [];
  for (const item of items) {
    if (item.status !== 'active') continue;
    if (filter.ref !== '' && item.ref !== filter.ref) continue;
    const list = byItem.get(item.id) ?? [];
    if (narrowing && list.length === 0) continue;
    groups.push({ item, requirements: list });
  }
  return groups;
}

export function reviewCount(requirements: readonly Requirement[]): number {
  return requirements.filter(needsReview).length;
}

/** Count per status (and not assessed) over requirements, for the summary line. */
export function statusSummary(requirements: readonly Requirement[]): Record<RequirementStatus | 'UNASSESSED', number> {
  const out: Record<RequirementStatus | 'UNASSESSED', number> = { UPPFYLLD: 0, DELVIS: 0, EJ_UPPFYLLD: 0, EJ_TILLAMPLIG: 0, UNASSESSED: 0 };
  for (const r of requirements) out[r.status ?? 'UNASSESSED'] += 1;
  return out;
}
