/**
 * The embedded ledger's single sequencer: commits endorsed transactions strictly one after the
 * other, one block each, validating every read-write set against committed state (the simulator's
 * MVCC and phantom checks) and telling event streams when a block is in.
 */
import { BlockCommitter } from './block-committer';
import { type BlockWrites } from './ledger-store';
import { type SimulationResult } from './transaction-simulator';
import { summarizeReadWriteSet } from './block-chain';
import { CommitSignal } from './event-stream';
import { SerialQueue } from './serial-queue';
import type { SqliteLedgerStore } from './sqlite-ledger-store';

/** The creator of a transaction, as the block and the transaction index record it. */
export interface TransactionCreator {
  readonly mspId: string;
  readonly role: string;
}

/** Where a transaction landed and whether it is valid. */
export interface SequencedTransaction {
  readonly blockNumber: number;
  /** `VALID`, `MVCC_READ_CONFLICT` or `PHANTOM_READ_CONFLICT`. */
  readonly validationCode: string;
}

/** Orders, validates and commits transactions one block at a time. */
export class BlockSequencer {
  readonly #store: SqliteLedgerStore;
  readonly #committer: BlockCommitter;
  readonly #queue = new SerialQueue();
  /** Fires after every committed block. */
  readonly signal = new CommitSignal();

  /**
   * Creates the sequencer over the store it commits to.
   *
   * @param store - The ledger store.
   */
  constructor(store: SqliteLedgerStore) {
    this.#store = store;
    this.#committer = new BlockCommitter(store);
  }

  /**
   * Queues a simulated transaction; when its turn comes it is validated and committed in the next
   * block (an invalid one too, with its validation code and none of its writes).
   *
   * @param simulation - The endorsed simulation.
   * @param creator - The submitting org and role.
   * @returns Block number and validation code.
   * @throws whatever the store throws (the caller maps it to a port error).
   */
  commit(simulation: SimulationResult, creator: Readonly<TransactionCreator>): Promise<SequencedTransaction> {
    return this.#queue.run(() => this.#commitNow(simulation, creator));
  }

  /**
   * Runs a task after every commit queued so far (used to close the store behind them).
   *
   * @param task - The task.
   */
  async drain(task: () => void): Promise<void> {
    await this.#queue.run(task);
  }

  #commitNow(simulation: SimulationResult, creator: Readonly<TransactionCreator>): SequencedTransaction {
    const blockNumber = this.#store.blockHeight();
    const validationCode = this.#committer.validate(simulation.readWriteSet);
    this.#store.commitBlock(blockWrites(blockNumber, simulation, validationCode === 'VALID'), [
      {
        txId: simulation.txId,
        txNum: 0,
        validationCode,
        creatorMspId: creator.mspId,
        creatorRole: creator.role,
        timestamp: new Date(simulation.timestamp.seconds * 1000 + Math.floor(simulation.timestamp.nanos / 1e6)).toISOString(),
        summary: summarizeReadWriteSet(simulation.readWriteSet),
      },
    ]);
    this.signal.notify();
    return { blockNumber, validationCode };
  }
}

function blockWrites(blockNumber: number, simulation: SimulationResult, valid: boolean): BlockWrites {
  if (!valid) return { blockNumber, transactions: [], events: [] };
  const { readWriteSet: rwSet, event } = simulation;
  return {
    blockNumber,
    transactions: [
      {
        txId: simulation.txId,
        txNum: 0,
        timestamp: simulation.timestamp,
        publicWrites: rwSet.writes,
        privateWrites: rwSet.privateWrites,
        validationParameterWrites: rwSet.validationParameterWrites,
      },
    ],
    events: event ? [{ blockNumber, txNum: 0, txId: simulation.txId, eventName: event.eventName, payload: event.payload }] : [],
  };
}
