import type { RequirementReviewFlag } from '@laglig/contracts';
import { reviewFlagHref, reviewFlagText } from './review-flag';

const FLAG: RequirementReviewFlag = {
  workspaceChangeId: '33333333-3333-4333-8333-333333333333',
  changeId: '44444444-4444-4444-8444-444444444444',
  sfs: '1977:1160',
  amendingSfs: '2025:406',
  kind: 'amended',
  inForce: '2025-07-01',
  sections: ['ändr. 3 kap. 2 a §', 'ny 3 kap. 4 §'],
  at: '2025-06-01T06:00:00Z',
};

describe('review flag', () => {
  it('says which change re-opened the requirement', () => {
    expect(reviewFlagText(FLAG)).toBe('SFS 1977:1160 ändrad genom SFS 2025:406 (ändr. 3 kap. 2 a §, ny 3 kap. 4 §), ikraftträdande 2025-07-01');
    expect(reviewFlagText({ ...FLAG, kind: 'repealed', amendingSfs: null, sections: [], inForce: null })).toBe('SFS 1977:1160 upphävd');
  });

  it('links to the diff page only when the change event is known', () => {
    expect(reviewFlagHref(FLAG)).toBe('/lagar/1977:1160/andringar/44444444-4444-4444-8444-444444444444');
    expect(reviewFlagHref({ ...FLAG, changeId: null })).toBeNull();
  });
});
