/**
 * The simulator's synchronous LedgerStore port over better-sqlite3, plus the block log: every
 * block (state, history, private data, events, header, transaction index) is one SQLite
 * transaction, so a crash mid-commit leaves the previous block as the last one.
 */
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type { BlockWrites, CommittedEvent, HistoryEntry, LedgerStore, PrivateHistoryEntry, PrivateValue, StoredEntry, VersionedValue } from './ledger-store';
import { SimulatorError } from './simulator-errors';
import { LedgerError } from '@asylum-ledger/domain';
import { digestEvent, digestWrites, type BlockTransactionRecord } from './block-chain';
import { SqliteBlockLog, type StoredBlock, type StoredBlockHeader, type StoredTransaction } from './sqlite-block-log';
import { migrateSqliteLedger } from './sqlite-migrations';
import { keyBytes, SqliteStateWriter } from './sqlite-state-writer';

/** Options of {@link SqliteLedgerStore}. */
export interface SqliteLedgerStoreOptions {
  /** Database file; `:memory:` for a throwaway store. */
  readonly path: string;
  /** SQLite `synchronous` level: FULL (default) survives power loss, NORMAL only process crashes. */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

/** A transaction of a block to commit; its writes and event come from the block's writes. */
export type PendingBlockTransaction = Omit<BlockTransactionRecord, 'writes' | 'event'>;

/** Result of verifying the whole chain. */
export interface ChainVerification {
  readonly valid: boolean;
  /** Number of blocks checked. */
  readonly height: number;
  /** One line per failed check, e.g. `block 3: data hash mismatch`. */
  readonly problems: readonly string[];
}

interface ValueRow {
  value: Buffer;
  block_num: number;
  tx_num: number;
}
interface KeyedRow extends ValueRow {
  key: Buffer;
}
interface HistoryRow extends ValueRow {
  tx_id: string;
  ts_seconds: number;
  ts_nanos: number;
  is_delete: number;
}
interface PrivateRow extends ValueRow {
  hash: Buffer;
}
interface EventRow {
  block_num: number;
  tx_num: number;
  tx_id: string;
  event_name: string;
  payload: Buffer;
}

interface ReadStatements {
  readonly height: BetterSqlite3.Statement<[], { height: number | null }>;
  readonly state: BetterSqlite3.Statement<[Buffer], ValueRow>;
  readonly range: BetterSqlite3.Statement<[Buffer, Buffer, number], KeyedRow>;
  readonly rangeOpen: BetterSqlite3.Statement<[Buffer, number], KeyedRow>;
  readonly history: BetterSqlite3.Statement<[Buffer], HistoryRow>;
  readonly parameter: BetterSqlite3.Statement<[Buffer], { parameter: Buffer }>;
  readonly privateState: BetterSqlite3.Statement<[string, string], PrivateRow>;
  readonly privateHistory: BetterSqlite3.Statement<[string, string], HistoryRow>;
  readonly eventsAfter: BetterSqlite3.Statement<[number, number, number], EventRow>;
}

/** The embedded ledger's durable store. */
export class SqliteLedgerStore implements LedgerStore {
  readonly #db: BetterSqlite3.Database;
  readonly #writer: SqliteStateWriter;
  readonly #blocks: SqliteBlockLog;
  readonly #select: ReadStatements;
  #height: number;

