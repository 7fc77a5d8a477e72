/**
 * Intake: registration, distribution to a Land, arrival, lodging of the application.
 */
import { resolveLandAuthority } from '../responsible-authority';
import { EffectiveOnlyInput, RecordDistributionInput, RegisterCaseInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { effectiveOnDone } from './shared-rules';

/** Intake: registration, distribution to a Land, arrival, lodging of the application. */
export const INTAKE_RULES = {
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
} satisfies Record<string, TransitionRule>;
