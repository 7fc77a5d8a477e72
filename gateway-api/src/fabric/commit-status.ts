/**
 * Waiting for a submitted transaction's commit status. The status is polled a few times when a wait
 * runs out or the peer drops, and never re-submitted: a transaction whose outcome is unknown may
 * still commit, so the caller gets COMMIT_TIMEOUT with its txId instead.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, type Commit, type Status } from '@hyperledger/fabric-gateway';
import { LedgerError } from '@asylum-ledger/domain';
import { isGrpcStatus, toLedgerError } from './fabric-errors';
import type { CallOptionsSupplier } from './stage-deadlines';

/** How long and how often to wait for a commit status. */
export interface CommitStatusPolling {
  /** The call options (deadline) of each wait. */
  readonly callOptions: CallOptionsSupplier;
  /** How many waits before giving up with COMMIT_TIMEOUT (at least 1). */
  readonly attempts: number;
  /** Pause before the next wait when the peer could not be reached (the wait itself took no time). */
  readonly retryDelayMs: number;
}

/** The part of a fabric-gateway Commit this needs (a fake in unit tests). */
export type CommitStatusSource = Pick<Commit, 'getStatus' | 'getTransactionId'>;

/**
 * Waits for the commit status of a submitted transaction.
 * @param commit the submitted transaction.
 * @param polling deadline per wait, number of waits, pause after an unreachable peer.
 * @returns the status, valid or not (the caller decides what an invalid one means).
 * @throws {@link LedgerError} `COMMIT_TIMEOUT` with the txId when no status arrived in any wait;
 * `LEDGER_INTERNAL` for any other failure of the status call.
 */
export async function awaitCommitStatus(commit: CommitStatusSource, polling: Readonly<CommitStatusPolling>): Promise<Status> {
  const txId = commit.getTransactionId();
  const attempts = Math.max(1, polling.attempts);
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await commit.getStatus(polling.callOptions());
    } catch (error) {
      if (!isStatusNotYetKnown(error)) throw toLedgerError(error);
      last = error;
      if (isGrpcStatus(error.code, GrpcStatus.UNAVAILABLE) && attempt < attempts) await sleep(polling.retryDelayMs);
    }
  }
  throw new LedgerError('COMMIT_TIMEOUT', `no commit status for ${txId} after ${attempts} waits; it may still commit`, {
    txId,
    details: { attempts },
    cause: last,
  });
}

function isStatusNotYetKnown(error: unknown): error is CommitStatusError {
  return (
    error instanceof CommitStatusError && isGrpcStatus(error.code, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.UNAVAILABLE)
  );
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
