/** The event delivery state in SQLite: checkpoint, outbox, subscriptions and deliveries (migration 4). */
import type { Database } from 'better-sqlite3';
import type { ReferenceCipher } from './reference-cipher';
import { openWebhookSecret, sealWebhookSecret } from './webhook-secret-form';
import type {
  DeliveryCounts,
  DeliveryState,
  DeliveryTask,
  DeliveryView,
  EventStore,
  NewOutboxEvent,
  NewSubscription,
  OutboxEvent,
  StoredCheckpoint,
  Subscription,
} from '../ports/event-store';

interface OutboxRow {
  position: number;
  tx_id: string;
  block_number: number;
  case_ref: string;
  seq: number;
  type: string;
  payload: string;
  received_at_ms: number;
}

interface SubscriptionRow {
  id: string;
  url: string;
  secret: string;
  event_types: string | null;
  created_at: string;
}

interface DeliveryRow {
  id: number;
  subscription_id: string;
  position: number;
  state: DeliveryState;
  attempts: number;
  generation: number;
  next_attempt_at_ms: number;
  last_error: string | null;
  delivered_at_ms: number | null;
}

function toEvent(row: OutboxRow): OutboxEvent {
  return {
    position: row.position,
    txId: row.tx_id,
    blockNumber: BigInt(row.block_number),
    caseRef: row.case_ref,
    seq: row.seq,
    type: row.type,
    payload: row.payload,
    receivedAtMs: row.received_at_ms,
  };
}

function toSubscription(row: SubscriptionRow): Subscription {
  return { id: row.id, url: row.url, eventTypes: row.event_types === null ? null : (JSON.parse(row.event_types) as string[]), createdAt: row.created_at };
}

/** Subscriptions that take an event type (bound as the one parameter). */
const TAKES_TYPE = `s.deleted_at IS NULL AND (s.event_types IS NULL OR EXISTS (SELECT 1 FROM json_each(s.event_types) WHERE value = ?))`;

/** {@link EventStore} on the tables of migration 4. */
export class SqliteEventStore implements EventStore {
  readonly #db: Database;
  readonly #secrets: ReferenceCipher;

  /** @param options.secrets encrypts webhook secrets at rest (bound to the subscription id). */
  constructor(options: Readonly<{ db: Database; secrets: ReferenceCipher }>) {
    this.#db = options.db;
    this.#secrets = options.secrets;
  }

  #seal(secret: string, subscriptionId: string): string {
    return sealWebhookSecret(this.#secrets, secret, subscriptionId);
  }

  #open(stored: string, subscriptionId: string): string {
    return openWebhookSecret(this.#secrets, stored, subscriptionId);
  }

  checkpoint(): StoredCheckpoint | null {
    const row = this.#db.prepare<[], { block_number: number; tx_id: string }>('SELECT block_number, tx_id FROM event_checkpoint WHERE id = 1').get();
    return row ? { blockNumber: BigInt(row.block_number), txId: row.tx_id } : null;
  }

