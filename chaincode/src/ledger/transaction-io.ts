/**
 * What a transaction reads from and writes to its envelope rather than to state: the submitter,
 * the transaction's day, transient private data, and the chaincode event.
 */
import type { Context } from 'fabric-contract-api';
import { CASE_EVENT_NAME, type CaseEvent, ChaincodeError, MAX_INPUT_BYTES, germanDayOf } from '@asylum-ledger/domain';
import { canonicalBytes } from '@asylum-ledger/domain';

/** Transient-map key under which private fields travel. */
export const PRIVATE_TRANSIENT_KEY = 'private';

/** The submitter's MSP ID and `role` certificate attribute. */
export function submitterOf(ctx: Context): { mspId: string; role: string | null } {
  return { mspId: ctx.clientIdentity.getMSPID(), role: ctx.clientIdentity.getAttributeValue('role') };
}

/** German civil date of the transaction timestamp (the same on every endorsing peer). */
export function transactionDay(ctx: Context): string {
  return germanDayOf(Math.floor(ctx.stub.getDateTimestamp().getTime() / 1000));
}

/**
 * Private fields passed as transient data, parsed as JSON but not yet validated.
 * @throws {ChaincodeError} VALIDATION_FAILED when present but not JSON or too long.
 */
export function readPrivateInput(ctx: Context): unknown {
  const bytes = ctx.stub.getTransient().get(PRIVATE_TRANSIENT_KEY);
  if (!bytes || bytes.length === 0) return undefined;
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new ChaincodeError('VALIDATION_FAILED', `private data is longer than ${MAX_INPUT_BYTES} bytes`, {});
  }
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch {
    throw new ChaincodeError('VALIDATION_FAILED', 'private data is not valid JSON', {});
  }
}

/** Emits the transaction's one CaseEvent. */
export function emitCaseEvent(ctx: Context, event: CaseEvent): void {
  ctx.stub.setEvent(CASE_EVENT_NAME, canonicalBytes(event));
}

/** The transaction id. */
export function transactionId(ctx: Context): string {
  return ctx.stub.getTxID();
}
