import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Checkpoint } from '@hyperledger/fabric-gateway';
import type { LedgerError, LedgerEvent } from '@asylum-ledger/domain';
import { ReconnectingEventStream, type ChaincodeEventSource } from './chaincode-event-stream';
import { chaincodeEvent, ScriptedEventStream } from './test-support/gateway-fakes';

/** A source that opens the scripted streams in turn and records where each was asked to start. */
function scriptedSource(streams: ScriptedEventStream[]): { source: ChaincodeEventSource; starts: { block?: bigint; afterTxId?: string }[] } {
  const starts: { block?: bigint; afterTxId?: string }[] = [];
  const source: ChaincodeEventSource = async (checkpoint: Checkpoint) => {
    starts.push({ block: checkpoint.getBlockNumber(), afterTxId: checkpoint.getTransactionId() });
    const next = streams.shift();
    if (!next) throw new Error('no more scripted streams');
    return next;
  };
  return { source, starts };
}

async function take(stream: AsyncIterable<LedgerEvent>, count: number, then?: () => void): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of stream) {
    seen.push(`${event.blockNumber}/${event.txId}`);
    if (seen.length === count) then?.();
  }
  return seen;
}

const quick = { initialDelayMs: 1, maxDelayMs: 5 };

describe('ReconnectingEventStream: resumes after the last delivered event until closed', () => {
  it('reopens after a stream error from the block and txId of the last delivered event', async () => {
    const failures: [string, number][] = [];
    const first = new ScriptedEventStream([chaincodeEvent(5n, 't1'), chaincodeEvent(5n, 't2')], GrpcStatus.UNAVAILABLE);
    const second = new ScriptedEventStream([chaincodeEvent(5n, 't3'), chaincodeEvent(6n, 't4')]);
    const { source, starts } = scriptedSource([first, second]);
    const stream = new ReconnectingEventStream(source, { blockNumber: 5n }, {
      ...quick,
      onReconnect: (error: LedgerError, inARow) => failures.push([error.code, inARow]),
    });
    const seen = await take(stream, 4, () => { stream.close(); });
    expect(seen).toEqual(['5/t1', '5/t2', '5/t3', '6/t4']);
    expect(starts).toEqual([{ block: 5n, afterTxId: undefined }, { block: 5n, afterTxId: 't2' }]);
    expect(failures).toEqual([['LEDGER_UNAVAILABLE', 1]]);
    expect([first.closed, second.closed]).toEqual([true, true]);
    expect(stream.position).toEqual({ blockNumber: 6n, afterTxId: 't4' });
  });

  it('reopens a stream that ended by itself, and says so', async () => {
    const failures: string[] = [];
    const ended = { closed: false, close() { this.closed = true; }, [Symbol.dispose]() { this.close(); }, async *[Symbol.asyncIterator]() { yield chaincodeEvent(2n, 'e1'); } };
    const { source, starts } = scriptedSource([ended as unknown as ScriptedEventStream, new ScriptedEventStream([chaincodeEvent(3n, 'e2')])]);
    const stream = new ReconnectingEventStream(source, { blockNumber: 2n }, { ...quick, onReconnect: (error) => failures.push(error.code) });
    expect(await take(stream, 2, () => { stream.close(); })).toEqual(['2/e1', '3/e2']);
    expect(starts).toEqual([{ block: 2n, afterTxId: undefined }, { block: 2n, afterTxId: 'e1' }]);
    expect(failures).toEqual(['LEDGER_UNAVAILABLE']);
  });

  it('starts after a checkpoint inside a block', async () => {
    const { source, starts } = scriptedSource([new ScriptedEventStream([chaincodeEvent(9n, 'x2')])]);
    const stream = new ReconnectingEventStream(source, { blockNumber: 9n, afterTxId: 'x1' }, quick);
    await take(stream, 1, () => { stream.close(); });
    expect(starts).toEqual([{ block: 9n, afterTxId: 'x1' }]);
  });

  it('keeps trying to open, backing off, and stops when closed during the pause', async () => {
    let opens = 0;
    const stream = new ReconnectingEventStream(
      async () => {
        opens++;
        throw new Error('peer down');
      },
      { blockNumber: 0n },
      { initialDelayMs: 5, maxDelayMs: 20 },
    );
    setTimeout(() => { stream.close(); }, 60);
    const started = Date.now();
    await expect(take(stream, 1)).resolves.toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(opens).toBeGreaterThanOrEqual(2);
    expect(opens).toBeLessThan(12); // backed off, not spinning
  });

  it('ends normally when closed while waiting for events (CANCELLED is not a failure)', async () => {
    const failures: string[] = [];
    const { source } = scriptedSource([new ScriptedEventStream([])]);
    const stream = new ReconnectingEventStream(source, { blockNumber: 0n }, { ...quick, onReconnect: (error) => failures.push(error.code) });
    setTimeout(() => { stream.close(); }, 10);
    await expect(take(stream, 1)).resolves.toEqual([]);
    expect(failures).toEqual([]);
  });

  it('closes the underlying stream when the consumer stops early, and tells its owner once', async () => {
    const underlying = new ScriptedEventStream([chaincodeEvent(1n, 'a'), chaincodeEvent(1n, 'b')]);
    let closedCalls = 0;
    const stream = new ReconnectingEventStream(scriptedSource([underlying]).source, { blockNumber: 0n }, quick, () => closedCalls++);
    for await (const event of stream) {
      expect(event.txId).toBe('a');
      break;
    }
    stream.close();
    expect(underlying.closed).toBe(true);
    expect(closedCalls).toBe(1);
  });

  it('can be iterated only once', () => {
    const stream = new ReconnectingEventStream(scriptedSource([]).source, { blockNumber: 0n }, quick);
    stream[Symbol.asyncIterator]();
    expect(() => stream[Symbol.asyncIterator]()).toThrow('only once');
    stream.close();
  });
});
