/**
 * Confirms a claimed DUPLICATE_REQUEST before the gateway believes that an earlier attempt of a
 * write committed. The claim names a txId; the gateway's own org's peer, at its current height, must
 * show that txId as the request's marker, report it VALID (qscc), and hold it in the case history.
 * Only then is the receipt the write's outcome; otherwise nothing is stored and the client retries.
 */
import { type CommittedReceipt, LedgerError, type Role } from '@asylum-ledger/domain';
import type { CaseLedger } from './case-ledger';

/** Which request of which case the claim is about. */
export interface RequestIds {
  readonly caseRef: string;
  readonly requestId: string;
}

/** Failures that say only "not now": they pass through, the key stays pending. */
const TRANSIENT: ReadonlySet<string> = new Set(['LEDGER_UNAVAILABLE']);

/**
 * The receipt of the transaction a DUPLICATE_REQUEST claims, once the own peer confirms it.
 * @param ledger the case ledger (the own peer).
 * @param role the role that reads.
 * @param ids the request's caseRef and request id.
 * @param claimedTxId the original txId the refusal named.
 * @returns the receipt of the claimed transaction.
 * @throws {LedgerError} DUPLICATE_UNCONFIRMED when the own peer's marker names another txId (or none),
 * the txId is not VALID there, or any read fails otherwise; LEDGER_UNAVAILABLE passes through.
 */
export async function confirmDuplicate(ledger: CaseLedger, role: Role, ids: RequestIds, claimedTxId: string): Promise<CommittedReceipt> {
  const marker = await readOwnPeer(() => ledger.requestMarker(role, ids.caseRef, ids.requestId), claimedTxId);
  if (marker !== claimedTxId) throw unconfirmed(claimedTxId, marker === null ? 'no marker' : 'another txId');
  const receipt = await readOwnPeer(() => ledger.committedReceipt(role, ids.caseRef, claimedTxId), claimedTxId);
  if (!receipt) throw unconfirmed(claimedTxId, 'not valid on the own peer');
  return receipt;
}

/** One read of the own peer: "not now" passes through, any other failure leaves the claim unconfirmed. */
async function readOwnPeer<T>(read: () => Promise<T>, claimedTxId: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof LedgerError && TRANSIENT.has(error.code)) throw error;
    throw unconfirmed(claimedTxId, error instanceof LedgerError ? error.code : 'unreadable', error);
  }
}

function unconfirmed(txId: string, reason: string, cause?: unknown): LedgerError {
  // the claimed txId stays out of the answer: unconfirmed, it must not look like a receipt
  return new LedgerError('DUPLICATE_UNCONFIRMED', 'the ledger claims this request was already recorded, but this authority\'s peer does not confirm it yet; retry with the same Idempotency-Key', {
    details: { reason },
    cause: cause ?? new Error(`unconfirmed claim of ${txId}`),
  });
}
