import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, appliedVersions, migrate } from './migrations';
import { openGatewayStore } from './open-gateway-store';
import { ReferenceCipher } from './reference-cipher';

const KEY = Buffer.alloc(32, 3);

function tempFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-store-')), 'nested', 'gateway.sqlite');
}

describe('migrations', () => {
  it('applies every version once, in order, and records it', () => {
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(migrate(db)).toEqual([]);
    expect(appliedVersions(db)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    db.close();
  });

  it('applies only the new versions to an older database', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    expect(migrate(db)).toEqual([2, 3, 4, 5, 6, 7]);
    db.close();
  });

  it('refuses a database written by a newer gateway', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x')").run();
    expect(() => migrate(db)).toThrow(/unknown schema versions 99/);
    db.close();
  });

  it('rolls back a failing migration completely', () => {
    const db = new BetterSqlite3(':memory:');
    expect(() => migrate(db, [{ version: 1, name: 'bad', sql: 'CREATE TABLE t (a INTEGER); INSERT INTO nowhere VALUES (1);' }])).toThrow();
    expect(appliedVersions(db)).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
    db.close();
  });
});

describe('ReferenceCipher', () => {
  it('round-trips, binds the context, and detects tampering', () => {
    const cipher = new ReferenceCipher(KEY);
    const sealed = cipher.seal('AZ-4711', 'case-1');
    expect(cipher.open(sealed, 'case-1')).toBe('AZ-4711');
    expect(() => cipher.open(sealed, 'case-2')).toThrow();
    expect(() => cipher.open({ ...sealed, ciphertext: Buffer.from(sealed.ciphertext.map((byte) => byte ^ 1)) }, 'case-1')).toThrow();
    expect(() => new ReferenceCipher(KEY).open(sealed, 'case-1')).not.toThrow();
    expect(() => new ReferenceCipher(Buffer.alloc(32, 4)).open(sealed, 'case-1')).toThrow();
  });

  it('uses a fresh IV per value and a keyed, deterministic index', () => {
    const cipher = new ReferenceCipher(KEY);
    expect(cipher.seal('x', 'c').iv.equals(cipher.seal('x', 'c').iv)).toBe(false);
    expect(cipher.index('x')).toBe(cipher.index('x'));
    expect(cipher.index('x')).not.toBe(new ReferenceCipher(Buffer.alloc(32, 4)).index('x'));
    expect(() => new ReferenceCipher(Buffer.alloc(16))).toThrow(RangeError);
  });
});

