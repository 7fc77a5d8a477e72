/**
 * Remedies: suit, urgent application, court outcomes.
 */
import { withHold, withoutHolds } from '../holds';
import { addYears } from '../ledger-date';
import { EffectiveOnlyInput, RecordCourtOutcomeInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { COURT_HOLDS, effectiveOnDone, URGENT_APPLICATION_STATES, RETENTION_YEARS } from './shared-rules';

/** Remedies: suit, urgent application, court outcomes. */
export const COURT_RULES = {
  recordAppeal: defineRule({
    summary: 'Records that an appeal was lodged with the administrative court.',
    from: ['SERVED'],
    to: ['UNDER_APPEAL'],
    roles: ['BAMF_LITIGATION'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ state: 'UNDER_APPEAL', effectiveOn: input.effectiveOn }),
  }),
  recordUrgentApplication: defineRule({
    summary: 'Records an urgent application to the court: a removal hold is set at once, in any state after a decision.',
    from: URGENT_APPLICATION_STATES,
    to: URGENT_APPLICATION_STATES.filter((state) => state !== 'SERVED'),
    roles: ['BAMF_LITIGATION'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: [],
    input: EffectiveOnlyInput,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: current.state === 'SERVED' ? 'UNDER_APPEAL' : current.state,
      holds: withHold(current.holds, 'REMOVAL_SUSPENDED_URGENT_APPLICATION'),
      effectiveOn: input.effectiveOn,
    }),
  }),
  recordCourtOutcome: defineRule({
    summary: 'Records a court ruling: holds adjusted (any state after a decision), decision annulled or appeal dismissed (UNDER_APPEAL).',
    from: URGENT_APPLICATION_STATES,
    to: URGENT_APPLICATION_STATES,
    roles: ['BAMF_LITIGATION'],
    targets: ['CASE_ABH', 'CASE_LAND'],
    privateFields: ['protectionType'],
    input: RecordCourtOutcomeInput,
    guard: (current, input) =>
      (input.result === 'APPEAL_DISMISSED' || input.result === 'DECISION_ANNULLED') && current.state !== 'UNDER_APPEAL'
        ? `${input.result} needs a case UNDER_APPEAL`
        : undefined,
    doneDates: effectiveOnDone,
    apply: (current, input) => {
      switch (input.result) {
        case 'SUSPENSIVE_EFFECT_ORDERED':
          return {
            holds: withHold(
              withoutHolds(current.holds, ['REMOVAL_SUSPENDED_URGENT_APPLICATION']),
              'REMOVAL_SUSPENDED_COURT_ORDER',
            ),
            effectiveOn: input.effectiveOn,
          };
        case 'URGENT_APPLICATION_REJECTED':
          return {
            holds: withoutHolds(current.holds, ['REMOVAL_SUSPENDED_URGENT_APPLICATION']),
            effectiveOn: input.effectiveOn,
          };
        case 'APPEAL_DISMISSED':
          return {
            state: 'FINAL',
            holds: withoutHolds(current.holds, COURT_HOLDS),
            effectiveOn: input.effectiveOn,
            retainUntil: addYears(input.effectiveOn, RETENTION_YEARS),
            dueBy: null,
          };
        case 'DECISION_ANNULLED':
          return {
            state: 'DECIDED',
            outcomeClass: input.outcomeClass ?? current.outcomeClass,
            holds: withoutHolds(current.holds, COURT_HOLDS),
            effectiveOn: input.effectiveOn,
            servedOn: null,
            dueBy: null,
            docRef: input.docRef ?? current.docRef,
          };
      }
    },
  }),
} satisfies Record<string, TransitionRule>;
