/**
 * Sends the outbox's deliveries to the subscribed webhooks: signed, at least once, in order per
 * case and subscription (a later event of a case waits until the earlier one is acknowledged or
 * dead-lettered), retried with exponential backoff and jitter, and dead-lettered after the
 * configured number of tries. Deliveries of different cases go out concurrently.
 */
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../observability/gateway-metrics';
import type { DeliveryTask, EventStore } from '../ports/event-store';
import { deliveryBody } from './delivery-body';
import { backoffDelay, wakeablePause, type EventSignal } from './event-signal';
import { signDelivery, WEBHOOK_HEADERS } from './webhook-signature';

/** Retry and concurrency settings of the dispatcher. */
export interface WebhookOptions {
  /** Tries before a delivery is dead-lettered (default 8). */
  readonly maxAttempts: number;
  /** Pause before the first retry (default 500 ms); doubles per try, with jitter. */
  readonly retryBaseMs: number;
  /** Longest pause between tries (default 5 min). */
  readonly retryMaxMs: number;
  /** How long one attempt may take until the receiver acknowledges (default 5 s). */
  readonly timeoutMs: number;
  /** Deliveries in flight at once (default 16). */
  readonly concurrency: number;
}

/** The defaults of {@link WebhookOptions}. */
export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = { maxAttempts: 8, retryBaseMs: 500, retryMaxMs: 300_000, timeoutMs: 5_000, concurrency: 16 };

/** What the dispatcher needs. */
export interface WebhookDispatcherDependencies {
  readonly store: EventStore;
  readonly signal: EventSignal;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
  readonly options?: Partial<WebhookOptions>;
  readonly fetch?: typeof fetch;
  readonly nowMs?: () => number;
  readonly random?: () => number;
}

/** The longest the dispatcher sleeps without looking (retries due, missed signals). */
const IDLE_POLL_MS = 1_000;

/** Why an attempt failed, as a metric label. */
function failureReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  return 'connection';
}

/** Delivers webhook deliveries from the store. */
export class WebhookDispatcher {
  readonly #deps: WebhookDispatcherDependencies;
  readonly #options: WebhookOptions;
  readonly #fetch: typeof fetch;
  readonly #nowMs: () => number;
  readonly #busy = new Map<number, Promise<void>>();
  #running: Promise<void> | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;
  #woken = false;
  #unsubscribe: (() => void) | undefined;

  constructor(deps: WebhookDispatcherDependencies) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_WEBHOOK_OPTIONS, ...deps.options };
    this.#fetch = deps.fetch ?? fetch;
    this.#nowMs = deps.nowMs ?? Date.now;
  }

  /** The settings in force. */
  get options(): WebhookOptions {
    return this.#options;
  }

  /** Starts delivering in the background (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#unsubscribe = this.#deps.signal.subscribe(() => {
      this.wake();
    });
    this.#running = this.#run();
  }

  /** Looks for due deliveries now (after a new event, a redrive or a replay). */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Stops taking deliveries; resolves once the attempts in flight have finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#wake?.();
    await this.#running;
    await Promise.allSettled([...this.#busy.values()]);
  }

  #isStopped(): boolean {
    return this.#stopped;
  }

  async #run(): Promise<void> {
    while (!this.#isStopped()) {
      this.#woken = false;
      let due: readonly DeliveryTask[] = [];
      try {
        due = this.#deps.store.dueDeliveries(this.#nowMs(), this.#options.concurrency - this.#busy.size, new Set(this.#busy.keys()));
      } catch (error) {
        this.#deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'reading due deliveries failed');
      }
      for (const task of due) {
        const attempt = this.#attempt(task).finally(() => {
          this.#busy.delete(task.id);
          this.wake();
        });
        this.#busy.set(task.id, attempt);
      }
      if (this.#wasWoken() || this.#isStopped()) continue;
      const nextDue = this.#busy.size >= this.#options.concurrency ? null : this.#nextDue();
      const pause = wakeablePause(nextDue === null ? IDLE_POLL_MS : Math.max(0, Math.min(IDLE_POLL_MS, nextDue - this.#nowMs())));
      this.#wake = pause.wake;
      if (!this.#wasWoken()) await pause.done;
      this.#wake = undefined;
    }
  }

  /** Read through a method: wake() changes the flag while the loop awaits. */
  #wasWoken(): boolean {
    return this.#woken;
  }

  #nextDue(): number | null {
    try {
      return this.#deps.store.nextDueAtMs();
    } catch {
      return null;
    }
  }

  async #attempt(task: DeliveryTask): Promise<void> {
    const failure = await this.#send(task);
    this.#settle(task, failure);
  }

  /** Sends one attempt; resolves with why it failed, or undefined when the receiver acknowledged it. */
  async #send(task: DeliveryTask): Promise<{ reason: string; detail: string } | undefined> {
    const body = JSON.stringify(deliveryBody(task.event));
    const timestamp = Math.floor(this.#nowMs() / 1000);
    let failure: { reason: string; detail: string } | undefined;
    try {
      const response = await this.#fetch(task.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'asylum-ledger-gateway',
          [WEBHOOK_HEADERS.eventId]: task.event.txId,
          [WEBHOOK_HEADERS.eventType]: task.event.type,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signDelivery(task.secret, timestamp, body),
          [WEBHOOK_HEADERS.attempt]: String(task.attempts + 1),
          [WEBHOOK_HEADERS.subscription]: task.subscriptionId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.status < 200 || response.status >= 300) {
        failure = { reason: response.status >= 500 ? 'http_5xx' : 'http_4xx', detail: `HTTP ${String(response.status)}` };
      }
    } catch (error) {
      failure = { reason: failureReason(error), detail: failureReason(error) };
    }
    return failure;
  }

  /** Records the outcome of an attempt: delivered, retried later, or dead-lettered. */
  #settle(task: DeliveryTask, failure: { reason: string; detail: string } | undefined): void {
    const { store, metrics, logger } = this.#deps;
    try {
      const now = this.#nowMs();
      if (failure === undefined) {
        store.markDelivered(task, now);
        metrics?.eventDeliveryLatency.observe(Math.max(0, now - task.event.receivedAtMs) / 1000);
        return;
      }
      metrics?.eventDeliveryFailures.inc({ reason: failure.reason });
      const tries = task.attempts + 1;
      const dead = tries >= this.#options.maxAttempts;
      store.markFailed(task, failure.detail, dead ? null : now + backoffDelay(tries, this.#options.retryBaseMs, this.#options.retryMaxMs, this.#deps.random));
      if (dead) {
        metrics?.eventDeadLetters.inc();
        logger.warn({ deliveryId: task.id, subscriptionId: task.subscriptionId, txId: task.event.txId, tries, reason: failure.reason }, 'webhook delivery dead-lettered');
      }
    } catch (error) {
      // the store is closing: the delivery stays pending and is sent again after the restart
      logger.warn({ deliveryId: task.id, err: error instanceof Error ? error.message : String(error) }, 'delivery outcome not recorded');
    }
  }
}
