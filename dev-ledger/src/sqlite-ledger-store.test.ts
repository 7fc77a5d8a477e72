import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { BlockWrites, LedgerStore, TransactionWrites } from './ledger-store';
import { MemoryLedgerStore } from './test-support/memory-ledger-store';
import { LedgerError } from '@asylum-ledger/domain';
import { SqliteLedgerStore } from './sqlite-ledger-store';
import { createTempLedgerDir, type TempLedgerDir } from './test-support/temp-dir';

const bytes = (text: string) => Buffer.from(text, 'utf8');
let txCounter = 0;

function tx(parts: Partial<Omit<TransactionWrites, 'txId' | 'txNum'>>): TransactionWrites {
  txCounter += 1;
  return {
    txId: `tx-${txCounter}`,
    txNum: 0,
    timestamp: { seconds: 1_780_000_000 + txCounter, nanos: 7 },
    publicWrites: [],
    privateWrites: [],
    validationParameterWrites: [],
    ...parts,
  };
}

/** A script of blocks touching every part of the store: ranges in UTF-8 order, deletes, metadata, private data and purge, events. */
function script(): Omit<BlockWrites, 'blockNumber'>[] {
  const composite = '\u0000case~state\u0000REGISTERED\u0000';
  const put = (key: string, value: string) => ({ key, isDelete: false as const, value: bytes(value) });
  return [
    { transactions: [tx({ publicWrites: [put('b', '1'), put('a', '1'), put('\uFFFD', '1'), put('\u{10000}', '1'), put(`${composite}x`, '1')] })], events: [] },
    {
      transactions: [
        tx({
          publicWrites: [put('a', '2')],
          privateWrites: [{ collection: 'land-DE-SN', key: 'k', kind: 'put', value: bytes('secret-1') }],
          validationParameterWrites: [{ key: 'b', parameter: bytes('policy') }],
        }),
      ],
      events: [{ blockNumber: 1, txNum: 0, txId: `tx-${txCounter}`, eventName: 'CaseEvent', payload: bytes('{"seq":1}') }],
    },
    { transactions: [tx({ publicWrites: [{ key: 'a', isDelete: true }], privateWrites: [{ collection: 'land-DE-SN', key: 'k', kind: 'put', value: bytes('secret-2') }] })], events: [] },
    { transactions: [], events: [] },
    { transactions: [tx({ privateWrites: [{ collection: 'land-DE-SN', key: 'k', kind: 'purge' }, { collection: 'land-DE-SN', key: 'j', kind: 'put', value: bytes('x') }] })], events: [] },
    { transactions: [tx({ publicWrites: [{ key: 'b', isDelete: true }] })], events: [] },
  ];
}

function snapshot(store: LedgerStore): unknown {
  const keys = ['a', 'b', '\uFFFD', '\u{10000}', 'never'];
  const plain = (value: unknown): unknown => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
    if (Array.isArray(value)) return value.map(plain);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
    return value;
  };
  return plain({
    height: store.blockHeight(),
    range: store.getStateRange('', ''),
    bounded: store.getStateRange('a', '\uFFFF'),
    limited: store.getStateRange('', '', 2),
    composite: store.getStateRange('\u0000case~state\u0000', '\u0000case~state\u0000\u{10FFFF}'),
    state: keys.map((key) => store.getState(key) ?? null),
    history: keys.map((key) => store.getHistory(key)),
    parameters: keys.map((key) => store.getValidationParameter(key) ?? null),
    privateData: ['k', 'j'].map((key) => store.getPrivateData('land-DE-SN', key) ?? null),
    privateHistory: ['k', 'j'].map((key) => store.getPrivateHistory('land-DE-SN', key)),
    events: [0, 1, 2].map((from) => store.getEvents(from)),
  });
}

