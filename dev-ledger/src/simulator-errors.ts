/** The closed list of codes a {@link SimulatorError} carries. Add codes; never rename them. */
export const SIMULATOR_ERROR_CODES = [
  'BLOCK_OUT_OF_ORDER',
  'NOT_SUPPORTED',
  'INVALID_ARGUMENT',
  'UNSUPPORTED_TRANSACTION',
  'ALREADY_COMMITTED',
  'ENDORSEMENT_FAILED',
] as const;

/** A code from {@link SIMULATOR_ERROR_CODES}. */
export type SimulatorErrorCode = (typeof SIMULATOR_ERROR_CODES)[number];

/** Properties of a {@link SimulatorError}. */
export interface SimulatorErrorOptions {
  /** Stable code; callers branch on it, never on the message. */
  readonly code: SimulatorErrorCode;
  /** Human-readable text, worded like the peer's message where Fabric has one. */
  readonly message: string;
  /** Transaction the error belongs to, when there is one. */
  readonly txId?: string;
}

/** An error raised by the simulator itself (not by the chaincode under test). */
export class SimulatorError extends Error {
  /** Stable code from {@link SIMULATOR_ERROR_CODES}. */
  readonly code: SimulatorErrorCode;
  /** Transaction the error belongs to, when there is one. */
  readonly txId: string | undefined;

  /**
   * Creates the error.
   *
   * @param options - Code, message and optional transaction id.
   */
  constructor(options: Readonly<SimulatorErrorOptions>) {
    super(options.message);
    this.name = new.target.name;
    this.code = options.code;
    this.txId = options.txId;
  }
}
