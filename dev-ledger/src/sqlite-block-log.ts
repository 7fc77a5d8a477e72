/**
 * The block log in SQLite: headers, the transaction index, and re-derivation of a block's data from
 * the stored rows, so an auditor can check the data hash and the header chain.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  computeDataHash,
  computeHeaderHash,
  digestEvent,
  sha256Hex,
  type BlockTransactionRecord,
  type ReadWriteSummary,
  type WriteDigest,
} from './block-chain';

/** A block header as stored. */
export interface StoredBlockHeader {
  readonly blockNumber: number;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly headerHash: string;
  /** When the embedded sequencer committed the block (ISO 8601). */
  readonly committedAt: string;
}

/** A stored block with its transactions re-derived from the rows and the checks on them. */
export interface StoredBlock extends StoredBlockHeader {
  readonly transactions: readonly BlockTransactionRecord[];
  /** The data hash recomputed from the stored rows equals the recorded one. */
  readonly dataHashValid: boolean;
  /** The header hash recomputed from number, previous hash and data hash equals the recorded one. */
  readonly headerHashValid: boolean;
}

/** A transaction index entry. */
export interface StoredTransaction {
  readonly txId: string;
  readonly blockNumber: number;
  readonly txNum: number;
  readonly validationCode: string;
  readonly creatorMspId: string;
  readonly creatorRole: string | null;
  readonly timestamp: string;
}

interface HeaderRow {
  block_num: number;
  previous_hash: string;
  data_hash: string;
  header_hash: string;
  committed_at: string;
}
interface TxRow {
  block_num: number;
  tx_num: number;
  tx_id: string;
  validation_code: string;
  creator_msp: string;
  creator_role: string | null;
  timestamp: string;
  summary: string;
}
interface WriteRow {
  key: Buffer;
  is_delete: number;
  value: Buffer;
}
interface EventRow {
  event_name: string;
  payload: Buffer;
}

/** Reads and appends block headers and transaction index rows. */
export class SqliteBlockLog {
  readonly #header: BetterSqlite3.Statement<[number], HeaderRow>;
  readonly #txsOfBlock: BetterSqlite3.Statement<[number], TxRow>;
  readonly #txById: BetterSqlite3.Statement<[string], TxRow>;
  readonly #writesOfTx: BetterSqlite3.Statement<[number, number], WriteRow>;
  readonly #eventOfTx: BetterSqlite3.Statement<[number, number], EventRow>;
  readonly #insertHeader: BetterSqlite3.Statement<[number, string, string, string, string]>;
  readonly #insertTx: BetterSqlite3.Statement<[number, number, string, string, string, string | null, string, string]>;

  /**
   * Prepares the statements.
   *
   * @param db - The open, migrated database.
   */
  constructor(db: BetterSqlite3.Database) {
    this.#header = db.prepare('SELECT * FROM blocks WHERE block_num = ?');
    this.#txsOfBlock = db.prepare('SELECT * FROM block_transactions WHERE block_num = ? ORDER BY tx_num');
    this.#txById = db.prepare('SELECT * FROM block_transactions WHERE tx_id = ?');
    this.#writesOfTx = db.prepare('SELECT key, is_delete, value FROM history WHERE block_num = ? AND tx_num = ? ORDER BY key');
    this.#eventOfTx = db.prepare('SELECT event_name, payload FROM events WHERE block_num = ? AND tx_num = ?');
    this.#insertHeader = db.prepare(
      'INSERT INTO blocks (block_num, previous_hash, data_hash, header_hash, committed_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#insertTx = db.prepare(
      'INSERT INTO block_transactions (block_num, tx_num, tx_id, validation_code, creator_msp, creator_role, timestamp, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /**
   * Appends a block header and its transaction rows (call inside the block's SQLite transaction).
   *
   * @param blockNumber - The new block's number.
   * @param transactions - Its transactions, writes and event digested from the block's writes.
   * @param committedAt - Commit time, ISO 8601.
   * @returns The stored header.
   */
  append(blockNumber: number, transactions: readonly BlockTransactionRecord[], committedAt: string): StoredBlockHeader {
    const previousHash = blockNumber === 0 ? '' : (this.#header.get(blockNumber - 1)?.header_hash ?? '');
    const dataHash = computeDataHash(transactions);
    const headerHash = computeHeaderHash({ blockNumber, previousHash, dataHash });
    this.#insertHeader.run(blockNumber, previousHash, dataHash, headerHash, committedAt);
    for (const tx of transactions) {
      this.#insertTx.run(
        blockNumber,
        tx.txNum,
        tx.txId,
        tx.validationCode,
        tx.creatorMspId,
        tx.creatorRole,
        tx.timestamp,
        JSON.stringify(tx.summary),
      );
    }
    return { blockNumber, previousHash, dataHash, headerHash, committedAt };
  }

  /**
   * A block with its transactions re-derived from the stored rows (writes from the key history,
   * events from the event table) and its hashes recomputed.
   *
   * @param blockNumber - The block number.
   * @returns The block, or undefined when there is none.
   */
  read(blockNumber: number): StoredBlock | undefined {
    const header = this.#header.get(blockNumber);
    if (!header) return undefined;
    const transactions = this.#txsOfBlock.all(blockNumber).map((row) => this.#record(row));
    const dataHash = computeDataHash(transactions);
    const headerHash = computeHeaderHash({ blockNumber, previousHash: header.previous_hash, dataHash: header.data_hash });
    return {
      blockNumber,
      previousHash: header.previous_hash,
      dataHash: header.data_hash,
      headerHash: header.header_hash,
      committedAt: header.committed_at,
      transactions,
      dataHashValid: dataHash === header.data_hash,
      headerHashValid: headerHash === header.header_hash,
    };
  }

  /**
   * The index entry of a transaction.
   *
   * @param txId - The transaction id.
   * @returns The entry, or undefined when no block holds the transaction.
   */
  transaction(txId: string): StoredTransaction | undefined {
    const row = this.#txById.get(txId);
    return (
      row && {
        txId: row.tx_id,
        blockNumber: row.block_num,
        txNum: row.tx_num,
        validationCode: row.validation_code,
        creatorMspId: row.creator_msp,
        creatorRole: row.creator_role,
        timestamp: row.timestamp,
      }
    );
  }

  #record(row: TxRow): BlockTransactionRecord {
    const valid = row.validation_code === 'VALID';
    const writes: WriteDigest[] = valid
      ? this.#writesOfTx
          .all(row.block_num, row.tx_num)
          .map((write): WriteDigest => (write.is_delete ? [write.key.toString('utf8'), true, null] : [write.key.toString('utf8'), false, sha256Hex(write.value)]))
      : [];
    const event = valid ? this.#eventOfTx.get(row.block_num, row.tx_num) : undefined;
    return {
      txId: row.tx_id,
      txNum: row.tx_num,
      validationCode: row.validation_code,
      creatorMspId: row.creator_msp,
      creatorRole: row.creator_role,
      timestamp: row.timestamp,
      summary: JSON.parse(row.summary) as ReadWriteSummary,
      writes,
      event: event ? digestEvent(event.event_name, event.payload) : null,
    };
  }
}
