/** The local audit log in SQLite (append-only by use: the gateway never updates or deletes rows). */
import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry, AuditLog } from '../ports/gateway-store';

interface Row {
  at: string;
  subject: string;
  role: string;
  action: string;
  case_ref: string | null;
  tx_id: string | null;
  outcome: string;
}

/** {@link AuditLog} on the `audit_log` table. */
export class SqliteAuditLog implements AuditLog {
  readonly #db: Database;
  readonly #insert: Statement<[string, string, string, string, string | null, string | null, string]>;

  constructor(options: Readonly<{ db: Database }>) {
    this.#db = options.db;
    this.#insert = this.#db.prepare('INSERT INTO audit_log (at, subject, role, action, case_ref, tx_id, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  append(entry: AuditEntry): void {
    this.#insert.run(entry.at, entry.subject, entry.role, entry.action, entry.caseRef, entry.txId, entry.outcome);
  }

  recent(limit: number): readonly AuditEntry[] {
    return this.#db
      .prepare<[number], Row>('SELECT at, subject, role, action, case_ref, tx_id, outcome FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map((row) => ({
        at: row.at,
        subject: row.subject,
        role: row.role,
        action: row.action,
        caseRef: row.case_ref,
        txId: row.tx_id,
        outcome: row.outcome,
      }));
  }
}
