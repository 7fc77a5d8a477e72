/**
 * Idempotency records in SQLite. A record lives for the configured time from its creation; expired
 * records are deleted before any claim (so one is never replayed) and by {@link SqliteIdempotencyStore.prune}.
 * The highest block of any receipt handed out is kept apart from the records (`handed_out`), so it
 * survives their expiry and erasure.
 */
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
  readonly #ttlMs: number;

  /** @param options.ttlMs how long a record is kept and replayed, from its creation. */
  constructor(options: Readonly<{ db: Database; now: () => string; ttlMs: number }>) {
    this.#db = options.db;
    this.#now = options.now;
    this.#ttlMs = options.ttlMs;
  }

  claim(record: NewIdempotencyRecord): { created: boolean; record: IdempotencyRecord } {
    const now = this.#now();
    this.#pruneBefore(now);
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
    const row = this.#db.prepare<[], { highest_block: number }>('SELECT highest_block FROM handed_out WHERE id = 1').get();
    return row?.highest_block ?? null;
  }

  complete(key: string, outcome: StoredOutcome, txId: string | null): void {
    this.#db.transaction(() => {
      this.#db
        .prepare(`UPDATE idempotency SET state = 'done', outcome = ?, tx_id = ?, updated_at = ? WHERE key = ?`)
        .run(JSON.stringify(outcome), txId, this.#now(), key);
      const block = outcome.ok ? outcome.receipt.blockNumber : null;
      if (block !== null) {
        this.#db
          .prepare(
            `INSERT INTO handed_out (id, highest_block) VALUES (1, ?)
             ON CONFLICT (id) DO UPDATE SET highest_block = MAX(highest_block, excluded.highest_block)`,
          )
          .run(block);
      }
    })();
  }

  prune(): number {
    return this.#pruneBefore(this.#now());
  }

  /** Deletes the records created more than the time to live before `now`. */
  #pruneBefore(now: string): number {
    const cutoff = new Date(Date.parse(now) - this.#ttlMs).toISOString();
    return this.#db.prepare('DELETE FROM idempotency WHERE created_at < ?').run(cutoff).changes;
  }

  forgetCase(caseRef: string): number {
    return this.#db.prepare('DELETE FROM idempotency WHERE case_ref = ?').run(caseRef).changes;
  }
}
