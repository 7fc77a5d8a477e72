/**
 * Event delivery of one gateway: the checkpointed listener filling the outbox, the webhook
 * dispatcher emptying it, the open SSE streams, and the subscription use cases the routes call.
 * Built with the app (no I/O); `start()` begins listening and delivering, `stop()` ends all of it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { LedgerError, type LedgerPort } from '@asylum-ledger/domain';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal';
import type { GatewayMetrics } from '../observability/gateway-metrics';
import type { DeliveryCounts, DeliveryState, DeliveryView, OutboxEvent, Subscription } from '../ports/event-store';
import type { GatewayStore } from '../ports/gateway-store';
import { EventListener, type EventListenerOptions } from './event-listener';
import { EventSignal } from './event-signal';
import { WebhookDispatcher, type WebhookOptions } from './webhook-dispatcher';

/** Settings of event delivery (from Config in production). */
export interface EventDeliveryOptions {
  readonly listener?: EventListenerOptions;
  readonly webhooks?: Partial<WebhookOptions>;
  /** Whether the listener and dispatcher run (default true; the routes answer either way). */
  readonly enabled?: boolean;
}

/** What event delivery needs. */
export interface EventDeliveryDependencies {
  readonly ledger: LedgerPort;
  readonly store: GatewayStore;
  readonly mspId: string;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
  readonly options?: EventDeliveryOptions;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

/** A subscription with its delivery counts. */
export interface SubscriptionDetail extends Subscription {
  readonly deliveries: DeliveryCounts;
}

/** Listener, dispatcher, SSE streams and subscription use cases. */
export class EventDelivery {
  readonly signal = new EventSignal();
  readonly listener: EventListener;
  readonly dispatcher: WebhookDispatcher;
  readonly #deps: EventDeliveryDependencies;
  readonly #now: () => Date;
  readonly #streams = new Set<() => void>();
  #stopped = false;

  constructor(deps: EventDeliveryDependencies) {
    this.#deps = deps;
    this.#now = deps.now ?? ((): Date => new Date());
    const nowMs = (): number => this.#now().getTime();
    this.listener = new EventListener({
      ledger: deps.ledger,
      store: deps.store.events,
      mspId: deps.mspId,
      signal: this.signal,
      logger: deps.logger,
      nowMs,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.options?.listener ? { options: deps.options.listener } : {}),
    });
    this.dispatcher = new WebhookDispatcher({
      store: deps.store.events,
      signal: this.signal,
      logger: deps.logger,
      nowMs,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.options?.webhooks ? { options: deps.options.webhooks } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    deps.metrics?.setEventSources({ lagBlocks: () => this.listener.lagBlocks(), outboxDepth: () => deps.store.events.pendingCount() });
  }

  /** Starts the listener and the dispatcher (unless disabled). */
  start(): void {
    if (this.#deps.options?.enabled === false || this.#stopped) return;
    this.listener.start();
    this.dispatcher.start();
  }

  /** Ends the SSE streams, stops listening, and waits for the deliveries in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const close of [...this.#streams]) close();
    await Promise.all([this.listener.stop(), this.dispatcher.stop()]);
  }

  /** Whether the gateway is stopping (SSE streams refuse to open). */
  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Registers an open SSE stream so that stop() ends it.
   * @returns unregisters.
   */
  trackStream(close: () => void): () => void {
    this.#streams.add(close);
    return () => {
      this.#streams.delete(close);
    };
  }

  /** Outbox events after a position (SSE). */
  eventsAfter(position: number, limit: number): readonly OutboxEvent[] {
    return this.#deps.store.events.eventsAfter(position, limit);
  }

  /** The newest outbox position (where a fresh SSE stream starts). */
  lastPosition(): number {
    return this.#deps.store.events.lastPosition();
  }

  /**
   * Subscribes a webhook. The secret is generated when not given, and returned only here.
   * @throws {LedgerError} FORBIDDEN_ROLE for auditors.
   */
  subscribe(principal: Principal, input: Readonly<{ url: string; secret?: string | undefined; eventTypes?: readonly string[] | undefined }>): Subscription & { readonly secret: string } {
    this.#authorize(principal, 'createSubscription');
    const subscription = {
      id: randomUUID(),
      url: input.url,
      secret: input.secret ?? randomBytes(32).toString('base64url'),
      eventTypes: input.eventTypes && input.eventTypes.length > 0 ? [...new Set(input.eventTypes)] : null,
      createdAt: this.#now().toISOString(),
    };
    this.#deps.store.atomically(() => {
      this.#deps.store.events.addSubscription(subscription);
      this.#audit(principal, 'createSubscription', 'OK');
    });
    return subscription;
  }

