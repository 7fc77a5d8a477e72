/**
 * The personal hearing.
 */
import { EffectiveOnlyInput, ScheduleHearingInput } from '../transition-inputs';
import { procedureLaw } from '../rule-law';
import { defineRule, type TransitionRule } from '../transition-rule';
import { effectiveOnDone } from './shared-rules';

/** The personal hearing. */
export const HEARING_RULES = {
  scheduleHearing: defineRule({
    summary: 'Schedules the personal hearing; dueBy is the hearing day.',
    law: procedureLaw('§ 25 AsylG a.F.: personal hearing', '§ 25 AsylG, Arts. 12, 13 APR: admissibility and substantive interview'),
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
    law: procedureLaw('§ 25 AsylG a.F.: personal hearing', '§ 25 AsylG, Arts. 12, 13 APR: admissibility and substantive interview'),
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
    law: procedureLaw(
      '§ 25 (4), (5) AsylG a.F.; § 33 (2) Nr. 1 a.F.: failing to attend presumes that the procedure is not pursued',
      '§ 25 AsylG, Art. 41 (1) APR: failing to appear may lead to an implicit withdrawal',
    ),
    from: ['HEARING_SCHEDULED'],
    to: ['HEARING_SCHEDULED'],
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ hearing: 'MISSED', effectiveOn: input.effectiveOn }),
  }),
} satisfies Record<string, TransitionRule>;
