import { createHash } from 'node:crypto';
import { MemoryLedgerStore } from './memory-ledger-store';
import { SimulatorError } from '../simulator-errors';
import { seedBlock, text, thrown } from './seed-store';

describe('MemoryLedgerStore', () => {
  let store: MemoryLedgerStore;
  beforeEach(() => {
    store = new MemoryLedgerStore();
  });

  it('starts empty', () => {
    expect(store.blockHeight()).toBe(0);
    expect(store.getState('a')).toBeUndefined();
    expect(store.getStateRange('', '')).toEqual([]);
    expect(store.getHistory('a')).toEqual([]);
    expect(store.getEvents(0)).toEqual([]);
  });

  it('versions every write with {blockNum, txNum}', () => {
    seedBlock(store, { put: { a: '1', b: '1' } });
    seedBlock(store, { put: { a: '2' } });
    expect(store.blockHeight()).toBe(2);
    expect(store.getState('a')?.version).toEqual({ blockNum: 1, txNum: 0 });
    expect(text(store.getState('a')?.value)).toBe('2');
    expect(store.getState('b')?.version).toEqual({ blockNum: 0, txNum: 0 });
  });

  it('scans ranges in UTF-8 byte order with an exclusive end, an open end and a limit', () => {
    // U+FFFD sorts before U+10000 in UTF-8 but after it in UTF-16 code units.
    seedBlock(store, { put: { b: '1', a: '1', c: '1', '\u{10000}': '1', '\uFFFD': '1' } });
    expect(store.getStateRange('a', 'c').map((e) => e.key)).toEqual(['a', 'b']);
    expect(store.getStateRange('b', '').map((e) => e.key)).toEqual(['b', 'c', '\uFFFD', '\u{10000}']);
    expect(store.getStateRange('a', '', 2).map((e) => e.key)).toEqual(['a', 'b']);
    expect(store.getStateRange('\uFFFD', '\u{10ffff}').map((e) => e.key)).toEqual(['\uFFFD', '\u{10000}']);
  });

  it('deletes keys and keeps every change in the history, oldest first', () => {
    seedBlock(store, { put: { a: '1', b: '1' }, txId: 't1', timestamp: { seconds: 10, nanos: 5 } });
    seedBlock(store, { del: ['a'], txId: 't2' });
    seedBlock(store, { del: ['never-existed'] });
    expect(store.getState('a')).toBeUndefined();
    expect(store.getStateRange('', '').map((e) => e.key)).toEqual(['b']);
    const history = store.getHistory('a');
    expect(history.map((h) => [h.txId, h.isDelete, text(h.value)])).toEqual([
      ['t1', false, '1'],
      ['t2', true, ''],
    ]);
    expect(history[0]?.timestamp).toEqual({ seconds: 10, nanos: 5 });
    expect(history[1]?.version).toEqual({ blockNum: 1, txNum: 0 });
  });

  it('rejects a block that is not the next one', () => {
    const error = thrown(() => {
      store.applyBlock({ blockNumber: 3, transactions: [], events: [] });
    });
    expect(error).toBeInstanceOf(SimulatorError);
    expect(error).toMatchObject({ code: 'BLOCK_OUT_OF_ORDER', name: 'SimulatorError' });
  });

  it('keeps private values with their SHA-256 hash; delete keeps history, purge removes it', () => {
    const put = (value: string) => ({ collection: 'c1', key: 'k', kind: 'put' as const, value: Buffer.from(value) });
    seedBlock(store, { privateWrites: [put('one')] });
    seedBlock(store, { privateWrites: [put('two')] });
    const stored = store.getPrivateData('c1', 'k');
    expect(text(stored?.value)).toBe('two');
    expect(Buffer.from(stored?.hash ?? []).toString('hex')).toBe(createHash('sha256').update('two').digest('hex'));
    expect(stored?.version).toEqual({ blockNum: 1, txNum: 0 });
    expect(store.getPrivateData('c2', 'k')).toBeUndefined();

    seedBlock(store, { privateWrites: [{ collection: 'c1', key: 'k', kind: 'delete' }] });
    expect(store.getPrivateData('c1', 'k')).toBeUndefined();
    expect(store.getPrivateHistory('c1', 'k').map((h) => [h.isDelete, text(h.value)])).toEqual([
      [false, 'one'],
      [false, 'two'],
      [true, ''],
    ]);

    seedBlock(store, { privateWrites: [put('three')] });
    seedBlock(store, { privateWrites: [{ collection: 'c1', key: 'k', kind: 'purge' }] });
    expect(store.getPrivateData('c1', 'k')).toBeUndefined();
    expect(store.getPrivateHistory('c1', 'k')).toEqual([]);
  });

  it('stores validation parameters, bumps the key version, and drops them with the key', () => {
    seedBlock(store, { put: { a: '1' } });
    seedBlock(store, { validationParameters: [{ key: 'a', parameter: Buffer.from('policy') }] });
    expect(text(store.getValidationParameter('a'))).toBe('policy');
    expect(store.getState('a')?.version).toEqual({ blockNum: 1, txNum: 0 });
    expect(text(store.getState('a')?.value)).toBe('1');

    seedBlock(store, { validationParameters: [{ key: 'a', parameter: new Uint8Array(0) }] });
    expect(store.getValidationParameter('a')).toBeUndefined();

    seedBlock(store, { validationParameters: [{ key: 'a', parameter: Buffer.from('p2') }] });
    seedBlock(store, { del: ['a'] });
    expect(store.getValidationParameter('a')).toBeUndefined();
  });

  it('returns events from a block on', () => {
    const event = (blockNumber: number) => ({ blockNumber, txNum: 0, txId: `t${blockNumber}`, eventName: 'E', payload: Buffer.from('x') });
    store.applyBlock({ blockNumber: 0, transactions: [], events: [event(0)] });
    store.applyBlock({ blockNumber: 1, transactions: [], events: [event(1)] });
    expect(store.getEvents(0).map((e) => e.txId)).toEqual(['t0', 't1']);
    expect(store.getEvents(1).map((e) => e.txId)).toEqual(['t1']);
  });
});
