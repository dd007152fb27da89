import type { Screening, ScreeningKey } from '@laglig/contracts';
import type { LegalForm } from '../profile/org-number';

/** What the rules look at: the company profile, reduced to facts. */
export interface ProfileFacts {
  employees: number;
  /** SNI divisions (huvudgrupper): the first two digits of every code in the profile. */
  divisions: number[];
  screening: Screening;
  /** From the organisationsnummer; null when it says nothing. */
  legalForm: LegalForm | null;
}

/**
 * A condition on the profile. Plain data, so the rule table reads as a
 * table: `{ minEmployees: 5 }`, `{ sni: [[41, 43]] }` (division ranges,
 * inclusive), `{ screening: 'chemicals' }`, `{ legalForms: [...] }`, and
 * `{ all: [...] }` / `{ any: [...] }` to combine them.
 */
export type Condition =
  | { always: true }
  | { minEmployees: number; maxEmployees?: number }
  | { sni: ReadonlyArray<readonly [number, number]> }
  | { screening: ScreeningKey }
  | { legalForms: readonly LegalForm[] }
  | { notLegalForms: readonly LegalForm[] }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] };

export function holds(condition: Condition, facts: ProfileFacts): boolean {
  if ('always' in condition) return true;
  if ('minEmployees' in condition) {
    return facts.employees >= condition.minEmployees && (condition.maxEmployees === undefined || facts.employees <= condition.maxEmployees);
  }
  if ('sni' in condition) return facts.divisions.some((d) => condition.sni.some(([from, to]) => d >= from && d <= to));
  if ('screening' in condition) return facts.screening[condition.screening] === true;
  if ('legalForms' in condition) return facts.legalForm !== null && condition.legalForms.includes(facts.legalForm);
  if ('notLegalForms' in condition) return facts.legalForm === null || !condition.notLegalForms.includes(facts.legalForm);
  if ('all' in condition) return condition.all.every((c) => holds(c, facts));
  return condition.any.some((c) => holds(c, facts));
}

/* Shorthands for the tables. */
export const always: Condition = { always: true };
/** Every employer: at least one employee. */
export const employer: Condition = { minEmployees: 1 };
export const minEmployees = (min: number, max?: number): Condition => (max === undefined ? { minEmployees: min } : { minEmployees: min, maxEmployees: max });
export const sni = (...ranges: Array<readonly [number, number] | number>): Condition => ({
  sni: ranges.map((r) => (typeof r === 'number' ? ([r, r] as const) : r)),
});
export const asked = (key: ScreeningKey): Condition => ({ screening: key });
export const all = (...conditions: Condition[]): Condition => ({ all: conditions });
export const anyOf = (...conditions: Condition[]): Condition => ({ any: conditions });
