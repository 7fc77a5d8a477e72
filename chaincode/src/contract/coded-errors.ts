/**
 * The one boundary where a ChaincodeError becomes the text Fabric carries back to the client.
 */
import type { Context } from 'fabric-contract-api';
import { ChaincodeError, encodeError } from '../domain';

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
export function refuseUnknownTransaction(ctx: Context): never {
  const { fcn } = ctx.stub.getFunctionAndParameters();
  throw new Error(encodeError(new ChaincodeError('UNKNOWN_TRANSACTION', `no transaction ${fcn}`, { fcn })));
}
