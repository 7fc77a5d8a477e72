/**
 * Record keeping: closing, correction, attestation of deleted mappings, erasure.
 */
import { BLANK_PROCESS_FIELDS } from '../case-record';
import { decideCorrection } from '../decide-correction';
import { checkErasureAllowed } from '../erasure-precondition';
import { addYears } from '../ledger-date';
import { AttestMappingDeletedInput, CorrectEventInput, EffectiveOnlyInput, EraseCaseInput } from '../transition-inputs';
import { defineRule, type TransitionRule } from '../transition-rule';
import { ALL_ROLES_BUT_AUDITOR, TRANSFERABLE_STATES, effectiveOnDone, RETENTION_YEARS } from './shared-rules';

/** Record keeping: closing, correction, attestation of deleted mappings, erasure. */
export const RECORD_KEEPING_RULES = {
  closeCase: defineRule({
    summary: 'Closes a finished case; the retention period runs from the final decision (or from now).',
    from: ['TITLE_ISSUED', 'LEFT', 'FINAL'],
    to: ['CLOSED'],
    roles: ['BAMF_CASEWORKER', 'ABH'],
    targets: ['PARTICIPANTS'],
    privateFields: [],
    input: EffectiveOnlyInput,
    guard: (current) =>
      current.state === 'FINAL' && current.outcomeClass !== 'DISCONTINUED'
        ? 'a FINAL case closes directly only after a formal (DISCONTINUED) decision'
        : undefined,
    doneDates: effectiveOnDone,
    apply: (current, input) => ({
      state: 'CLOSED',
      effectiveOn: input.effectiveOn,
      retainUntil: current.retainUntil ?? addYears(input.effectiveOn, RETENTION_YEARS),
      dueBy: null,
    }),
  }),
  correctEvent: defineRule({
    summary:
      'Corrects an earlier event of this case: replaces input fields of its own transaction, or voids it (WRONG_CASE); the case is recomputed by replaying its history through every rule, and both stay in the history.',
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
    summary: 'Replaces a closed case by a tombstone and purges its private data, once every participant attested.',
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
