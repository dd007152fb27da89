import type { LawList, LawListItem, NotificationPreferences } from '@laglig/contracts';
import { buildPreferencesUpdate, criticalCandidates, listChoices } from './preferences-form';

const USER = '00000000-0000-4000-8000-000000000001';
const WS = '11111111-1111-4111-8111-111111111111';
const OTHER_WS = '22222222-2222-4222-8222-222222222222';
const L1 = '33333333-3333-4333-8333-333333333333';
const L2 = '44444444-4444-4444-8444-444444444444';

const PREFS: NotificationPreferences = {
  userId: USER,
  defaultFrequency: 'daily',
  lists: [
    { workspaceId: WS, listId: L1, frequency: 'immediate' },
    { workspaceId: OTHER_WS, listId: L2, frequency: 'off' },
  ],
  criticalSfs: ['1977:1160', '2010:900'],
};

function item(ref: string, title: string, extra: Partial<LawListItem> = {}): LawListItem {
  const counts = { total: 0, UPPFYLLD: 0, DELVIS: 0, EJ_UPPFYLLD: 0, EJ_TILLAMPLIG: 0, unassessed: 0 };
  return { id: ref, kind: 'SFS', ref, title, area: 'Arbetsmiljö', reasons: [], origin: 'generated', status: 'active', removedReason: null, url: null, addedAt: '2025-01-01T00:00:00Z', requirements: counts, ...extra } as LawListItem;
}

describe('notification preferences form', () => {
  it("shows this workspace's lists with the user's own setting or the default", () => {
    expect(listChoices(PREFS, WS, [{ id: L1, name: 'Arbetsmiljö' }, { id: L2, name: 'Miljö' }])).toEqual([
      { listId: L1, name: 'Arbetsmiljö', frequency: 'immediate' },
      // L2's setting belongs to another workspace.
      { listId: L2, name: 'Miljö', frequency: '' },
    ]);
  });

  it('offers the active SFS statutes of the lists once each, by title', () => {
    const lists = [
      { items: [item('1977:1160', 'Arbetsmiljölag'), item('AFS 2023:1', 'AFS 2023:1', { kind: 'AFS' }), item('1998:808', 'Miljöbalk', { status: 'removed' })] },
      { items: [item('1977:1160', 'Arbetsmiljölag'), item('1982:80', 'Anställningsskyddslag')] },
    ] as Array<Pick<LawList, 'items'>>;
    expect(criticalCandidates(lists)).toEqual([
      { sfs: '1982:80', title: 'Anställningsskyddslag' },
      { sfs: '1977:1160', title: 'Arbetsmiljölag' },
    ]);
  });

  it('sends only changed list settings (null back to the default) and keeps critical laws of other workspaces', () => {
    const candidates = [
      { sfs: '1977:1160', title: 'Arbetsmiljölag' },
      { sfs: '1982:80', title: 'Anställningsskyddslag' },
    ];
    const update = buildPreferencesUpdate(
      PREFS,
      WS,
      'weekly',
      [
        { listId: L1, name: 'Arbetsmiljö', frequency: '' },
        { listId: L2, name: 'Miljö', frequency: 'daily' },
      ],
      candidates,
      ['1982:80', '1999:1'],
    );
    expect(update).toEqual({
      defaultFrequency: 'weekly',
      lists: [
        { workspaceId: WS, listId: L1, frequency: null },
        { workspaceId: WS, listId: L2, frequency: 'daily' },
      ],
      // 1977:1160 unticked here; 2010:900 is not on these lists and stays; 1999:1 was never offered.
      criticalSfs: ['1982:80', '2010:900'],
    });
  });

  it('sends no list changes when nothing changed', () => {
    const update = buildPreferencesUpdate(PREFS, WS, 'daily', [{ listId: L1, name: 'A', frequency: 'immediate' }], [], []);
    expect(update.lists).toEqual([]);
    expect(update.criticalSfs).toEqual(['1977:1160', '2010:900']);
  });
});
