/**
 * The one boundary where a ChaincodeError becomes the text Fabric carries back to the client.
 */
import { ChaincodeError, encodeError } from '@asylum-ledger/domain';

/** Runs a transaction body and rethrows coded errors in their encoded form. */
export async function withCodedErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ChaincodeError) throw new Error(encodeError(error));
    throw error;
  }
}

/** Refuses a function name that is not a transaction of the contract, with a code. */
export function refuseUnknownTransaction(): never {
  // the function name is the caller's text: it is not repeated (the peer logs what the chaincode returns)
  throw new Error(encodeError(new ChaincodeError('UNKNOWN_TRANSACTION', 'no such transaction in this chaincode', {})));
}
