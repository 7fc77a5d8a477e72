/**
 * When a removal (or a transfer to the responsible Member State) becomes lawful: a derived fact of
 * the case, with its date and legal basis, computed from the recorded days of the procedure (never
 * from a clock). A removal recorded for an earlier day is refused (REMOVAL_NOT_YET_LAWFUL); a hold
 * refuses it as well (REMOVAL_HOLD_ACTIVE). Enforceable is not final: under the reformed procedure
 * many decisions are enforceable long before they are final.
 *
 * Per regime (docs/domain-model.md has the table with examples):
 * - reformed procedure, Art. 68 (3) APR cases (no suspensive suit): one week to leave from the end
 *   of the suit period, or from service of the rejection of a timely urgent application (§ 38 (1));
 * - reformed procedure, other rejections: the suit suspends until the first-instance judgment
 *   (Art. 68 (2) APR); 30 days to leave from the end of the suit period or of the right to remain
 *   (§ 38 (2)); after the judgment no removal within the month for a request to remain and until a
 *   timely request is decided (§ 78 (9));
 * - transfer decisions: no transfer within the week for the urgent application and until a timely
 *   one is decided (§ 34a (3), a.F. (2)); no departure period (§ 34a (1));
 * - before the reform: a plain rejection is enforceable 30 days after service, with a suit 30 days
 *   after finality (§ 38 (1) a.F.); manifestly unfounded and inadmissible decisions one week after
 *   service, not before a timely urgent application is decided (§ 36 (1), (3) a.F.); a
 *   discontinuation one week after service (§ 38 (2) a.F.);
 * - a withdrawn protection: 30 days after the withdrawal became final (protectionWithdrawn).
 */
import { z } from 'zod';
import { Day } from './identifiers';
import { LegalBasisCode } from './legal-bases';
import { dayAfter, periodEnd, type PeriodLength } from './legal-periods';
import { procedureRegimeOf, type ProcedureRegime, type ProcedureTrack, type ResponsibilityRegime } from './legal-regimes';
import type { ProcedureDates } from './procedure-dates';
import {
  isNegative,
  isTransferDecision,
  lacksSuspensiveEffect,
  leaveToAppealDeadline,
  suitDeadline,
  urgentApplicationDeadline,
  type DecisionFacts,
} from './remedy-periods';
import type { DublinStatus, Hold, OutcomeClass } from './vocabulary';

/** What a removal still waits for, when no day can be named yet. */
export const REMOVAL_WAITS = [
  'ENFORCEABLE_DECISION',
  'FINALITY',
  'FIRST_INSTANCE_JUDGMENT',
  'URGENT_APPLICATION_DECISION',
  'REMAIN_REQUEST_DECISION',
  'HOLD_LIFTED',
  'FOLLOW_UP_DECISION',
  'FOLLOW_UP_SERVICE',
] as const;
export const RemovalWait = z.enum(REMOVAL_WAITS);
export type RemovalWait = z.infer<typeof RemovalWait>;

/** The derived removal status of a case. */
export const RemovalStatus = z.strictObject({
  /** The first day a removal or transfer is lawful; null while it waits for something. */
  lawfulFrom: Day.nullable(),
  /** The legal basis of that day (or of the wait). */
  basis: LegalBasisCode.nullable(),
  /** What it waits for, when no day can be named. */
  waitingFor: RemovalWait.nullable(),
  /** The last day of the departure period (to leave voluntarily), when the law gives one and it can be named. */
  departureDueOn: Day.nullable(),
});
export type RemovalStatus = z.infer<typeof RemovalStatus>;

/** The status of a case without an enforceable decision. */
export const NOT_ENFORCEABLE: RemovalStatus = { lawfulFrom: null, basis: null, waitingFor: 'ENFORCEABLE_DECISION', departureDueOn: null };

