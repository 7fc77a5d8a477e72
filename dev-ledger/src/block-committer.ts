import type { CommittedEvent, LedgerStore, LedgerTimestamp, TransactionWrites, Version } from './ledger-store';
import type { KeyRead, RangeQueryRead, ReadWriteSet } from './read-write-set';
import type { ChaincodeEventRecord } from './simulated-stub';

/** Fabric's validation codes for the checks the simulator makes (names as in `TxValidationCode`). */
export type TxValidationCode = 'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT';

/** An endorsed transaction ready to be ordered and committed. */
export interface EndorsedTransaction {
  /** Transaction id. */
  readonly txId: string;
  /** Proposal timestamp, kept in the key history. */
  readonly timestamp: LedgerTimestamp;
  /** What the simulation read and wants to write. */
  readonly readWriteSet: ReadWriteSet;
  /** The chaincode event, if the transaction set one. */
  readonly event?: ChaincodeEventRecord;
}

/** Outcome of committing one transaction. */
export interface CommitResult {
  /** Transaction id. */
  readonly txId: string;
  /** Block that holds the transaction (valid or not, as on Fabric). */
  readonly blockNumber: number;
  /** VALID, or why the transaction was invalidated (then nothing of it was applied). */
  readonly validationCode: TxValidationCode;
  /** The committed event, only for a valid transaction that set one. */
  readonly event?: CommittedEvent;
}

/**
 * The sequencer and committer: cuts one block per transaction, validates its read set against
 * committed state like Fabric's MVCC validation, and applies the writes of valid transactions.
 * Invalid transactions still take a block number, as they are still in Fabric's blocks.
 */
export class BlockCommitter {
  readonly #store: LedgerStore;

  /**
   * Creates a committer over a store.
   *
   * @param store - The ledger store to validate against and write to.
   */
  constructor(store: LedgerStore) {
    this.#store = store;
  }

  /**
   * Checks a read-write set against the current committed state.
   *
   * @param rwSet - The simulation's read-write set.
   * @returns VALID; MVCC_READ_CONFLICT when a key read (public or private) changed version;
   * PHANTOM_READ_CONFLICT when a range query would now return other keys or versions.
   */
  validate(rwSet: ReadWriteSet): TxValidationCode {
    const publicStale = rwSet.reads.some((read) => !sameVersion(this.#store.getState(read.key)?.version, read.version));
    const privateStale = rwSet.privateReads.some(
      (read) => !sameVersion(this.#store.getPrivateData(read.collection, read.key)?.version, read.version),
    );
    if (publicStale || privateStale) {
      return 'MVCC_READ_CONFLICT';
    }
    if (rwSet.rangeQueries.some((query) => !this.#rangeUnchanged(query))) {
      return 'PHANTOM_READ_CONFLICT';
    }
    return 'VALID';
  }

  /**
   * Validates a transaction and commits it in a new block; writes and event apply only if VALID.
   *
   * @param tx - The endorsed transaction.
   * @returns Block number, validation code and the committed event.
   */
  commit(tx: EndorsedTransaction): CommitResult {
    const blockNumber = this.#store.blockHeight();
    const validationCode = this.validate(tx.readWriteSet);
    if (validationCode !== 'VALID') {
      this.#store.applyBlock({ blockNumber, transactions: [], events: [] });
      return { txId: tx.txId, blockNumber, validationCode };
    }
    const writes: TransactionWrites = {
      txId: tx.txId,
      txNum: 0,
      timestamp: tx.timestamp,
      publicWrites: tx.readWriteSet.writes,
      privateWrites: tx.readWriteSet.privateWrites,
      validationParameterWrites: tx.readWriteSet.validationParameterWrites,
    };
    const event: CommittedEvent | undefined = tx.event && {
      blockNumber,
      txNum: 0,
      txId: tx.txId,
      eventName: tx.event.eventName,
      payload: tx.event.payload,
    };
    this.#store.applyBlock({ blockNumber, transactions: [writes], events: event ? [event] : [] });
    return event ? { txId: tx.txId, blockNumber, validationCode, event } : { txId: tx.txId, blockNumber, validationCode };
  }

  #rangeUnchanged(query: RangeQueryRead): boolean {
    // A scan that stopped early covers the keys up to its last key, inclusive; key + U+0000 is
    // the next possible key in byte order.
    const endKey = query.itrExhausted ? query.endKey : `${query.endKey}\u0000`;
    const now: KeyRead[] = this.#store.getStateRange(query.startKey, endKey);
    return (
      now.length === query.reads.length &&
      now.every((entry, i) => {
        const read = query.reads[i];
        return read !== undefined && entry.key === read.key && sameVersion(entry.version, read.version);
      })
    );
  }
}

function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.blockNum === b.blockNum && a.txNum === b.txNum);
}
