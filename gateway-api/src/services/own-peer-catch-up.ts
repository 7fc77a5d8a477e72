/**
 * Waiting, for a bounded time, until the gateway's own peer holds a given block. Fabric peers commit
 * independently, so the own peer may not yet have a block that a client has already seen (at another
 * authority's gateway, or in an earlier receipt); a refusal from it then says nothing final.
 */
import { LedgerError } from '@asylum-ledger/domain';

/** How long and how often to look at the own peer's height. */
export interface CatchUpPolicy {
  /** How long to wait in all before giving up with LEDGER_BEHIND. */
  readonly waitMs: number;
  /** Pause between two height reads. */
  readonly pollMs: number;
  /** Waits (injectable for tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds clock (injectable for tests). */
  readonly now?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the own peer's height until it holds `block` (height > block).
 * @param readHeight reads the own peer's height (the ledger port's blockHeight).
 * @param block the block the peer must hold.
 * @param policy the bounded wait.
 * @returns the height the peer reached.
 * @throws {LedgerError} LEDGER_BEHIND (details: requiredBlock, peerHeight) when the wait runs out;
 * whatever `readHeight` throws (e.g. LEDGER_UNAVAILABLE) passes through.
 */
export async function awaitOwnPeerBlock(readHeight: () => Promise<bigint>, block: number, policy: Readonly<CatchUpPolicy>): Promise<number> {
  const sleep = policy.sleep ?? defaultSleep;
  const now = policy.now ?? Date.now;
  const deadline = now() + policy.waitMs;
  for (;;) {
    const height = Number(await readHeight());
    if (height > block) return height;
    const left = deadline - now();
    if (left <= 0) {
      throw new LedgerError('LEDGER_BEHIND', `this authority's peer holds blocks below ${height} but not yet block ${block}; retry with the same Idempotency-Key`, {
        details: { requiredBlock: block, peerHeight: height },
      });
    }
    await sleep(Math.min(policy.pollMs, left));
  }
}
