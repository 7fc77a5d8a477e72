/**
 * Record keeping: closing, correction, attestation of deleted mappings, erasure.
 */
import { BLANK_PROCESS_FIELDS } from '../case-record';
import { decideCorrection } from '../decide-correction';
import { checkErasureAllowed } from '../erasure-precondition';
import { AttestMappingDeletedInput, CorrectEventInput, EffectiveOnlyInput, EraseCaseInput } from '../transition-inputs';
import { unchangedLaw } from '../rule-law';
import { defineRule, type TransitionRule } from '../transition-rule';
import { ALL_ROLES_BUT_AUDITOR, TRANSFERABLE_STATES, effectiveOnDone, withDates } from './shared-rules';

/** Record keeping: closing, correction, attestation of deleted mappings, erasure. */
export const RECORD_KEEPING_RULES = {
  closeCase: defineRule({
    summary: "Closes a finished case; the network's retention period runs from the final decision (or, without one, from the closing).",
    law: unchangedLaw("Art. 5 (1) (e) GDPR with the network's retention setting; § 7 (3) AsylG bounds BAMF's own files at twenty years after the final conclusion"),
    from: ['TITLE_ISSUED', 'LEFT', 'FINAL'],
    to: ['CLOSED'],
    roles: ['BAMF_CASEWORKER', 'ABH'],
    targets: ['PARTICIPANTS'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current) =>
      current.state === 'FINAL' && current.outcomeClass !== 'DISCONTINUED' && current.outcomeClass !== 'PROTECTION_WITHDRAWN'
        ? 'a FINAL case closes directly only after a formal (DISCONTINUED) decision or a withdrawn protection'
        : undefined,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'CLOSED',
      effectiveOn: input.effectiveOn,
      dueBy: null,
      ...withDates(current, { closedOn: input.effectiveOn }),
    }),
  }),
  correctEvent: defineRule({
    summary:
      'Corrects an earlier event of this case: replaces input fields of its own transaction, or voids it (WRONG_CASE); the case is recomputed by replaying its history through every rule, and both stay in the history.',
    law: unchangedLaw('Art. 5 (1) (d), Art. 16 GDPR: accuracy and rectification; a corrected day changes the derived regimes and periods only through the replay'),
    from: TRANSFERABLE_STATES.concat(['REGISTERED', 'LEFT', 'CLOSED']),
    to: TRANSFERABLE_STATES.concat(['REGISTERED', 'LEFT', 'CLOSED']),
    roles: ALL_ROLES_BUT_AUDITOR,
    scope: 'EVENT_WRITER',
    targets: ['PARTICIPANTS'],
    privateFields: [],
    input: CorrectEventInput,
    // a correction sets no field of its own: its decision replays the history
    apply: () => ({}),
    // an arrow: the table must not read decide-correction while loading, as that module reads the table back
    decide: (current, input, context, engine) => decideCorrection(current, input, context, engine),
    needsHistory: true,
  }),
  attestMappingDeleted: defineRule({
    summary: "Attests that the submitter's organisation deleted its pseudonym-to-person mapping.",
    law: unchangedLaw('Arts. 17, 26 GDPR: each joint controller erases its own link to the person'),
    from: ['CLOSED'],
    to: ['CLOSED'],
    roles: ALL_ROLES_BUT_AUDITOR,
    scope: 'PARTICIPANT',
    targets: ['AUDIT'],
    privateFields: [],
    input: AttestMappingDeletedInput,
    apply: (current, _input, context) => ({
      erasureAttestations: [...new Set([...current.erasureAttestations, context.actorMsp])].sort(),
    }),
  }),
  eraseCase: defineRule({
    summary: 'Replaces a closed case by a tombstone and purges its private data, once every participant attested (or at once by a governance override naming its decision).',
    law: unchangedLaw('Art. 5 (1) (e), Art. 17 GDPR: storage limitation; erasure when the retention period has run or by governance decision'),
    from: ['CLOSED'],
    to: ['ERASED'],
    roles: ['ADMIN'],
    orgKinds: ['FEDERAL'],
    targets: ['AUDIT'],
    privateFields: [],
    input: EraseCaseInput,
    precondition: checkErasureAllowed,
    apply: () => ({ state: 'ERASED', ...BLANK_PROCESS_FIELDS, holds: [] }),
    freezesParticipants: true,
    purgesPrivateData: true,
  }),
} satisfies Record<string, TransitionRule>;
