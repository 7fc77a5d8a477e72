/**
 * The local reference mapping in SQLite: ciphertext (with the id of its key) plus a keyed lookup
 * index, never the plaintext. References are indexed in NFC and refused with control or invisible
 * format characters here as well as at the HTTP boundary.
 */
import type { Database } from 'better-sqlite3';
import { normalisedLocalReference } from '../ports/local-reference-text';
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

  /** @throws {LedgerError} VALIDATION_FAILED for a reference with control or invisible format characters. */
  add(localReference: string, caseRef: string): void {
    const reference = normalisedLocalReference(localReference);
    const sealed = this.#cipher.seal(reference, caseRef);
    this.#db
      .prepare(
        `INSERT INTO local_references (ref_index, case_ref, key_id, ciphertext, iv, tag, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ref_index, case_ref) DO NOTHING`,
      )
      .run(this.#cipher.index(reference), caseRef, sealed.keyId, sealed.ciphertext, sealed.iv, sealed.tag, this.#now());
  }

  /** @throws {LedgerError} VALIDATION_FAILED for a reference with control or invisible format characters. */
  find(localReference: string): readonly LocalReferenceMapping[] {
    return this.#db
      .prepare<[string], { case_ref: string; created_at: string }>(
        'SELECT case_ref, created_at FROM local_references WHERE ref_index = ? ORDER BY id',
      )
      .all(this.#indexOf(localReference))
      .map((row) => ({ caseRef: row.case_ref, createdAt: row.created_at }));
  }

  /** @throws {LedgerError} VALIDATION_FAILED for a reference with control or invisible format characters. */
  remove(localReference: string, caseRef?: string): number {
    const index = this.#indexOf(localReference);
    const result =
      caseRef === undefined
        ? this.#db.prepare('DELETE FROM local_references WHERE ref_index = ?').run(index)
        : this.#db.prepare('DELETE FROM local_references WHERE ref_index = ? AND case_ref = ?').run(index, caseRef);
    return result.changes;
  }

  /**
   * Decrypts the references mapped to a case (for erasure tooling; never served over HTTP).
   * @throws {UnknownKeyIdError} when a reference was encrypted under a key other than the configured one.
   */
  referencesOf(caseRef: string): string[] {
    return this.#db
      .prepare<[string], { key_id: string; ciphertext: Buffer; iv: Buffer; tag: Buffer }>(
        'SELECT key_id, ciphertext, iv, tag FROM local_references WHERE case_ref = ? ORDER BY id',
      )
      .all(caseRef)
      .map((row) => this.#cipher.open({ keyId: row.key_id, ciphertext: row.ciphertext, iv: row.iv, tag: row.tag }, caseRef));
  }

  #indexOf(localReference: string): string {
    return this.#cipher.index(normalisedLocalReference(localReference));
  }
}
