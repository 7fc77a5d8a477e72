/**
 * After the decision: residence title, obligation to leave, toleration, departure.
 */
import { withHold, withoutHolds } from '../holds';
import { refuseEnforcedDepartureUnderHold } from '../removal-hold-check';
import { DeclareDepartureRequiredInput, EffectiveOnlyInput, RecordDepartureInput, RecordTitleIssuedInput, RecordTolerationInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { NEGATIVE_OUTCOMES } from '../vocabulary';
import { effectiveOnDone, departureGuard } from './shared-rules';

/** After the decision: residence title, obligation to leave, toleration, departure. */
export const AFTER_DECISION_RULES = {
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
} satisfies Record<string, TransitionRule>;
