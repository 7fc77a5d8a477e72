/**
 * The running legal deadlines of a case that authorities act on, derived from its recorded days
 * (never from a clock): kind, last day, legal basis. They travel with the case and its events.
 */
import { z } from 'zod';
import { Day } from './identifiers';
import { LegalBasisCode } from './legal-bases';
import { periodEnd } from './legal-periods';
import { GEAS_PROCEDURE_FROM } from './legal-regimes';
import type { RemovalFacts, RemovalStatus } from './removal-status';
import {
  isNegative,
  isTransferDecision,
  lacksSuspensiveEffect,
  leaveToAppealDeadline,
  needsUrgentApplication,
  suitDeadline,
  urgentApplicationDeadline,
} from './remedy-periods';
import { responsibilityDeadlines } from './responsibility-periods';

/** Kinds of deadline a case can show. */
export const DEADLINE_KINDS = [
  'LODGING',
  'EXAMINATION',
  'SUIT',
  'URGENT_APPLICATION',
  'LEAVE_TO_APPEAL',
  'REMAIN_REQUEST',
  'DEPARTURE',
  'REMOVAL_LAWFUL_FROM',
  'RESPONSIBILITY_REQUEST',
  'RESPONSIBILITY_REPLY',
  'TRANSFER',
  'RESUMPTION',
] as const;
export const DeadlineKind = z.enum(DEADLINE_KINDS);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

/**
 * One running deadline: its kind, the last day it runs (for REMOVAL_LAWFUL_FROM: the first day a
 * removal or transfer is lawful; DEPARTURE: the last day to leave voluntarily), its legal basis.
 */
export const Deadline = z.strictObject({ kind: DeadlineKind, dueOn: Day, basis: LegalBasisCode });
export type Deadline = z.infer<typeof Deadline>;

/** What the deadlines are derived from. */
export interface DeadlineFacts extends RemovalFacts {
  readonly state: string;
}

function intakeDeadlines(facts: DeadlineFacts): Deadline[] {
  const { registeredOn, lodgedOn, decidedOn } = facts.dates;
  const deadlines: Deadline[] = [];
  if (registeredOn !== null && lodgedOn === null && decidedOn === null) {
    const due = periodEnd(registeredOn, { days: 21 });
    if (due >= GEAS_PROCEDURE_FROM) deadlines.push({ kind: 'LODGING', dueOn: due, basis: 'APR_28_LODGING' });
  }
  if (lodgedOn !== null && decidedOn === null && facts.procedureRegime === 'GEAS') {
    deadlines.push({ kind: 'EXAMINATION', dueOn: periodEnd(lodgedOn, { months: 6 }), basis: 'APR_35_EXAMINATION' });
  }
  return deadlines;
}

/** The basis of the urgent-application window of a decision. */
function urgentBasis(facts: DeadlineFacts): LegalBasisCode {
  if (isTransferDecision(facts)) return facts.responsibilityRegime === 'AMMR' ? 'ASYLG_34A_TRANSFER' : 'ASYLG_34A_TRANSFER_OLD';
  return facts.procedureRegime === 'LEGACY' ? 'ASYLG_36_URGENT_OLD' : 'ASYLG_36_URGENT';
}

/** The month after a first-instance judgment: leave to appeal, and where the right to remain lasted until then a request to remain. */
function afterJudgmentDeadlines(facts: DeadlineFacts, judgmentServedOn: string): Deadline[] {
  const dueOn = leaveToAppealDeadline(judgmentServedOn);
  const deadlines: Deadline[] = [{ kind: 'LEAVE_TO_APPEAL', dueOn, basis: 'ASYLG_78_LEAVE' }];
  if (facts.dates.remainRequestOn === null && hadRightToRemainUntilJudgment(facts)) deadlines.push({ kind: 'REMAIN_REQUEST', dueOn, basis: 'ASYLG_78_9_REMAIN' });
  return deadlines;
}

function remedyDeadlines(facts: DeadlineFacts): Deadline[] {
  const { servedOn } = facts;
  const { suitFiledOn, urgentApplicationOn, judgmentServedOn, finalOn } = facts.dates;
  if (servedOn === null || !isNegative(facts.outcomeClass) || finalOn !== null) return [];
  const deadlines: Deadline[] = [];
  if (suitFiledOn === null) {
    deadlines.push({ kind: 'SUIT', dueOn: suitDeadline(facts, servedOn), basis: facts.procedureRegime === 'LEGACY' ? 'ASYLG_74_SUIT_OLD' : 'ASYLG_74_SUIT' });
  }
  if (urgentApplicationOn === null && needsUrgentApplication(facts)) {
    deadlines.push({ kind: 'URGENT_APPLICATION', dueOn: urgentApplicationDeadline(servedOn), basis: urgentBasis(facts) });
  }
  return judgmentServedOn === null ? deadlines : [...deadlines, ...afterJudgmentDeadlines(facts, judgmentServedOn)];
}

/**
 * Reformed procedure: whether the right to remain lasted until the first-instance judgment, so that
 * a request to remain is possible (§ 78 (9), (10) AsylG): a suspensive suit, or a suspension the
 * court ordered (transfer decisions only by the AMMR's § 78 (10)).
 */
export function hadRightToRemainUntilJudgment(facts: DeadlineFacts): boolean {
  if (isTransferDecision(facts)) return facts.responsibilityRegime === 'AMMR' && facts.dates.suspensionOrderedOn !== null;
  if (facts.procedureRegime !== 'GEAS') return false;
  return facts.dates.suspensionOrderedOn !== null || !lacksSuspensiveEffect(facts);
}

/** The last day an application to resume a discontinued procedure is in time: nine months after the discontinuation (§ 33 (5) sentence 5 Nr. 1 AsylG a.F.). */
export function resumptionDeadline(discontinuedOn: string): string {
  return periodEnd(discontinuedOn, { months: 9 });
}

/** Old AsylG: the nine months to apply for the resumption of a discontinued procedure, while it can still be resumed. */
function resumptionDeadlines(facts: DeadlineFacts): Deadline[] {
  const { discontinuedOn, resumedOn } = facts.dates;
  if (facts.procedureRegime !== 'LEGACY' || facts.outcomeClass !== 'DISCONTINUED' || discontinuedOn === null || resumedOn !== null) return [];
  return [{ kind: 'RESUMPTION', dueOn: resumptionDeadline(discontinuedOn), basis: 'ASYLG_33_5_OLD' }];
}

/**
 * The case's running deadlines, in order of their day.
 * @param facts the case's facts.
 * @param removal its derived removal status.
 */
export function deriveDeadlines(facts: DeadlineFacts, removal: RemovalStatus): Deadline[] {
  const done = ['LEFT', 'CLOSED', 'ERASED', 'TITLE_ISSUED'].includes(facts.state);
  const deadlines = [...intakeDeadlines(facts), ...remedyDeadlines(facts), ...responsibilityDeadlines(facts), ...(done ? [] : resumptionDeadlines(facts))];
  if (removal.lawfulFrom !== null && removal.basis !== null && !done) {
    if (removal.departureDueOn !== null) deadlines.push({ kind: 'DEPARTURE', dueOn: removal.departureDueOn, basis: removal.basis });
    deadlines.push({ kind: 'REMOVAL_LAWFUL_FROM', dueOn: removal.lawfulFrom, basis: removal.basis });
  }
  // by day; on the same day in the order of DEADLINE_KINDS
  const rank = (deadline: Deadline): number => DEADLINE_KINDS.indexOf(deadline.kind);
  return deadlines.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : rank(a) - rank(b)));
}
