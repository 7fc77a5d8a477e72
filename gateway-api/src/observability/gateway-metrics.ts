/**
 * Prometheus metrics of one gateway, on its own registry (no global default registry): HTTP
 * durations by route and status, ledger call durations, Fabric stage durations (recorded by the
 * Fabric adapter when it is given this object) and errors by code.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where the event gauges read their values at scrape time (set once the event delivery is built). */
export interface EventGaugeSources {
  /** Blocks the listener is behind the own peer's height (null: unknown, e.g. the peer is away). */
  lagBlocks(): Promise<number | null>;
  /** Deliveries not yet acknowledged nor dead-lettered. */
  outboxDepth(): number;
}

const DELIVERY_BUCKETS = [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60];

/** The gateway's metrics. */
export class GatewayMetrics {
  readonly registry: Registry;
  /** `http_request_duration_seconds{method,route,status}`. */
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** `ledger_call_duration_seconds{operation,transaction,outcome}` (operation: submit or evaluate). */
  readonly ledgerDuration: Histogram<'operation' | 'transaction' | 'outcome'>;
  /** `fabric_stage_duration_seconds{stage}` (endorse, submit, commit), for the Fabric adapter. */
  readonly stageDuration: Histogram<'stage'>;
  /** `gateway_errors_total{code}`: every problem answered, by code. */
  readonly errors: Counter<'code'>;
  /** `event_listener_lag_blocks`: own peer's height - 1 - block of the checkpoint. */
  readonly eventListenerLag: Gauge;
  /** `event_outbox_depth`: webhook deliveries pending (not yet acknowledged nor dead-lettered). */
  readonly eventOutboxDepth: Gauge;
  /** `event_delivery_latency_seconds`: arrival at the gateway (own peer's commit) -> webhook acknowledged. */
  readonly eventDeliveryLatency: Histogram;
  /** `event_delivery_failures_total{reason}`: failed webhook attempts (timeout, connection, http_4xx, http_5xx). */
  readonly eventDeliveryFailures: Counter<'reason'>;
  /** `event_dead_letters_total`: deliveries that used up their tries. */
  readonly eventDeadLetters: Counter;
  /** `events_received_total{outcome}`: chaincode events taken by the listener (outbox, not_targeted, other, undecodable). */
  readonly eventsReceived: Counter<'outcome'>;
  /** `event_listener_reconnects_total`: event streams reopened after a failure. */
  readonly eventListenerReconnects: Counter;
  #eventSources: EventGaugeSources | undefined;

  /**
   * @param options.defaultMetrics also collect process metrics (CPU, memory, event loop); off in tests.
   * @param options.labels labels on every series, e.g. `{ org: 'LDSMSP' }`.
   */
  constructor(options: Readonly<{ defaultMetrics?: boolean; labels?: Readonly<Record<string, string>> }> = {}) {
    this.registry = new Registry();
    if (options.labels) this.registry.setDefaultLabels({ ...options.labels });
    const registers = [this.registry];
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.ledgerDuration = new Histogram({
      name: 'ledger_call_duration_seconds',
      help: 'Ledger port call duration (submit: endorse+submit+commit; evaluate: one peer)',
      labelNames: ['operation', 'transaction', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.stageDuration = new Histogram({
      name: 'fabric_stage_duration_seconds',
      help: 'Fabric transaction stage duration (endorse, submit, commit)',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.errors = new Counter({ name: 'gateway_errors_total', help: 'Problems answered, by code', labelNames: ['code'], registers });
    const sources = (): EventGaugeSources | undefined => this.#eventSources;
    this.eventListenerLag = new Gauge({
      name: 'event_listener_lag_blocks',
      help: "Blocks between the own peer's height and the event listener's checkpoint (includes trailing blocks without case events)",
      registers,
      async collect() {
        const lag = await sources()?.lagBlocks().catch(() => null);
        if (typeof lag === 'number') this.set(lag);
      },
    });
    this.eventOutboxDepth = new Gauge({
      name: 'event_outbox_depth',
      help: 'Webhook deliveries pending (not yet acknowledged nor dead-lettered)',
      registers,
      collect() {
        const source = sources();
        if (source) this.set(source.outboxDepth());
      },
    });
    this.eventDeliveryLatency = new Histogram({
      name: 'event_delivery_latency_seconds',
      help: 'From the CaseEvent arriving from the own peer (its commit) to the webhook receiver acknowledging it',
      buckets: DELIVERY_BUCKETS,
      registers,
    });
    this.eventDeliveryFailures = new Counter({ name: 'event_delivery_failures_total', help: 'Failed webhook delivery attempts, by reason', labelNames: ['reason'], registers });
    this.eventDeadLetters = new Counter({ name: 'event_dead_letters_total', help: 'Webhook deliveries dead-lettered after their last try', registers });
    this.eventsReceived = new Counter({ name: 'events_received_total', help: 'Chaincode events taken by the listener, by outcome', labelNames: ['outcome'], registers });
    this.eventListenerReconnects = new Counter({ name: 'event_listener_reconnects_total', help: 'Event streams reopened after a failure or an end', registers });
    if (options.defaultMetrics === true) collectDefaultMetrics({ register: this.registry });
  }

  /** Tells the event gauges where to read their values. */
  setEventSources(sources: EventGaugeSources): void {
    this.#eventSources = sources;
  }

  /** Records one Fabric stage (for the Fabric adapter). */
  observeStage(stage: 'endorse' | 'submit' | 'commit', seconds: number): void {
    this.stageDuration.observe({ stage }, seconds);
  }
}
