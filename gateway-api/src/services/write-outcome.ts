/**
 * The final outcome of a write and its stored form. A refusal keeps one form from the ledger to the
 * client: the LedgerError is stored as its serialised form, and answered from that form now and on
 * every replay, so the first answer and each replay are the same.
 */
import { type CommittedReceipt, LedgerError } from '@asylum-ledger/domain';
import type { StoredOutcome } from '../ports/gateway-store';

/** What a write ends in: the receipt of its committed transaction, or a final refusal. */
export type WriteOutcome = CommittedReceipt | LedgerError;

/**
 * The stored form of a final outcome.
 * @param outcome the receipt, or the refusal.
 * @returns the receipt as is, or the refusal's code, message and details.
 */
export function toStoredOutcome(outcome: WriteOutcome): StoredOutcome {
  if (!(outcome instanceof LedgerError)) return { ok: true, receipt: outcome };
  return { ok: false, code: outcome.code, message: outcome.message, details: { ...outcome.details } };
}

/**
 * The outcome a stored form stands for.
 * @param stored a stored outcome.
 * @returns the receipt, or the refusal as a LedgerError.
 */
export function fromStoredOutcome(stored: StoredOutcome): WriteOutcome {
  if (stored.ok) return stored.receipt;
  return new LedgerError(stored.code, stored.message, { details: stored.details });
}
