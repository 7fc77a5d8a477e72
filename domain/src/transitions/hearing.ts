/**
 * The personal hearing.
 */
import { EffectiveOnlyInput, ScheduleHearingInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { effectiveOnDone } from './shared-rules';

/** The personal hearing. */
export const HEARING_RULES = {
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
} satisfies Record<string, TransitionRule>;
