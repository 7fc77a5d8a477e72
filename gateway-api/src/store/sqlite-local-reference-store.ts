/** The local reference mapping in SQLite: ciphertext plus a keyed lookup index, never the plaintext. */
import type { Database } from 'better-sqlite3';
import type { LocalReferenceMapping, LocalReferenceStore } from '../ports/gateway-store';
import type { ReferenceCipher } from './reference-cipher';

/** {@link LocalReferenceStore} on the `local_references` table. */
export class SqliteLocalReferenceStore implements LocalReferenceStore {
  readonly #db: Database;
  readonly #cipher: ReferenceCipher;
  readonly #now: () => string;

  constructor(options: Readonly<{ db: Database; cipher: ReferenceCipher; now: () => string }>) {
    this.#db = options.db;
    this.#cipher = options.cipher;
    this.#now = options.now;
  }

  add(localReference: string, caseRef: string): void {
    const sealed = this.#cipher.seal(localReference, caseRef);
    this.#db
      .prepare(
        `INSERT INTO local_references (ref_index, case_ref, ciphertext, iv, tag, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ref_index, case_ref) DO NOTHING`,
      )
      .run(this.#cipher.index(localReference), caseRef, sealed.ciphertext, sealed.iv, sealed.tag, this.#now());
  }

  find(localReference: string): readonly LocalReferenceMapping[] {
    return this.#db
      .prepare<[string], { case_ref: string; created_at: string }>(
        'SELECT case_ref, created_at FROM local_references WHERE ref_index = ? ORDER BY id',
      )
      .all(this.#cipher.index(localReference))
      .map((row) => ({ caseRef: row.case_ref, createdAt: row.created_at }));
  }

  remove(localReference: string, caseRef?: string): number {
    const index = this.#cipher.index(localReference);
    const result =
      caseRef === undefined
        ? this.#db.prepare('DELETE FROM local_references WHERE ref_index = ?').run(index)
        : this.#db.prepare('DELETE FROM local_references WHERE ref_index = ? AND case_ref = ?').run(index, caseRef);
    return result.changes;
  }

  /** Decrypts the references mapped to a case (for erasure tooling; never served over HTTP). */
  referencesOf(caseRef: string): string[] {
    return this.#db
      .prepare<[string], { ciphertext: Buffer; iv: Buffer; tag: Buffer }>(
        'SELECT ciphertext, iv, tag FROM local_references WHERE case_ref = ? ORDER BY id',
      )
      .all(caseRef)
      .map((row) => this.#cipher.open(row, caseRef));
  }
}
