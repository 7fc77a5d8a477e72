/**
 * Submission with the retry policy: a definite MVCC_READ_CONFLICT (the transaction was ordered and
 * invalidated, so it wrote nothing; for a planned request also ENDORSEMENT_POLICY_FAILURE) is retried as a fresh transaction a few times with jittered
 * backoff. Everything else is returned to the caller: an unknown commit status in particular is
 * never re-submitted here.
 *
 * The retry keeps the same chaincode requestId. The invalidated transaction's write set, request
 * marker included, was discarded, so the chaincode sees the id as unused and the fresh proposal
 * reads the current state. Keeping the id means that if an earlier attempt did commit after all,
 * the retry is refused as DUPLICATE_REQUEST instead of applying the change twice.
 */
import type { LedgerPort, SubmitRequest, SubmitResult } from '@asylum-ledger/domain';
import { LedgerError } from '@asylum-ledger/domain';

/** The retry policy. */
export interface RetryPolicy {
  /** Retries after the first attempt (0: none). */
  readonly retries: number;
  /** Base delay; attempt n waits a random time in [base * 2^n / 2, base * 2^n]. */
  readonly baseDelayMs: number;
  /** Waits (injectable for tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform random number in [0, 1) (injectable for tests). */
  readonly random?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Submits, retrying definite MVCC read conflicts. A request planned anew for each attempt (a
 * function: a write with private fields, whose endorsers are chosen from the case key's policy as
 * it is at that moment) also retries a definite ENDORSEMENT_POLICY_FAILURE: the policy may have
 * changed between planning and validation (a concurrent change of responsibility), and the next
 * attempt plans against the new one.
 * @throws {LedgerError} the last retried failure after the retries, or any other ledger failure at once.
 */
export async function submitWithRetry(ledger: LedgerPort, request: SubmitRequest | (() => Promise<SubmitRequest>), policy: RetryPolicy): Promise<SubmitResult> {
  const sleep = policy.sleep ?? defaultSleep;
  const random = policy.random ?? Math.random;
  const planned = typeof request === 'function';
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await ledger.submit(planned ? await request() : request);
    } catch (error) {
      const code = error instanceof LedgerError ? error.code : undefined;
      const conflict = code === 'MVCC_READ_CONFLICT' || (planned && code === 'ENDORSEMENT_POLICY_FAILURE');
      if (!conflict || attempt >= policy.retries) throw error;
      const ceiling = policy.baseDelayMs * 2 ** attempt;
      await sleep(Math.round(ceiling / 2 + random() * (ceiling / 2)));
    }
  }
}
