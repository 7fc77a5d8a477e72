/** Stable codes of the failures the network CLI reports; codes are API, add but never rename. */
export type NetworkErrorCode =
  | 'PORT_IN_USE'
  | 'MISSING_BINARY'
  | 'UNSUPPORTED_FABRIC_VERSION'
  | 'GO_MISSING'
  | 'ENROLMENT_FAILED'
  | 'NOT_READY'
  | 'COMMAND_FAILED'
  | 'CHAINCODE_NOT_BUILT'
  | 'NOT_RUNNING'
  | 'PURGE_PENDING'
  | 'NAMESPACE_FAILED';

/** A failure of a network step, with a one-line message that says what to do. */
export class NetworkError extends Error {
  readonly code: NetworkErrorCode;

  /**
   * @param code stable code of the failure.
   * @param message one line: what failed and what to do.
   * @param cause the underlying error, if any.
   */
  constructor(code: NetworkErrorCode, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'NetworkError';
    this.code = code;
  }
}
