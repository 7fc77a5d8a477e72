/**
 * RFC 9457 problem details: the ONE table from error code to HTTP status, and the ONE translation of
 * anything thrown into a problem response. Every refusal, the ledger's and the gateway's own, is a
 * LedgerError mapped by its code, never by message text.
 */
import { ERROR_CODES, LEDGER_ERROR_CODES, LedgerError } from '@asylum-ledger/domain';
import type { Response } from 'express';

/** One row of the problem table. */
export interface ProblemKind {
  readonly status: number;
  readonly title: string;
  /** Whether retrying the same request later can succeed (documented for clients). */
  readonly retryable: boolean;
}

const row = (status: number, title: string, retryable = false): ProblemKind => ({ status, title, retryable });

/**
 * Every code the API answers with, and its status. Codes are API: add, never rename.
 * DUPLICATE_REQUEST is 409: the request conflicts with what the ledger already holds (the
 * gateway makes request ids itself, so a client normally never sees it). 422 is reserved for
 * IDEMPOTENCY_KEY_REUSED, a client misusing one key for two different bodies.
 */
export const PROBLEM_TABLE = {
  VALIDATION_FAILED: row(400, 'The request does not match the schema'),
  IDEMPOTENCY_KEY_MISSING: row(400, 'This request needs an Idempotency-Key header'),
  UNAUTHENTICATED: row(401, 'A valid bearer token is required'),
  FORBIDDEN_ROLE: row(403, 'Your role may not do this'),
  FORBIDDEN_ORG: row(403, 'Your organisation is not competent for this case'),
  FORBIDDEN_READ: row(403, 'You may not read this record'),
  CASE_NOT_FOUND: row(404, 'No such case'),
  LOCAL_REFERENCE_NOT_FOUND: row(404, 'No mapping for this local reference'),
  NOT_FOUND: row(404, 'Not found'),
  METHOD_NOT_ALLOWED: row(405, 'This resource does not answer this method; the Allow header names those it does'),
  INVALID_TRANSITION: row(409, 'The case is not in a state that allows this transition'),
  REMOVAL_HOLD_ACTIVE: row(409, 'A removal hold is active'),
  VERSION_CONFLICT: row(409, 'The case changed since you read it (expectedSeq)'),
  CASE_EXISTS: row(409, 'The case already exists'),
  RESPONSIBILITY_OPEN: row(409, 'The authority is still responsible for cases'),
  DIRECTORY_CONFLICT: row(409, 'The directory change conflicts with what the ledger holds'),
  NOT_IN_REGIME: row(409, 'This transaction does not exist under the legal regime of this case'),
  FINALITY_PREMATURE: row(409, 'A period for a remedy still runs: the decision cannot be final yet'),
  DEPARTURE_NOT_YET_REQUIRED: row(409, 'The obligation to leave is not enforceable yet'),
  REMOVAL_NOT_YET_LAWFUL: row(409, 'A removal or transfer is not lawful on this day yet'),
  REMOVAL_BARRED_BY_FOLLOW_UP: row(409, 'A follow-up application linked to this case bars the removal or transfer'),
  DUPLICATE_REQUEST: row(409, 'This request was already recorded on the ledger'),
  REQUEST_IN_PROGRESS: row(409, 'A request with this Idempotency-Key is still being processed', true),
  MVCC_READ_CONFLICT: row(409, 'The case changed concurrently; retry with the same Idempotency-Key', true),
  PAYLOAD_TOO_LARGE: row(413, 'The request body is too large'),
  UNSUPPORTED_MEDIA_TYPE: row(415, 'Send application/json'),
  IDEMPOTENCY_KEY_REUSED: row(422, 'This Idempotency-Key was used with a different request'),
  DATE_IN_FUTURE: row(422, 'A date of something done lies in the future'),
  CORRECTION_NOT_ALLOWED: row(422, 'This correction is not allowed'),
  CORRECTION_BREAKS_HISTORY: row(422, "The case's history no longer applies with this correction"),
  ERASURE_NOT_ALLOWED: row(422, 'Erasure preconditions are not met'),
  PROCEDURE_TRACK_REQUIRED: row(422, 'A decision in the reformed procedure names its procedure track'),
  PERIOD_EXPIRED: row(422, 'The period for this remedy has ended'),
  DEPARTURE_PERIOD_TOO_SHORT: row(422, 'The departure deadline ends before the statutory departure period'),
  PREVIOUS_CASE_NOT_FOUND: row(422, 'previousCaseRef names no case on the ledger'),
  DIRECTORY_CHANGE_INVALID: row(422, 'The directory content is not allowed'),
  RATE_LIMITED: row(429, 'Too many requests', true),
  AUTHENTICATION_RATE_LIMITED: row(429, 'Too many failed authentications from this client; wait before sending a token again', true),
  INTERNAL: row(500, 'Internal error'),
  UNKNOWN_TRANSACTION: row(500, 'The gateway asked the chaincode for an unknown transaction'),
  LEDGER_INTERNAL: row(502, 'The ledger failed unexpectedly'),
  ENDORSEMENT_POLICY_FAILURE: row(502, 'The endorsements did not satisfy the policy', true),
  TRANSACTION_INVALID: row(502, 'The ledger invalidated the transaction', true),
  LEDGER_UNAVAILABLE: row(503, 'The ledger is unavailable; retry later', true),
  LEDGER_BEHIND: row(503, "This authority's peer has not yet reached the block you have seen; retry with the same Idempotency-Key", true),
  DUPLICATE_UNCONFIRMED: row(503, "The ledger says this request was recorded before, but this authority's peer does not confirm it yet; retry with the same Idempotency-Key", true),
  PRIVATE_DATA_NOT_HELD: row(503, "No peer that keeps the case's private fields answered; retry later", true),
  ENDORSERS_DISAGREE: row(503, "Another authority's peer refused what this authority's own peer did not; nothing is final yet, retry with the same Idempotency-Key", true),
  DIRECTORY_ERROR: row(503, 'The authority directory is not bootstrapped yet', true),
  TIMESTAMP_OUT_OF_RANGE: row(503, "The peers refused the transaction time: this gateway's clock differs from theirs", true),
  IDP_UNAVAILABLE: row(503, 'The identity provider keys cannot be fetched', true),
  SHUTTING_DOWN: row(503, 'The gateway is shutting down; retry', true),
  COMMIT_TIMEOUT: row(504, 'The commit status did not arrive in time; retry with the same Idempotency-Key', true),
  TRANSFER_PERIOD_EXPIRED: row(409, 'The transfer period has ended: responsibility passed to Germany'),
  EXPORT_UNAVAILABLE: row(503, 'This gateway has no key to sign audit exports with'),
} as const satisfies Record<string, ProblemKind>;

