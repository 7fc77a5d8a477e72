/**
 * The storage port the simulated stub and the block committer run on.
 *
 * The port is synchronous on purpose: the in-memory adapter and the planned better-sqlite3
 * adapter are both synchronous, and a synchronous `applyBlock` makes MVCC validation plus commit
 * one atomic step with no interleaving between transactions.
 *
 * Keys are ordered by their UTF-8 bytes (see {@link compareKeys}); an SQLite adapter keeps the
 * same order by storing keys as BLOBs.
 */

/** The height at which a key was last written: Fabric's `{blockNum, txNum}` version. */
export interface Version {
  /** Block number of the writing transaction. */
  readonly blockNum: number;
  /** Position of the writing transaction inside its block. */
  readonly txNum: number;
}

/** A transaction timestamp as the channel header carries it (google.protobuf.Timestamp). */
export interface LedgerTimestamp {
  /** Whole seconds since the Unix epoch. */
  readonly seconds: number;
  /** Nanoseconds inside the second, 0 to 999,999,999. */
  readonly nanos: number;
}

/** A committed public value with its version. */
export interface VersionedValue {
  /** The stored bytes (never empty: an empty write is a delete on Fabric). */
  readonly value: Uint8Array;
  /** Height of the last write. */
  readonly version: Version;
}

/** One public key and its committed value, as a range scan yields it. */
export interface StoredEntry extends VersionedValue {
  /** The state key. */
  readonly key: string;
}

/** One committed change of a public key, for `getHistoryForKey`. */
export interface HistoryEntry {
  /** Id of the transaction that made the change. */
  readonly txId: string;
  /** That transaction's timestamp. */
  readonly timestamp: LedgerTimestamp;
  /** True when the change deleted the key. */
  readonly isDelete: boolean;
  /** The value written (empty for a delete). */
  readonly value: Uint8Array;
  /** Height of the change. */
  readonly version: Version;
}

/** A committed private value with its hash (the hash is what every peer of the channel holds). */
export interface PrivateValue {
  /** The private bytes. */
  readonly value: Uint8Array;
  /** SHA-256 of the value, as in Fabric's hashed private state. */
  readonly hash: Uint8Array;
  /** Height of the last write. */
  readonly version: Version;
}

/** One committed change of a private key; purging a key removes all of them. */
export interface PrivateHistoryEntry {
  /** Id of the transaction that made the change. */
  readonly txId: string;
  /** True when the change deleted the key. */
  readonly isDelete: boolean;
  /** The value written (empty for a delete). */
  readonly value: Uint8Array;
  /** Height of the change. */
  readonly version: Version;
}

/** A public write of one transaction: a value, or a delete. */
export type PublicWrite =
  | { readonly key: string; readonly isDelete: false; readonly value: Uint8Array }
  | { readonly key: string; readonly isDelete: true };

/** A private write of one transaction: a value, a delete, or a purge (delete plus history). */
export type PrivateWrite =
  | { readonly collection: string; readonly key: string; readonly kind: 'put'; readonly value: Uint8Array }
  | { readonly collection: string; readonly key: string; readonly kind: 'delete' | 'purge' };

/** A key-level endorsement policy write (`VALIDATION_PARAMETER` metadata). */
export interface ValidationParameterWrite {
  /** The public key the parameter belongs to. */
  readonly key: string;
  /** Serialized policy bytes; empty removes the parameter. */
  readonly parameter: Uint8Array;
}

/** The chaincode event a valid transaction emitted, with where it was committed. */
export interface CommittedEvent {
  /** Block that holds the transaction. */
  readonly blockNumber: number;
  /** Position of the transaction in the block. */
  readonly txNum: number;
  /** Id of the emitting transaction. */
  readonly txId: string;
  /** Event name given to `setEvent`. */
  readonly eventName: string;
  /** Event payload given to `setEvent`. */
  readonly payload: Uint8Array;
}

/** Everything one valid transaction changes, applied by {@link LedgerStore.applyBlock}. */
export interface TransactionWrites {
  /** Id of the transaction. */
  readonly txId: string;
  /** Position of the transaction in its block. */
  readonly txNum: number;
  /** The transaction's timestamp, kept in the key history. */
  readonly timestamp: LedgerTimestamp;
  /** Public writes, at most one per key. */
  readonly publicWrites: readonly PublicWrite[];
  /** Private writes, at most one per collection and key. */
  readonly privateWrites: readonly PrivateWrite[];
  /** Key-level validation parameter writes. */
  readonly validationParameterWrites: readonly ValidationParameterWrite[];
}

/** One block to apply atomically: the valid transactions' writes and their events. */
export interface BlockWrites {
  /** The block's number; must equal the store's current height. */
  readonly blockNumber: number;
  /** Writes of the block's valid transactions, in block order. */
  readonly transactions: readonly TransactionWrites[];
  /** Events of the block's valid transactions, in block order. */
  readonly events: readonly CommittedEvent[];
}

/** The storage port: committed state, history, private data, metadata and events. */
export interface LedgerStore {
  /** Number of blocks committed so far (the next block's number). */
  blockHeight(): number;
  /** The committed public value of a key, or undefined when it does not exist. */
  getState(key: string): VersionedValue | undefined;
  /**
   * The committed public entries with `startKey <= key < endKey` in key order (`endKey` `''` =
   * unbounded), at most `limit` of them when given.
   */
  getStateRange(startKey: string, endKey: string, limit?: number): StoredEntry[];
  /** Every committed change of a public key, oldest first. */
  getHistory(key: string): HistoryEntry[];
  /** The key-level validation parameter of a public key, or undefined. */
  getValidationParameter(key: string): Uint8Array | undefined;
  /** The committed private value of a key in a collection, or undefined. */
  getPrivateData(collection: string, key: string): PrivateValue | undefined;
  /** Every committed, unpurged change of a private key, oldest first. */
  getPrivateHistory(collection: string, key: string): PrivateHistoryEntry[];
  /** Committed events from `fromBlock` on, in commit order. */
  getEvents(fromBlock: number): CommittedEvent[];
  /**
   * Applies one block atomically and advances the height by one.
   *
   * @throws {@link SimulatorError} `BLOCK_OUT_OF_ORDER` when the
   * block number is not the current height.
   */
  applyBlock(block: BlockWrites): void;
}

/**
 * Converts a Date to the `{seconds, nanos}` of a proposal header.
 *
 * @param date - The time.
 * @returns Seconds and nanoseconds since the epoch.
 */
export function toLedgerTimestamp(date: Date): LedgerTimestamp {
  const millis = date.getTime();
  const seconds = Math.floor(millis / 1000);
  return { seconds, nanos: (millis - seconds * 1000) * 1_000_000 };
}
