import type { LawListItem, Requirement } from '@laglig/contracts';
import { NO_FILTER, filterFromQuery, filterRequirements, filterToQuery, groupByLaw, isFiltered, needsReview, reviewCount, statusSummary } from './register-filters';

const ANNA = '11111111-1111-4111-8111-111111111111';
const BO = '22222222-2222-4222-8222-222222222222';

function item(id: string, ref: string, status: 'active' | 'removed' = 'active'): LawListItem {
  const counts = { total: 0, UPPFYLLD: 0, DELVIS: 0, EJ_UPPFYLLD: 0, EJ_TILLAMPLIG: 0, unassessed: 0 };
  return { id, kind: 'SFS', ref, title: `Lag ${ref}`, area: 'Arbetsmiljö', reasons: ['Alla arbetsgivare'], origin: 'generated', status, removedReason: null, url: `/lagar/${ref}`, addedAt: '2025-01-01T00:00:00Z', requirements: counts };
}

function req(id: string, itemId: string, ref: string, extra: Partial<Requirement> = {}): Requirement {
  return {
    id,
    listId: 'l1',
    itemId,
    ref,
    lawTitle: `Lag ${ref}`,
    area: 'Arbetsmiljö',
    anchor: null,
    sectionLabel: null,
    url: null,
    title: `Krav ${id}`,
    description: '',
    origin: 'suggested',
    status: null,
    motivation: null,
    action: null,
    responsibleUserId: null,
    responsibleName: null,
    reviewDate: null,
    assessedBy: null,
    assessedAt: null,
    overdue: false,
    evidenceCount: 0,
    reviewFlag: null,
    version: 1,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    ...extra,
  };
}

const ITEMS = [item('i1', '1977:1160'), item('i2', '1998:808'), item('i3', '2018:218'), item('i4', '1982:80', 'removed')];
const REQS = [
  req('r1', 'i1', '1977:1160', { status: 'UPPFYLLD', responsibleUserId: ANNA }),
  req('r2', 'i1', '1977:1160', { status: 'DELVIS', responsibleUserId: BO, overdue: true }),
  req('r3', 'i2', '1998:808', { status: null }),
  req('r4', 'i2', '1998:808', { status: 'EJ_TILLAMPLIG', motivation: 'Ingen miljöfarlig verksamhet', responsibleUserId: ANNA }),
];
const FLAG = {
  workspaceChangeId: '33333333-3333-4333-8333-333333333333',
  changeId: null,
  sfs: '1977:1160',
  amendingSfs: '2025:406',
  kind: 'amended' as const,
  inForce: '2025-07-01',
  sections: ['ändr. 3 kap. 2 a §'],
  at: '2025-06-01T06:00:00Z',
};

describe('register filters', () => {
  it('reads and writes the URL form, ignoring unknown values', () => {
    const f = filterFromQuery({ status: 'DELVIS', ansvarig: BO, lag: '1977:1160', forfallna: '1', omprovas: '1' });
    expect(f).toEqual({ status: 'DELVIS', responsible: BO, ref: '1977:1160', overdue: true, needsReview: true });
    expect(filterToQuery(f)).toEqual({ status: 'DELVIS', ansvarig: BO, lag: '1977:1160', forfallna: '1', omprovas: '1' });
    expect(filterFromQuery({ status: 'HACKED', forfallna: 'ja', omprovas: 'kanske' })).toEqual(NO_FILTER);
    expect(filterToQuery(NO_FILTER)).toEqual({ status: null, ansvarig: null, lag: null, forfallna: null, omprovas: null });
    expect(isFiltered({ ...NO_FILTER, needsReview: true })).toBe(true);
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_FILTER, overdue: true })).toBe(true);
  });

  it('filters by status, not assessed, person, nobody, law and overdue', () => {
    const idsOf = (f: Partial<typeof NO_FILTER>) => filterRequirements(REQS, { ...NO_FILTER, ...f }).map((r) => r.id);
    expect(idsOf({})).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(idsOf({ status: 'DELVIS' })).toEqual(['r2']);
    expect(idsOf({ status: 'UNASSESSED' })).toEqual(['r3']);
    expect(idsOf({ responsible: ANNA })).toEqual(['r1', 'r4']);
    expect(idsOf({ responsible: 'none' })).toEqual(['r3']);
    expect(idsOf({ ref: '1998:808' })).toEqual(['r3', 'r4']);
    expect(idsOf({ overdue: true })).toEqual(['r2']);
    expect(idsOf({ responsible: ANNA, status: 'UPPFYLLD' })).toEqual(['r1']);
  });

  it('groups by law in list order, without removed laws', () => {
    const groups = groupByLaw(ITEMS, REQS, NO_FILTER);
    expect(groups.map((g) => [g.item.ref, g.requirements.map((r) => r.id)])).toEqual([
      ['1977:1160', ['r1', 'r2']],
      ['1998:808', ['r3', 'r4']],
      ['2018:218', []],
    ]);
  });

  it('hides laws without a match when narrowing, but keeps the chosen law even when it has no requirements', () => {
    expect(groupByLaw(ITEMS, REQS, { ...NO_FILTER, status: 'DELVIS' }).map((g) => g.item.ref)).toEqual(['1977:1160']);
    expect(groupByLaw(ITEMS, REQS, { ...NO_FILTER, ref: '2018:218' }).map((g) => g.item.ref)).toEqual(['2018:218']);
    expect(groupByLaw(ITEMS, REQS, { ...NO_FILTER, overdue: true, ref: '1998:808' })).toEqual([]);
  });

  it('filters on "Behöver omprövas", also for requirements from an API without reviewFlag', () => {
    const flagged = [...REQS.slice(0, 3), req('r4', 'i2', '1998:808', { status: 'UPPFYLLD', reviewFlag: FLAG })];
    expect(filterRequirements(flagged, { ...NO_FILTER, needsReview: true }).map((r) => r.id)).toEqual(['r4']);
    expect(groupByLaw(ITEMS, flagged, { ...NO_FILTER, needsReview: true }).map((g) => g.item.ref)).toEqual(['1998:808']);
    expect(reviewCount(flagged)).toBe(1);
    const legacy = { ...REQS[0] } as Partial<(typeof REQS)[number]>;
    delete legacy.reviewFlag;
    expect(needsReview(legacy as (typeof REQS)[number])).toBe(false);
  });

  it('counts statuses', () => {
    expect(statusSummary(REQS)).toEqual({ UPPFYLLD: 1, DELVIS: 1, EJ_UPPFYLLD: 0, EJ_TILLAMPLIG: 1, UNASSESSED: 1 });
  });
});
