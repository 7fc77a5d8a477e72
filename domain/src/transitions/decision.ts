/**
 * The decision, its service, finality, and the withdrawal of the application.
 */
import { ChaincodeError } from '../chaincode-error';
import type { CaseRecord } from '../case-record';
import type { LegalBasisCode } from '../legal-bases';
import { isAfter } from '../ledger-date';
import { leaveToAppealDeadline, suitDeadline } from '../remedy-periods';
import { procedureLaw, unchangedLaw } from '../rule-law';
import { EffectiveOnlyInput, RecordDecisionInput, RecordServiceInput } from '../transition-inputs';
import { receptionResidentsForZab } from '../reception-competence';
import { defineRule, type TransitionRule } from '../transition-rule';
import { PRE_FINAL_STATES } from '../vocabulary';
import { AFTER_SERVICE_STATES, DECISION_DAYS_CLEARED, discontinuedOn, effectiveOnDone, withDates } from './shared-rules';

/** The remedy period that must have run before a served decision can be final, if one is known. */
export function runningRemedyPeriod(current: CaseRecord): { readonly endsOn: string; readonly basis: LegalBasisCode } | undefined {
  const { servedOn } = current;
  const { suitFiledOn, judgmentServedOn } = current.dates;
  if (servedOn === null) return undefined;
  if (suitFiledOn === null) {
    return { endsOn: suitDeadline(current, servedOn), basis: current.procedureRegime === 'LEGACY' ? 'ASYLG_74_SUIT_OLD' : 'ASYLG_74_SUIT' };
  }
  return judgmentServedOn === null ? undefined : { endsOn: leaveToAppealDeadline(judgmentServedOn), basis: 'ASYLG_78_LEAVE' };
}

/** The decision, its service, finality, and the withdrawal of the application. */
export const DECISION_RULES = {
  recordDecision: defineRule({
    summary:
      'Records the BAMF decision with its outcome class and, in the reformed procedure, its procedure track; the exact protection type is private.',
    law: procedureLaw(
      '§§ 5, 29, 30, 31, 34 AsylG a.F.: BAMF decides on the application and issues the Abschiebungsandrohung',
      'Arts. 34, 35, 42 APR, §§ 29, 30, 31, 34 AsylG: BAMF decides in the regular, accelerated or border procedure (Art. 68 (3) APR depends on it)',
    ),
    from: ['HEARING_HELD', 'APPLICATION_LODGED', 'HEARING_SCHEDULED'],
    to: ['DECIDED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: ['protectionType'],
    input: RecordDecisionInput,
    guard: (current) =>
      current.state === 'HEARING_SCHEDULED' && current.hearing !== 'MISSED'
        ? 'a scheduled hearing must be held or recorded as missed first'
        : undefined,
    precondition: (current, input) =>
      current.procedureRegime === 'GEAS' && input.track === undefined
        ? new ChaincodeError('PROCEDURE_TRACK_REQUIRED', 'a decision in the reformed procedure names its procedure track', {
            procedureRegime: 'GEAS',
          })
        : undefined,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'DECIDED',
      outcomeClass: input.outcomeClass,
      procedureTrack: input.track ?? null,
      effectiveOn: input.effectiveOn,
      docRef: input.docRef ?? null,
      dueBy: null,
      ...withDates(current, { ...DECISION_DAYS_CLEARED, decidedOn: input.effectiveOn }),
    }),
  }),
  recordService: defineRule({
    summary: 'Records service of the decision; dueBy becomes the last day of the suit period.',
    law: procedureLaw(
      '§ 31 (1), § 74 (1) AsylG a.F.: service starts the suit period, two weeks, one week where the urgent application is due within a week; § 10 (4) a.F.: the reception centre serves on its residents',
      '§ 31 (1), § 74 (1) AsylG, Art. 67 (7) APR: service starts the suit period, two weeks, one week in Art. 67 (7) (a) APR and transfer cases; § 10 (4): the reception centre serves on its residents',
    ),
    from: ['DECIDED'],
    to: ['SERVED'],
    roles: ['BAMF_CASEWORKER', 'LAND_RECEPTION', 'ABH', 'LAND_ZAB'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: RecordServiceInput,
    precondition: receptionResidentsForZab('service'),
    guard: (current, input) =>
      current.dates.decidedOn !== null && input.servedOn < current.dates.decidedOn
        ? `a decision cannot be served before it was taken on ${current.dates.decidedOn}`
        : undefined,
    doneDates: (input) => [input.servedOn],
    apply: (current, input) => ({
      state: 'SERVED',
      servedOn: input.servedOn,
      dueBy: suitDeadline(current, input.servedOn),
      docRef: input.docRef ?? current.docRef,
    }),
  }),
  markFinal: defineRule({
    summary:
      'Records the day the decision became final (also while the person is already obliged to leave); the retention period starts. Not before the suit period or the month for leave to appeal has run.',
    law: unchangedLaw('§ 78 (4), (5) AsylG, § 173 VwGO with § 705 ZPO: a decision is final when no remedy lies any more or its period has run'),
    from: AFTER_SERVICE_STATES,
    to: ['FINAL', 'DEPARTURE_REQUIRED', 'TOLERATED'],
    roles: ['BAMF_CASEWORKER', 'BAMF_LITIGATION'],
    targets: ['CASE_ABH'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current) => (current.dates.finalOn !== null ? `the decision is final since ${current.dates.finalOn}` : undefined),
    precondition: (current, input) => {
      const period = runningRemedyPeriod(current);
      if (period === undefined || isAfter(input.effectiveOn, period.endsOn)) return undefined;
      return new ChaincodeError('FINALITY_PREMATURE', `the decision cannot be final before the period ending ${period.endsOn} has run`, {
        periodEndsOn: period.endsOn,
        basis: period.basis,
      });
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: current.state === 'SERVED' || current.state === 'UNDER_APPEAL' ? 'FINAL' : current.state,
      effectiveOn: input.effectiveOn,
      dueBy: null,
      ...withDates(current, { finalOn: input.effectiveOn }),
    }),
  }),
  recordWithdrawal: defineRule({
    summary: 'Records the withdrawal of the application: the procedure is discontinued by a decision that is then served.',
    law: procedureLaw(
      '§§ 32, 33 AsylG a.F.: withdrawal, or discontinuation (Einstellung) when the procedure is not pursued',
      '§ 32 AsylG, Arts. 40, 41 APR: explicit or implicit withdrawal of the application',
    ),
    from: PRE_FINAL_STATES,
    to: ['DECIDED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_ABH'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (current, input) => discontinuedOn(current, input.effectiveOn),
  }),
} satisfies Record<string, TransitionRule>;