describe('the SQLite gateway store', () => {
  it('keeps local references encrypted at rest: the database files never contain the plaintext', () => {
    const file = tempFile();
    const store = openGatewayStore({ file, localReferenceKey: KEY });
    store.localReferences.add('AZ-PLAINTEXT-4711', 'a'.repeat(32));
    expect(store.localReferences.referencesOf('a'.repeat(32))).toEqual(['AZ-PLAINTEXT-4711']);
    store.close();
    for (const name of readdirSync(path.dirname(file))) {
      expect(readFileSync(path.join(path.dirname(file), name)).includes(Buffer.from('AZ-PLAINTEXT-4711'))).toBe(false);
    }
  });

  it('keeps idempotency records and mappings across a restart (reopening the file)', () => {
    const file = tempFile();
    const receipt = { caseRef: 'c'.repeat(32), state: 'REGISTERED', seq: 1, txId: 'a'.repeat(64), blockNumber: 3 } as const;
    const first = openGatewayStore({ file, localReferenceKey: KEY });
    first.idempotency.claim({ key: 'k', fingerprint: 'f', requestId: 'r', caseRef: 'c'.repeat(32) });
    first.idempotency.complete('k', { ok: true, receipt }, receipt.txId);
    first.idempotency.claim({ key: 'p', fingerprint: 'f2', requestId: 'r2', caseRef: 'd'.repeat(32) });
    first.idempotency.noteTxId('p', 'tx-unknown');
    first.localReferences.add('REF', 'c'.repeat(32));
    first.audit.append({ subject: 's', role: 'ABH', action: 'registerCase', caseRef: null, txId: null, outcome: 'OK', at: 'now' });
    first.close();
    const second = openGatewayStore({ file, localReferenceKey: KEY });
    const done = second.idempotency.claim({ key: 'k', fingerprint: 'other', requestId: 'r9', caseRef: 'e'.repeat(32) });
    expect(done).toEqual({ created: false, record: expect.objectContaining({ fingerprint: 'f', requestId: 'r', state: 'done', outcome: { ok: true, receipt } }) });
    const pending = second.idempotency.claim({ key: 'p', fingerprint: 'f2', requestId: 'r8', caseRef: 'x' });
    expect(pending.record).toMatchObject({ state: 'pending', requestId: 'r2', caseRef: 'd'.repeat(32), txId: 'tx-unknown' });
    expect(second.localReferences.find('REF')).toEqual([{ caseRef: 'c'.repeat(32), createdAt: expect.any(String) }]);
    expect(second.audit.recent(5)).toHaveLength(1);
    second.close();
  });

  it('checks a stored outcome when it reads it back, and refuses one that is not a receipt or a refusal', () => {
    const file = tempFile();
    const store = openGatewayStore({ file, localReferenceKey: KEY });
    store.idempotency.claim({ key: 'k', fingerprint: 'f', requestId: 'r', caseRef: 'c'.repeat(32) });
    store.idempotency.complete('k', { ok: false, code: 'INVALID_TRANSITION', message: 'no', details: { state: 'REGISTERED' } }, null);
    store.close();
    const db = new BetterSqlite3(file);
    db.prepare(`UPDATE idempotency SET outcome = '{"ok":true,"receipt":{"txId":"t"}}' WHERE key = 'k'`).run();
    db.close();
    const reopened = openGatewayStore({ file, localReferenceKey: KEY });
    expect(() => reopened.idempotency.claim({ key: 'k', fingerprint: 'f', requestId: 'r2', caseRef: 'c'.repeat(32) })).toThrow(/receipt/);
    reopened.close();
  });

  it('knows the highest block of any stored receipt (refusals and pending keys do not count)', () => {
    const store = openGatewayStore({ file: ':memory:', localReferenceKey: KEY });
    expect(store.idempotency.highestBlock()).toBeNull();
    const claim = (key: string): void => {
      store.idempotency.claim({ key, fingerprint: 'f', requestId: key, caseRef: 'c'.repeat(32) });
    };
    ['a', 'b', 'c', 'd', 'e'].forEach(claim);
    const receipt = (txId: string, blockNumber: number | null) => ({ caseRef: 'c'.repeat(32), state: 'REGISTERED' as const, seq: 1, txId, blockNumber });
    store.idempotency.complete('a', { ok: true, receipt: receipt('1'.repeat(64), 9) }, '1'.repeat(64));
    store.idempotency.complete('b', { ok: true, receipt: receipt('2'.repeat(64), 41) }, '2'.repeat(64));
    store.idempotency.complete('c', { ok: true, receipt: receipt('3'.repeat(64), null) }, '3'.repeat(64));
    store.idempotency.complete('d', { ok: false, code: 'INVALID_TRANSITION', message: 'no', details: { blockNumber: 99 } }, null);
    store.idempotency.noteTxId('e', 'tx-unknown');
    expect(store.idempotency.highestBlock()).toBe(41);
    store.close();
  });

  it('changes several parts atomically or not at all', () => {
    const store = openGatewayStore({ file: ':memory:', localReferenceKey: KEY });
    expect(() =>
      store.atomically(() => {
        store.localReferences.add('REF', 'c'.repeat(32));
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(store.localReferences.find('REF')).toEqual([]);
    store.close();
  });
});
