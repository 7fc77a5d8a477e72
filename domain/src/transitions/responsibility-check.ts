/**
 * The responsibility check between Member States (Dublin III, AMMR).
 */
import { ConcludeResponsibilityCheckInput, EffectiveOnlyInput, RecordDublinRequestInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { effectiveOnDone } from './shared-rules';

/** The responsibility check between Member States (Dublin III, AMMR). */
export const RESPONSIBILITY_CHECK_RULES = {
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
} satisfies Record<string, TransitionRule>;
