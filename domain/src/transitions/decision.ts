/**
 * The decision, its service, finality, and the withdrawal of the application.
 */
import { addDays, addYears, isAfter } from '../ledger-date';
import { EffectiveOnlyInput, RecordDecisionInput, RecordServiceInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { PRE_FINAL_STATES } from '../vocabulary';
import { effectiveOnDone, appealDays, RETENTION_YEARS } from './shared-rules';

/** The decision, its service, finality, and the withdrawal of the application. */
export const DECISION_RULES = {
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
} satisfies Record<string, TransitionRule>;
