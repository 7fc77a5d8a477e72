import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, StatusCode, type Status } from '@hyperledger/fabric-gateway';
import type { LedgerError } from '@asylum-ledger/domain';
import { awaitCommitStatus, type CommitStatusSource } from './commit-status';
import { gatewayErrorProperties } from './test-support/gateway-fakes';

const TX = 'b'.repeat(64);
const VALID: Status = { blockNumber: 7n, code: StatusCode.VALID, successful: true, transactionId: TX };

/** A submitted transaction whose status calls answer from a script (it has no way to re-submit). */
class ScriptedCommit implements CommitStatusSource {
  readonly calls: unknown[] = [];
  readonly #answers: (Status | GrpcStatus)[];

  constructor(answers: (Status | GrpcStatus)[]) {
    this.#answers = answers;
  }

  getTransactionId(): string {
    return TX;
  }

  async getStatus(options?: unknown): Promise<Status> {
    this.calls.push(options);
    const answer = this.#answers.shift();
    if (answer === undefined) throw new Error('asked once too often');
    if (typeof answer === 'object') return answer;
    throw new CommitStatusError({ ...gatewayErrorProperties(answer, 'no status'), transactionId: TX });
  }
}

const polling = { callOptions: () => ({ deadline: 1 }), attempts: 3, retryDelayMs: 1 };

describe('awaitCommitStatus: polls an unknown commit status, never re-submits', () => {
  it('returns the status when it arrives', async () => {
    const commit = new ScriptedCommit([VALID]);
    await expect(awaitCommitStatus(commit, polling)).resolves.toEqual(VALID);
    expect(commit.calls).toEqual([{ deadline: 1 }]);
  });

  it('waits again after a deadline or an unreachable peer, with fresh call options each time', async () => {
    let deadline = 0;
    const commit = new ScriptedCommit([GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.UNAVAILABLE, VALID]);
    await expect(awaitCommitStatus(commit, { ...polling, callOptions: () => ({ deadline: ++deadline }) })).resolves.toEqual(VALID);
    expect(commit.calls).toEqual([{ deadline: 1 }, { deadline: 2 }, { deadline: 3 }]);
  });

  it('gives up with COMMIT_TIMEOUT and the txId after the last wait', async () => {
    const commit = new ScriptedCommit([GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.DEADLINE_EXCEEDED]);
    const error = (await awaitCommitStatus(commit, polling).catch((failure: unknown) => failure)) as LedgerError;
    expect({ name: error.name, code: error.code, txId: error.txId, details: error.details }).toEqual({
      name: 'LedgerError',
      code: 'COMMIT_TIMEOUT',
      txId: TX,
      details: { attempts: 3 },
    });
    expect(error.cause).toBeInstanceOf(CommitStatusError);
    expect(commit.calls).toHaveLength(3);
  });

  it('does not wait again after another failure of the status call', async () => {
    const commit = new ScriptedCommit([GrpcStatus.PERMISSION_DENIED, VALID]);
    await expect(awaitCommitStatus(commit, polling)).rejects.toMatchObject({ code: 'LEDGER_INTERNAL', txId: TX });
    expect(commit.calls).toHaveLength(1);
  });

  it('returns an invalid status for the caller to translate', async () => {
    const conflict: Status = { ...VALID, code: StatusCode.MVCC_READ_CONFLICT, successful: false };
    await expect(awaitCommitStatus(new ScriptedCommit([conflict]), polling)).resolves.toEqual(conflict);
  });
});
