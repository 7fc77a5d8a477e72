/**
 * The closed list of error codes. Codes are API: add, never rename. The gateway maps them to HTTP.
 */
export const ERROR_CODES = [
  /** Input does not match the transaction's schema (unknown field, wrong type, oversize, bad format). */
  'VALIDATION_FAILED',
  /** The submitter's role may not perform this transaction, or does not belong to its org kind. */
  'FORBIDDEN_ROLE',
  /** The submitter's organisation is unknown, inactive, or not competent for this case. */
  'FORBIDDEN_ORG',
  /** The case is not in a state from which this transition is allowed. */
  'INVALID_TRANSITION',
  /** A removal or Dublin transfer was attempted while a removal hold exists. */
  'REMOVAL_HOLD_ACTIVE',
  /** No case with this caseRef exists. */
  'CASE_NOT_FOUND',
  /** A case with this caseRef already exists. */
  'CASE_EXISTS',
  /** The client's expectedSeq does not match the case's current seq. */
  'VERSION_CONFLICT',
  /** This client request id was already used for this case; details name the original txId. */
  'DUPLICATE_REQUEST',
  /** A date of something done lies after the transaction's date. */
  'DATE_IN_FUTURE',
  /** The referenced transaction is not an event of this case, or the submitter may not correct it. */
  'CORRECTION_NOT_ALLOWED',
  /** Erasure preconditions are not met (retention, attestations). */
  'ERASURE_NOT_ALLOWED',
  /** The authority directory is empty, or a governance change is not allowed. */
  'DIRECTORY_ERROR',
  /** The function name is not a transaction of this chaincode. */
  'UNKNOWN_TRANSACTION',
  /** The submitter may not read this record. */
  'FORBIDDEN_READ',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether a string is one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
