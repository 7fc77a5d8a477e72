/**
 * The closed list of error codes. Codes are API: add, never rename. The gateway maps them to HTTP.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'FORBIDDEN_ROLE',
  'FORBIDDEN_ORG',
  'INVALID_TRANSITION',
  'REMOVAL_HOLD_ACTIVE',
  'CASE_NOT_FOUND',
  'CASE_EXISTS',
  'VERSION_CONFLICT',
  'DUPLICATE_REQUEST',
  'DATE_IN_FUTURE',
  'CORRECTION_NOT_ALLOWED',
  'ERASURE_NOT_ALLOWED',
  'DIRECTORY_ERROR',
  'UNKNOWN_TRANSACTION',
  'FORBIDDEN_READ',
  'CORRECTION_BREAKS_HISTORY',
  'TIMESTAMP_OUT_OF_RANGE',
  'RESPONSIBILITY_OPEN',
  'NOT_IN_REGIME',
  'PROCEDURE_TRACK_REQUIRED',
  'FINALITY_PREMATURE',
  'PERIOD_EXPIRED',
  'DEPARTURE_NOT_YET_REQUIRED',
  'DEPARTURE_PERIOD_TOO_SHORT',
  'REMOVAL_NOT_YET_LAWFUL',
  'TRANSFER_PERIOD_EXPIRED',
  'REMOVAL_BARRED_BY_FOLLOW_UP',
  'PREVIOUS_CASE_NOT_FOUND',
  'DIRECTORY_CONFLICT',
  'DIRECTORY_CHANGE_INVALID',
  'PRIVATE_DATA_NOT_HELD',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One line per error code, for the docs generator and for humans reading a client log. */
export const ERROR_CODE_DESCRIPTIONS: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: "Input does not match the transaction's schema (unknown field, wrong type, oversize, bad format).",
  FORBIDDEN_ROLE: "The submitter's role may not perform this transaction, or does not belong to its org kind.",
  FORBIDDEN_ORG:
    "The submitter's organisation is unknown, inactive, or not competent for this case (or, for a directory change, its approval does not count for the change; details: what the change needs).",
  INVALID_TRANSITION: 'The case is not in a state from which this transition is allowed.',
  REMOVAL_HOLD_ACTIVE: 'A removal or Dublin transfer was attempted while a removal hold exists.',
  CASE_NOT_FOUND: 'No case with this caseRef exists.',
  CASE_EXISTS: 'A case with this caseRef already exists.',
  VERSION_CONFLICT: "The client's expectedSeq does not match the case's current seq.",
  DUPLICATE_REQUEST: 'This client request id was already used for this case; details name the original txId.',
  DATE_IN_FUTURE: "A date of something done lies after the transaction's date.",
  CORRECTION_NOT_ALLOWED: 'The referenced transaction is not an event of this case, or the submitter may not correct it.',
  ERASURE_NOT_ALLOWED: 'Erasure preconditions are not met (retention, attestations).',
  DIRECTORY_ERROR: 'The authority directory is not bootstrapped yet.',
  UNKNOWN_TRANSACTION: 'The function name is not a transaction of this chaincode.',
  FORBIDDEN_READ: 'The submitter may not read this record.',
  CORRECTION_BREAKS_HISTORY:
    "Replaying the case's history with the correction fails; details name the first event that no longer applies and why.",
  TIMESTAMP_OUT_OF_RANGE:
    "The transaction's timestamp differs from the endorsing peer's clock by more than the tolerance; the proposal is refused at endorsement.",
  RESPONSIBILITY_OPEN: 'An authority that is still responsible for cases cannot be retired; hand its cases over first.',
  NOT_IN_REGIME:
    "The transaction does not exist under the legal regime of this case (details: the regime and why); for example a request to remain (§ 78 (9) AsylG) in a case under the AsylG before 12 June 2026.",
  PROCEDURE_TRACK_REQUIRED:
    'A decision in the reformed procedure must name the procedure track (REGULAR, ACCELERATED, BORDER): the suspensive effect of a rejection depends on it (Art. 68 (3) APR).',
  FINALITY_PREMATURE: 'The decision cannot be final yet: a period for a remedy still runs (details: its last day and legal basis).',
  PERIOD_EXPIRED: 'The period for this remedy ended before the day given (details: its last day and legal basis).',
  DEPARTURE_NOT_YET_REQUIRED:
    'The obligation to leave is not enforceable yet (details: what the removal still waits for and the legal basis), e.g. a suit with suspensive effect is pending.',
  DEPARTURE_PERIOD_TOO_SHORT: 'The departure deadline given ends before the statutory departure period (details: the earliest lawful deadline).',
  REMOVAL_NOT_YET_LAWFUL:
    'A removal or transfer was recorded for a day before it became lawful (details: the first lawful day, or what it still waits for, and the legal basis).',
  TRANSFER_PERIOD_EXPIRED:
    'The transfer period to the responsible Member State ended before the day given (details: its last day and legal basis): responsibility passed to Germany (Art. 29 (2) Dublin III, Art. 46 (2) AMMR), so no transfer and no extension any more.',
  REMOVAL_BARRED_BY_FOLLOW_UP:
    'A removal or transfer on this case is barred by a follow-up application linked to it (§ 71 (3) AsylG, § 71 (5) AsylG a.F.; details: the follow-up caseRef, what the bar waits for or its first lawful day, and the legal basis).',
  PREVIOUS_CASE_NOT_FOUND: 'The previousCaseRef of a follow-up or second application names no case on the ledger (or an erased one).',
  DIRECTORY_CONFLICT:
    'A directory governance step conflicts with what the ledger holds: the directory exists already, the proposal id is in use, the proposal changes nothing, this org approved it already, or no open proposal has this id.',
  DIRECTORY_CHANGE_INVALID: 'The directory content is not allowed: an MSP ID listed twice, fewer than two active participants, or no active FEDERAL authority; or a seat taken by an authority that is not a LAND authority.',
  PRIVATE_DATA_NOT_HELD:
    "The answering peer keeps no copy of the case's Land collection (an Ausländerbehörde's, ADR 0009); details name the collection and the members whose peers do. A gateway asks one of them.",
};

/** Whether a string is one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
