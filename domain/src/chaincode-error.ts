/**
 * Typed errors of the chaincode and the one codec that turns them into the text Fabric carries
 * to the client (inside EndorseError.details[].message), and back.
 */
import { type ErrorCode, isErrorCode } from './error-codes';

/** Structured, non-personal facts about an error (codes, states, txIds; never input values). */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | readonly string[] | null>>;

/** A failure of a chaincode transaction with a stable code. */
export class ChaincodeError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'ChaincodeError';
    this.code = code;
    this.details = details;
  }
}

/** The marker that precedes the JSON error body in a chaincode error message. */
export const ERROR_MARKER = 'ASYLUM_LEDGER_ERROR';

/** The decoded form of a chaincode error, as a client sees it. */
export interface DecodedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: ErrorDetails;
}

/** Encodes a ChaincodeError as the message text the shim returns to the peer. */
export function encodeError(error: ChaincodeError): string {
  return `${ERROR_MARKER} ${JSON.stringify({ code: error.code, message: error.message, details: error.details })}`;
}

/**
 * Finds and decodes a chaincode error inside any text (for example "chaincode response 500, …").
 * @returns the decoded error, or undefined when the text carries none.
 */
export function decodeError(text: string): DecodedError | undefined {
  const start = text.indexOf(ERROR_MARKER);
  if (start < 0) return undefined;
  const body = text.slice(start + ERROR_MARKER.length).trim();
  const end = body.lastIndexOf('}');
  if (!body.startsWith('{') || end < 0) return undefined;
  try {
    const parsed = JSON.parse(body.slice(0, end + 1)) as { code?: unknown; message?: unknown; details?: unknown };
    if (!isErrorCode(parsed.code) || typeof parsed.message !== 'string') return undefined;
    const details = typeof parsed.details === 'object' && parsed.details !== null ? parsed.details : {};
    return { code: parsed.code, message: parsed.message, details: details as ErrorDetails };
  } catch {
    return undefined;
  }
}