/** The facts of a case the removal status is derived from. */
export interface RemovalFacts extends DecisionFacts {
  readonly responsibilityRegime: ResponsibilityRegime | null;
  readonly servedOn: string | null;
  readonly dates: ProcedureDates;
  readonly holds: readonly Hold[];
}

const waiting = (waitingFor: RemovalWait, basis: LegalBasisCode | null): RemovalStatus => ({ lawfulFrom: null, basis, waitingFor, departureDueOn: null });
const latest = (first: string, ...others: (string | null)[]): string =>
  others.reduce<string>((max, day) => (day !== null && day > max ? day : max), first);

/** Lawful once the departure period that starts after `start` has run. */
function afterDeparturePeriod(start: string, period: PeriodLength, basis: LegalBasisCode, notBefore: string | null = null): RemovalStatus {
  const departureDueOn = periodEnd(start, period);
  return { lawfulFrom: latest(dayAfter(departureDueOn), notBefore), basis, waitingFor: null, departureDueOn };
}

/** Lawful from a day, without a departure period (transfers, § 34a (1) AsylG). */
const lawfulFrom = (day: string, basis: LegalBasisCode): RemovalStatus => ({ lawfulFrom: day, basis, waitingFor: null, departureDueOn: null });

const WEEK: PeriodLength = { weeks: 1 };
const THIRTY_DAYS: PeriodLength = { days: 30 };

/** Whether a timely urgent application was recorded (within the week after service). */
function timelyUrgentApplication(facts: RemovalFacts, servedOn: string): boolean {
  const { urgentApplicationOn } = facts.dates;
  return urgentApplicationOn !== null && urgentApplicationOn <= urgentApplicationDeadline(servedOn);
}

/** Whether a timely suit was recorded. */
function timelySuit(facts: RemovalFacts, servedOn: string): boolean {
  const { suitFiledOn } = facts.dates;
  return suitFiledOn !== null && suitFiledOn <= suitDeadline(facts, servedOn);
}

/**
 * After the first-instance judgment where the right to remain lasted until then: no removal before
 * the month for a request to remain has run and until a timely request is decided (§ 78 (9), (10)).
 * Returns the first day that bar allows, or null while a timely request waits for its decision.
 */
function afterRemainWindow(dates: ProcedureDates, judgmentServedOn: string): string | null {
  const { remainRequestOn, remainRequestDecidedOn, finalOn } = dates;
  const window = leaveToAppealDeadline(judgmentServedOn);
  const requested = remainRequestOn !== null && remainRequestOn <= window;
  if (requested && remainRequestDecidedOn === null) return null;
  // once final, the appeal stage is over and only a decided request's day still counts
  return dayAfter(finalOn !== null ? latest(judgmentServedOn, remainRequestDecidedOn) : latest(window, remainRequestDecidedOn));
}

function transfer(facts: RemovalFacts, servedOn: string): RemovalStatus {
  const ammr = facts.responsibilityRegime === 'AMMR';
  const basis = ammr ? 'ASYLG_34A_TRANSFER' : 'ASYLG_34A_TRANSFER_OLD';
  const { urgentDecidedOn, suspensionOrderedOn, judgmentServedOn, remainingAllowedOn, finalOn } = facts.dates;
  if (suspensionOrderedOn !== null) {
    if (!ammr) return finalOn === null ? waiting('FINALITY', 'ASYLG_80B_TRANSFER_OLD') : lawfulFrom(dayAfter(finalOn), 'ASYLG_80B_TRANSFER_OLD');
    if (judgmentServedOn === null) return finalOn === null ? waiting('FIRST_INSTANCE_JUDGMENT', 'ASYLG_78_10_TRANSFER') : lawfulFrom(dayAfter(finalOn), 'ASYLG_78_10_TRANSFER');
    if (remainingAllowedOn !== null) return finalOn === null ? waiting('FINALITY', 'ASYLG_78_10_TRANSFER') : lawfulFrom(dayAfter(finalOn), 'ASYLG_78_10_TRANSFER');
    const bar = afterRemainWindow(facts.dates, judgmentServedOn);
    return bar === null ? waiting('REMAIN_REQUEST_DECISION', 'ASYLG_78_9_REMAIN') : lawfulFrom(bar, 'ASYLG_78_10_TRANSFER');
  }
  if (!timelyUrgentApplication(facts, servedOn)) return lawfulFrom(dayAfter(urgentApplicationDeadline(servedOn)), basis);
  if (urgentDecidedOn === null) return waiting('URGENT_APPLICATION_DECISION', basis);
  return lawfulFrom(latest(dayAfter(urgentApplicationDeadline(servedOn)), dayAfter(urgentDecidedOn)), basis);
}

