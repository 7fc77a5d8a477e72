/**
 * How a case ends besides a title or a departure: the implicit withdrawal of the application and,
 * before the reform, its resumption; unknown whereabouts and the person's return; a residence title
 * after a toleration; the withdrawal of a protection, which reopens the case; and death.
 */
import { ChaincodeError } from '../chaincode-error';
import type { CaseRecord } from '../case-record';
import { resumptionDeadline } from '../case-deadlines';
import { withoutHolds } from '../holds';
import { isAfter } from '../ledger-date';
import { notInRegime, procedureLaw, unchangedLaw } from '../rule-law';
import { EffectiveOnlyInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { CASE_STATES, type CaseState } from '../vocabulary';
import { DECISION_DAYS_CLEARED, TRANSFERABLE_STATES, discontinuedOn, effectiveOnDone, withDates } from './shared-rules';

/** States in which BAMF still examines the lodged application: the procedure can be discontinued for not being pursued. */
const EXAMINATION_STATES: readonly CaseState[] = ['APPLICATION_LODGED', 'RESPONSIBILITY_CHECK', 'HEARING_SCHEDULED', 'HEARING_HELD'];

/** States after a discontinuation from which the person may apply for the procedure to be resumed (§ 33 (5) AsylG a.F.). */
const RESUMABLE_STATES: readonly CaseState[] = ['DECIDED', 'SERVED', 'UNDER_APPEAL', 'FINAL', 'DEPARTURE_REQUIRED', 'TOLERATED'];

/** States in which the person is in Germany as far as the case knows: whereabouts can become unknown. */
const PRESENT_STATES: readonly CaseState[] = ['REGISTERED', ...TRANSFERABLE_STATES];

/** Every state of a case that is not closed yet: a death ends it. */
const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((state) => state !== 'CLOSED' && state !== 'ERASED');

/** Why a discontinued procedure cannot be resumed at all, or undefined. */
function resumptionGuard(current: CaseRecord, effectiveOn: string): string | undefined {
  const { discontinuedOn, resumedOn } = current.dates;
  if (current.outcomeClass !== 'DISCONTINUED') return 'only a discontinued procedure can be resumed';
  if (discontinuedOn === null) return 'an explicit withdrawal (§ 32 AsylG a.F.) is not resumed: a new application is a follow-up application (§ 71)';
  if (resumedOn !== null) return `the procedure was resumed once already (${resumedOn}): a new application is a follow-up application (§ 33 (5) sentence 5 Nr. 2 AsylG a.F.)`;
  return effectiveOn < discontinuedOn ? `the procedure was discontinued on ${discontinuedOn}` : undefined;
}

/** How a case ends besides a title or a departure. */
export const CASE_END_RULES = {
  recordDiscontinuation: defineRule({
    summary:
      'Records that BAMF discontinued the procedure because the person did not pursue it (before the reform) or rejected the application as implicitly withdrawn (reformed procedure); served like any decision, it obliges the person to leave.',
    law: procedureLaw(
      '§ 33 (1)-(3) AsylG a.F.: Einstellung when the procedure is not pursued (presumed after a missed hearing or call for information, absconding, a breach of the residence restriction, or travel to the country of origin); § 38 (2) a.F.: one week to leave',
      '§ 32 AsylG, Art. 41 APR: the application is implicitly withdrawn (e.g. absconding, no interview, no information) and BAMF decides with a finding on § 60 (5), (7) AufenthG; § 38 (1) AsylG with Art. 68 (3) (c) APR: one week to leave',
    ),
    from: EXAMINATION_STATES,
    to: ['DECIDED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current, input) =>
      current.dates.lodgedOn !== null && input.effectiveOn < current.dates.lodgedOn ? `the application was lodged on ${current.dates.lodgedOn}` : undefined,
    doneDates: effectiveOnDone,
    apply: (current, input) => discontinuedOn(current, input.effectiveOn, { discontinuedOn: input.effectiveOn }),
  }),
  resumeProcedure: defineRule({
    summary:
      'Resumes a procedure discontinued for not being pursued, on an application made within nine months of the discontinuation (effectiveOn: the day it was made), once: the examination continues. Not in the reformed procedure: a later application is a subsequent application (a new case).',
    law: procedureLaw(
      '§ 33 (5) AsylG a.F.: on an application within nine months of the discontinuation BAMF resumes the examination where it stopped, once; later, or a second time, the application is a follow-up application (§ 71)',
      notInRegime(
        '§ 33 AsylG was repealed on 12 June 2026: after an implicit withdrawal (§ 32 AsylG, Art. 41 APR) a later application is a subsequent application (Art. 55 APR, § 71 AsylG), recorded as a new case',
      ),
    ),
    from: RESUMABLE_STATES,
    to: ['APPLICATION_LODGED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current, input) => resumptionGuard(current, input.effectiveOn),
    precondition: (current, input) => {
      const { discontinuedOn } = current.dates;
      if (discontinuedOn === null) return undefined;
      const endsOn = resumptionDeadline(discontinuedOn);
      if (!isAfter(input.effectiveOn, endsOn)) return undefined;
      return new ChaincodeError(
        'PERIOD_EXPIRED',
        `the nine months for resuming the procedure discontinued on ${discontinuedOn} ended on ${endsOn}: the application is a follow-up application`,
        { periodEndedOn: endsOn, basis: 'ASYLG_33_5_OLD' },
      );
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'APPLICATION_LODGED',
      outcomeClass: null,
      procedureTrack: null,
      // the Aufenthaltsgestattung revives with the pending procedure: no hold is needed against a removal that has no decision left
      holds: [],
      effectiveOn: input.effectiveOn,
      servedOn: null,
      dueBy: null,
      ...withDates(current, { ...DECISION_DAYS_CLEARED, decidedOn: null, discontinuedOn: null, resumedOn: input.effectiveOn }),
    }),
  }),
  recordWhereaboutsUnknown: defineRule({
    summary:
      "Records that the person's whereabouts are unknown (an alert under § 66 AsylG); the state stays. BAMF may then discontinue the procedure (recordDiscontinuation); the responsibility check extends the transfer period where the person absconded.",
    law: procedureLaw(
      '§ 66 AsylG: alert to find the person (not arrived, left the facility, not reachable); § 33 (2) Nr. 2 AsylG a.F.: absconding is presumed not pursuing the procedure',
      '§ 66 AsylG: alert to find the person (not arrived, left the facility, not reachable); Art. 41 (1) APR: absconding may be an implicit withdrawal',
    ),
    from: PRESENT_STATES,
    to: PRESENT_STATES,
    roles: ['LAND_RECEPTION', 'ABH', 'BAMF_CASEWORKER'],
    targets: ['FEDERAL', 'CASE_LAND', 'CASE_ABH'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current) => {
      const since = current.dates.whereaboutsUnknownSince;
      return since === null ? undefined : `the whereabouts are unknown since ${since} already`;
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => ({ effectiveOn: input.effectiveOn, ...withDates(current, { whereaboutsUnknownSince: input.effectiveOn }) }),
  }),
  recordReappearance: defineRule({
    summary: 'Records that the person whose whereabouts were unknown is back (found, or reported); the alert is lifted and the state stays.',
    law: unchangedLaw('§ 66 AsylG: the alert ends once the whereabouts are known'),
    from: PRESENT_STATES,
    to: PRESENT_STATES,
    roles: ['LAND_RECEPTION', 'ABH', 'BAMF_CASEWORKER'],
    targets: ['FEDERAL', 'CASE_LAND', 'CASE_ABH'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current, input) => {
      const since = current.dates.whereaboutsUnknownSince;
      if (since === null) return 'the whereabouts are not recorded as unknown';
      return input.effectiveOn < since ? `the whereabouts are unknown since ${since}` : undefined;
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => ({ effectiveOn: input.effectiveOn, ...withDates(current, { whereaboutsUnknownSince: null }) }),
  }),
  recordTitleAfterToleration: defineRule({
    summary:
      'Records that the Ausländerbehörde issued a residence title to a tolerated person (well-integrated young person, sustainable integration, opportunity residence, or departure impossible): the toleration and the obligation to leave end.',
    law: unchangedLaw(
      '§§ 25a, 25b, 25 (5), 104c AufenthG: residence title for a tolerated person; with it the obligation to leave ends (§ 50 (1) AufenthG) and so does the toleration (§ 60a (5) AufenthG)',
    ),
    from: ['TOLERATED'],
    to: ['TITLE_ISSUED'],
    roles: ['ABH'],
    targets: ['FEDERAL', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'TITLE_ISSUED',
      holds: withoutHolds(current.holds, ['REMOVAL_SUSPENDED_DULDUNG']),
      effectiveOn: input.effectiveOn,
      dueBy: null,
    }),
  }),
  withdrawProtection: defineRule({
    summary:
      'Records that BAMF withdrew (revoked, took back) the protection it had granted: the case reopens as a new decision (PROTECTION_WITHDRAWN) that is served and can be contested like any other; removal is not lawful before 30 days after it became final.',
    law: procedureLaw(
      '§§ 73, 73b AsylG a.F.: Widerruf or Rücknahme of the recognition, the refugee status, the subsidiary protection or a removal ban; the suit suspends (§ 75 a.F.)',
      '§ 73b AsylG, Arts. 65, 66 APR, Arts. 14, 20 Reg. (EU) 2024/1347: withdrawal (Entzug) of international protection; no automatic right to remain for the grounds of Art. 68 (3) (e) APR; § 87e (2): applies to withdrawal procedures begun from 12 June 2026',
    ),
    from: ['FINAL', 'TITLE_ISSUED'],
    to: ['DECIDED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current, input) => {
      if (current.outcomeClass !== 'PROTECTION') return 'no protection was granted in this case';
      const { finalOn } = current.dates;
      return finalOn !== null && input.effectiveOn < finalOn ? `the protection became final on ${finalOn}` : undefined;
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'DECIDED',
      outcomeClass: 'PROTECTION_WITHDRAWN',
      procedureTrack: null,
      holds: [],
      effectiveOn: input.effectiveOn,
      servedOn: null,
      dueBy: null,
      ...withDates(current, { ...DECISION_DAYS_CLEARED, decidedOn: input.effectiveOn }),
    }),
  }),
  recordDeath: defineRule({
    summary: "Records the person's death: the case closes in any open state; the retention runs from the final decision or, without one, from this day.",
    law: unchangedLaw(
      'the asylum procedure and the residence are personal to the applicant: with the death the application and every decision are settled (§ 43 (2) VwVfG); Art. 5 (1) (e) GDPR: the case closes',
    ),
    from: OPEN_STATES,
    to: ['CLOSED'],
    roles: ['ABH', 'LAND_RECEPTION', 'LAND_ZAB'],
    targets: ['PARTICIPANTS'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'CLOSED',
      holds: [],
      effectiveOn: input.effectiveOn,
      dueBy: null,
      ...withDates(current, { closedOn: input.effectiveOn }),
    }),
  }),
} satisfies Record<string, TransitionRule>;
