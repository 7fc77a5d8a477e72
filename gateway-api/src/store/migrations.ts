/**
 * Versioned schema migrations of the gateway's SQLite database. Append new versions; never edit
 * an applied one. Each runs in its own transaction and is recorded in `schema_migrations`.
 */
import type { Database } from 'better-sqlite3';

/** One schema change. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency records',
    sql: `CREATE TABLE idempotency (
            key TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            request_id TEXT NOT NULL,
            case_ref TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
            tx_id TEXT,
            outcome TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
          ) STRICT;`,
  },
  {
    version: 2,
    name: 'local references, encrypted at rest',
    sql: `CREATE TABLE local_references (
            id INTEGER PRIMARY KEY,
            ref_index TEXT NOT NULL,
            case_ref TEXT NOT NULL,
            ciphertext BLOB NOT NULL,
            iv BLOB NOT NULL,
            tag BLOB NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (ref_index, case_ref)
          ) STRICT;
          CREATE INDEX local_references_by_case ON local_references (case_ref);`,
  },
  {
    version: 3,
    name: 'local audit log',
    sql: `CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            subject TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            case_ref TEXT,
            tx_id TEXT,
            outcome TEXT NOT NULL
          ) STRICT;
          CREATE INDEX audit_log_by_case ON audit_log (case_ref);`,
  },
  {
    version: 4,
    name: 'event checkpoint, outbox, webhook subscriptions and deliveries',
    sql: `CREATE TABLE event_checkpoint (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            block_number INTEGER NOT NULL,
            tx_id TEXT NOT NULL,
            updated_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE event_outbox (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            tx_id TEXT NOT NULL UNIQUE,
            block_number INTEGER NOT NULL,
            case_ref TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            payload TEXT NOT NULL,
            received_at_ms INTEGER NOT NULL
          ) STRICT;
          CREATE INDEX event_outbox_by_block ON event_outbox (block_number);
          CREATE TABLE webhook_subscriptions (
            id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            event_types TEXT,
            created_at TEXT NOT NULL,
            deleted_at TEXT
          ) STRICT;
          CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY,
            subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
            position INTEGER NOT NULL REFERENCES event_outbox (position),
            case_ref TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0,
            generation INTEGER NOT NULL DEFAULT 0,
            next_attempt_at_ms INTEGER NOT NULL,
            last_error TEXT,
            delivered_at_ms INTEGER,
            UNIQUE (subscription_id, position)
          ) STRICT;
          CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (state, subscription_id, case_ref, position);`,
  },
  {
    version: 5,
    name: 'per-case salts of document references',
    sql: `CREATE TABLE doc_salts (
            case_ref TEXT PRIMARY KEY,
            salt BLOB NOT NULL,
            created_at TEXT NOT NULL
          ) STRICT;`,
  },
  {
    version: 6,
    name: 'the key id of every local reference ciphertext',
    // rows written before have none (NULL); the store labels them with the configured key's id when
    // it opens, after checking that they decrypt under it (key-labels.ts)
    sql: `ALTER TABLE local_references ADD COLUMN key_id TEXT;`,
  },
  {
    version: 7,
    name: 'idempotency records expire; the highest block handed out outlives them',
    sql: `CREATE INDEX idempotency_by_age ON idempotency (created_at);
          CREATE TABLE handed_out (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            highest_block INTEGER NOT NULL
          ) STRICT;
          INSERT INTO handed_out (id, highest_block)
            SELECT 1, MAX(json_extract(outcome, '$.receipt.blockNumber')) FROM idempotency
            WHERE state = 'done' AND json_extract(outcome, '$.ok') = 1
            HAVING MAX(json_extract(outcome, '$.receipt.blockNumber')) IS NOT NULL;`,
  },
];

/** Versions already applied to a database. */
export function appliedVersions(db: Database): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  return db
    .prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version')
    .all()
    .map((row) => row.version);
}

/**
 * Applies every migration not yet applied, in order.
 * @returns the versions applied by this call.
 * @throws {Error} when the database has a version this code does not know (a newer gateway wrote it).
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now = (): string => new Date().toISOString()): number[] {
  const done = new Set(appliedVersions(db));
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = [...done].filter((version) => !known.has(version));
  if (unknown.length > 0) throw new Error(`database has unknown schema versions ${unknown.join(', ')}; upgrade the gateway`);
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
    })();
    applied.push(migration.version);
  }
  return applied;
}
