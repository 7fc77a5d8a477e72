/**
 * The gateway's listener of the chaincode's CaseEvents. It reads the ledger's event stream from the
 * checkpoint kept in the gateway's database and, for every event, advances the checkpoint and (when
 * the event's `targets` name this authority) adds it to the outbox in ONE local transaction: a crash
 * can neither skip an event nor record it twice. When the stream fails or ends, it reopens it from
 * the stored checkpoint after a backoff with jitter, until stopped.
 */
import { CASE_EVENT_NAME, CaseEvent, type EventCheckpoint, type EventStream, type LedgerEvent, type LedgerPort } from '@asylum-ledger/domain';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../observability/gateway-metrics';
import type { EventStore, NewOutboxEvent } from '../ports/event-store';
import { backoffDelay, wakeablePause, type EventSignal } from './event-signal';

/** How the listener starts and reconnects. */
export interface EventListenerOptions {
  /** The block to start from when there is no checkpoint yet (default 0: the whole chain). */
  readonly startBlock?: bigint;
  /** First reconnect pause (default 250 ms); doubles per failure in a row, with jitter. */
  readonly reconnectBaseMs?: number;
  /** Longest reconnect pause (default 10 s). */
  readonly reconnectMaxMs?: number;
}

/** What the listener needs. */
export interface EventListenerDependencies {
  readonly ledger: LedgerPort;
  readonly store: EventStore;
  /** This authority's MSP ID: events whose targets contain it go to the outbox. */
  readonly mspId: string;
  readonly signal: EventSignal;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
  readonly options?: EventListenerOptions;
  readonly nowMs?: () => number;
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** The most events recorded in one local transaction. */
const MAX_BATCH = 256;

const IO_TURN = Symbol('io turn');

/** Resolves after the pending I/O callbacks: events the stream already holds resolve before it. */
function afterPendingWork(): Promise<typeof IO_TURN> {
  return new Promise((resolve) => {
    setImmediate(() => {
      resolve(IO_TURN);
    });
  });
}

/** Listens to CaseEvents from a durable checkpoint and fills the outbox. */
export class EventListener {
  readonly #deps: EventListenerDependencies;
  readonly #nowMs: () => number;
  #running: Promise<void> | undefined;
  #stopped = false;
  #stream: EventStream | undefined;
  #wake: (() => void) | undefined;

  constructor(deps: EventListenerDependencies) {
    this.#deps = deps;
    this.#nowMs = deps.nowMs ?? Date.now;
  }