  /** Every active subscription. @throws {LedgerError} FORBIDDEN_ROLE for auditors. */
  list(principal: Principal): readonly SubscriptionDetail[] {
    this.#authorize(principal, 'listSubscriptions');
    return this.#deps.store.events.subscriptions().map((subscription) => ({ ...subscription, deliveries: this.#deps.store.events.deliveryCounts(subscription.id) }));
  }

  /** One subscription. @throws {LedgerError} FORBIDDEN_ROLE, NOT_FOUND. */
  get(principal: Principal, id: string): SubscriptionDetail {
    this.#authorize(principal, 'getSubscription');
    const subscription = this.#found(id);
    return { ...subscription, deliveries: this.#deps.store.events.deliveryCounts(id) };
  }

  /** Ends a subscription; its pending deliveries are dropped. @throws {LedgerError} FORBIDDEN_ROLE, NOT_FOUND. */
  unsubscribe(principal: Principal, id: string): void {
    this.#authorize(principal, 'deleteSubscription');
    const deleted = this.#deps.store.atomically(() => {
      const done = this.#deps.store.events.deleteSubscription(id, this.#now().toISOString());
      this.#audit(principal, 'deleteSubscription', done ? 'OK' : 'NOT_FOUND');
      return done;
    });
    if (!deleted) throw new LedgerError('NOT_FOUND', 'no such subscription');
  }

  /** A subscription's deliveries, oldest first. @throws {LedgerError} FORBIDDEN_ROLE, NOT_FOUND. */
  deliveries(principal: Principal, id: string, state: DeliveryState | undefined, limit: number): readonly DeliveryView[] {
    this.#authorize(principal, 'listDeliveries');
    this.#found(id);
    return this.#deps.store.events.deliveries(id, state, limit);
  }

  /** Sends dead-lettered deliveries again (one, or all of the subscription). @throws {LedgerError} FORBIDDEN_ROLE, NOT_FOUND. */
  redrive(principal: Principal, id: string, deliveryId: number | undefined): number {
    this.#authorize(principal, 'redriveDeliveries');
    this.#found(id);
    const count = this.#deps.store.atomically(() => {
      const n = this.#deps.store.events.redrive(id, deliveryId, this.#now().getTime());
      this.#audit(principal, 'redriveDeliveries', 'OK');
      return n;
    });
    this.dispatcher.wake();
    return count;
  }

  /** Delivers every event from a block on to the subscription again. @throws {LedgerError} FORBIDDEN_ROLE, NOT_FOUND. */
  replay(principal: Principal, id: string, fromBlock: bigint): number {
    this.#authorize(principal, 'replaySubscription');
    this.#found(id);
    const count = this.#deps.store.atomically(() => {
      const n = this.#deps.store.events.replay(id, fromBlock, this.#now().getTime());
      this.#audit(principal, 'replaySubscription', 'OK');
      return n;
    });
    this.dispatcher.wake();
    return count;
  }

  #found(id: string): Subscription {
    const subscription = this.#deps.store.events.subscription(id);
    if (!subscription) throw new LedgerError('NOT_FOUND', 'no such subscription');
    return subscription;
  }

  #authorize(principal: Principal, action: string): void {
    if (principal.role === 'AUDITOR') {
      this.#audit(principal, action, 'FORBIDDEN_ROLE');
      throw new LedgerError('FORBIDDEN_ROLE', "auditors may not manage the authority's webhook subscriptions", { details: { role: principal.role } });
    }
  }

  #audit(principal: Principal, action: string, outcome: string): void {
    this.#deps.store.audit.append({ subject: principal.subject, role: principal.role, action, caseRef: null, txId: null, outcome, at: this.#now().toISOString() });
  }
}
