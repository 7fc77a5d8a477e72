/**
 * How the dev ledger reports failures at the port, with the same codes as the fabric adapter:
 * chaincode errors carry the chaincode's code, invalidated transactions the validation code.
 */
import { decodeError, LedgerError } from '@asylum-ledger/domain';

/**
 * The port error for a chaincode response that failed at endorsement (nothing was ordered).
 *
 * @param message - The chaincode's error message.
 * @param txId - The proposal's transaction id.
 * @returns A LedgerError with the chaincode's code, or `LEDGER_INTERNAL` for an uncoded failure.
 */
export function toChaincodeFailure(message: string, txId: string): LedgerError {
  const decoded = decodeError(message);
  if (!decoded) {
    return new LedgerError('LEDGER_INTERNAL', `chaincode failed without a coded error: ${message}`, { txId });
  }
  return new LedgerError(decoded.code, decoded.message, { details: { ...decoded.details }, txId });
}

/**
 * The port error for a transaction that was ordered but invalidated at commit.
 *
 * @param validationCode - The validation code, e.g. `MVCC_READ_CONFLICT`.
 * @param txId - The transaction id.
 * @param blockNumber - The block holding the invalid transaction.
 * @returns `MVCC_READ_CONFLICT`, or `TRANSACTION_INVALID` naming the code in its details.
 */
export function toInvalidation(validationCode: string, txId: string, blockNumber: number): LedgerError {
  const details = { validationCode, blockNumber };
  if (validationCode === 'MVCC_READ_CONFLICT') {
    return new LedgerError('MVCC_READ_CONFLICT', `transaction ${txId} was invalidated by a read conflict`, { details, txId });
  }
  return new LedgerError('TRANSACTION_INVALID', `transaction ${txId} was invalidated: ${validationCode}`, { details, txId });
}

/**
 * Wraps an unexpected failure of the store or the simulator as a port error.
 *
 * @param error - What was thrown.
 * @param closed - Whether the ledger was closed (then the store is unavailable, not broken).
 * @returns The error itself when it already is a LedgerError, else `LEDGER_UNAVAILABLE` or `LEDGER_INTERNAL`.
 */
export function toLedgerError(error: unknown, closed: boolean): LedgerError {
  if (error instanceof LedgerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return closed
    ? new LedgerError('LEDGER_UNAVAILABLE', 'the dev ledger is closed', { cause: error })
    : new LedgerError('LEDGER_INTERNAL', `dev ledger failure: ${message}`, { cause: error });
}
