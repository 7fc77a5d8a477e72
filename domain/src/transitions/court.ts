/**
 * Remedies: suit, urgent application, court outcomes, the request to remain at the appeal stage.
 */
import { ChaincodeError } from '../chaincode-error';
import type { CaseRecord } from '../case-record';
import { hadRightToRemainUntilJudgment } from '../case-deadlines';
import { withHold, withoutHolds } from '../holds';
import { isAfter } from '../ledger-date';
import { leaveToAppealDeadline, suitDeadline } from '../remedy-periods';
import { deriveRemovalStatus } from '../removal-status';
import { notInRegime, procedureLaw } from '../rule-law';
import { EffectiveOnlyInput, RecordCourtOutcomeInput, RecordUrgentApplicationInput } from '../transition-inputs';
import type { UrgentApplicationAgainst } from '../competence-vocabulary';
import { defineRule, type CaseChanges, type TransitionContext, type TransitionRule } from '../transition-rule';
import type { CaseState, CourtResult } from '../vocabulary';
import { AFTER_SERVICE_STATES, COURT_HOLDS, DECISION_DAYS_CLEARED, effectiveOnDone, suitPending, URGENT_APPLICATION_STATES, withDates } from './shared-rules';

/**
 * An ABH or ZAB records only an urgent application against a measure of a Land or ABH (§ 123 VwGO):
 * one against BAMF's decision is BAMF's litigation unit's to record.
 */
function landAuthoritiesOnlyAgainstLandMeasures(
  _current: CaseRecord,
  input: { readonly against?: UrgentApplicationAgainst | undefined },
  context: TransitionContext,
): ChaincodeError | undefined {
  const { role, mspId } = context.actor;
  if (role === 'BAMF_LITIGATION' || input.against === 'LAND_MEASURE') return undefined;
  return new ChaincodeError(
    'FORBIDDEN_ROLE',
    `role ${role} records only an urgent application against a measure of a Land or ABH (against: LAND_MEASURE); one against BAMF's decision is recorded by BAMF_LITIGATION`,
    { role, mspId, against: input.against ?? 'BAMF_DECISION' },
  );
}

/** The state after a suit is recorded: it suspends the obligation to leave where it has suspensive effect. */
function stateWithSuit(current: CaseRecord, suitFiledOn: string): CaseState {
  if (current.state === 'SERVED' || current.state === 'FINAL') return 'UNDER_APPEAL';
  if (current.state !== 'DEPARTURE_REQUIRED') return current.state;
  const removal = deriveRemovalStatus({ ...current, dates: { ...current.dates, suitFiledOn, finalOn: null } });
  const suspended = removal.waitingFor === 'FIRST_INSTANCE_JUDGMENT' || removal.waitingFor === 'FINALITY';
  return suspended ? 'UNDER_APPEAL' : current.state;
}

/** A pending suit, without a first-instance judgment yet. */
function judgmentGuard(current: CaseRecord): string | undefined {
  if (!suitPending(current)) return 'SUIT_DISMISSED needs a pending suit';
  const { judgmentServedOn } = current.dates;
  return judgmentServedOn === null ? undefined : `a first-instance judgment is recorded already (${judgmentServedOn})`;
}

/** A pending request to remain, made before the day of its decision. */
function remainDecisionGuard(current: CaseRecord, result: CourtResult, effectiveOn: string): string | undefined {
  const { remainRequestOn, remainRequestDecidedOn } = current.dates;
  if (remainRequestOn === null || remainRequestDecidedOn !== null) return `${result} needs a pending request to remain`;
  return effectiveOn < remainRequestOn ? `the request to remain was made on ${remainRequestOn}` : undefined;
}

/** Why a court result cannot be recorded on this case, or undefined. */
function courtResultGuard(current: CaseRecord, result: CourtResult, effectiveOn: string): string | undefined {
  switch (result) {
    case 'SUIT_DISMISSED':
      return judgmentGuard(current);
    case 'APPEAL_DISMISSED':
    case 'DECISION_ANNULLED':
      return suitPending(current) || current.state === 'UNDER_APPEAL' ? undefined : `${result} needs a pending suit`;
    case 'REMAIN_REQUEST_REJECTED':
    case 'REMAINING_ALLOWED':
      return remainDecisionGuard(current, result, effectiveOn);
    default:
      return undefined;
  }
}

/** The first decision on the urgent application against the decision (later ones only move holds). */
function urgentDecision(current: CaseRecord, effectiveOn: string): { urgentDecidedOn?: string } {
  return current.dates.urgentApplicationOn !== null && current.dates.urgentDecidedOn === null ? { urgentDecidedOn: effectiveOn } : {};
}

/** Whether the right to remain of the case ends with the first-instance judgment (reformed procedure; AMMR transfers, § 78 (10)). */
function rightEndsWithJudgment(current: CaseRecord): boolean {
  return hadRightToRemainUntilJudgment(current);
}

