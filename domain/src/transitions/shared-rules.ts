/**
 * What several areas of the transition table share: state lists, the appeal period, retention,
 * and small input helpers.
 */
import { ROLES, type Role } from '../authorities';
import type { CaseRecord } from '../case-record';
import { PRE_FINAL_STATES, type CaseState, type DepartureMode, type OutcomeClass } from '../vocabulary';

/** Years a finished case is kept before erasure (§ 7 (3) AsylG). */
export const RETENTION_YEARS = 10;

/** Days to appeal after service: one week for manifestly unfounded and inadmissible, else two. */
export function appealDays(outcome: OutcomeClass | null): number {
  return outcome === 'REJECTED_MANIFESTLY_UNFOUNDED' || outcome === 'INADMISSIBLE' ? 7 : 14;
}

export const COURT_HOLDS = ['REMOVAL_SUSPENDED_URGENT_APPLICATION', 'REMOVAL_SUSPENDED_COURT_ORDER'] as const;
export const ALL_ROLES_BUT_AUDITOR: readonly Role[] = ROLES.filter((role) => role !== 'AUDITOR');
export const ALLOCATABLE_STATES: readonly CaseState[] = PRE_FINAL_STATES.filter((state) => state !== 'REGISTERED');
export const TRANSFERABLE_STATES: readonly CaseState[] = [
  ...ALLOCATABLE_STATES,
  'FINAL',
  'TITLE_ISSUED',
  'DEPARTURE_REQUIRED',
  'TOLERATED',
];

export const effectiveOnDone = (input: { effectiveOn: string }): string[] => [input.effectiveOn];

/** States in which an urgent application can stop a removal (after a decision, before departure). */
export const URGENT_APPLICATION_STATES: readonly CaseState[] = [
  'DECIDED',
  'SERVED',
  'UNDER_APPEAL',
  'FINAL',
  'DEPARTURE_REQUIRED',
  'TOLERATED',
];

/**
 * Departure is due after a final negative decision; an INADMISSIBLE (Dublin) decision is enforceable
 * once served; before service, and under a toleration, only a voluntary departure can be recorded.
 */
export function departureGuard(current: CaseRecord, input: { mode: DepartureMode }): string | undefined {
  const enforced = input.mode !== 'VOLUNTARY';
  if (current.state === 'TOLERATED' && enforced) return 'a tolerated person can only leave voluntarily';
  if (['DECIDED', 'SERVED', 'UNDER_APPEAL'].includes(current.state)) {
    if (current.outcomeClass !== 'INADMISSIBLE') return `from ${current.state} only an INADMISSIBLE (Dublin) decision allows departure`;
    if (current.state === 'DECIDED' && enforced) return 'an unserved decision cannot be enforced';
  }
  return undefined;
}

