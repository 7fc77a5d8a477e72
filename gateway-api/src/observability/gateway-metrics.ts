/**
 * Prometheus metrics of one gateway, on its own registry (no global default registry): HTTP
 * durations by route and status, ledger call durations, Fabric stage durations (recorded by the
 * Fabric adapter when it is given this object) and errors by code.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

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
    if (options.defaultMetrics === true) collectDefaultMetrics({ register: this.registry });
  }

  /** Records one Fabric stage (for the Fabric adapter). */
  observeStage(stage: 'endorse' | 'submit' | 'commit', seconds: number): void {
    this.stageDuration.observe({ stage }, seconds);
  }
}
