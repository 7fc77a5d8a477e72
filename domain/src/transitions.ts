/**
 * The transition table: every case transaction, from which states, by which roles, with which
 * input, whom it notifies, and what it changes. The chaincode, the gateway and the docs all read it.
 */
import { addDays, addYears, isAfter } from './ledger-date';
import { ROLES, type Role } from './authorities';
import { BLANK_PROCESS_FIELDS, type CaseRecord } from './case-record';
import { decideCorrection } from './decide-correction';
import { checkErasureAllowed } from './erasure-precondition';
import { withHold, withoutHolds } from './holds';
import { refuseEnforcedDepartureUnderHold } from './removal-hold-check';
import { newResponsibleOfKinds, resolveLandAuthority } from './responsible-authority';
import {
  AttestMappingDeletedInput,
  ChangeResponsibleInput,
  ConcludeResponsibilityCheckInput,
  CorrectEventInput,
  DeclareDepartureRequiredInput,
  EffectiveOnlyInput,
  EraseCaseInput,
  RecordCourtOutcomeInput,
  RecordDecisionInput,
  RecordDepartureInput,
  RecordDistributionInput,
  RecordDublinRequestInput,
  RecordServiceInput,
  RecordTitleIssuedInput,
  RecordTolerationInput,
  RegisterCaseInput,
  ScheduleHearingInput,
} from './transition-inputs';
import { defineRule, type TransitionRule } from './transition-rule';
import { NEGATIVE_OUTCOMES, PRE_FINAL_STATES, type CaseState, type DepartureMode, type OutcomeClass } from './vocabulary';

/** Years a finished case is kept before erasure (§ 7 (3) AsylG). */
export const RETENTION_YEARS = 10;

/** Days to appeal after service: one week for manifestly unfounded and inadmissible, else two. */
export function appealDays(outcome: OutcomeClass | null): number {
  return outcome === 'REJECTED_MANIFESTLY_UNFOUNDED' || outcome === 'INADMISSIBLE' ? 7 : 14;
}

const COURT_HOLDS = ['REMOVAL_SUSPENDED_URGENT_APPLICATION', 'REMOVAL_SUSPENDED_COURT_ORDER'] as const;
const ALL_ROLES_BUT_AUDITOR: readonly Role[] = ROLES.filter((role) => role !== 'AUDITOR');
const ALLOCATABLE_STATES: readonly CaseState[] = PRE_FINAL_STATES.filter((state) => state !== 'REGISTERED');
const TRANSFERABLE_STATES: readonly CaseState[] = [
  ...ALLOCATABLE_STATES,
  'FINAL',
  'TITLE_ISSUED',
  'DEPARTURE_REQUIRED',
  'TOLERATED',
];

const effectiveOnDone = (input: { effectiveOn: string }): string[] => [input.effectiveOn];