  /**
   * Opens (creating and migrating when needed) the store: WAL journal, foreign keys and secure delete on.
   *
   * @param options - File path and durability level.
   * @throws {@link LedgerError} `LEDGER_UNAVAILABLE` when another process holds the file,
   * `LEDGER_INTERNAL` when the file's schema is newer than this code.
   */
  constructor(options: Readonly<SqliteLedgerStoreOptions>) {
    this.#db = openExclusive(options);
    this.#db.pragma('foreign_keys = ON');
    // A purge must remove private values from the file, not only from the tables.
    this.#db.pragma('secure_delete = ON');
    migrateSqliteLedger(this.#db);
    this.#writer = new SqliteStateWriter(this.#db);
    this.#blocks = new SqliteBlockLog(this.#db);
    this.#select = prepareReads(this.#db);
    this.#height = (this.#select.height.get()?.height ?? -1) + 1;
  }

  /** {@inheritDoc LedgerStore.blockHeight} */
  blockHeight(): number {
    return this.#height;
  }

  /** {@inheritDoc LedgerStore.getState} */
  getState(key: string): VersionedValue | undefined {
    const row = this.#select.state.get(keyBytes(key));
    return row && { value: row.value, version: { blockNum: row.block_num, txNum: row.tx_num } };
  }

  /** {@inheritDoc LedgerStore.getStateRange} */
  getStateRange(startKey: string, endKey: string, limit?: number): StoredEntry[] {
    const rows = endKey === ''
      ? this.#select.rangeOpen.all(keyBytes(startKey), limit ?? -1)
      : this.#select.range.all(keyBytes(startKey), keyBytes(endKey), limit ?? -1);
    return rows.map((row) => ({ key: row.key.toString('utf8'), value: row.value, version: { blockNum: row.block_num, txNum: row.tx_num } }));
  }

  /** {@inheritDoc LedgerStore.getHistory} */
  getHistory(key: string): HistoryEntry[] {
    return this.#select.history.all(keyBytes(key)).map((row) => ({
      txId: row.tx_id,
      timestamp: { seconds: row.ts_seconds, nanos: row.ts_nanos },
      isDelete: row.is_delete === 1,
      value: row.value,
      version: { blockNum: row.block_num, txNum: row.tx_num },
    }));
  }

  /** {@inheritDoc LedgerStore.getValidationParameter} */
  getValidationParameter(key: string): Uint8Array | undefined {
    return this.#select.parameter.get(keyBytes(key))?.parameter;
  }

  /** {@inheritDoc LedgerStore.getPrivateData} */
  getPrivateData(collection: string, key: string): PrivateValue | undefined {
    const row = this.#select.privateState.get(collection, key);
    return row && { value: row.value, hash: row.hash, version: { blockNum: row.block_num, txNum: row.tx_num } };
  }

  /** {@inheritDoc LedgerStore.getPrivateHistory} */
  getPrivateHistory(collection: string, key: string): PrivateHistoryEntry[] {
    return this.#select.privateHistory.all(collection, key).map((row) => ({
      txId: row.tx_id,
      isDelete: row.is_delete === 1,
      value: row.value,
      version: { blockNum: row.block_num, txNum: row.tx_num },
    }));
  }

  /** {@inheritDoc LedgerStore.getEvents} */
  getEvents(fromBlock: number): CommittedEvent[] {
    return this.eventsAfter(fromBlock, -1, -1);
  }

  /**
   * Committed events strictly after a position, in commit order.
   *
   * @param blockNumber - Block of the position.
   * @param txNum - Transaction of the position (-1: the whole block is included).
   * @param limit - At most this many (-1: all).
   * @returns The events.
   */
  eventsAfter(blockNumber: number, txNum: number, limit: number): CommittedEvent[] {
    return this.#select.eventsAfter.all(blockNumber, txNum, limit).map((row) => ({
      blockNumber: row.block_num,
      txNum: row.tx_num,
      txId: row.tx_id,
      eventName: row.event_name,
      payload: row.payload,
    }));
  }

  /**
   * {@inheritDoc LedgerStore.applyBlock} Transactions applied this way are recorded as VALID with
   * an unknown creator; the embedded ledger uses {@link SqliteLedgerStore.commitBlock}.
   */
  applyBlock(block: BlockWrites): void {
    this.commitBlock(
      block,
      block.transactions.map((tx) => ({
        txId: tx.txId,
        txNum: tx.txNum,
        validationCode: 'VALID',
        creatorMspId: '',
        creatorRole: null,
        timestamp: new Date(tx.timestamp.seconds * 1000 + Math.floor(tx.timestamp.nanos / 1e6)).toISOString(),
        summary: { reads: [], rangeQueries: [], privateReads: [], privateWrites: [], validationParameterWrites: [] },
      })),
    );
  }

  /**
   * Commits one block in one SQLite transaction: the valid transactions' writes and events, the
   * header chained to the previous block, and an index row for every transaction (valid or not).
   *
   * @param block - Writes and events of the block's valid transactions.
   * @param transactions - Every transaction of the block, in block order.
   * @param committedAt - Commit time; now when omitted.
   * @returns The new header.
   * @throws {@link SimulatorError} `BLOCK_OUT_OF_ORDER` when the number is not the current height.
   */
  commitBlock(block: BlockWrites, transactions: readonly PendingBlockTransaction[], committedAt = new Date()): StoredBlockHeader {
    if (block.blockNumber !== this.#height) {
      throw new SimulatorError({ code: 'BLOCK_OUT_OF_ORDER', message: `block ${block.blockNumber} cannot follow height ${this.#height}` });
    }
    const records = transactions.map((tx) => withDigests(block, tx));
    const header = this.#db.transaction(() => {
      this.#writer.apply(block);
      return this.#blocks.append(block.blockNumber, records, committedAt.toISOString());
    })();
    this.#height += 1;
    return header;
  }

  /**
   * A block re-derived from the stored rows, with its hashes checked.
   *
   * @param blockNumber - The block number.
   * @returns The block, or undefined beyond the height.
   */
  block(blockNumber: number): StoredBlock | undefined {
    return this.#blocks.read(blockNumber);
  }

  /**
   * The transaction index entry of a transaction id.
   *
   * @param txId - The transaction id.
   * @returns The entry, or undefined when unknown.
   */
  transaction(txId: string): StoredTransaction | undefined {
    return this.#blocks.transaction(txId);
  }

  /**
   * Verifies every block: data hash, header hash, and the link to the previous header.
   *
   * @returns Whether the chain holds, and what failed.
   */
  verifyChain(): ChainVerification {
    const problems: string[] = [];
    let previousHash = '';
    for (let number = 0; number < this.#height; number++) {
      const block = this.#blocks.read(number);
      if (!block) {
        problems.push(`block ${number}: missing`);
        continue;
      }
      if (!block.dataHashValid) problems.push(`block ${number}: data hash mismatch`);
      if (!block.headerHashValid) problems.push(`block ${number}: header hash mismatch`);
      if (block.previousHash !== previousHash) problems.push(`block ${number}: previous hash does not match block ${number - 1}`);
      previousHash = block.headerHash;
    }
    return { valid: problems.length === 0, height: this.#height, problems };
  }

  /** Closes the database; later calls throw. */
  close(): void {
    this.#db.close();
  }
}

