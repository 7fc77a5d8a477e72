/**
 * Applies one block's writes to the SQLite state, history, private data, validation parameters and
 * events tables. Runs inside the caller's SQLite transaction; the semantics follow the simulator's
 * MemoryLedgerStore exactly (same port, same observable behaviour).
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { BlockWrites, PrivateWrite, PublicWrite, TransactionWrites, ValidationParameterWrite } from './ledger-store';

type Run = (...params: unknown[]) => unknown;

/** Prepared statements of the writer, bound to one database. */
export class SqliteStateWriter {
  readonly #putState: Run;
  readonly #deleteState: Run;
  readonly #touchState: Run;
  readonly #insertHistory: Run;
  readonly #putParameter: Run;
  readonly #deleteParameter: Run;
  readonly #putPrivate: Run;
  readonly #deletePrivate: Run;
  readonly #insertPrivateHistory: Run;
  readonly #purgePrivateHistory: Run;
  readonly #insertEvent: Run;

  /**
   * Prepares the statements.
   *
   * @param db - The open, migrated database.
   */
  constructor(db: BetterSqlite3.Database) {
    const run = (sql: string): Run => {
      const statement = db.prepare(sql);
      return (...params) => statement.run(...params);
    };
    this.#putState = run(
      'INSERT INTO state (key, value, block_num, tx_num) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, block_num = excluded.block_num, tx_num = excluded.tx_num',
    );
    this.#deleteState = run('DELETE FROM state WHERE key = ?');
    this.#touchState = run('UPDATE state SET block_num = ?, tx_num = ? WHERE key = ?');
    this.#insertHistory = run(
      'INSERT INTO history (key, block_num, tx_num, tx_id, ts_seconds, ts_nanos, is_delete, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#putParameter = run(
      'INSERT INTO validation_parameters (key, parameter) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET parameter = excluded.parameter',
    );
    this.#deleteParameter = run('DELETE FROM validation_parameters WHERE key = ?');
    this.#putPrivate = run(
      'INSERT INTO private_state (collection, key, value, hash, block_num, tx_num) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, hash = excluded.hash, block_num = excluded.block_num, tx_num = excluded.tx_num',
    );
    this.#deletePrivate = run('DELETE FROM private_state WHERE collection = ? AND key = ?');
    this.#insertPrivateHistory = run(
      'INSERT INTO private_history (collection, key, block_num, tx_num, tx_id, is_delete, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#purgePrivateHistory = run('DELETE FROM private_history WHERE collection = ? AND key = ?');
    this.#insertEvent = run('INSERT INTO events (block_num, tx_num, tx_id, event_name, payload) VALUES (?, ?, ?, ?, ?)');
  }

  /**
   * Applies the writes and events of one block (call inside a SQLite transaction).
   *
   * @param block - The block's writes.
   */
  apply(block: BlockWrites): void {
    for (const tx of block.transactions) {
      tx.publicWrites.forEach((write) => {
        this.#applyPublic(block.blockNumber, tx, write);
      });
      tx.privateWrites.forEach((write) => {
        this.#applyPrivate(block.blockNumber, tx, write);
      });
      tx.validationParameterWrites.forEach((write) => {
        this.#applyParameter(block.blockNumber, tx.txNum, write);
      });
    }
    for (const event of block.events) {
      this.#insertEvent(event.blockNumber, event.txNum, event.txId, event.eventName, Buffer.from(event.payload));
    }
  }

  #applyPublic(blockNum: number, tx: TransactionWrites, write: PublicWrite): void {
    const key = keyBytes(write.key);
    const value = write.isDelete ? Buffer.alloc(0) : Buffer.from(write.value);
    const { seconds, nanos } = tx.timestamp;
    this.#insertHistory(key, blockNum, tx.txNum, tx.txId, seconds, nanos, write.isDelete ? 1 : 0, value);
    if (write.isDelete) {
      this.#deleteState(key);
      // Fabric keeps state metadata with the value, so a delete drops the key-level policy too.
      this.#deleteParameter(key);
    } else {
      this.#putState(key, value, blockNum, tx.txNum);
    }
  }

  #applyPrivate(blockNum: number, tx: TransactionWrites, write: PrivateWrite): void {
    if (write.kind === 'purge') {
      this.#deletePrivate(write.collection, write.key);
      this.#purgePrivateHistory(write.collection, write.key);
      return;
    }
    const value = write.kind === 'put' ? Buffer.from(write.value) : Buffer.alloc(0);
    this.#insertPrivateHistory(write.collection, write.key, blockNum, tx.txNum, tx.txId, write.kind === 'delete' ? 1 : 0, value);
    if (write.kind === 'delete') {
      this.#deletePrivate(write.collection, write.key);
    } else {
      const hash = createHash('sha256').update(value).digest();
      this.#putPrivate(write.collection, write.key, value, hash, blockNum, tx.txNum);
    }
  }

  #applyParameter(blockNum: number, txNum: number, write: ValidationParameterWrite): void {
    const key = keyBytes(write.key);
    if (write.parameter.length === 0) {
      this.#deleteParameter(key);
    } else {
      this.#putParameter(key, Buffer.from(write.parameter));
    }
    // A metadata write changes the key's version on Fabric, so readers of the key conflict.
    this.#touchState(blockNum, txNum, key);
  }
}

/**
 * A public key as stored: its UTF-8 bytes, so SQLite orders keys as Fabric does.
 *
 * @param key - The state key.
 * @returns The key's bytes.
 */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'utf8');
}
