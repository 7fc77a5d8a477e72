/** Opens the gateway's SQLite database, applies migrations and wires the store adapters. */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { GatewayStore } from '../ports/gateway-store';
import { migrate } from './migrations';
import { ReferenceCipher } from './reference-cipher';
import { SqliteAuditLog } from './sqlite-audit-log';
import { SqliteDocumentSalts } from './sqlite-document-salts';
import { SqliteEventStore } from './sqlite-event-store';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';
import { SqliteLocalReferenceStore } from './sqlite-local-reference-store';

/** Where the database lives and how to encrypt local references. */
export interface GatewayStoreOptions {
  /** Database file (its folder is created), or `:memory:`. */
  readonly file: string;
  /** The 32-byte local reference key. */
  readonly localReferenceKey: Buffer;
  /** Clock for timestamps (ISO 8601). */
  readonly now?: () => string;
}

/** The SQLite store with its concrete local reference adapter exposed (for erasure tooling). */
export interface SqliteGatewayStore extends GatewayStore {
  readonly localReferences: SqliteLocalReferenceStore;
}

/**
 * Opens (creating if needed) and migrates the gateway database.
 * @throws {Error} when the file cannot be opened or has an unknown schema version.
 */
export function openGatewayStore(options: GatewayStoreOptions): SqliteGatewayStore {
  if (options.file !== ':memory:') mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true, mode: 0o700 });
  const db = new BetterSqlite3(options.file);
  db.pragma('journal_mode = WAL');
  // FULL: an idempotency claim written before a submit must survive a power loss, or a retry could apply twice.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // deleted rows (an erased case's mapping and idempotency records) are overwritten with zeros, not left in free pages
  db.pragma('secure_delete = ON');
  if (options.file !== ':memory:') chmodSync(options.file, 0o600);
  migrate(db);
  const now = options.now ?? ((): string => new Date().toISOString());
  return {
    idempotency: new SqliteIdempotencyStore({ db, now }),
    localReferences: new SqliteLocalReferenceStore({ db, cipher: new ReferenceCipher(options.localReferenceKey), now }),
    audit: new SqliteAuditLog({ db }),
    docSalts: new SqliteDocumentSalts({ db, now }),
    events: new SqliteEventStore({ db, secrets: new ReferenceCipher(options.localReferenceKey, 'webhook-secret') }),
    atomically: <T>(work: () => T): T => db.transaction(work)(),
    checkpoint: (): void => {
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: (): void => {
      db.close();
    },
  };
}
