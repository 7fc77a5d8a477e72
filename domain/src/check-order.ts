/**
 * The order in which a case transaction is checked, as the contract (run-transition.ts) and the
 * engine (decide-transition.ts) apply it. The first failing check decides the error code the
 * client sees. This list documents that order; it does not drive it.
 */
import type { ErrorCode } from './error-codes';

/** One check of a case transaction. */
export interface CheckStep {
  /** Short name of the check. */
  readonly name: string;
  /** Codes this check can fail with. */
  readonly codes: readonly ErrorCode[];
  /** One sentence on what is checked. */
  readonly explanation: string;
}

/** Every check of a case transaction, first to last. */
export const CHECK_ORDER: readonly CheckStep[] = [
  {
    name: 'proposal time',
    codes: ['TIMESTAMP_OUT_OF_RANGE'],
    explanation:
      "Each endorsing peer refuses a write whose timestamp lies more than 300 s from its own clock, so the dates every later check compares with are bounded by the endorsers' clocks.",
  },
  {
    name: 'validation',
    codes: ['VALIDATION_FAILED'],
    explanation:
      'The JSON argument is at most 4096 bytes and matches the strict schema of the transaction (unknown fields rejected).',
  },
  {
    name: 'duplicate request',
    codes: ['DUPLICATE_REQUEST'],
    explanation: 'The requestId was not used before for this caseRef; otherwise the original txId is returned.',
  },
  {
    name: 'directory and role',
    codes: ['DIRECTORY_ERROR', 'FORBIDDEN_ORG', 'FORBIDDEN_ROLE'],
    explanation:
      "The directory exists, the submitter's MSP is an active authority, and its certificate's role is one its org kind may hold.",
  },
  {
    name: 'case existence',
    codes: ['CASE_EXISTS', 'CASE_NOT_FOUND'],
    explanation: 'registerCase needs a new caseRef; every other transaction needs an existing case.',
  },
  {
    name: 'transaction role',
    codes: ['FORBIDDEN_ROLE'],
    explanation: "The role is allowed for this transaction and the org kind meets the rule's extra restriction, if any.",
  },
  {
    name: 'Land scope',
    codes: ['FORBIDDEN_ORG'],
    explanation:
      'A LAND or ABH authority acts only on cases of its own Land; attestMappingDeleted only by a participant of the case.',
  },
  {
    name: 'expectedSeq',
    codes: ['VERSION_CONFLICT'],
    explanation: "When the client sent expectedSeq, it equals the case's current seq.",
  },
  {
    name: 'removal hold',
    codes: ['REMOVAL_HOLD_ACTIVE'],
    explanation: 'recordDeparture with mode REMOVAL or DUBLIN_TRANSFER is refused while any removal hold exists, in any state.',
  },
  {
    name: 'from-state',
    codes: ['INVALID_TRANSITION'],
    explanation: 'The case is in one of the states the transition starts from.',
  },
  {
    name: 'guards',
    codes: ['INVALID_TRANSITION'],
    explanation: 'Rule-specific preconditions on the current case, e.g. a title only after a final PROTECTION outcome.',
  },
  {
    name: 'transaction-specific preconditions',
    codes: ['CORRECTION_NOT_ALLOWED', 'CORRECTION_BREAKS_HISTORY', 'ERASURE_NOT_ALLOWED', 'VALIDATION_FAILED'],
    explanation:
      "correctEvent: the event is a correctable, not voided event of the case; the submitter's org wrote it and its role may perform that transaction (or it is a federal ADMIN under a governance reason); the replacement fields belong to that transaction and pass its schema; the history replayed with the correction still passes every rule and keeps the Land. eraseCase: retention and attestations. A new responsible is an active authority of the Land.",
  },
  {
    name: 'dates',
    codes: ['DATE_IN_FUTURE'],
    explanation: 'Dates of things done are not after the German civil date of the transaction timestamp.',
  },
  {
    name: 'private data',
    codes: ['VALIDATION_FAILED'],
    explanation:
      "Transient private fields carry only the transaction's accepted fields and the case has a Land (size and JSON syntax are checked earlier, when the transient data is read after the directory and role).",
  },
];
