/**
 * Idempotency records expire: a key is remembered (and replayed) for the configured time from its
 * creation, then deleted and never replayed; the highest block handed out outlives the records.
 */
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, migrate } from './migrations';
import { DEFAULT_IDEMPOTENCY_TTL_MS, openGatewayStore, type SqliteGatewayStore } from './open-gateway-store';

const KEY = Buffer.alloc(32, 4);
const HOUR = 60 * 60 * 1000;
const START = Date.parse('2026-12-06T05:00:00.000Z');
const CASE = 'c'.repeat(32);

function receipt(blockNumber: number) {
  return { ok: true as const, receipt: { caseRef: CASE, state: 'REGISTERED' as const, seq: 1, txId: 'a'.repeat(64), blockNumber } };
}

describe('idempotency records over time', () => {
  let clock: { ms: number };
  let store: SqliteGatewayStore;

  beforeEach(() => {
    clock = { ms: START };
    store = openGatewayStore({ file: ':memory:', localReferenceKey: KEY, now: () => new Date(clock.ms).toISOString(), idempotencyTtlMs: 24 * HOUR });
  });

  afterEach(() => {
    store.close();
  });

  const claim = (key: string, requestId: string) => store.idempotency.claim({ key, fingerprint: 'f', requestId, caseRef: CASE });

  it('are replayed within the time to live, and never after it: the expired record is gone and the key is new', () => {
    claim('k', 'first');
    store.idempotency.complete('k', receipt(7), 'a'.repeat(64));
    clock.ms = START + 24 * HOUR - 1;
    expect(claim('k', 'second')).toMatchObject({ created: false, record: { requestId: 'first', state: 'done' } });
    clock.ms = START + 24 * HOUR + 1;
    expect(claim('k', 'third')).toMatchObject({ created: true, record: { requestId: 'third', state: 'pending', outcome: null } });
  });

  it('are pruned on demand and at open, pending or done, while younger ones stay', () => {
    claim('old-done', 'r1');
    store.idempotency.complete('old-done', receipt(3), 'a'.repeat(64));
    claim('old-pending', 'r2');
    clock.ms = START + 20 * HOUR;
    claim('young', 'r3');
    clock.ms = START + 25 * HOUR;
    expect(store.idempotency.prune()).toBe(2);
    expect(store.idempotency.prune()).toBe(0);
    expect(claim('young', 'r4').created).toBe(false);
  });

  it('keep the highest block handed out after the records holding it expired or were erased', () => {
    claim('a', 'r1');
    store.idempotency.complete('a', receipt(41), 'a'.repeat(64));
    claim('b', 'r2');
    store.idempotency.complete('b', receipt(9), 'b'.repeat(64));
    expect(store.idempotency.highestBlock()).toBe(41);
    store.idempotency.forgetCase(CASE);
    clock.ms = START + 30 * HOUR;
    store.idempotency.prune();
    expect(store.idempotency.highestBlock()).toBe(41);
  });

  it('default to 24 hours', () => {
    expect(DEFAULT_IDEMPOTENCY_TTL_MS).toBe(24 * HOUR);
  });
});

describe('migration 7', () => {
  it('carries the highest block of the records already stored over into the kept high-water mark', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, MIGRATIONS.filter((migration) => migration.version <= 6));
    const insert = db.prepare(`INSERT INTO idempotency (key, fingerprint, request_id, case_ref, state, outcome, created_at, updated_at) VALUES (?, 'f', 'r', ?, 'done', ?, 't', 't')`);
    insert.run('k1', CASE, JSON.stringify(receipt(12)));
    insert.run('k2', CASE, JSON.stringify(receipt(30)));
    insert.run('k3', CASE, JSON.stringify({ ok: false, code: 'INVALID_TRANSITION', message: 'no', details: { blockNumber: 99 } }));
    migrate(db);
    expect(db.prepare('SELECT highest_block FROM handed_out').all()).toEqual([{ highest_block: 30 }]);
    db.close();
  });
});