/**
 * Reformed procedure where the right to remain lasts until the first-instance judgment: a plain
 * rejection with a timely suit (Art. 68 (2) APR), or an Art. 68 (3) case whose remaining the court
 * allowed (Art. 68 (4)). The departure period starts when the right to remain ends (§ 38 (1), (2)).
 */
function withRightToRemain(facts: RemovalFacts, servedOn: string, period: PeriodLength, basis: LegalBasisCode): RemovalStatus {
  const { judgmentServedOn, remainingAllowedOn, finalOn } = facts.dates;
  if (judgmentServedOn === null) {
    return finalOn === null ? waiting('FIRST_INSTANCE_JUDGMENT', basis) : afterDeparturePeriod(finalOn, period, basis);
  }
  if (remainingAllowedOn !== null) return finalOn === null ? waiting('FINALITY', 'ASYLG_78_9_REMAIN') : afterDeparturePeriod(finalOn, period, basis);
  const bar = afterRemainWindow(facts.dates, judgmentServedOn);
  if (bar === null) return waiting('REMAIN_REQUEST_DECISION', 'ASYLG_78_9_REMAIN');
  return afterDeparturePeriod(judgmentServedOn, period, basis, bar);
}

function reformed(facts: RemovalFacts, servedOn: string): RemovalStatus {
  const noSuspensiveSuit = lacksSuspensiveEffect(facts);
  const period = noSuspensiveSuit ? WEEK : THIRTY_DAYS;
  const basis = noSuspensiveSuit ? 'ASYLG_38_1_WEEK' : 'ASYLG_38_2_30_DAYS';
  const suitEnd = suitDeadline(facts, servedOn);
  if (facts.dates.suspensionOrderedOn !== null) return withRightToRemain(facts, servedOn, period, basis);
  if (noSuspensiveSuit) {
    if (!timelyUrgentApplication(facts, servedOn)) return afterDeparturePeriod(suitEnd, period, basis);
    const { urgentDecidedOn } = facts.dates;
    // § 38 (1) sentence 3: the week starts with service of the court's rejection instead
    return urgentDecidedOn === null ? waiting('URGENT_APPLICATION_DECISION', 'ASYLG_36_URGENT') : afterDeparturePeriod(urgentDecidedOn, period, basis);
  }
  if (!timelySuit(facts, servedOn)) return afterDeparturePeriod(suitEnd, period, basis);
  return withRightToRemain(facts, servedOn, period, basis);
}

function legacy(facts: RemovalFacts, servedOn: string): RemovalStatus {
  const { finalOn, suspensionOrderedOn, urgentDecidedOn } = facts.dates;
  if (facts.outcomeClass === 'REJECTED') {
    // § 38 (1) a.F.: 30 days after service; with a suit, 30 days after the final conclusion
    if (!timelySuit(facts, servedOn)) return afterDeparturePeriod(servedOn, THIRTY_DAYS, 'ASYLG_38_1_OLD');
    return finalOn === null ? waiting('FINALITY', 'ASYLG_38_1_OLD') : afterDeparturePeriod(finalOn, THIRTY_DAYS, 'ASYLG_38_1_OLD');
  }
  if (suspensionOrderedOn !== null) {
    return finalOn === null ? waiting('FINALITY', 'ASYLG_37_2_OLD') : afterDeparturePeriod(finalOn, THIRTY_DAYS, 'ASYLG_37_2_OLD');
  }
  const basis = facts.outcomeClass === 'DISCONTINUED' ? 'ASYLG_38_2_OLD' : 'ASYLG_36_1_OLD';
  if (!timelyUrgentApplication(facts, servedOn)) return afterDeparturePeriod(servedOn, WEEK, basis);
  if (urgentDecidedOn === null) return waiting('URGENT_APPLICATION_DECISION', 'ASYLG_36_URGENT_OLD');
  return afterDeparturePeriod(servedOn, WEEK, basis, dayAfter(urgentDecidedOn));
}

