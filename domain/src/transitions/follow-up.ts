/**
 * Follow-up applications: BAMF's communication that non-refoulement is respected (Art. 56 APR).
 */
import { notInRegime, procedureLaw } from '../rule-law';
import { RecordNonRefoulementCommunicationInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { PRE_FINAL_STATES } from '../vocabulary';
import { effectiveOnDone } from './shared-rules';

/** Follow-up applications: BAMF's communication that non-refoulement is respected (Art. 56 APR). */
export const FOLLOW_UP_RULES = {
  recordNonRefoulementCommunication: defineRule({
    summary:
      'Records that BAMF communicated, in a case of Art. 56 APR, that non-refoulement is respected: from that day a follow-up application no longer bars removal under the earlier case.',
    law: procedureLaw(
      notInRegime('§ 71 (5) AsylG a.F. knows no such communication apart from the decision that no further procedure is held (recordDecision)'),
      '§ 71 (3) S. 2 AsylG, Art. 56 APR: in the cases of Art. 56 APR removal may be enforced once BAMF has communicated that non-refoulement is respected',
    ),
    from: PRE_FINAL_STATES,
    to: PRE_FINAL_STATES,
    roles: ['BAMF_CASEWORKER'],
    targets: ['CASE_ABH', 'CASE_LAND', 'EARLIER_CASE_RESPONSIBLE'],
    privateFields: [],
    input: RecordNonRefoulementCommunicationInput,
    guard: (current) => {
      if (current.procedureKind !== 'FOLGEANTRAG') return 'only a follow-up application (FOLGEANTRAG) can be a case of Art. 56 APR';
      if (current.nonRefoulement !== null) return `BAMF communicated on ${current.nonRefoulement.communicatedOn} already`;
      const merits = current.outcomeClass === 'PROTECTION' || current.outcomeClass === 'REJECTED' || current.outcomeClass === 'REJECTED_MANIFESTLY_UNFOUNDED';
      return merits ? 'a further procedure was held on the follow-up application: its own decision governs removal' : undefined;
    },
    doneDates: effectiveOnDone,
    linkedCaseRef: (current) => current?.previousCaseRef ?? null,
    apply: (_current, input) => ({
      nonRefoulement: { ground: input.ground, communicatedOn: input.effectiveOn },
      effectiveOn: input.effectiveOn,
    }),
  }),
} satisfies Record<string, TransitionRule>;