/** Whether SQLite refused for a lock. Checked by code, not instanceof: the class can differ across module registries (jest). */
function isLockError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function openExclusive(options: Readonly<SqliteLedgerStoreOptions>): BetterSqlite3.Database {
  // No waiting for a lock: a second opener is told at once that another process owns the ledger.
  const db = new Database(options.path, { timeout: 0 });
  try {
    // One process owns the ledger (one sequencer): the file lock is taken now and held until close.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    // Take the exclusive lock now rather than at the first write, so ownership is decided here.
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
    return db;
  } catch (error) {
    db.close();
    if (isLockError(error)) {
      throw new LedgerError('LEDGER_UNAVAILABLE', `the embedded ledger ${options.path} is in use by another process`, { cause: error });
    }
    throw error;
  }
}

function withDigests(block: BlockWrites, tx: PendingBlockTransaction): BlockTransactionRecord {
  const writes = tx.validationCode === 'VALID' ? block.transactions.find((candidate) => candidate.txNum === tx.txNum)?.publicWrites ?? [] : [];
  const event = tx.validationCode === 'VALID' ? block.events.find((candidate) => candidate.txNum === tx.txNum) : undefined;
  return { ...tx, writes: digestWrites(writes), event: event ? digestEvent(event.eventName, event.payload) : null };
}

function prepareReads(db: BetterSqlite3.Database): ReadStatements {
  return {
    height: db.prepare<[], { height: number | null }>('SELECT MAX(block_num) AS height FROM blocks'),
    state: db.prepare<[Buffer], ValueRow>('SELECT value, block_num, tx_num FROM state WHERE key = ?'),
    range: db.prepare<[Buffer, Buffer, number], KeyedRow>('SELECT * FROM state WHERE key >= ? AND key < ? ORDER BY key LIMIT ?'),
    rangeOpen: db.prepare<[Buffer, number], KeyedRow>('SELECT * FROM state WHERE key >= ? ORDER BY key LIMIT ?'),
    history: db.prepare<[Buffer], HistoryRow>('SELECT * FROM history WHERE key = ? ORDER BY block_num, tx_num'),
    parameter: db.prepare<[Buffer], { parameter: Buffer }>('SELECT parameter FROM validation_parameters WHERE key = ?'),
    privateState: db.prepare<[string, string], PrivateRow>('SELECT * FROM private_state WHERE collection = ? AND key = ?'),
    privateHistory: db.prepare<[string, string], HistoryRow>(
      'SELECT * FROM private_history WHERE collection = ? AND key = ? ORDER BY block_num, tx_num',
    ),
    eventsAfter: db.prepare<[number, number, number], EventRow>(
      'SELECT * FROM events WHERE (block_num, tx_num) > (?, ?) ORDER BY block_num, tx_num LIMIT ?',
    ),
  };
}
