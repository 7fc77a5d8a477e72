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
