import { MemoryLedgerStore } from './test-support/memory-ledger-store';
import { SimulatedStub, type SimulatedStubOptions } from './simulated-stub';
import type { StateQueryResult } from './state-iterators';
import { seedBlock, text, thrown } from './test-support/seed-store';

function newStub(store: MemoryLedgerStore, overrides: Partial<SimulatedStubOptions> = {}): SimulatedStub {
  return new SimulatedStub({
    store,
    channelId: 'mychannel',
    txId: 'tx-1',
    args: [Buffer.from('Contract:fn'), Buffer.from('a1'), Buffer.from('a2')],
    creator: { mspid: 'Org1MSP', idBytes: Buffer.from('-----BEGIN CERTIFICATE-----') },
    timestamp: { seconds: 1_767_225_600, nanos: 123_456_789 },
    ...overrides,
  });
}

async function collect(iterable: AsyncIterable<StateQueryResult>): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key, value } of iterable) {
    keys.push(`${key}=${value.toString()}`);
  }
  return keys;
}

describe('SimulatedStub', () => {
  let store: MemoryLedgerStore;
  beforeEach(() => {
    store = new MemoryLedgerStore();
  });

  describe('proposal data', () => {
    it('exposes arguments, ids, creator, transient data and timestamps like fabric-shim', () => {
      const stub = newStub(store, { transient: new Map([['secret', Buffer.from('s')]]) });
      expect(stub.getArgs()).toEqual(['Contract:fn', 'a1', 'a2']);
      expect(stub.getStringArgs()).toEqual(['Contract:fn', 'a1', 'a2']);
      expect(stub.getBufferArgs().map(String)).toEqual(['Contract:fn', 'a1', 'a2']);
      expect(stub.getFunctionAndParameters()).toEqual({ fcn: 'Contract:fn', params: ['a1', 'a2'] });
      expect(stub.getTxID()).toBe('tx-1');
      expect(stub.getChannelID()).toBe('mychannel');
      expect(stub.getCreator().mspid).toBe('Org1MSP');
      expect(Buffer.from(stub.getCreator().idBytes).toString()).toBe('-----BEGIN CERTIFICATE-----');
      expect(text(stub.getTransient().get('secret'))).toBe('s');
      const ts = stub.getTxTimestamp();
      expect(ts.seconds.toNumber()).toBe(1_767_225_600);
      expect(ts.seconds.unsigned).toBe(true);
      expect(ts.nanos).toBe(123_456_789);
      expect(stub.getDateTimestamp().toISOString()).toBe('2026-01-01T00:00:00.123Z');
      expect(stub.getSignedProposal()).toBeUndefined();
      expect(stub.getBinding()).toMatch(/^[0-9a-f]{64}$/);
      expect(stub.getBinding()).toBe(newStub(store).getBinding());
      expect(stub.validationParameterMetakey).toBe('VALIDATION_PARAMETER');
    });

    it('handles no arguments, no transient data and the peer MSP id', () => {
      const stub = newStub(store, { args: [] });
      expect(stub.getFunctionAndParameters()).toEqual({ fcn: '', params: [] });
      expect(stub.getTransient().size).toBe(0);
      expect(() => stub.getMspID()).toThrow('CORE_PEER_LOCALMSPID is unset in chaincode process');
      expect(newStub(store, { peerMspId: 'Org2MSP' }).getMspID()).toBe('Org2MSP');
    });
  });

  describe('public state', () => {
    it('reads committed values only: no read-your-writes, as on Fabric', async () => {
      seedBlock(store, { put: { a: 'committed' } });
      const stub = newStub(store);
      await stub.putState('a', Buffer.from('pending'));
      await stub.putState('b', 'new');
      expect((await stub.getState('a')).toString()).toBe('committed');
      expect((await stub.getState('b')).length).toBe(0);
      expect(store.getState('b')).toBeUndefined();
    });

    it('records the version of the first read of each key, absent keys as undefined', async () => {
      seedBlock(store, { put: { a: '1' } });
      const stub = newStub(store);
      await stub.getState('a');
      await stub.getState('a');
      await stub.getState('missing');
      expect(stub.readWriteSet().reads).toEqual([
        { key: 'a', version: { blockNum: 0, txNum: 0 } },
        { key: 'missing', version: undefined },
      ]);
    });

    it('keeps the last write per key, sorted by key; an empty value is a delete', async () => {
      const stub = newStub(store);
      await stub.putState('b', Buffer.from('1'));
      await stub.putState('a', Buffer.from('1'));
      await stub.putState('a', Buffer.from('2'));
      await stub.putState('c', new Uint8Array(0));
      await stub.deleteState('d');
      const writes = stub.readWriteSet().writes;
      expect(writes.map((w) => [w.key, w.isDelete, w.isDelete ? null : text(w.value)])).toEqual([
        ['a', false, '2'],
        ['b', false, '1'],
        ['c', true, null],
        ['d', true, null],
      ]);
    });

    it('rejects an empty key', async () => {
      const stub = newStub(store);
      await expect(stub.putState('', Buffer.from('x'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', txId: 'tx-1' });
      await expect(stub.deleteState('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('stages validation parameters and reads the committed ones', async () => {
      seedBlock(store, { put: { a: '1' }, validationParameters: [{ key: 'a', parameter: Buffer.from('policy') }] });
      const stub = newStub(store);
      expect(text(await stub.getStateValidationParameter('a'))).toBe('policy');
      expect(await stub.getStateValidationParameter('b')).toBeUndefined();
      await stub.setStateValidationParameter('b', Buffer.from('p'));
      expect(await stub.getStateValidationParameter('b')).toBeUndefined();
      expect(stub.readWriteSet().validationParameterWrites.map((w) => [w.key, text(w.parameter)])).toEqual([['b', 'p']]);
      expect(stub.readWriteSet().reads.map((r) => r.key)).toEqual(['a', 'b']);
    });
  });

  describe('range queries', () => {
    beforeEach(() => {
      const composite = newStub(store).createCompositeKey('case', ['A', '1']);
      seedBlock(store, { put: { a: '1', b: '2', c: '3', [composite]: 'x' } });
    });

    it('scans simple keys only; empty bounds mean from the first and to the last', async () => {
      expect(await collect(newStub(store).getStateByRange('', ''))).toEqual(['a=1', 'b=2', 'c=3']);
      expect(await collect(newStub(store).getStateByRange('b', ''))).toEqual(['b=2', 'c=3']);
      expect(await collect(newStub(store).getStateByRange('a', 'c'))).toEqual(['a=1', 'b=2']);
    });

    it('rejects bounds in the composite-key namespace, as the shim does', async () => {
      await expect(newStub(store).getStateByRange('\u0000case', '')).rejects.toThrow(/contains a null character/);
      await expect(newStub(store).getStateByRangeWithPagination('', '\u0000x', 2)).rejects.toThrow(/null character/);
    });

    it('supports the promise API: next() until done, then close()', async () => {
      const iterator = await newStub(store).getStateByRange('a', 'c');
      const first = await iterator.next();
      expect(first.done).toBe(false);
      expect(first.value?.key).toBe('a');
      expect(first.value?.value).toBeInstanceOf(Buffer);
      expect((await iterator.next()).value?.key).toBe('b');
      expect(await iterator.next()).toEqual({ done: true });
      await iterator.close();
      const closed = await newStub(store).getStateByRange('', '');
      await closed.close();
      expect((await closed.next()).done).toBe(true);
    });

    it('closes the iterator when a for-await loop is left early', async () => {
      const stub = newStub(store);
      const query = stub.getStateByRange('', '');
      for await (const kv of query) {
        expect(kv.key).toBe('a');
        break;
      }
      expect((await (await query).next()).done).toBe(true);
    });

    it('records each range with its results for the phantom check', async () => {
      const stub = newStub(store);
      await collect(stub.getStateByRange('', 'c'));
      expect(stub.readWriteSet().rangeQueries).toEqual([
        {
          startKey: '\u0001',
          endKey: 'c',
          itrExhausted: true,
          reads: [
            { key: 'a', version: { blockNum: 0, txNum: 0 } },
            { key: 'b', version: { blockNum: 0, txNum: 0 } },
          ],
        },
      ]);
    });

    it('pages with bookmarks that name the next page start', async () => {
      const first = await newStub(store).getStateByRangeWithPagination('', '', 2);
      expect(first.metadata).toEqual({ fetchedRecordsCount: 2, bookmark: 'c' });
      expect(await collect(newStub(store).getStateByRangeWithPagination('', '', 2))).toEqual(['a=1', 'b=2']);
      const stub = newStub(store);
      const second = await stub.getStateByRangeWithPagination('', '', 2, first.metadata?.bookmark);
      expect(second.metadata).toEqual({ fetchedRecordsCount: 1, bookmark: '' });
      expect((await second.iterator.next()).value?.key).toBe('c');
      const exact = await newStub(store).getStateByRangeWithPagination('a', 'c', 2);
      expect(exact.metadata).toEqual({ fetchedRecordsCount: 2, bookmark: '' });
    });

    it('records a partial page as a range ending at its last key', async () => {
      const stub = newStub(store);
      await stub.getStateByRangeWithPagination('', '', 1);
      expect(stub.readWriteSet().rangeQueries).toEqual([
        { startKey: '\u0001', endKey: 'a', itrExhausted: false, reads: [{ key: 'a', version: { blockNum: 0, txNum: 0 } }] },
      ]);
    });

    it('refuses writes after a paginated query and paginated queries after a write, as the peer does', async () => {
      const reader = newStub(store);
      await reader.getStateByRangeWithPagination('', '', 1);
      await expect(reader.putState('x', Buffer.from('1'))).rejects.toMatchObject({
        code: 'UNSUPPORTED_TRANSACTION',
        message: expect.stringContaining('Writes are not allowed'),
      });
      const writer = newStub(store);
      await writer.putState('x', Buffer.from('1'));
      await expect(writer.getStateByRangeWithPagination('', '', 1)).rejects.toMatchObject({
        code: 'UNSUPPORTED_TRANSACTION',
        message: expect.stringContaining('supported only in a read-only transaction'),
      });
    });

    it('rejects a page size that is not a positive integer', async () => {
      await expect(newStub(store).getStateByRangeWithPagination('', '', 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(newStub(store).getStateByRangeWithPagination('', '', 1.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  describe('composite keys', () => {
    beforeEach(() => {
      const stub = newStub(store);
      const key = (...attrs: string[]): string => stub.createCompositeKey('case~state', attrs);
      seedBlock(store, {
        put: {
          [key('OPEN', 'c1')]: '1',
          [key('OPEN', 'c2')]: '2',
          [key('OPEN', 'c3')]: '3',
          [key('CLOSED', 'c4')]: '4',
          [stub.createCompositeKey('other', ['OPEN', 'c9'])]: '9',
          plain: 'p',
        },
      });
    });

    it('builds and splits keys with the shim logic', () => {
      const stub = newStub(store);
      const key = stub.createCompositeKey('case', ['A', 'B']);
      expect(key).toBe('\u0000case\u0000A\u0000B\u0000');
      expect(stub.splitCompositeKey(key)).toEqual({ objectType: 'case', attributes: ['A', 'B'] });
      expect(stub.splitCompositeKey('plain')).toEqual({ objectType: null, attributes: [] });
      expect(() => stub.createCompositeKey('', [])).toThrow('object type or attribute not a non-zero length string');
      expect(() => stub.getStateByPartialCompositeKey('case', [''])).toThrow(/non-zero length/);
    });

    it('scans by partial key and leaves other types and simple keys out', async () => {
      const stub = newStub(store);
      const all = await collect(stub.getStateByPartialCompositeKey('case~state', []));
      expect(all).toHaveLength(4);
      const open: string[] = [];
      for await (const kv of stub.getStateByPartialCompositeKey('case~state', ['OPEN'])) {
        open.push(stub.splitCompositeKey(kv.key).attributes.join('/'));
      }
      expect(open).toEqual(['OPEN/c1', 'OPEN/c2', 'OPEN/c3']);
      expect(stub.readWriteSet().rangeQueries).toHaveLength(2);
    });

    it('pages a partial-key scan with bookmarks', async () => {
      const pages: string[][] = [];
      let bookmark = '';
      do {
        const stub = newStub(store);
        const page = await stub.getStateByPartialCompositeKeyWithPagination('case~state', ['OPEN'], 2, bookmark);
        const keys: string[] = [];
        for await (const kv of stub.getStateByPartialCompositeKeyWithPagination('case~state', ['OPEN'], 2, bookmark)) {
          keys.push(stub.splitCompositeKey(kv.key).attributes[1] ?? '');
        }
        pages.push(keys);
        expect(page.metadata?.fetchedRecordsCount).toBe(keys.length);
        bookmark = page.metadata?.bookmark ?? '';
      } while (bookmark !== '');
      expect(pages).toEqual([['c1', 'c2'], ['c3']]);
      const page = await newStub(store).getStateByPartialCompositeKeyWithPagination('case~state', [], 10);
      expect(page.metadata).toEqual({ fetchedRecordsCount: 4, bookmark: '' });
    });
  });

  describe('history', () => {
    it('lists committed changes newest first, with tx ids and timestamps; own writes excluded', async () => {
      seedBlock(store, { put: { a: '1' }, txId: 't1', timestamp: { seconds: 100, nanos: 1 } });
      seedBlock(store, { put: { a: '2' }, txId: 't2', timestamp: { seconds: 200, nanos: 2 } });
      seedBlock(store, { del: ['a'], txId: 't3', timestamp: { seconds: 300, nanos: 3 } });
      const stub = newStub(store);
      await stub.putState('a', Buffer.from('pending'));
      const entries: string[] = [];
      for await (const mod of stub.getHistoryForKey('a')) {
        entries.push(`${mod.txId}:${mod.isDelete}:${mod.value.toString()}:${mod.timestamp.seconds}.${mod.timestamp.nanos}`);
      }
      expect(entries).toEqual(['t3:true::300.3', 't2:false:2:200.2', 't1:false:1:100.1']);
      expect(stub.readWriteSet().reads).toEqual([]);
      const iterator = await stub.getHistoryForKey('none');
      expect((await iterator.next()).done).toBe(true);
    });
  });

  describe('private data', () => {
    it('reads committed values and hashes, recording private reads', async () => {
      seedBlock(store, { privateWrites: [{ collection: 'pdc', key: 'k', kind: 'put', value: Buffer.from('secret') }] });
      const stub = newStub(store);
      expect((await stub.getPrivateData('pdc', 'k')).toString()).toBe('secret');
      expect((await stub.getPrivateDataHash('pdc', 'k')).toString('hex')).toHaveLength(64);
      expect((await stub.getPrivateData('pdc', 'missing')).length).toBe(0);
      expect((await stub.getPrivateDataHash('pdc', 'missing')).length).toBe(0);
      expect(stub.readWriteSet().privateReads).toEqual([
        { collection: 'pdc', key: 'k', version: { blockNum: 0, txNum: 0 } },
        { collection: 'pdc', key: 'missing', version: undefined },
      ]);
    });

    it('stages puts, deletes and purges; an empty value is a delete', async () => {
      const stub = newStub(store);
      await stub.putPrivateData('pdc', 'b', Buffer.from('v'));
      await stub.putPrivateData('pdc', 'a', 'text');
      await stub.putPrivateData('pdc', 'e', new Uint8Array(0));
      await stub.deletePrivateData('pdc', 'c');
      await stub.purgePrivateData('other', 'd');
      expect((await stub.getPrivateData('pdc', 'b')).length).toBe(0);
      expect(stub.readWriteSet().privateWrites.map((w) => `${w.collection}/${w.key}:${w.kind}`)).toEqual([
        'other/d:purge',
        'pdc/a:put',
        'pdc/b:put',
        'pdc/c:delete',
        'pdc/e:delete',
      ]);
    });

    it('validates arguments with the shim messages', async () => {
      const stub = newStub(store);
      await expect(stub.getPrivateData('', 'k')).rejects.toThrow('collection must be a valid string');
      await expect(stub.getPrivateDataHash('pdc', '')).rejects.toThrow('key must be a valid string');
      await expect(stub.putPrivateData('pdc', 'k', '')).rejects.toThrow('value must be valid');
      await expect(stub.deletePrivateData('', 'k')).rejects.toThrow('collection must be a valid string');
      await expect(stub.purgePrivateData('pdc', '')).rejects.toThrow('key must be a valid string');
    });
  });

  describe('events and unsupported calls', () => {
    it('keeps only the last event, as Fabric allows one per transaction', () => {
      const stub = newStub(store);
      expect(stub.event()).toBeUndefined();
      stub.setEvent('First', Buffer.from('1'));
      stub.setEvent('Second', Buffer.from('2'));
      expect(stub.event()?.eventName).toBe('Second');
      expect(text(stub.event()?.payload)).toBe('2');
      expect(() => {
        stub.setEvent('', Buffer.from('x'));
      }).toThrow('Event name must be a non-empty string');
    });

    it.each([
      'getQueryResult',
      'getQueryResultWithPagination',
      'getPrivateDataQueryResult',
      'getPrivateDataByRange',
      'getPrivateDataByPartialCompositeKey',
      'setPrivateDataValidationParameter',
      'getPrivateDataValidationParameter',
      'invokeChaincode',
    ] as const)('%s throws NOT_SUPPORTED', (method) => {
      const stub = newStub(store);
      expect(thrown(() => stub[method]())).toMatchObject({ code: 'NOT_SUPPORTED' });
    });
  });
});
