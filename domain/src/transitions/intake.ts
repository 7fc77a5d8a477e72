/**
 * Intake: registration, distribution to a Land, arrival, lodging of the application.
 */
import { ChaincodeError } from '../chaincode-error';
import { checkRegistration } from '../follow-up';
import { procedureRegimeOf } from '../legal-regimes';
import { resolveLandAuthority } from '../responsible-authority';
import { procedureLaw } from '../rule-law';
import { EffectiveOnlyInput, RecordDistributionInput, RegisterCaseInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { effectiveOnDone, withDates } from './shared-rules';

/** Intake: registration, distribution to a Land, arrival, lodging of the application. */
export const INTAKE_RULES = {
  registerCase: defineRule({
    summary: 'Registers a new case under a random pseudonym; its day fixes the responsibility regime.',
    law: procedureLaw(
      '§§ 13, 18, 19, 22, 63a AsylG a.F.: the request for asylum is recorded and the Ankunftsnachweis issued',
      'Art. 27 APR, § 13a AsylG: registration by the reception facility first contacted (BAMF in the cases of § 13a, § 18a); Ankunftsnachweis (§ 63a)',
    ),
    from: 'NONE',
    to: ['REGISTERED'],
    roles: ['LAND_RECEPTION', 'BAMF_REGISTRATION', 'ABH'],
    targets: ['FEDERAL', 'EARLIER_CASE_RESPONSIBLE'],
    privateFields: [],
    input: RegisterCaseInput,
    registrationCheck: checkRegistration,
    doneDates: (input) => [input.effectiveOn, input.screeningCompletedOn],
    linkedCaseRef: (_current, input) => input.previousCaseRef ?? null,
    apply: (current, input) => ({
      state: 'REGISTERED',
      procedureKind: input.procedureKind,
      effectiveOn: input.effectiveOn,
      docRef: input.docRef ?? null,
      previousCaseRef: input.previousCaseRef ?? null,
      screeningCompletedOn: input.screeningCompletedOn ?? null,
      ...withDates(current, { registeredOn: input.effectiveOn }),
    }),
  }),
  recordDistribution: defineRule({
    summary: 'Records the distribution (EASY) to a Land; the Land becomes responsible.',
    law: procedureLaw(
      '§ 46 AsylG a.F.: distribution (EASY) to a reception facility of a Land',
      '§ 46 AsylG: distribution (EASY); facilities for secondary-migration procedures (§ 44 (1a)) and accelerated procedures (§ 5 (5)) first',
    ),
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
    law: procedureLaw(
      '§§ 20, 22 AsylG a.F.: reporting at the reception facility',
      '§§ 20, 22 AsylG: reporting at the reception facility (not reporting within five days: the application counts as not made, § 20 (1))',
    ),
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
    summary: 'Records that the asylum application was lodged with BAMF; its day fixes the procedure regime.',
    law: procedureLaw(
      '§§ 14 (1), 23 AsylG a.F.: the application is made in person at the BAMF branch office',
      'Art. 28 APR, § 14 (1) AsylG: lodging (Einreichung) with BAMF within 21 days of registration (§ 87e AsylG, Art. 79 (3) APR: the day decides the law)',
    ),
    from: ['ARRIVED'],
    to: ['APPLICATION_LODGED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_LAND', 'CASE_ABH'],
    privateFields: ['responsibleUnit'],
    input: EffectiveOnlyInput,
    guard: (current, input) =>
      current.dates.registeredOn !== null && input.effectiveOn < current.dates.registeredOn
        ? `an application cannot be lodged before its registration on ${current.dates.registeredOn}`
        : undefined,
    // the lodging day fixes the regime: a second application lodged under the reform does not exist (§ 71a repealed)
    precondition: (current, input) =>
      current.procedureKind === 'ZWEITANTRAG' && procedureRegimeOf(input.effectiveOn) === 'GEAS'
        ? new ChaincodeError('NOT_IN_REGIME', 'a second application (ZWEITANTRAG) lodged from 12 June 2026 does not exist: § 71a AsylG is repealed', {
            transaction: 'lodgeApplication',
            regime: 'GEAS',
            reason: '§ 71a AsylG is repealed: an application after a final decision in another Member State is a follow-up application (Art. 3 Nr. 19 APR, § 71 (1) AsylG)',
          })
        : undefined,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'APPLICATION_LODGED',
      effectiveOn: input.effectiveOn,
      ...withDates(current, { lodgedOn: input.effectiveOn }),
    }),
  }),
} satisfies Record<string, TransitionRule>;
