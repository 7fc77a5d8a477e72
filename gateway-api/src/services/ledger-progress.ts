/**
 * What this gateway knows about block heights: the highest block it has handed to a client in a
 * receipt, and a height its own peer is known to have reached. Both only grow: a receipt's block was
 * committed on the own peer (its commit status or qscc said so), and a peer's height never decreases
 * while the gateway runs (restoring a peer from a backup is done with its gateway stopped; the
 * highest block handed out is read back from the idempotency store at start, so a peer that came
 * back lower than that is noticed).
 */

/** Block knowledge of one gateway process. */
export class LedgerProgress {
  #handedOut: number | undefined;
  #peerHeight = 0;

  /**
   * @param options.highestHandedOut the highest block of a receipt stored before this process
   * started (null or omitted when none); the own peer's height is unknown until seen.
   */
  constructor(options: Readonly<{ highestHandedOut?: number | null }> = {}) {
    this.#handedOut = options.highestHandedOut ?? undefined;
  }

  /** Notes a receipt handed to a client: its block is on the own peer (null when its block is unknown). */
  noteReceipt(blockNumber: number | null): void {
    if (blockNumber === null) return;
    this.#handedOut = Math.max(this.#handedOut ?? blockNumber, blockNumber);
    this.notePeerHeight(blockNumber + 1);
  }

  /** Notes a height the own peer answered with. */
  notePeerHeight(height: number): void {
    this.#peerHeight = Math.max(this.#peerHeight, height);
  }

  /** The highest block this gateway has handed to a client, if any. */
  get highestHandedOut(): number | undefined {
    return this.#handedOut;
  }

  /** A height the own peer has reached (0 when unknown): it holds every block below it. */
  get knownPeerHeight(): number {
    return this.#peerHeight;
  }

  /**
   * The block a refusal must be measured against: the later of the block the client says it last
   * saw and the highest block this gateway handed out; undefined when neither exists.
   */
  requiredBlock(clientMinBlock?: number): number | undefined {
    const candidates = [clientMinBlock, this.#handedOut].filter((block): block is number => block !== undefined);
    return candidates.length === 0 ? undefined : Math.max(...candidates);
  }
}
