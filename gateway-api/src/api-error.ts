/**
 * The one error type that services and middleware throw. It carries a stable code (see
 * `http/problem.ts` for the code-to-status table); the HTTP layer alone turns it into a response.
 */

/** Structured, non-personal facts about a failure (codes, field paths, txIds; never input values). */
export type ApiErrorDetails = Readonly<Record<string, unknown>>;

/** A failure with a stable code, as the API reports it. */
export class ApiError extends Error {
  /** A problem code such as `VALIDATION_FAILED` or `COMMIT_TIMEOUT`. */
  readonly code: string;
  readonly details: ApiErrorDetails;
  /** The Fabric transaction id, when one exists (e.g. for COMMIT_TIMEOUT). */
  readonly txId: string | undefined;

  constructor(code: string, message: string, options: Readonly<{ details?: ApiErrorDetails; txId?: string; cause?: unknown }> = {}) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.details = options.details ?? {};
    this.txId = options.txId;
  }
}
