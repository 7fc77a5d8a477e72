/**
 * The gateway's event delivery state, as a port: the listener's checkpoint, the outbox of the
 * CaseEvents addressed to this authority, webhook subscriptions and their deliveries. `store/`
 * implements it on the same SQLite database as the rest of the gateway's state, so the checkpoint
 * and the outbox change in one local transaction.
 */

/** Where the listener stands: the last chaincode event it has taken (recorded or passed over). */
export interface StoredCheckpoint {
  readonly blockNumber: bigint;
  readonly txId: string;
}

/** A CaseEvent for this authority, as the listener hands it to the outbox. */
export interface NewOutboxEvent {
  readonly txId: string;
  readonly blockNumber: bigint;
  readonly caseRef: string;
  readonly seq: number;
  readonly type: string;
  /** The CaseEvent payload as JSON (the chaincode's canonical bytes, decoded). */
  readonly payload: string;
  /** When the event arrived at this gateway (ms since the epoch): the own peer's commit, seen from here. */
  readonly receivedAtMs: number;
}

/** An event in the outbox, with its local position (increasing, never reused). */
export interface OutboxEvent extends NewOutboxEvent {
  readonly position: number;
}

/** A webhook subscription, without its secret. */
export interface Subscription {
  readonly id: string;
  readonly url: string;
  /** Event types delivered (transaction names); null: every type. */
  readonly eventTypes: readonly string[] | null;
  readonly createdAt: string;
}

/** A new subscription, with its secret. */
export interface NewSubscription extends Subscription {
  readonly secret: string;
}

/** The state of one delivery of one event to one subscription. */
export type DeliveryState = 'pending' | 'delivered' | 'dead';

/** One delivery as operators see it. */
export interface DeliveryView {
  readonly id: number;
  readonly subscriptionId: string;
  readonly position: number;
  readonly txId: string;
  readonly blockNumber: bigint;
  readonly caseRef: string;
  readonly type: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAtMs: number | null;
  readonly deliveredAtMs: number | null;
}

/** A delivery due now, with what sending it needs. */
export interface DeliveryTask {
  readonly id: number;
  readonly subscriptionId: string;
  readonly url: string;
  readonly secret: string;
  readonly attempts: number;
  /** Changes when the delivery is redriven or replayed: an outcome of an older attempt is then ignored. */
  readonly generation: number;
  readonly event: OutboxEvent;
}

/** Counts of a subscription's deliveries by state. */
export type DeliveryCounts = Readonly<Record<DeliveryState, number>>;

/** The event delivery state. */
export interface EventStore {
  /** The listener's checkpoint, or null before its first event. */
  checkpoint(): StoredCheckpoint | null;
  /**
   * Advances the checkpoint to `at` and, when `event` is given, adds it to the outbox and schedules a
   * delivery to every subscription whose filter takes it, all in one transaction.
   * @returns the event's outbox position, or null when nothing was added (no event, or already there).
   */
  record(at: StoredCheckpoint, event: NewOutboxEvent | null): number | null;
  /**
   * {@link record} for several events in commit order, all in ONE transaction (one sync to disk for
   * the events of a block).
   * @returns each event's outbox position, or null.
   */
  recordAll(entries: readonly { readonly at: StoredCheckpoint; readonly event: NewOutboxEvent | null }[]): (number | null)[];
  /** Outbox events after a position, oldest first. */
  eventsAfter(position: number, limit: number): readonly OutboxEvent[];
  /** The highest outbox position (0 when empty). */
  lastPosition(): number;
  /** How many events the outbox holds. */
  eventCount(): number;

  addSubscription(subscription: NewSubscription): void;
  subscriptions(): readonly Subscription[];
  subscription(id: string): Subscription | undefined;
  /** Ends a subscription: nothing more is delivered to it. @returns whether it existed. */
  deleteSubscription(id: string, at: string): boolean;

  /**
   * Deliveries due at `nowMs`, in outbox order, at most one per (subscription, case): a later event
   * of a case waits until the earlier one is delivered or dead-lettered.
   * @param busy delivery ids being sent right now (skipped, and they hold their case back).
   */
  dueDeliveries(nowMs: number, limit: number, busy: ReadonlySet<number>): readonly DeliveryTask[];
  /** The earliest time a pending delivery is due, or null when none is pending. */
  nextDueAtMs(): number | null;
  /** Records an acknowledged attempt (unless the delivery was redriven or replayed since it was taken). */
  markDelivered(task: Pick<DeliveryTask, 'id' | 'generation'>, atMs: number): void;
  /** Records a failed attempt: retried at `retryAtMs`, or dead-lettered when it is null (same proviso). */
  markFailed(task: Pick<DeliveryTask, 'id' | 'generation'>, error: string, retryAtMs: number | null): void;
  deliveries(subscriptionId: string, state: DeliveryState | undefined, limit: number): readonly DeliveryView[];
  deliveryCounts(subscriptionId: string): DeliveryCounts;
  /** Puts dead-lettered deliveries (one, or all of the subscription) back to pending, due now. @returns how many. */
  redrive(subscriptionId: string, deliveryId: number | undefined, nowMs: number): number;
  /** Schedules every outbox event from a block on (that the filter takes) for delivery again. @returns how many. */
  replay(subscriptionId: string, fromBlock: bigint, nowMs: number): number;
  /** Deliveries not yet acknowledged nor dead-lettered. */
  pendingCount(): number;
}