/**
 * After BAMF withdrew a protection (transitions/case-ends.ts): the residence ends only when the
 * Ausländerbehörde ends the title (§ 52 (1) Nr. 4 AufenthG) and sets a departure period of up to 30
 * days (§ 59 (1) AufenthG). Before the reform the suit suspends (§ 75 AsylG a.F.); after it, whether
 * it does depends on the withdrawal ground (Art. 68 (3) (e) APR), which the ledger does not record.
 * Read both ways so as to bar removal: not before 30 days after the withdrawal became final.
 */
function protectionWithdrawn(facts: RemovalFacts): RemovalStatus {
  const basis = facts.procedureRegime === 'LEGACY' ? 'ASYLG_73_WITHDRAWAL_OLD' : 'ASYLG_73B_WITHDRAWAL';
  const { finalOn } = facts.dates;
  return finalOn === null ? waiting('FINALITY', basis) : afterDeparturePeriod(finalOn, THIRTY_DAYS, basis);
}

/** The regime the removal rules of a case follow: its procedure regime, or, if never lodged, that of its first recorded day. */
function regimeOf(facts: RemovalFacts): ProcedureRegime {
  const first = facts.dates.registeredOn ?? facts.dates.decidedOn ?? facts.servedOn;
  return facts.procedureRegime ?? (first === null ? 'GEAS' : procedureRegimeOf(first));
}

/** The status before holds and a longer departure period set by the Ausländerbehörde. */
function statutoryStatus(facts: RemovalFacts): RemovalStatus {
  const { servedOn } = facts;
  if (!isNegative(facts.outcomeClass) || servedOn === null) return NOT_ENFORCEABLE;
  if (facts.outcomeClass === 'PROTECTION_WITHDRAWN') return protectionWithdrawn({ ...facts, procedureRegime: regimeOf(facts) });
  if (isTransferDecision(facts)) return transfer(facts, servedOn);
  const regimeFacts = { ...facts, procedureRegime: regimeOf(facts) };
  return regimeFacts.procedureRegime === 'LEGACY' ? legacy(regimeFacts, servedOn) : reformed(regimeFacts, servedOn);
}

/**
 * Derives when a removal becomes lawful.
 * @param facts the case's decision, track, regimes, service day, procedure days and holds.
 */
export function deriveRemovalStatus(facts: RemovalFacts): RemovalStatus {
  const status = statutoryStatus(facts);
  if (status.lawfulFrom === null) return status;
  if (facts.holds.length > 0) return waiting('HOLD_LIFTED', status.basis);
  const granted = facts.dates.departurePeriodEndsOn;
  if (granted === null || dayAfter(granted) <= status.lawfulFrom) return status;
  return { ...status, lawfulFrom: dayAfter(granted), departureDueOn: granted };
}

/** The facts of a removal status, taken from any object that has them (the case record). */
export function removalFactsOf(record: {
  readonly procedureRegime: ProcedureRegime | null;
  readonly responsibilityRegime: ResponsibilityRegime | null;
  readonly procedureTrack: ProcedureTrack | null;
  readonly outcomeClass: OutcomeClass | null;
  readonly dublin: DublinStatus;
  readonly servedOn: string | null;
  readonly dates: ProcedureDates;
  readonly holds: readonly Hold[];
}): RemovalFacts {
  return record;
}
