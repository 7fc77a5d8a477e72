import { BlockCommitter } from './block-committer';
import { MemoryLedgerStore } from './test-support/memory-ledger-store';
import { SimulatedStub } from './simulated-stub';
import { seedBlock, text } from './test-support/seed-store';

function newStub(store: MemoryLedgerStore, txId: string): SimulatedStub {
  return new SimulatedStub({
    store,
    channelId: 'ch',
    txId,
    args: [],
    creator: { mspid: 'Org1MSP', idBytes: Buffer.from('pem') },
    timestamp: { seconds: 42, nanos: 0 },
  });
}

describe('BlockCommitter', () => {
  let store: MemoryLedgerStore;
  let committer: BlockCommitter;
  beforeEach(() => {
    store = new MemoryLedgerStore();
    committer = new BlockCommitter(store);
    seedBlock(store, { put: { a: '1', c: '1', e: '1' } });
  });

  it('applies a valid transaction in the next block and keeps its event', async () => {
    const stub = newStub(store, 'tx');
    await stub.getState('a');
    await stub.putState('b', Buffer.from('2'));
    await stub.setStateValidationParameter('a', Buffer.from('ep'));
    stub.setEvent('E', Buffer.from('p'));
    const result = committer.commit({ txId: 'tx', timestamp: { seconds: 42, nanos: 0 }, readWriteSet: stub.readWriteSet(), event: stub.event() });
    expect(result).toEqual({
      txId: 'tx',
      blockNumber: 1,
      validationCode: 'VALID',
      event: { blockNumber: 1, txNum: 0, txId: 'tx', eventName: 'E', payload: Buffer.from('p') },
    });
    expect(text(store.getState('b')?.value)).toBe('2');
    expect(text(store.getValidationParameter('a'))).toBe('ep');
    expect(store.getHistory('b')[0]).toMatchObject({ txId: 'tx', timestamp: { seconds: 42, nanos: 0 } });
  });

  it('treats a key that appeared since it was read as absent as a conflict', async () => {
    const stub = newStub(store, 'tx');
    await stub.getState('new');
    seedBlock(store, { put: { new: 'x' } });
    expect(committer.validate(stub.readWriteSet())).toBe('MVCC_READ_CONFLICT');
  });

  it('checks a partial page only up to its last key', async () => {
    const stub = newStub(store, 'tx');
    const page = await stub.getStateByRangeWithPagination('', '', 1);
    expect(page.metadata?.bookmark).toBe('c');
    seedBlock(store, { put: { z: 'outside the page' } });
    expect(committer.validate(stub.readWriteSet())).toBe('VALID');
    seedBlock(store, { put: { a0: 'after the last key read, before the bookmark' } });
    expect(committer.validate(stub.readWriteSet())).toBe('VALID');
    seedBlock(store, { put: { a: 'changed' } });
    expect(committer.validate(stub.readWriteSet())).toBe('PHANTOM_READ_CONFLICT');
  });

  it('sees a deleted key in a range as a phantom', async () => {
    const stub = newStub(store, 'tx');
    await stub.getStateByRange('', '');
    seedBlock(store, { del: ['e'] });
    expect(committer.commit({ txId: 'tx', timestamp: { seconds: 1, nanos: 0 }, readWriteSet: stub.readWriteSet() })).toEqual({
      txId: 'tx',
      blockNumber: 2,
      validationCode: 'PHANTOM_READ_CONFLICT',
    });
  });
});
