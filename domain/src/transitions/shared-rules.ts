/**
 * What several areas of the transition table share: state lists, recording a day of the procedure,
 * and small input helpers.
 */
import { ROLES, type Role } from '../authorities';
import type { CaseRecord } from '../case-record';
import type { ProcedureDates } from '../procedure-dates';
import type { CaseChanges } from '../transition-rule';
import { PRE_FINAL_STATES, type CaseState } from '../vocabulary';

export const COURT_HOLDS = ['REMOVAL_SUSPENDED_URGENT_APPLICATION', 'REMOVAL_SUSPENDED_COURT_ORDER', 'REMOVAL_SUSPENDED_REMAIN_REQUEST'] as const;
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

/** States after service in which the decision is still contestable or enforced: a suit or finality can be recorded. */
export const AFTER_SERVICE_STATES: readonly CaseState[] = ['SERVED', 'UNDER_APPEAL', 'FINAL', 'DEPARTURE_REQUIRED', 'TOLERATED'];

/** The case's procedure days with some of them recorded. */
export function withDates(current: CaseRecord, days: Partial<ProcedureDates>): { dates: ProcedureDates } {
  return { dates: { ...current.dates, ...days } };
}

/** The procedure days that belong to a decision: cleared when the decision goes (annulment, withdrawal before service). */
export const DECISION_DAYS_CLEARED: Partial<ProcedureDates> = {
  decidedOn: null,
  suitFiledOn: null,
  urgentApplicationOn: null,
  urgentDecidedOn: null,
  judgmentServedOn: null,
  remainRequestOn: null,
  remainRequestDecidedOn: null,
  suspensionOrderedOn: null,
  remainingAllowedOn: null,
  finalOn: null,
  departurePeriodEndsOn: null,
};

/**
 * A decision that ends the procedure without examining it (DISCONTINUED: a withdrawal, an
 * implicit withdrawal or an Einstellung) on its day: the earlier decision's days go, and `days`
 * records what else happened that day.
 */
export function discontinuedOn(current: CaseRecord, day: string, days: Partial<ProcedureDates> = {}): CaseChanges {
  return {
    state: 'DECIDED',
    outcomeClass: 'DISCONTINUED',
    procedureTrack: null,
    effectiveOn: day,
    servedOn: null,
    dueBy: null,
    ...withDates(current, { ...DECISION_DAYS_CLEARED, decidedOn: day, ...days }),
  };
}

/** Whether a suit against the decision is pending: filed, and the decision not final. */
export function suitPending(current: CaseRecord): boolean {
  return current.dates.suitFiledOn !== null && current.dates.finalOn === null;
}
