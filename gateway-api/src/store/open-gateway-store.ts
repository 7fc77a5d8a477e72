/** Opens the gateway's SQLite database, applies migrations and wires the store adapters. */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { GatewayStore } from '../ports/gateway-store';
import { assertSealedUnder, labelLegacyCiphertexts } from './key-labels';
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
  /** How long idempotency records are kept and replayed (default 24 hours). */
  readonly idempotencyTtlMs?: number;
}

/** The default time an Idempotency-Key is remembered: 24 hours. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** The SQLite store with its concrete local reference adapter exposed (for erasure tooling). */
export interface SqliteGatewayStore extends GatewayStore {
  readonly localReferences: SqliteLocalReferenceStore;
}

/**
 * Makes sure the database file exists with mode 0600 before SQLite opens it: a new file is created
 * with that mode (exclusive create, so the process umask cannot widen it and no other process can
 * slip in between); an existing one is tightened. SQLite creates the write-ahead log and the
 * shared-memory file with the mode of the database file, so they are 0600 as well.
 */
function createPrivateFile(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    // an existing database (perhaps from a gateway that created it wider): tighten it before use
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    chmodSync(file, 0o600);
  }
}

/**
 * Opens (creating it 0600 if needed) the gateway database with the gateway's settings: WAL,
 * synchronous FULL, a busy timeout and secure_delete. Does not migrate.
 * @throws {Error} when the file cannot be created or opened.
 */
export function openGatewayDatabase(file: string): Database {
  if (file !== ':memory:') createPrivateFile(file);
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  // FULL: an idempotency claim written before a submit must survive a power loss, or a retry could apply twice.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // deleted rows (an erased case's mapping and idempotency records) are overwritten with zeros, not left in free pages
  db.pragma('secure_delete = ON');
  return db;
}

/**
 * Opens (creating if needed) and migrates the gateway database, labels ciphertexts written before
 * key ids were recorded, and checks that every ciphertext is under the configured key.
 * @throws {Error} when the file cannot be opened, has an unknown schema version, or holds an
 *   unlabelled value that does not decrypt under the key.
 * @throws {UnknownKeyIdError} when it holds values encrypted under another key (e.g. after a rotation).
 */
export function openGatewayStore(options: GatewayStoreOptions): SqliteGatewayStore {
  const db = openGatewayDatabase(options.file);
  const references = new ReferenceCipher(options.localReferenceKey);
  const webhookSecrets = new ReferenceCipher(options.localReferenceKey, 'webhook-secret');
  try {
    migrate(db);
    labelLegacyCiphertexts(db, { references, webhookSecrets });
    assertSealedUnder(db, references.keyId);
  } catch (error) {
    db.close();
    throw error;
  }
  const now = options.now ?? ((): string => new Date().toISOString());
  const idempotency = new SqliteIdempotencyStore({ db, now, ttlMs: options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS });
  idempotency.prune();
  return {
    idempotency,
    localReferences: new SqliteLocalReferenceStore({ db, cipher: references, now }),
    audit: new SqliteAuditLog({ db }),
    docSalts: new SqliteDocumentSalts({ db, now }),
    events: new SqliteEventStore({ db, secrets: webhookSecrets }),
    atomically: <T>(work: () => T): T => db.transaction(work)(),
    checkpoint: (): void => {
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: (): void => {
      db.close();
    },
  };
}
