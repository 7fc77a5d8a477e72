/** The per-case salts of document references in SQLite (deleted with the case's mapping). */
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { DocumentSaltStore } from '../ports/gateway-store';

/** {@link DocumentSaltStore} on the `doc_salts` table. */
export class SqliteDocumentSalts implements DocumentSaltStore {
  readonly #db: Database;
  readonly #now: () => string;

  constructor(options: Readonly<{ db: Database; now: () => string }>) {
    this.#db = options.db;
    this.#now = options.now;
  }

  saltedDocRef(caseRef: string, documentHash: string): string {
    this.#db.prepare('INSERT INTO doc_salts (case_ref, salt, created_at) VALUES (?, ?, ?) ON CONFLICT (case_ref) DO NOTHING').run(caseRef, randomBytes(32), this.#now());
    const row = this.#db.prepare<[string], { salt: Buffer }>('SELECT salt FROM doc_salts WHERE case_ref = ?').get(caseRef);
    if (!row) throw new Error('document salt vanished after insert');
    return createHmac('sha256', row.salt).update(Buffer.from(documentHash, 'hex')).digest('hex');
  }

  forgetCase(caseRef: string): number {
    return this.#db.prepare('DELETE FROM doc_salts WHERE case_ref = ?').run(caseRef).changes;
  }
}
