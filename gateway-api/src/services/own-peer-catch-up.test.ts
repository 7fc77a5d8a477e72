import { LedgerError } from '@asylum-ledger/domain';
import { awaitOwnPeerBlock } from './own-peer-catch-up';

/** A peer whose height answers come from a list, and a clock that only moves when the wait sleeps. */
function lagging(heights: number[]): { readHeight: () => Promise<bigint>; reads: () => number; policy: { waitMs: number; pollMs: number; sleep: (ms: number) => Promise<void>; now: () => number }; slept: number[] } {
  let clock = 0;
  let reads = 0;
  const slept: number[] = [];
  return {
    readHeight: async () => BigInt(heights[Math.min(reads++, heights.length - 1)] ?? 0),
    reads: () => reads,
    slept,
    policy: {
      waitMs: 1_000,
      pollMs: 300,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      now: () => clock,
    },
  };
}

describe('awaitOwnPeerBlock: a bounded wait for the own peer to hold a block', () => {
  it('returns at once when the peer already holds the block (height beyond it)', async () => {
    const peer = lagging([11]);
    await expect(awaitOwnPeerBlock(peer.readHeight, 10, peer.policy)).resolves.toBe(11);
    expect(peer.slept).toEqual([]);
  });

  it('polls until the peer holds the block', async () => {
    const peer = lagging([9, 10, 10, 12]);
    await expect(awaitOwnPeerBlock(peer.readHeight, 10, peer.policy)).resolves.toBe(12);
    expect(peer.reads()).toBe(4);
    expect(peer.slept).toEqual([300, 300, 300]);
  });

  it('gives up with LEDGER_BEHIND naming both numbers once the wait runs out, never sleeping past it', async () => {
    const peer = lagging([3]);
    const error = await awaitOwnPeerBlock(peer.readHeight, 10, peer.policy).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'LEDGER_BEHIND', details: { requiredBlock: 10, peerHeight: 3 } });
    expect(peer.slept).toEqual([300, 300, 300, 100]);
  });

  it('passes a failing height read through', async () => {
    const unavailable = new LedgerError('LEDGER_UNAVAILABLE', 'down');
    await expect(awaitOwnPeerBlock(() => Promise.reject(unavailable), 1, { waitMs: 10, pollMs: 1 })).rejects.toBe(unavailable);
  });
});