/** States in which an urgent application can stop a removal (after a decision, before departure). */
const URGENT_APPLICATION_STATES: readonly CaseState[] = [
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
function departureGuard(current: CaseRecord, input: { mode: DepartureMode }): string | undefined {
  const enforced = input.mode !== 'VOLUNTARY';
  if (current.state === 'TOLERATED' && enforced) return 'a tolerated person can only leave voluntarily';
  if (['DECIDED', 'SERVED', 'UNDER_APPEAL'].includes(current.state)) {
    if (current.outcomeClass !== 'INADMISSIBLE') return `from ${current.state} only an INADMISSIBLE (Dublin) decision allows departure`;
    if (current.state === 'DECIDED' && enforced) return 'an unserved decision cannot be enforced';
  }
  return undefined;
}

/** Every case transaction of the process model. */
export const TRANSITIONS = {
  registerCase: defineRule({
    summary: 'Registers a new case under a random pseudonym.',
    from: 'NONE',
    to: ['REGISTERED'],
    roles: ['LAND_RECEPTION', 'BAMF_REGISTRATION', 'ABH'],
    targets: ['FEDERAL'],
    privateFields: [],
    input: RegisterCaseInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({
      state: 'REGISTERED',
      procedureKind: input.procedureKind,
      effectiveOn: input.effectiveOn,
      docRef: input.docRef ?? null,
    }),
  }),
  recordDistribution: defineRule({
    summary: 'Records the distribution (EASY) to a Land; the Land becomes responsible.',
    from: ['REGISTERED'],
    to: ['DISTRIBUTED'],
    roles: ['BAMF_REGISTRATION', 'LAND_RECEPTION'],
    targets: ['CASE_LAND', 'ORIGIN_LAND'],
    privateFields: ['responsibleUnit'],
    input: RecordDistributionInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ state: 'DISTRIBUTED', landCode: input.landCode, effectiveOn: input.effectiveOn }),
    resolveResponsible: resolveLandAuthority,
  }),
  confirmArrival: defineRule({
    summary: 'Confirms arrival at the reception facility of the Land.',
    from: ['DISTRIBUTED'],
    to: ['ARRIVED'],
    roles: ['LAND_RECEPTION'],
    targets: ['FEDERAL'],
    privateFields: ['responsibleUnit'],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({
      state: 'ARRIVED',
      placement: 'RECEPTION_FACILITY',
      effectiveOn: input.effectiveOn,
    }),
  }),
  lodgeApplication: defineRule({
    summary: 'Records that the asylum application was lodged with BAMF.',
    from: ['ARRIVED'],
    to: ['APPLICATION_LODGED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_LAND', 'CASE_ABH'],
    privateFields: ['responsibleUnit'],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ state: 'APPLICATION_LODGED', effectiveOn: input.effectiveOn }),
  }),
  startResponsibilityCheck: defineRule({
    summary: 'Starts the Dublin responsibility check.',
    from: ['APPLICATION_LODGED'],
    to: ['RESPONSIBILITY_CHECK'],
    roles: ['BAMF_DUBLIN'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ state: 'RESPONSIBILITY_CHECK', dublin: 'CHECKING', effectiveOn: input.effectiveOn }),
  }),
  recordDublinRequest: defineRule({
    summary: 'Records that a take-charge or take-back request was sent; dueBy is the answer deadline.',
    from: ['RESPONSIBILITY_CHECK'],
    to: ['RESPONSIBILITY_CHECK'],
    roles: ['BAMF_DUBLIN'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: RecordDublinRequestInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ dublin: 'REQUEST_SENT', dueBy: input.dueBy, effectiveOn: input.effectiveOn }),
  }),
  concludeResponsibilityCheck: defineRule({
    summary: 'Ends the Dublin check: back to the national procedure, or inadmissible if another state accepted.',
    from: ['RESPONSIBILITY_CHECK'],
    to: ['APPLICATION_LODGED', 'DECIDED'],
    roles: ['BAMF_DUBLIN'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: ConcludeResponsibilityCheckInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) =>
      input.dublin === 'ACCEPTED'
        ? { state: 'DECIDED', outcomeClass: 'INADMISSIBLE', dublin: 'ACCEPTED', effectiveOn: input.effectiveOn, dueBy: null }
        : { state: 'APPLICATION_LODGED', dublin: input.dublin, effectiveOn: input.effectiveOn, dueBy: null },
  }),
  scheduleHearing: defineRule({
    summary: 'Schedules the personal hearing; dueBy is the hearing day.',
    from: ['APPLICATION_LODGED', 'HEARING_SCHEDULED'],
    to: ['HEARING_SCHEDULED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: ScheduleHearingInput,
    apply: (_current, input) => ({ state: 'HEARING_SCHEDULED', hearing: 'SCHEDULED', dueBy: input.dueBy }),
  }),
  recordHearingHeld: defineRule({
    summary: 'Records that the hearing took place.',
    from: ['HEARING_SCHEDULED'],
    to: ['HEARING_HELD'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ state: 'HEARING_HELD', hearing: 'HELD', effectiveOn: input.effectiveOn, dueBy: null }),
  }),
  recordHearingMissed: defineRule({
    summary: 'Records that the person did not attend the hearing; the state stays.',
    from: ['HEARING_SCHEDULED'],
    to: ['HEARING_SCHEDULED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ hearing: 'MISSED', effectiveOn: input.effectiveOn }),
  }),
  allocateToMunicipality: defineRule({
    summary: 'Allocates the person to a municipality; its Ausländerbehörde becomes responsible.',
    from: ALLOCATABLE_STATES,
    to: ALLOCATABLE_STATES,
    roles: ['LAND_DISTRIBUTION'],
    targets: ['FEDERAL', 'RESPONSIBLE'],
    privateFields: ['municipalityCode', 'responsibleUnit'],
    input: ChangeResponsibleInput,
    precondition: newResponsibleOfKinds(['ABH']),
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({
      placement: 'MUNICIPALITY',
      responsible: input.responsible,
      effectiveOn: input.effectiveOn,
    }),
  }),
  transferResponsibility: defineRule({
    summary: 'Moves responsibility to another authority of the same Land; the state stays.',
    from: TRANSFERABLE_STATES,
    to: TRANSFERABLE_STATES,
    roles: ['LAND_DISTRIBUTION', 'LAND_ZAB', 'ABH'],
    targets: ['PREVIOUS_RESPONSIBLE', 'RESPONSIBLE', 'FEDERAL'],
    privateFields: ['responsibleUnit'],
    input: ChangeResponsibleInput,
    precondition: newResponsibleOfKinds(['LAND', 'ABH']),
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ responsible: input.responsible, effectiveOn: input.effectiveOn }),
  }),
  recordDecision: defineRule({
    summary: 'Records the BAMF decision with its outcome class; the exact protection type is private.',
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
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({
      state: 'DECIDED',
      outcomeClass: input.outcomeClass,
      effectiveOn: input.effectiveOn,
      docRef: input.docRef ?? null,
      dueBy: null,
    }),
  }),
  recordService: defineRule({
    summary: 'Records service of the decision; dueBy becomes the (informational) appeal deadline.',
    from: ['DECIDED'],
    to: ['SERVED'],
    roles: ['BAMF_CASEWORKER', 'LAND_RECEPTION', 'ABH'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: RecordServiceInput,
    doneDates: (input) => [input.servedOn],
    apply: (current, input) => ({
      state: 'SERVED',
      servedOn: input.servedOn,
      dueBy: addDays(input.servedOn, appealDays(current.outcomeClass)),
      docRef: input.docRef ?? current.docRef,
    }),
  }),
  recordAppeal: defineRule({
    summary: 'Records that an appeal was lodged with the administrative court.',
    from: ['SERVED'],
    to: ['UNDER_APPEAL'],
    roles: ['BAMF_LITIGATION'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ state: 'UNDER_APPEAL', effectiveOn: input.effectiveOn }),
  }),
  recordUrgentApplication: defineRule({
    summary: 'Records an urgent application to the court: a removal hold is set at once, in any state after a decision.',
    from: URGENT_APPLICATION_STATES,
    to: URGENT_APPLICATION_STATES.filter((state) => state !== 'SERVED'),
    roles: ['BAMF_LITIGATION'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: current.state === 'SERVED' ? 'UNDER_APPEAL' : current.state,
      holds: withHold(current.holds, 'REMOVAL_SUSPENDED_URGENT_APPLICATION'),
      effectiveOn: input.effectiveOn,
    }),
  }),
  recordCourtOutcome: defineRule({
    summary: 'Records a court ruling: holds adjusted (any state after a decision), decision annulled or appeal dismissed (UNDER_APPEAL).',
    from: URGENT_APPLICATION_STATES,
    to: URGENT_APPLICATION_STATES,
    roles: ['BAMF_LITIGATION'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: ['protectionType'],
    input: RecordCourtOutcomeInput,
    guard: (current, input) =>
      (input.result === 'APPEAL_DISMISSED' || input.result === 'DECISION_ANNULLED') && current.state !== 'UNDER_APPEAL'
        ? `${input.result} needs a case UNDER_APPEAL`
        : undefined,
    doneDates: effectiveOnDone,
    apply: (current, input) => {
      switch (input.result) {
        case 'SUSPENSIVE_EFFECT_ORDERED':
          return {
            holds: withHold(
              withoutHolds(current.holds, ['REMOVAL_SUSPENDED_URGENT_APPLICATION']),
              'REMOVAL_SUSPENDED_COURT_ORDER',
            ),
            effectiveOn: input.effectiveOn,
          };
        case 'URGENT_APPLICATION_REJECTED':
          return {
            holds: withoutHolds(current.holds, ['REMOVAL_SUSPENDED_URGENT_APPLICATION']),
            effectiveOn: input.effectiveOn,
          };
        case 'APPEAL_DISMISSED':
          return {
            state: 'FINAL',
            holds: withoutHolds(current.holds, COURT_HOLDS),
            effectiveOn: input.effectiveOn,
            retainUntil: addYears(input.effectiveOn, RETENTION_YEARS),
            dueBy: null,
          };
        case 'DECISION_ANNULLED':
          return {
            state: 'DECIDED',
            outcomeClass: input.outcomeClass ?? current.outcomeClass,
            holds: withoutHolds(current.holds, COURT_HOLDS),
            effectiveOn: input.effectiveOn,
            servedOn: null,
            dueBy: null,
            docRef: input.docRef ?? current.docRef,
          };
      }
    },
  }),
  markFinal: defineRule({
    summary: 'Records that the decision became final; the retention period starts.',
    from: ['SERVED', 'UNDER_APPEAL'],
    to: ['FINAL'],
    roles: ['BAMF_CASEWORKER', 'BAMF_LITIGATION'],
    targets: ['CASE_ABH'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current, _input, context) =>
      current.state === 'SERVED' && current.dueBy !== null && !isAfter(context.today, current.dueBy)
        ? `the appeal period runs until ${current.dueBy}`
        : undefined,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({
      state: 'FINAL',
      effectiveOn: input.effectiveOn,
      retainUntil: addYears(input.effectiveOn, RETENTION_YEARS),
      dueBy: null,
    }),
  }),
  recordTitleIssued: defineRule({
    summary: 'Records that the Ausländerbehörde issued the residence title; the title type is private.',
    from: ['FINAL'],
    to: ['TITLE_ISSUED'],
    roles: ['ABH'],
    targets: ['FEDERAL', 'CASE_LAND'],
    privateFields: ['titleType'],
    input: RecordTitleIssuedInput,
    guard: (current) => (current.outcomeClass === 'PROTECTION' ? undefined : 'the final outcome is not PROTECTION'),
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'TITLE_ISSUED',
      effectiveOn: input.effectiveOn,
      docRef: input.docRef ?? current.docRef,
    }),
  }),
  declareDepartureRequired: defineRule({
    summary: 'Declares the person obliged to leave after a final negative decision; dueBy is the deadline.',
    from: ['FINAL'],
    to: ['DEPARTURE_REQUIRED'],
    roles: ['ABH', 'LAND_ZAB'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: DeclareDepartureRequiredInput,
    guard: (current) =>
      current.outcomeClass !== null && NEGATIVE_OUTCOMES.includes(current.outcomeClass)
        ? undefined
        : 'the final outcome is not negative',
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ state: 'DEPARTURE_REQUIRED', effectiveOn: input.effectiveOn, dueBy: input.dueBy }),
  }),
  recordToleration: defineRule({
    summary: 'Grants a toleration (Duldung): a removal hold until it ends.',
    from: ['DEPARTURE_REQUIRED'],
    to: ['TOLERATED'],
    roles: ['ABH'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: RecordTolerationInput,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'TOLERATED',
      holds: withHold(current.holds, 'REMOVAL_SUSPENDED_DULDUNG'),
      effectiveOn: input.effectiveOn,
      dueBy: input.dueBy ?? null,
    }),
  }),
  endToleration: defineRule({
    summary: 'Ends the toleration: the obligation to leave applies again.',
    from: ['TOLERATED'],
    to: ['DEPARTURE_REQUIRED'],
    roles: ['ABH'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'DEPARTURE_REQUIRED',
      holds: withoutHolds(current.holds, ['REMOVAL_SUSPENDED_DULDUNG']),
      effectiveOn: input.effectiveOn,
      dueBy: null,
    }),
  }),
  recordDeparture: defineRule({
    summary: 'Records departure (voluntary, removal, Dublin transfer); enforced modes are refused under a hold.',
    from: ['DEPARTURE_REQUIRED', 'TOLERATED', 'DECIDED', 'SERVED', 'UNDER_APPEAL'],
    to: ['LEFT'],
    roles: ['ABH', 'LAND_ZAB'],
    targets: ['FEDERAL', 'CASE_LAND'],
    privateFields: [],
    input: RecordDepartureInput,
    checkBeforeState: refuseEnforcedDepartureUnderHold,
    guard: departureGuard,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ state: 'LEFT', departureMode: input.mode, effectiveOn: input.effectiveOn, dueBy: null }),
  }),
  recordWithdrawal: defineRule({
    summary: 'Records withdrawal of the application: the procedure is discontinued.',
    from: PRE_FINAL_STATES,
    to: ['DECIDED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_ABH'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({
      state: 'DECIDED',
      outcomeClass: 'DISCONTINUED',
      effectiveOn: input.effectiveOn,
      servedOn: null,
      dueBy: null,
    }),
  }),
  closeCase: defineRule({
    summary: 'Closes a finished case; the retention period runs from the final decision (or from now).',
    from: ['TITLE_ISSUED', 'LEFT', 'FINAL'],
    to: ['CLOSED'],
    roles: ['BAMF_CASEWORKER', 'ABH'],
    targets: ['PARTICIPANTS'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current) =>
      current.state === 'FINAL' && current.outcomeClass !== 'DISCONTINUED'
        ? 'a FINAL case closes directly only after a formal (DISCONTINUED) decision'
        : undefined,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'CLOSED',
      effectiveOn: input.effectiveOn,
      retainUntil: current.retainUntil ?? addYears(input.effectiveOn, RETENTION_YEARS),
      dueBy: null,
    }),
  }),
  correctEvent: defineRule({
    summary:
      'Corrects an earlier event of this case: replaces input fields of its own transaction, or voids it (WRONG_CASE); the case is recomputed by replaying its history through every rule, and both stay in the history.',
    from: TRANSFERABLE_STATES.concat(['REGISTERED', 'LEFT', 'CLOSED']),
    to: TRANSFERABLE_STATES.concat(['REGISTERED', 'LEFT', 'CLOSED']),
    roles: ALL_ROLES_BUT_AUDITOR,
    scope: 'EVENT_WRITER',
    targets: ['PARTICIPANTS'],
    privateFields: [],
    input: CorrectEventInput,
    // a correction sets no field of its own: its decision replays the history
    apply: () => ({}),
    // an arrow: the table must not read decide-correction while loading, as that module reads the table back
    decide: (current, input, context, engine) => decideCorrection(current, input, context, engine),
    needsHistory: true,
  }),
  attestMappingDeleted: defineRule({
    summary: "Attests that the submitter's organisation deleted its pseudonym-to-person mapping.",
    from: ['CLOSED'],
    to: ['CLOSED'],
    roles: ALL_ROLES_BUT_AUDITOR,
    scope: 'PARTICIPANT',
    targets: ['AUDIT'],
    privateFields: [],
    input: AttestMappingDeletedInput,
    apply: (current, _input, context) => ({
      erasureAttestations: [...new Set([...current.erasureAttestations, context.actorMsp])].sort(),
    }),
  }),
  eraseCase: defineRule({
    summary: 'Replaces a closed case by a tombstone and purges its private data, once every participant attested.',
    from: ['CLOSED'],
    to: ['ERASED'],
    roles: ['ADMIN'],
    orgKinds: ['FEDERAL'],
    targets: ['AUDIT'],
    privateFields: [],
    input: EraseCaseInput,
    precondition: checkErasureAllowed,
    apply: () => ({ state: 'ERASED', ...BLANK_PROCESS_FIELDS, holds: [] }),
    freezesParticipants: true,
    purgesPrivateData: true,
  }),
} satisfies Record<string, TransitionRule>;

/** Names of all case transactions. */
export type TransitionType = keyof typeof TRANSITIONS;

/** All transaction names in table order. */
export const TRANSITION_TYPES = Object.keys(TRANSITIONS) as TransitionType[];
