/**
 * The responsibility check between Member States (Dublin III, AMMR).
 */
import { ConcludeResponsibilityCheckInput, EffectiveOnlyInput, RecordDublinRequestInput } from '../transition-inputs';
import { responsibilityLaw } from '../rule-law';
import { defineRule, type TransitionRule } from '../transition-rule';
import { effectiveOnDone, withDates } from './shared-rules';

/** The responsibility check between Member States (Dublin III, AMMR). */
export const RESPONSIBILITY_CHECK_RULES = {
  startResponsibilityCheck: defineRule({
    summary: 'Starts the Dublin responsibility check.',
    law: responsibilityLaw(
      'Arts. 20, 21 Dublin III (Reg. (EU) 604/2013): the procedure for determining the responsible Member State',
      'Art. 39 AMMR (Reg. (EU) 2024/1351): the responsibility procedure starts immediately after registration',
    ),
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
    law: responsibilityLaw(
      'Arts. 21, 22, 23, 25 Dublin III: take charge or take back request; the requested state replies within its period, silence is acceptance',
      'Arts. 39, 40, 41 AMMR: take charge request within two months of registration, reply within one month, silence is acceptance; take back notification',
    ),
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
    law: responsibilityLaw(
      'Art. 29 Dublin III, § 29 (1) Nr. 1, § 34a AsylG a.F.: inadmissible; the transfer is ordered',
      'Art. 42 AMMR, § 34a AsylG: transfer decision with an Abschiebungsanordnung',
    ),
    from: ['RESPONSIBILITY_CHECK'],
    to: ['APPLICATION_LODGED', 'DECIDED'],
    roles: ['BAMF_DUBLIN'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: ConcludeResponsibilityCheckInput,
    doneDates: effectiveOnDone,
    apply: (current, input) =>
      input.dublin === 'ACCEPTED'
        ? {
            state: 'DECIDED',
            outcomeClass: 'INADMISSIBLE',
            dublin: 'ACCEPTED',
            effectiveOn: input.effectiveOn,
            dueBy: null,
            ...withDates(current, { decidedOn: input.effectiveOn }),
          }
        : { state: 'APPLICATION_LODGED', dublin: input.dublin, effectiveOn: input.effectiveOn, dueBy: null },
  }),
} satisfies Record<string, TransitionRule>;