describe('SqliteLedgerStore', () => {
  let temp: TempLedgerDir;
  let store: SqliteLedgerStore;
  beforeEach(() => {
    temp = createTempLedgerDir();
    store = new SqliteLedgerStore({ path: temp.databasePath });
  });
  afterEach(() => {
    store.close();
    temp.remove();
  });

  it('behaves as the simulator MemoryLedgerStore after every block of a script', () => {
    const memory = new MemoryLedgerStore();
    script().forEach((block, blockNumber) => {
      memory.applyBlock({ ...block, blockNumber });
      store.applyBlock({ ...block, blockNumber });
      expect(snapshot(store)).toEqual(snapshot(memory));
    });
  });

  it('survives a reopen with state, history and events, and migrates only once', () => {
    script().forEach((block, blockNumber) => {
      store.applyBlock({ ...block, blockNumber });
    });
    const before = snapshot(store);
    store.close();
    store = new SqliteLedgerStore({ path: temp.databasePath });
    expect(snapshot(store)).toEqual(before);
    expect(store.verifyChain()).toEqual({ valid: true, height: 6, problems: [] });
  });

  it('removes purged private values from the database file itself', () => {
    const secret = 'PURGE-ME-4711-private';
    store.applyBlock({ blockNumber: 0, transactions: [tx({ privateWrites: [{ collection: 'land-DE-SN', key: 'k', kind: 'put', value: bytes(secret) }] })], events: [] });
    store.applyBlock({ blockNumber: 1, transactions: [tx({ privateWrites: [{ collection: 'land-DE-SN', key: 'k', kind: 'put', value: bytes(`${secret}-2`) }] })], events: [] });
    store.applyBlock({ blockNumber: 2, transactions: [tx({ privateWrites: [{ collection: 'land-DE-SN', key: 'k', kind: 'purge' }] })], events: [] });
    expect(store.getPrivateData('land-DE-SN', 'k')).toBeUndefined();
    expect(store.getPrivateHistory('land-DE-SN', 'k')).toEqual([]);
    // Closing checkpoints the write-ahead log into the main file and removes the log.
    store.close();
    expect(readFileSync(temp.databasePath).includes(bytes(secret))).toBe(false);
    store = new SqliteLedgerStore({ path: temp.databasePath });
  });

  it('is owned by one process: a second open of the same file fails while the first is open', () => {
    let error: unknown;
    try {
      new SqliteLedgerStore({ path: temp.databasePath }).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    expect(store.blockHeight()).toBe(0);
  });

  it('refuses a block out of order with BLOCK_OUT_OF_ORDER', () => {
    expect(() => {
      store.applyBlock({ blockNumber: 1, transactions: [], events: [] });
    }).toThrow(expect.objectContaining({ code: 'BLOCK_OUT_OF_ORDER' }));
  });

  it('commits a block all or nothing: a failure late in the block leaves no trace', () => {
    const first = tx({ publicWrites: [{ key: 'a', isDelete: false, value: bytes('1') }] });
    store.applyBlock({ blockNumber: 0, transactions: [first], events: [] });
    const before = snapshot(store);
    // The transaction index refuses a second transaction with the same id, after the state writes ran.
    const duplicate = { ...tx({ publicWrites: [{ key: 'a', isDelete: false, value: bytes('2') }] }), txId: first.txId };
    expect(() => {
      store.applyBlock({ blockNumber: 1, transactions: [duplicate], events: [{ blockNumber: 1, txNum: 0, txId: duplicate.txId, eventName: 'E', payload: bytes('x') }] });
    }).toThrow(/UNIQUE/);
    expect(snapshot(store)).toEqual(before);
    expect(store.blockHeight()).toBe(1);
  });

  it('chains headers and detects a tampered row through the recomputed data hash', () => {
    script().forEach((block, blockNumber) => {
      store.applyBlock({ ...block, blockNumber });
    });
    expect(store.block(1)).toMatchObject({ dataHashValid: true, headerHashValid: true, previousHash: store.block(0)?.headerHash });
    store.close();
    const raw = new Database(temp.databasePath);
    raw.prepare("UPDATE block_transactions SET creator_msp = 'EVILMSP' WHERE block_num = 2").run();
    raw.prepare("UPDATE history SET value = ? WHERE block_num = 1").run(bytes('forged'));
    raw.prepare("UPDATE events SET payload = ? WHERE block_num = 1").run(bytes('{"seq":99}'));
    raw.close();
    store = new SqliteLedgerStore({ path: temp.databasePath });
    expect(store.block(0)?.dataHashValid).toBe(true);
    expect(store.block(1)?.dataHashValid).toBe(false);
    expect(store.block(2)?.dataHashValid).toBe(false);
    expect(store.verifyChain()).toMatchObject({ valid: false, problems: ['block 1: data hash mismatch', 'block 2: data hash mismatch'] });
  });

  it('detects a rewritten header through the next block\'s previous hash', () => {
    script().forEach((block, blockNumber) => {
      store.applyBlock({ ...block, blockNumber });
    });
    store.close();
    const raw = new Database(temp.databasePath);
    raw.prepare("UPDATE blocks SET header_hash = 'ff' WHERE block_num = 3").run();
    raw.close();
    store = new SqliteLedgerStore({ path: temp.databasePath });
    expect(store.verifyChain().problems).toEqual(['block 3: header hash mismatch', 'block 4: previous hash does not match block 3']);
  });

  it('refuses a database written by a newer schema with LEDGER_INTERNAL', () => {
    store.close();
    const raw = new Database(temp.databasePath);
    raw.pragma('user_version = 99');
    raw.close();
    let error: unknown;
    try {
      store = new SqliteLedgerStore({ path: temp.databasePath });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'LEDGER_INTERNAL' });
    store = new SqliteLedgerStore({ path: ':memory:' });
  });
});