  record(at: StoredCheckpoint, event: NewOutboxEvent | null): number | null {
    return this.#db.transaction((): number | null => {
      this.#db
        .prepare(
          `INSERT INTO event_checkpoint (id, block_number, tx_id, updated_at) VALUES (1, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET block_number = excluded.block_number, tx_id = excluded.tx_id, updated_at = excluded.updated_at`,
        )
        .run(at.blockNumber, at.txId, new Date().toISOString());
      if (event === null) return null;
      const inserted = this.#db
        .prepare(
          `INSERT INTO event_outbox (tx_id, block_number, case_ref, seq, type, payload, received_at_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tx_id) DO NOTHING`,
        )
        .run(event.txId, event.blockNumber, event.caseRef, event.seq, event.type, event.payload, event.receivedAtMs);
      if (inserted.changes === 0) return null;
      const position = Number(inserted.lastInsertRowid);
      this.#db
        .prepare(
          `INSERT INTO webhook_deliveries (subscription_id, position, case_ref, state, next_attempt_at_ms)
           SELECT s.id, ?, ?, 'pending', ? FROM webhook_subscriptions s WHERE ${TAKES_TYPE}`,
        )
        .run(position, event.caseRef, event.receivedAtMs, event.type);
      return position;
    })();
  }

  recordAll(entries: readonly { readonly at: StoredCheckpoint; readonly event: NewOutboxEvent | null }[]): (number | null)[] {
    // record() inside becomes a savepoint of this one transaction
    return this.#db.transaction(() => entries.map((entry) => this.record(entry.at, entry.event)))();
  }

  eventsAfter(position: number, limit: number): readonly OutboxEvent[] {
    return this.#db.prepare<[number, number], OutboxRow>('SELECT * FROM event_outbox WHERE position > ? ORDER BY position LIMIT ?').all(position, limit).map(toEvent);
  }

  lastPosition(): number {
    return this.#db.prepare<[], { last: number | null }>('SELECT MAX(position) AS last FROM event_outbox').get()?.last ?? 0;
  }

  eventCount(): number {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM event_outbox').get()?.n ?? 0;
  }

  addSubscription(subscription: NewSubscription): void {
    this.#db
      .prepare('INSERT INTO webhook_subscriptions (id, url, secret, event_types, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(subscription.id, subscription.url, this.#seal(subscription.secret, subscription.id), subscription.eventTypes === null ? null : JSON.stringify(subscription.eventTypes), subscription.createdAt);
  }

  subscriptions(): readonly Subscription[] {
    return this.#db.prepare<[], SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE deleted_at IS NULL ORDER BY created_at, id').all().map(toSubscription);
  }

  subscription(id: string): Subscription | undefined {
    const row = this.#db.prepare<[string], SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE id = ? AND deleted_at IS NULL').get(id);
    return row ? toSubscription(row) : undefined;
  }

  deleteSubscription(id: string, at: string): boolean {
    return this.#db.transaction((): boolean => {
      const changed = this.#db.prepare('UPDATE webhook_subscriptions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(at, id).changes;
      if (changed === 0) return false;
      this.#db.prepare(`DELETE FROM webhook_deliveries WHERE subscription_id = ? AND state = 'pending'`).run(id);
      return true;
    })();
  }

  dueDeliveries(nowMs: number, limit: number, busy: ReadonlySet<number>): readonly DeliveryTask[] {
    if (limit <= 0) return [];
    const rows = this.#db
      .prepare<[number, number], DeliveryRow & OutboxRow & { url: string; secret: string; delivery_id: number }>(
        `SELECT d.id AS delivery_id, d.subscription_id, d.attempts, d.generation, s.url, s.secret, o.*
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id
         JOIN event_outbox o ON o.position = d.position
         WHERE d.state = 'pending' AND d.next_attempt_at_ms <= ?
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                           WHERE e.state = 'pending' AND e.subscription_id = d.subscription_id
                             AND e.case_ref = d.case_ref AND e.position < d.position)
         ORDER BY d.position LIMIT ?`,
      )
      .all(nowMs, limit + busy.size);
    return rows
      .filter((row) => !busy.has(row.delivery_id))
      .slice(0, limit)
      .map((row) => ({ id: row.delivery_id, subscriptionId: row.subscription_id, url: row.url, secret: this.#open(row.secret, row.subscription_id), attempts: row.attempts, generation: row.generation, event: toEvent(row) }));
  }

  nextDueAtMs(): number | null {
    return this.#db.prepare<[], { due: number | null }>(`SELECT MIN(next_attempt_at_ms) AS due FROM webhook_deliveries WHERE state = 'pending'`).get()?.due ?? null;
  }

  markDelivered(task: Pick<DeliveryTask, 'id' | 'generation'>, atMs: number): void {
    this.#db
      .prepare(`UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at_ms = ?, last_error = NULL WHERE id = ? AND generation = ? AND state = 'pending'`)
      .run(atMs, task.id, task.generation);
  }

  markFailed(task: Pick<DeliveryTask, 'id' | 'generation'>, error: string, retryAtMs: number | null): void {
    this.#db
      .prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?,
           state = CASE WHEN ? IS NULL THEN 'dead' ELSE state END,
           next_attempt_at_ms = COALESCE(?, next_attempt_at_ms)
         WHERE id = ? AND generation = ? AND state = 'pending'`,
      )
      .run(error.slice(0, 200), retryAtMs, retryAtMs, task.id, task.generation);
  }

  deliveries(subscriptionId: string, state: DeliveryState | undefined, limit: number): readonly DeliveryView[] {
    return this.#db
      .prepare<[string, string | null, string | null, number], DeliveryRow & OutboxRow>(
        `SELECT d.*, o.tx_id, o.block_number, o.case_ref, o.type FROM webhook_deliveries d JOIN event_outbox o ON o.position = d.position
         WHERE d.subscription_id = ? AND (? IS NULL OR d.state = ?) ORDER BY d.position LIMIT ?`,
      )
      .all(subscriptionId, state ?? null, state ?? null, limit)
      .map((row) => ({
        id: row.id,
        subscriptionId: row.subscription_id,
        position: row.position,
        txId: row.tx_id,
        blockNumber: BigInt(row.block_number),
        caseRef: row.case_ref,
        type: row.type,
        state: row.state,
        attempts: row.attempts,
        lastError: row.last_error,
        nextAttemptAtMs: row.state === 'pending' ? row.next_attempt_at_ms : null,
        deliveredAtMs: row.delivered_at_ms,
      }));
  }

  deliveryCounts(subscriptionId: string): DeliveryCounts {
    const counts = { pending: 0, delivered: 0, dead: 0 };
    const rows = this.#db
      .prepare<[string], { state: DeliveryState; n: number }>('SELECT state, COUNT(*) AS n FROM webhook_deliveries WHERE subscription_id = ? GROUP BY state')
      .all(subscriptionId);
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  redrive(subscriptionId: string, deliveryId: number | undefined, nowMs: number): number {
    return this.#db
      .prepare(
        `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, generation = generation + 1, next_attempt_at_ms = ?, last_error = NULL
         WHERE subscription_id = ? AND state = 'dead' AND (? IS NULL OR id = ?)`,
      )
      .run(nowMs, subscriptionId, deliveryId ?? null, deliveryId ?? null).changes;
  }

  replay(subscriptionId: string, fromBlock: bigint, nowMs: number): number {
    return this.#db
      .prepare(
        `INSERT INTO webhook_deliveries (subscription_id, position, case_ref, state, next_attempt_at_ms)
         SELECT s.id, o.position, o.case_ref, 'pending', ? FROM event_outbox o JOIN webhook_subscriptions s ON s.id = ?
         WHERE o.block_number >= ? AND s.deleted_at IS NULL
           AND (s.event_types IS NULL OR EXISTS (SELECT 1 FROM json_each(s.event_types) WHERE value = o.type))
         ORDER BY o.position
         ON CONFLICT (subscription_id, position) DO UPDATE SET
           state = 'pending', attempts = 0, generation = generation + 1, next_attempt_at_ms = excluded.next_attempt_at_ms, last_error = NULL, delivered_at_ms = NULL`,
      )
      .run(nowMs, subscriptionId, fromBlock).changes;
  }

  pendingCount(): number {
    return this.#db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE state = 'pending'`).get()?.n ?? 0;
  }
}
