import type { Screening } from '@laglig/contracts';
import { legalFormOf } from '../profile/org-number';
import { sniDivision } from '../reference/sni-catalog';
import { holds, type ProfileFacts } from './conditions';
import { AREAS, REGISTER_LAWS, REGISTER_RULES, type RegisterLaw } from './rule-set';
import { SUGGESTED_REQUIREMENTS, type SuggestedRequirement } from './suggested-requirements';

export interface ProfileInput {
  orgNumber: string;
  sniCodes: string[];
  employees: number;
  screening: Screening;
}

export interface SelectedLaw extends RegisterLaw {
  /** Every rule's reason that holds for the profile, in table order. */
  reasons: string[];
}

export function factsOf(profile: ProfileInput): ProfileFacts {
  return {
    employees: profile.employees,
    divisions: [...new Set(profile.sniCodes.map(sniDivision))],
    screening: profile.screening,
    legalForm: legalFormOf(profile.orgNumber),
  };
}

const areaRank = (law: RegisterLaw): number => AREAS.indexOf(law.area);
const lawRank = (law: RegisterLaw): number => REGISTER_LAWS.indexOf(law);

/** The laws the rule set selects for a profile, with the reasons, ordered by Område and then as the table lists them. */
export function selectLaws(facts: ProfileFacts): SelectedLaw[] {
  const reasons = new Map<string, string[]>();
  for (const r of REGISTER_RULES) {
    if (!holds(r.when, facts)) continue;
    const list = reasons.get(r.ref) ?? [];
    if (!list.includes(r.reason)) list.push(r.reason);
    reasons.set(r.ref, list);
  }
  return REGISTER_LAWS.filter((law) => reasons.has(law.ref))
    .sort((a, b) => areaRank(a) - areaRank(b) || lawRank(a) - lawRank(b))
    .map((law) => ({ ...law, reasons: reasons.get(law.ref) as string[] }));
}

/**
 * The suggested requirements of a law that fit the profile (none for laws
 * without suggestions). Without a profile, only those without a condition.
 */
export function suggestionsFor(ref: string, facts: ProfileFacts | null): SuggestedRequirement[] {
  return (SUGGESTED_REQUIREMENTS[ref] ?? []).filter((s) => !s.when || (facts !== null && holds(s.when, facts)));
}
