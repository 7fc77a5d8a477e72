import { LedgerProgress } from './ledger-progress';

describe('LedgerProgress: the blocks a gateway has handed out and its peer is known to hold', () => {
  it('knows nothing at first, and measures against the client\'s block alone', () => {
    const progress = new LedgerProgress();
    expect(progress.highestHandedOut).toBeUndefined();
    expect(progress.knownPeerHeight).toBe(0);
    expect(progress.requiredBlock()).toBeUndefined();
    expect(progress.requiredBlock(7)).toBe(7);
  });

  it('takes the later of the client\'s block and the highest block handed out, also from before a restart', () => {
    const progress = new LedgerProgress({ highestHandedOut: 12 });
    expect(progress.requiredBlock()).toBe(12);
    expect(progress.requiredBlock(5)).toBe(12);
    expect(progress.requiredBlock(30)).toBe(30);
    expect(progress.knownPeerHeight).toBe(0);
  });

  it('learns from receipts (their block is on the own peer) and from height reads, never going back', () => {
    const progress = new LedgerProgress({ highestHandedOut: null });
    progress.noteReceipt(4);
    expect({ handedOut: progress.highestHandedOut, height: progress.knownPeerHeight }).toEqual({ handedOut: 4, height: 5 });
    progress.noteReceipt(2);
    progress.noteReceipt(null);
    progress.notePeerHeight(3);
    expect({ handedOut: progress.highestHandedOut, height: progress.knownPeerHeight }).toEqual({ handedOut: 4, height: 5 });
    progress.notePeerHeight(9);
    expect(progress.knownPeerHeight).toBe(9);
  });
});