/** A code of the problem table. */
export type ProblemCode = keyof typeof PROBLEM_TABLE;

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** An RFC 9457 body with the stable `code` extension and optional safe extensions. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly txId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Whether a string is a code of the problem table. */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEM_TABLE, code);
}

/** The problem `type` URI of a code. */
export function problemType(code: string): string {
  return `urn:asylum-ledger:problem:${code}`;
}

/** Builds the problem body for a code (unknown codes become 500 INTERNAL). */
export function newProblem(
  code: string,
  detail: string,
  extras: Readonly<{ txId?: string; details?: Readonly<Record<string, unknown>> }> = {},
): Problem {
  const known: ProblemCode = isProblemCode(code) ? code : 'INTERNAL';
  const kind = PROBLEM_TABLE[known];
  const hasDetails = extras.details !== undefined && Object.keys(extras.details).length > 0;
  return {
    type: problemType(known),
    title: kind.title,
    status: kind.status,
    detail,
    code: known,
    ...(extras.txId !== undefined ? { txId: extras.txId } : {}),
    ...(hasDetails ? { details: extras.details } : {}),
  };
}

/** Every chaincode and ledger-port code the API can pass through (for the completeness test). */
export const PASS_THROUGH_CODES: readonly string[] = [...ERROR_CODES, ...LEDGER_ERROR_CODES];

/** Whether a code is raised by the ledger (the chaincode's or the port's) rather than made by the gateway. */
function raisedByLedger(code: string): boolean {
  return PASS_THROUGH_CODES.includes(code) || !isProblemCode(code);
}

/**
 * Translates anything thrown into a problem. A LedgerError keeps its code (a code the table does
 * not know becomes 502 LEDGER_INTERNAL); any other error is a 500 whose detail says nothing about
 * the cause (it is logged instead).
 */
export function toProblem(error: unknown): Problem {
  if (!(error instanceof LedgerError)) return newProblem('INTERNAL', 'an internal error occurred; it was logged');
  const code: ProblemCode = isProblemCode(error.code) ? error.code : 'LEDGER_INTERNAL';
  const txId = error.txId !== undefined ? { txId: error.txId } : {};
  // A server-side failure the ledger raised may quote peer addresses or raw peer messages: the client
  // gets the table's sentence, the log gets the rest. The gateway's own texts, and every 4xx, stay.
  if (PROBLEM_TABLE[code].status >= 500 && raisedByLedger(error.code)) return newProblem(code, PROBLEM_TABLE[code].title, txId);
  return newProblem(code, error.message, { ...txId, details: { ...error.details } });
}

/** Sends a problem with its status, content type and, for retryable waits, Retry-After. */
export function sendProblem(res: Response, problem: Problem): void {
  if (problem.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  const wait = problem.details?.retryAfterSeconds;
  if (typeof wait === 'number') res.setHeader('Retry-After', String(wait));
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}
