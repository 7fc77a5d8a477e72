/**
 * A chaincode event stream that survives peer restarts. fabric-gateway's streams end on the first
 * error; this one reopens from the last delivered event, with fabric-gateway's checkpoint semantics
 * (the block of the last delivered transaction, after that transaction), backing off until closed.
 */
import type { ChaincodeEvent, Checkpoint, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { LedgerError, type EventCheckpoint, type EventStream, type LedgerEvent } from '@asylum-ledger/domain';
import { toLedgerError } from './fabric-errors';

/** Opens one fabric-gateway chaincode event stream from a checkpoint (a fake in unit tests). */
export type ChaincodeEventSource = (checkpoint: Checkpoint) => Promise<CloseableAsyncIterable<ChaincodeEvent>>;

/** How a broken stream is reopened. */
export interface EventReconnectOptions {
  /** Pause before the first reopen; it doubles with every failure in a row. */
  readonly initialDelayMs: number;
  /** The longest pause between reopens. */
  readonly maxDelayMs: number;
  /** Told of every failure (or end) of the underlying stream that leads to a reopen (for logs and metrics). */
  readonly onReconnect?: (error: LedgerError, failuresInARow: number) => void;
}

/** Reopen after 250 ms, doubling up to 10 s. */
export const DEFAULT_EVENT_RECONNECT: EventReconnectOptions = { initialDelayMs: 250, maxDelayMs: 10_000 };

/**
 * Makes a fabric-gateway checkpoint for a position: the block, and the transaction after which to go on.
 * @param position where to resume.
 */
export function newCheckpoint(position: EventCheckpoint): Checkpoint {
  return {
    getBlockNumber: () => position.blockNumber,
    getTransactionId: () => position.afterTxId,
  };
}

/** The port's view of a fabric-gateway chaincode event. */
function toLedgerEvent(event: ChaincodeEvent): LedgerEvent {
  return { blockNumber: event.blockNumber, txId: event.transactionId, eventName: event.eventName, payload: event.payload };
}

/**
 * A reconnecting {@link EventStream} over a {@link ChaincodeEventSource}. Iterate it once; `close()`
 * ends the iteration (a CANCELLED error from the closed stream is the normal end, not a failure).
 */
export class ReconnectingEventStream implements EventStream {
  readonly #source: ChaincodeEventSource;
  readonly #reconnect: EventReconnectOptions;
  #position: EventCheckpoint;
  #closed = false;
  #iterated = false;
  #current: CloseableAsyncIterable<ChaincodeEvent> | undefined;
  #wake: (() => void) | undefined;
  #onClose: (() => void) | undefined;

  /**
   * @param source opens one underlying stream.
   * @param from the first position to read from.
   * @param reconnect backoff between reopens.
   * @param onClose called once when the stream ends (closed, or its iteration finished).
   */
  constructor(
    source: ChaincodeEventSource,
    from: EventCheckpoint,
    reconnect: Readonly<EventReconnectOptions> = DEFAULT_EVENT_RECONNECT,
    onClose?: () => void,
  ) {
    this.#source = source;
    this.#position = from;
    this.#reconnect = reconnect;
    this.#onClose = onClose;
  }

  /** Where the stream would resume now: after the last event it delivered. */
  get position(): EventCheckpoint {
    return this.#position;
  }

  /** Stops reading; a pending iteration ends normally. */
  close(): void {
    this.#finish();
    this.#current?.close();
    this.#wake?.();
  }

  /**
   * The events in commit order.
   * @throws {Error} when iterated a second time.
   */
  [Symbol.asyncIterator](): AsyncIterator<LedgerEvent> {
    if (this.#iterated) throw new Error('an event stream can be iterated only once');
    this.#iterated = true;
    return this.#run();
  }

  async *#run(): AsyncGenerator<LedgerEvent, void, undefined> {
    let failures = 0;
    try {
      while (!this.#closed) {
        try {
          for await (const event of await this.#open()) {
            this.#position = { blockNumber: event.blockNumber, afterTxId: event.transactionId };
            failures = 0;
            yield toLedgerEvent(event);
          }
          if (this.#isClosed()) return;
          // a stream that ends by itself is reopened, not trusted to be complete
          failures++;
          this.#reconnect.onReconnect?.(new LedgerError('LEDGER_UNAVAILABLE', 'the event stream ended'), failures);
        } catch (error) {
          if (this.#isClosed()) return;
          failures++;
          this.#reconnect.onReconnect?.(toLedgerError(error, { stage: 'events' }), failures);
        } finally {
          this.#current?.close();
          this.#current = undefined;
        }
        await this.#pause(Math.min(this.#reconnect.maxDelayMs, this.#reconnect.initialDelayMs * 2 ** (failures - 1)));
      }
    } finally {
      this.#finish();
    }
  }

  /** Read through a method: close() changes the flag while the generator awaits. */
  #isClosed(): boolean {
    return this.#closed;
  }

  #finish(): void {
    this.#closed = true;
    const onClose = this.#onClose;
    this.#onClose = undefined;
    onClose?.();
  }

  async #open(): Promise<CloseableAsyncIterable<ChaincodeEvent>> {
    const stream = await this.#source(newCheckpoint(this.#position));
    this.#current = stream;
    if (this.#closed) stream.close();
    return stream;
  }

  #pause(milliseconds: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, milliseconds);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }
}
