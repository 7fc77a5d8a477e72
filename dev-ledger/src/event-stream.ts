/**
 * Chaincode events of the dev ledger as an async stream: replayed from the store from a
 * checkpoint, then live as blocks commit. The stream reads the store again after every commit, so
 * replay and live delivery are one loop and nothing is delivered twice or skipped.
 */
import type { CommittedEvent } from './ledger-store';
import type { EventStream, LedgerEvent } from '@asylum-ledger/domain';

/** Where the stream stands: the last delivered (or skipped) event's block and transaction. */
export interface EventCursor {
  readonly blockNumber: number;
  /** -1: nothing of `blockNumber` delivered yet. */
  readonly txNum: number;
}

/** Notifies subscribers when a block was committed. */
export class CommitSignal {
  readonly #listeners = new Set<() => void>();

  /**
   * Calls `listener` after every commit until unsubscribed.
   *
   * @param listener - The callback.
   * @returns Unsubscribes.
   */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every subscriber that a block was committed. */
  notify(): void {
    this.#listeners.forEach((listener) => {
      listener();
    });
  }
}

/** Options of {@link DevEventStream}. */
export interface DevEventStreamOptions {
  /** Committed events strictly after a cursor, at most `limit`. */
  readonly read: (cursor: EventCursor, limit: number) => CommittedEvent[];
  readonly signal: CommitSignal;
  /** Start position (exclusive). */
  readonly start: EventCursor;
  /** Called once when the stream closes. */
  readonly onClose?: () => void;
}

const PAGE = 256;

/** An {@link EventStream} over the embedded store. */
export class DevEventStream implements EventStream {
  readonly #options: Readonly<DevEventStreamOptions>;
  #cursor: EventCursor;
  #closed = false;
  #wake: (() => void) | undefined;
  readonly #unsubscribe: () => void;

  /**
   * Opens the stream; it starts reading when iterated.
   *
   * @param options - Reader, commit signal, start and close hook.
   */
  constructor(options: Readonly<DevEventStreamOptions>) {
    this.#options = options;
    this.#cursor = options.start;
    this.#unsubscribe = options.signal.subscribe(() => this.#wake?.());
  }

  /** Ends the stream: a pending or later `next()` completes. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    this.#wake?.();
    this.#options.onClose?.();
  }

  // A method, not the field: close() may run while the generator is suspended at a yield.
  #isClosed(): boolean {
    return this.#closed;
  }

  /** Yields events in commit order, each once, until closed. */
  async *[Symbol.asyncIterator](): AsyncIterator<LedgerEvent> {
    try {
      while (!this.#closed) {
        // Armed before reading: a commit between the read and the wait still wakes us.
        const woken = new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        const page = this.#options.read(this.#cursor, PAGE);
        if (page.length === 0) {
          await woken;
          continue;
        }
        for (const event of page) {
          if (this.#isClosed()) return;
          this.#cursor = { blockNumber: event.blockNumber, txNum: event.txNum };
          yield toLedgerEvent(event);
        }
      }
    } finally {
      this.close();
    }
  }
}

function toLedgerEvent(event: CommittedEvent): LedgerEvent {
  return {
    blockNumber: BigInt(event.blockNumber),
    txId: event.txId,
    eventName: event.eventName,
    payload: new Uint8Array(event.payload),
  };
}