function courtOutcomeChanges(current: CaseRecord, input: { result: CourtResult; effectiveOn: string; outcomeClass?: CaseRecord['outcomeClass']; docRef?: string }): CaseChanges {
  const { effectiveOn } = input;
  switch (input.result) {
    case 'SUSPENSIVE_EFFECT_ORDERED':
      return {
        holds: withHold(withoutHolds(current.holds, ['REMOVAL_SUSPENDED_URGENT_APPLICATION']), 'REMOVAL_SUSPENDED_COURT_ORDER'),
        effectiveOn,
        ...withDates(current, { ...urgentDecision(current, effectiveOn), suspensionOrderedOn: effectiveOn }),
      };
    case 'URGENT_APPLICATION_REJECTED':
      return {
        holds: withoutHolds(current.holds, ['REMOVAL_SUSPENDED_URGENT_APPLICATION']),
        effectiveOn,
        ...withDates(current, urgentDecision(current, effectiveOn)),
      };
    case 'SUIT_DISMISSED':
      return {
        // reformed procedure: the right to remain, and with it a court's suspension, lasts until the first-instance judgment (Art. 68 (2), (4) APR)
        holds: rightEndsWithJudgment(current) ? withoutHolds(current.holds, ['REMOVAL_SUSPENDED_COURT_ORDER']) : current.holds,
        effectiveOn,
        dueBy: leaveToAppealDeadline(effectiveOn),
        ...withDates(current, { judgmentServedOn: effectiveOn }),
      };
    case 'APPEAL_DISMISSED':
      return {
        state: current.state === 'UNDER_APPEAL' ? 'FINAL' : current.state,
        holds: withoutHolds(current.holds, COURT_HOLDS),
        effectiveOn,
        dueBy: null,
        ...withDates(current, { finalOn: effectiveOn }),
      };
    case 'DECISION_ANNULLED':
      return {
        state: 'DECIDED',
        outcomeClass: input.outcomeClass ?? current.outcomeClass,
        holds: withoutHolds(current.holds, COURT_HOLDS),
        effectiveOn,
        servedOn: null,
        dueBy: null,
        docRef: input.docRef ?? current.docRef,
        ...withDates(current, { ...DECISION_DAYS_CLEARED, decidedOn: effectiveOn }),
      };
    case 'REMAIN_REQUEST_REJECTED':
      return {
        holds: withoutHolds(current.holds, ['REMOVAL_SUSPENDED_REMAIN_REQUEST']),
        effectiveOn,
        ...withDates(current, { remainRequestDecidedOn: effectiveOn }),
      };
    case 'REMAINING_ALLOWED':
      return {
        holds: withHold(withoutHolds(current.holds, ['REMOVAL_SUSPENDED_REMAIN_REQUEST']), 'REMOVAL_SUSPENDED_COURT_ORDER'),
        effectiveOn,
        ...withDates(current, { remainRequestDecidedOn: effectiveOn, remainingAllowedOn: effectiveOn }),
      };
  }
}

