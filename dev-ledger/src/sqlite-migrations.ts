/**
 * The embedded ledger's SQLite schema as versioned migrations (`PRAGMA user_version` = number of
 * migrations applied). Add migrations at the end; never edit one that has shipped.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { LedgerError } from '@asylum-ledger/domain';

// Public keys are BLOBs of their UTF-8 bytes so SQLite's memcmp order is Fabric's key order.
const SCHEMA_V1 = `
CREATE TABLE state (
  key BLOB PRIMARY KEY, value BLOB NOT NULL, block_num INTEGER NOT NULL, tx_num INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE history (
  key BLOB NOT NULL, block_num INTEGER NOT NULL, tx_num INTEGER NOT NULL, tx_id TEXT NOT NULL,
  ts_seconds INTEGER NOT NULL, ts_nanos INTEGER NOT NULL, is_delete INTEGER NOT NULL, value BLOB NOT NULL,
  PRIMARY KEY (key, block_num, tx_num)
) WITHOUT ROWID;
CREATE INDEX history_by_block ON history (block_num, tx_num, key);
CREATE TABLE validation_parameters (key BLOB PRIMARY KEY, parameter BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE private_state (
  collection TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, hash BLOB NOT NULL,
  block_num INTEGER NOT NULL, tx_num INTEGER NOT NULL, PRIMARY KEY (collection, key)
) WITHOUT ROWID;
CREATE TABLE private_history (
  collection TEXT NOT NULL, key TEXT NOT NULL, block_num INTEGER NOT NULL, tx_num INTEGER NOT NULL,
  tx_id TEXT NOT NULL, is_delete INTEGER NOT NULL, value BLOB NOT NULL,
  PRIMARY KEY (collection, key, block_num, tx_num)
) WITHOUT ROWID;
CREATE TABLE events (
  block_num INTEGER NOT NULL, tx_num INTEGER NOT NULL, tx_id TEXT NOT NULL, event_name TEXT NOT NULL,
  payload BLOB NOT NULL, PRIMARY KEY (block_num, tx_num)
) WITHOUT ROWID;
CREATE TABLE blocks (
  block_num INTEGER PRIMARY KEY, previous_hash TEXT NOT NULL, data_hash TEXT NOT NULL,
  header_hash TEXT NOT NULL, committed_at TEXT NOT NULL
);
CREATE TABLE block_transactions (
  block_num INTEGER NOT NULL REFERENCES blocks (block_num), tx_num INTEGER NOT NULL,
  tx_id TEXT NOT NULL UNIQUE, validation_code TEXT NOT NULL, creator_msp TEXT NOT NULL,
  creator_role TEXT, timestamp TEXT NOT NULL, summary TEXT NOT NULL, PRIMARY KEY (block_num, tx_num)
);
`;

/** The migrations, in order; index + 1 is the schema version each one produces. */
export const SQLITE_MIGRATIONS: readonly string[] = [SCHEMA_V1];

/**
 * Brings a database to the newest schema, one SQLite transaction per migration.
 *
 * @param db - The open database.
 * @throws {@link LedgerError} `LEDGER_INTERNAL` when the database is newer than this code.
 */
export function migrateSqliteLedger(db: BetterSqlite3.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SQLITE_MIGRATIONS.length) {
    throw new LedgerError('LEDGER_INTERNAL', `ledger store schema ${current} is newer than this code (${SQLITE_MIGRATIONS.length})`);
  }
  SQLITE_MIGRATIONS.slice(current).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + index + 1}`);
    })();
  });
}
