import type { RequirementReviewFlag } from '@laglig/contracts';
import { changePath } from '../../changes/change-format';
import { formatDate } from '../activity/activity-format';

/** "SFS 1977:1160 ändrad genom SFS 2025:406 (ändr. 3 kap. 2 a §), ikraftträdande 2025-07-01". */
export function reviewFlagText(flag: RequirementReviewFlag): string {
  const by = flag.amendingSfs ? ` genom SFS ${flag.amendingSfs}` : '';
  const verb = flag.kind === 'repealed' ? 'upphävd' : flag.kind === 'new' ? 'ny' : 'ändrad';
  const sections = flag.sections.length > 0 ? ` (${flag.sections.join(', ')})` : '';
  const inForce = flag.inForce ? `, ikraftträdande ${flag.inForce}` : '';
  return `SFS ${flag.sfs} ${verb}${by}${sections}${inForce}`;
}

/** The public diff page of the change, when the flag names the catalog's change event. */
export function reviewFlagHref(flag: RequirementReviewFlag): string | null {
  return flag.changeId ? changePath(flag.sfs, flag.changeId) : null;
}

export function reviewFlagDate(flag: RequirementReviewFlag): string {
  return formatDate(flag.at);
}
