/** Idempotency records in SQLite. */
import type { Database } from 'better-sqlite3';
import { StoredOutcome, type IdempotencyRecord, type IdempotencyStore, type NewIdempotencyRecord } from '../ports/gateway-store';

interface Row {
  key: string;
  fingerprint: string;
  request_id: string;
  case_ref: string;
  state: 'pending' | 'done';
  tx_id: string | null;
  outcome: string | null;
  created_at: string;
}

function toRecord(row: Row): IdempotencyRecord {
  return {
    key: row.key,
    fingerprint: row.fingerprint,
    requestId: row.request_id,
    caseRef: row.case_ref,
    state: row.state,
    txId: row.tx_id,
    outcome: row.outcome === null ? null : StoredOutcome.parse(JSON.parse(row.outcome)),
    createdAt: row.created_at,
  };
}

/** {@link IdempotencyStore} on the `idempotency` table. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly #db: Database;
  readonly #now: () => string;

  constructor(options: Readonly<{ db: Database; now: () => string }>) {
    this.#db = options.db;
    this.#now = options.now;
  }

  claim(record: NewIdempotencyRecord): { created: boolean; record: IdempotencyRecord } {
    const now = this.#now();
    const inserted = this.#db
      .prepare(
        `INSERT INTO idempotency (key, fingerprint, request_id, case_ref, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (key) DO NOTHING`,
      )
      .run(record.key, record.fingerprint, record.requestId, record.caseRef, now, now);
    const row = this.#db.prepare<[string], Row>('SELECT * FROM idempotency WHERE key = ?').get(record.key);
    if (!row) throw new Error('idempotency record vanished after insert');
    return { created: inserted.changes === 1, record: toRecord(row) };
  }

  noteTxId(key: string, txId: string): void {
    this.#db.prepare(`UPDATE idempotency SET tx_id = ?, updated_at = ? WHERE key = ? AND state = 'pending'`).run(txId, this.#now(), key);
  }

  highestBlock(): number | null {
    const row = this.#db
      .prepare<[], { block: number | null }>(
        `SELECT MAX(json_extract(outcome, '$.receipt.blockNumber')) AS block FROM idempotency
         WHERE state = 'done' AND json_extract(outcome, '$.ok') = 1`,
      )
      .get();
    return typeof row?.block === 'number' ? row.block : null;
  }

  complete(key: string, outcome: StoredOutcome, txId: string | null): void {
    this.#db
      .prepare(`UPDATE idempotency SET state = 'done', outcome = ?, tx_id = ?, updated_at = ? WHERE key = ?`)
      .run(JSON.stringify(outcome), txId, this.#now(), key);
  }

  forgetCase(caseRef: string): number {
    return this.#db.prepare('DELETE FROM idempotency WHERE case_ref = ?').run(caseRef).changes;
  }
}