  /** Where the next stream opens: after the checkpoint, or at the start block. */
  resumePoint(): EventCheckpoint {
    const checkpoint = this.#deps.store.checkpoint();
    return checkpoint ? { blockNumber: checkpoint.blockNumber, afterTxId: checkpoint.txId } : { blockNumber: this.#deps.options?.startBlock ?? 0n };
  }

  /** Blocks between the own peer's height and the checkpoint, or null when the height is unknown. */
  async lagBlocks(): Promise<number | null> {
    const height = await this.#deps.ledger.blockHeight().catch(() => null);
    if (height === null) return null;
    const checkpoint = this.#deps.store.checkpoint();
    const done = checkpoint ? checkpoint.blockNumber : (this.#deps.options?.startBlock ?? 0n) - 1n;
    const lag = height - 1n - done;
    return Number(lag < 0n ? 0n : lag);
  }

  /** Starts listening in the background (idempotent). */
  start(): void {
    this.#running ??= this.#run();
  }

  /** Stops listening; resolves once the current event is recorded and the stream is closed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stream?.close();
    this.#wake?.();
    await this.#running;
  }

  /** Records one event: the checkpoint always, the outbox when it is a CaseEvent for this authority. */
  take(event: LedgerEvent): number | null {
    return this.takeAll([event])[0] ?? null;
  }

  /** Records events in commit order in one local transaction; the checkpoint ends at the last. */
  takeAll(events: readonly LedgerEvent[]): (number | null)[] {
    const entries = events.map((event) => ({ at: { blockNumber: event.blockNumber, txId: event.txId }, event: this.#outboxEntry(event) }));
    const positions = this.#deps.store.recordAll(entries);
    if (positions.some((position) => position !== null)) this.#deps.signal.notify();
    return positions;
  }

  #outboxEntry(event: LedgerEvent): NewOutboxEvent | null {
    const { metrics, logger, mspId } = this.#deps;
    if (event.eventName !== CASE_EVENT_NAME) {
      metrics?.eventsReceived.inc({ outcome: 'other' });
      return null;
    }
    let payload: CaseEvent;
    try {
      payload = CaseEvent.parse(JSON.parse(textDecoder.decode(event.payload)));
    } catch (error) {
      // a committed event cannot be fixed by waiting: logged and counted, never delivered
      metrics?.eventsReceived.inc({ outcome: 'undecodable' });
      logger.error({ txId: event.txId, blockNumber: event.blockNumber.toString(), err: error instanceof Error ? error.message : String(error) }, 'undecodable CaseEvent passed over');
      return null;
    }
    if (!payload.targets.includes(mspId)) {
      metrics?.eventsReceived.inc({ outcome: 'not_targeted' });
      return null;
    }
    metrics?.eventsReceived.inc({ outcome: 'outbox' });
    return {
      txId: event.txId,
      blockNumber: event.blockNumber,
      caseRef: payload.caseRef,
      seq: payload.seq,
      type: payload.type,
      payload: JSON.stringify(payload),
      receivedAtMs: this.#nowMs(),
    };
  }

  /**
   * Opens a stream at the resume point and takes its events until it fails or ends.
   * @returns how many events it took.
   */
  async #readUntilBroken(): Promise<number> {
    let taken = 0;
    try {
      const from = this.resumePoint();
      const stream = this.#deps.ledger.events(from);
      this.#stream = stream;
      if (this.#isStopped()) stream.close();
      this.#deps.logger.info({ fromBlock: from.blockNumber.toString(), afterTxId: from.afterTxId ?? null }, 'event listener reading');
      const events = stream[Symbol.asyncIterator]();
      let pending = events.next();
      for (;;) {
        const first = await pending;
        if (first.done === true) break;
        const batch = [first.value];
        pending = events.next();
        // the rest of what the stream already holds (a block's events) goes into the same transaction
        const broken = await this.#fillBatch(events, batch, pending);
        pending = broken.pending;
        this.takeAll(batch);
        taken += batch.length;
        // a stream that broke after handing out events: what it handed out is recorded first
        if (broken.failure !== undefined) throw broken.failure.error;
      }
    } catch (error) {
      if (!this.#isStopped()) this.#deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'event stream failed');
    } finally {
      this.#stream?.close();
      this.#stream = undefined;
    }
    return taken;
  }

  /**
   * Adds to `batch` the events the stream yields before pending I/O runs.
   * @returns the request for the next event, and the stream's failure if it broke meanwhile.
   */
  async #fillBatch(
    events: AsyncIterator<LedgerEvent>,
    batch: LedgerEvent[],
    first: Promise<IteratorResult<LedgerEvent>>,
  ): Promise<{ pending: Promise<IteratorResult<LedgerEvent>>; failure?: { error: unknown } }> {
    let pending = first;
    while (batch.length < MAX_BATCH) {
      pending.catch(() => undefined);
      let ready: IteratorResult<LedgerEvent> | typeof IO_TURN;
      try {
        ready = await Promise.race([pending, afterPendingWork()]);
      } catch (error) {
        return { pending, failure: { error } };
      }
      if (ready === IO_TURN || ready.done === true) break;
      batch.push(ready.value);
      pending = events.next();
    }
    return { pending };
  }

  #isStopped(): boolean {
    return this.#stopped;
  }

  async #run(): Promise<void> {
    const { logger, metrics } = this.#deps;
    const baseMs = this.#deps.options?.reconnectBaseMs ?? 250;
    const maxMs = this.#deps.options?.reconnectMaxMs ?? 10_000;
    let failures = 0;
    while (!this.#isStopped()) {
      const taken = await this.#readUntilBroken();
      if (this.#isStopped()) break;
      failures = taken > 0 ? 1 : failures + 1;
      metrics?.eventListenerReconnects.inc();
      logger.warn({ failures }, 'event stream broke off; reopening from the checkpoint');
      const pause = wakeablePause(backoffDelay(failures, baseMs, maxMs));
      this.#wake = pause.wake;
      await pause.done;
      this.#wake = undefined;
    }
  }
}
