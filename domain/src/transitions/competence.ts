/**
 * Which authority is responsible: allocation to a municipality, transfer of responsibility.
 */
import { newResponsibleOfKinds } from '../responsible-authority';
import { ChangeResponsibleInput } from '../transition-inputs';
import { procedureLaw, unchangedLaw } from '../rule-law';
import { defineRule, type TransitionRule } from '../transition-rule';
import { ALLOCATABLE_STATES, TRANSFERABLE_STATES, effectiveOnDone } from './shared-rules';

/** Which authority is responsible: allocation to a municipality, transfer of responsibility. */
export const COMPETENCE_RULES = {
  allocateToMunicipality: defineRule({
    summary: 'Allocates the person to a municipality; its Ausländerbehörde becomes responsible.',
    law: procedureLaw(
      '§ 50 AsylG a.F.: allocation to a municipality within the Land',
      '§ 50 AsylG: allocation within the Land; a court suspension does not lead to release where a transfer decision exists (§ 50 (1) Nr. 2)',
    ),
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
    law: unchangedLaw('§ 71 AufenthG with the Land law on the competence of the Ausländerbehörden; § 60 AsylG (residence obligation)'),
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
} satisfies Record<string, TransitionRule>;