/** Remedies: suit, urgent application, court outcomes, the request to remain at the appeal stage. */
export const COURT_RULES = {
  recordAppeal: defineRule({
    summary:
      'Records that a suit was filed with the administrative court (also when learned late, after finality, if it was filed in time): a suspensive suit suspends the obligation to leave.',
    law: procedureLaw(
      '§§ 74, 75 (1) AsylG a.F.: suit within one or two weeks; suspensive only after a plain rejection (§ 38 (1) a.F.)',
      '§§ 74, 75 AsylG, Art. 68 APR: suit within one or two weeks; suspensive only where Art. 68 (2) APR gives a right to remain',
    ),
    from: AFTER_SERVICE_STATES,
    to: ['UNDER_APPEAL', 'DEPARTURE_REQUIRED', 'TOLERATED'],
    roles: ['BAMF_LITIGATION'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current, input) => {
      if (current.dates.suitFiledOn !== null) return `a suit is recorded already (${current.dates.suitFiledOn})`;
      return current.servedOn !== null && input.effectiveOn < current.servedOn ? `the decision was served on ${current.servedOn}` : undefined;
    },
    precondition: (current, input) => {
      if (current.dates.finalOn === null || current.servedOn === null) return undefined;
      const endsOn = suitDeadline(current, current.servedOn);
      if (!isAfter(input.effectiveOn, endsOn)) return undefined;
      return new ChaincodeError('PERIOD_EXPIRED', `the suit period ended on ${endsOn}; a final decision is not reopened by a late suit`, {
        periodEndedOn: endsOn,
        basis: current.procedureRegime === 'LEGACY' ? 'ASYLG_74_SUIT_OLD' : 'ASYLG_74_SUIT',
      });
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: stateWithSuit(current, input.effectiveOn),
      effectiveOn: input.effectiveOn,
      dueBy: null,
      ...withDates(current, { suitFiledOn: input.effectiveOn, finalOn: null }),
    }),
  }),
  recordUrgentApplication: defineRule({
    summary:
      "Records an urgent application to the court: a removal hold is set at once, in any state after a decision. One against BAMF's decision is recorded by BAMF's litigation unit; one against a measure of a Land or ABH (§ 123 VwGO) also by the ABH or ZAB that learns of it.",
    law: procedureLaw(
      '§ 80 (5) VwGO with § 36 (3), § 34a (2) AsylG a.F.; § 123 VwGO',
      '§ 80 (5) VwGO with § 36 (2), § 34a (3) AsylG, Art. 68 (4), (5) APR; § 123 VwGO',
    ),
    from: URGENT_APPLICATION_STATES,
    to: URGENT_APPLICATION_STATES,
    roles: ['BAMF_LITIGATION', 'ABH', 'LAND_ZAB'],
    targets: ['FEDERAL', 'CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: RecordUrgentApplicationInput,
    precondition: landAuthoritiesOnlyAgainstLandMeasures,
    doneDates: effectiveOnDone,
    apply: (current, input) => {
      const hold = withHold(current.holds, 'REMOVAL_SUSPENDED_URGENT_APPLICATION');
      // against a Land's or ABH's measure: no removal while it is pending; the periods of BAMF's decision are not touched
      if (input.against === 'LAND_MEASURE') return { holds: hold, effectiveOn: input.effectiveOn };
      return {
        state: current.state === 'SERVED' ? 'UNDER_APPEAL' : current.state,
        holds: hold,
        effectiveOn: input.effectiveOn,
        ...withDates(current, current.dates.urgentApplicationOn === null ? { urgentApplicationOn: input.effectiveOn } : {}),
      };
    },
  }),
  recordCourtOutcome: defineRule({
    summary:
      'Records a court ruling: holds adjusted (any state after a decision); a first-instance judgment, the end of the proceedings or an annulment need a pending suit; a decision on a request to remain needs that request.',
    law: procedureLaw(
      '§§ 36 (3), 37, 78 AsylG a.F., §§ 80 (5), 80b VwGO',
      '§§ 36, 78 (4), (9), (10) AsylG, Art. 68 APR, § 80 (5) VwGO',
    ),
    from: URGENT_APPLICATION_STATES,
    to: URGENT_APPLICATION_STATES,
    roles: ['BAMF_LITIGATION'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: ['protectionType'],
    input: RecordCourtOutcomeInput,
    guard: (current, input) => courtResultGuard(current, input.result, input.effectiveOn),
    doneDates: effectiveOnDone,
    apply: (current, input) => courtOutcomeChanges(current, input),
  }),
  recordRemainRequest: defineRule({
    summary:
      'Records a request to the appeal court to allow remaining after the first-instance judgment: no removal until it is decided (a removal hold).',
    law: procedureLaw(
      notInRegime(
        '§ 78 (9) AsylG exists since 12 June 2026; before, a timely suit kept its suspensive effect until the decision was final (§ 75 (1), § 38 (1) AsylG a.F.)',
      ),
      '§ 78 (9), (10) AsylG, Art. 68 (7) APR: request within one month of the judgment; no removal before the month ends and until a timely request is decided',
    ),
    from: ['UNDER_APPEAL', 'DEPARTURE_REQUIRED', 'TOLERATED'],
    to: ['UNDER_APPEAL', 'DEPARTURE_REQUIRED', 'TOLERATED'],
    roles: ['BAMF_LITIGATION'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current, input) => {
      const { judgmentServedOn, remainRequestOn, finalOn } = current.dates;
      if (judgmentServedOn === null) return 'no first-instance judgment is recorded';
      if (finalOn !== null) return `the decision is final since ${finalOn}`;
      if (remainRequestOn !== null) return `a request to remain is recorded already (${remainRequestOn})`;
      if (!hadRightToRemainUntilJudgment(current)) return 'the right to remain did not last until the judgment (Art. 68 (3) APR), so there is none to extend';
      return input.effectiveOn < judgmentServedOn ? `the judgment was served on ${judgmentServedOn}` : undefined;
    },
    precondition: (current, input) => {
      const judgment = current.dates.judgmentServedOn;
      if (judgment === null) return undefined;
      const endsOn = leaveToAppealDeadline(judgment);
      return isAfter(input.effectiveOn, endsOn)
        ? new ChaincodeError('PERIOD_EXPIRED', `the month for a request to remain ended on ${endsOn}`, { periodEndedOn: endsOn, basis: 'ASYLG_78_9_REMAIN' })
        : undefined;
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      holds: withHold(current.holds, 'REMOVAL_SUSPENDED_REMAIN_REQUEST'),
      effectiveOn: input.effectiveOn,
      ...withDates(current, { remainRequestOn: input.effectiveOn }),
    }),
  }),
} satisfies Record<string, TransitionRule>;
