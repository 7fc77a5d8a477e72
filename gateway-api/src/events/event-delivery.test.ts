/**
 * Event delivery on the dev ledger with injected faults: the listener records each CaseEvent for its
 * authority once, across broken streams, failed local transactions and restarts from the database
 * file; the dispatcher signs, orders per case, retries, dead-letters, redrives and replays.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { DevLedger } from '@asylum-ledger/dev-ledger';
import BetterSqlite3 from 'better-sqlite3';
import type { EventCheckpoint, EventStream, LedgerEvent, LedgerPort } from '@asylum-ledger/domain';
import { createLogger } from '../observability/create-logger';
import { GatewayMetrics } from '../observability/gateway-metrics';
import type { EventStore } from '../ports/event-store';
import { openGatewayStore, type SqliteGatewayStore } from '../store/open-gateway-store';
import { openDevLedger } from '../test-support/test-gateway';
import { EventDelivery } from './event-delivery';
import { EventListener } from './event-listener';
import { EventSignal } from './event-signal';
import { verifyDelivery } from './webhook-signature';

jest.setTimeout(30_000);

const KEY = Buffer.alloc(32, 9);
const SECRET = 's'.repeat(40);
const CLERK = { subject: 'clerk-1', role: 'BAMF_CASEWORKER' } as const;
const quiet = createLogger({ level: 'silent', name: 'test', stream: new Writable({ write: (_c, _e, done) => { done(); } }) });

let dev: DevLedger;
beforeAll(async () => {
  dev = await openDevLedger();
});
afterAll(async () => {
  await dev.close();
});

/** Registers a case at the Landesdirektion and walks it to ARRIVED: events seq 1 and 3 target BAMF, seq 2 targets nobody. */
async function arrivedCase(): Promise<{ caseRef: string; txIds: string[] }> {
  const lds = dev.forOrg('LDSMSP');
  const caseRef = randomBytes(16).toString('hex');
  const txIds: string[] = [];
  const steps: [string, Record<string, unknown>][] = [
    ['registerCase', { procedureKind: 'ERSTANTRAG' }],
    ['recordDistribution', { landCode: 'DE-SN' }],
    ['confirmArrival', {}],
  ];
  for (const [fn, fields] of steps) {
    const result = await lds.submit({ role: 'LAND_RECEPTION', transaction: `case:${fn}`, args: [JSON.stringify({ caseRef, requestId: randomUUID(), effectiveOn: '2026-11-20', ...fields })] });
    txIds.push(result.txId);
  }
  return { caseRef, txIds };
}

/** A port whose event streams break after `everyN` events (the peer going away), and whose opens fail `failOpens` times. */
function flakyEvents(inner: LedgerPort, faults: { everyN: number; failOpens: number; opened: number }): LedgerPort {
  return {
    ...inner,
    events: (from?: EventCheckpoint): EventStream => {
      faults.opened++;
      if (faults.failOpens > 0) {
        faults.failOpens--;
        throw new Error('peer unreachable');
      }
      const stream = inner.events(from);
      return {
        close: () => {
          stream.close();
        },
        async *[Symbol.asyncIterator](): AsyncIterator<LedgerEvent> {
          let count = 0;
          for await (const event of stream) {
            yield event;
            if (++count >= faults.everyN) throw new Error('stream broke');
          }
        },
      };
    },
  };
}

async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function outboxTxIds(store: EventStore): string[] {
  return store.eventsAfter(0, 10_000).map((event) => event.txId);
}

function tempDb(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'gw-events-')), 'gateway.sqlite');
}

describe('the event listener', () => {
  it('records each CaseEvent that targets its authority once, in commit order, across broken streams and failed opens', async () => {
    const store = openGatewayStore({ file: ':memory:', localReferenceKey: KEY });
    const a = await arrivedCase();
    const b = await arrivedCase();
    const faults = { everyN: 2, failOpens: 2, opened: 0 };
    const listener = new EventListener({
      ledger: flakyEvents(dev.forOrg('BAMFMSP'), faults),
      store: store.events,
      mspId: 'BAMFMSP',
      signal: new EventSignal(),
      logger: quiet,
      options: { reconnectBaseMs: 5, reconnectMaxMs: 20 },
    });
    listener.start();
    const expected = [a.txIds[0], a.txIds[2], b.txIds[0], b.txIds[2]];
    // the outbox may hold events of earlier tests of this file: look at the ones of these cases
    const mine = (): string[] => outboxTxIds(store.events).filter((txId) => [...a.txIds, ...b.txIds].includes(txId));
    await eventually(() => mine().length === 4);
    const c = await arrivedCase();
    await eventually(() => outboxTxIds(store.events).includes(c.txIds[2] ?? ''));
    await listener.stop();
    expect(mine()).toEqual(expected);
    expect(outboxTxIds(store.events)).not.toContain(a.txIds[1]);
    expect(outboxTxIds(store.events).slice(-2)).toEqual([c.txIds[0], c.txIds[2]]);
    expect(new Set(outboxTxIds(store.events)).size).toBe(outboxTxIds(store.events).length);
    expect(store.events.checkpoint()?.txId).toBe(c.txIds[2]);
    // two failed opens, then a break after every second event: it reopened many times
    expect(faults.opened).toBeGreaterThan(4);
    store.close();
  });

  it('loses nothing and adds nothing when the local transaction fails: the event is taken again from the checkpoint', async () => {
    const store = openGatewayStore({ file: ':memory:', localReferenceKey: KEY });
    let failures = 0;
    const failingOnce = new Proxy(store.events, {
      get: (target, name: keyof EventStore) => {
        if (name !== 'recordAll') return (target[name] as (...args: unknown[]) => unknown).bind(target);
        return (...args: Parameters<EventStore['recordAll']>) => {
          // the first outbox write fails, as a full disk would: its transaction rolls back, checkpoint included
          if (args[0].some((entry) => entry.event !== null) && failures++ === 0) throw new Error('disk full');
          return target.recordAll(...args);
        };
      },
    });
    const a = await arrivedCase();
    const listener = new EventListener({ ledger: dev.forOrg('BAMFMSP'), store: failingOnce, mspId: 'BAMFMSP', signal: new EventSignal(), logger: quiet, options: { reconnectBaseMs: 5 } });
    listener.start();
    await eventually(() => outboxTxIds(store.events).includes(a.txIds[2] ?? ''));
    await listener.stop();
    expect(failures).toBeGreaterThan(1);
    expect(store.events.checkpoint()?.txId).toBe(a.txIds[2]);
    expect(outboxTxIds(store.events).filter((txId) => a.txIds.includes(txId))).toEqual([a.txIds[0], a.txIds[2]]);
    store.close();
  });

  it('resumes from the checkpoint in its database file after a restart: events committed while it was down arrive, none twice', async () => {
    const file = tempDb();
    const first = openGatewayStore({ file, localReferenceKey: KEY });
    const height = await dev.forOrg('BAMFMSP').blockHeight();
    const options = { startBlock: height, reconnectBaseMs: 5 };
    const before = await arrivedCase();
    const listener = new EventListener({ ledger: dev.forOrg('BAMFMSP'), store: first.events, mspId: 'BAMFMSP', signal: new EventSignal(), logger: quiet, options });
    listener.start();
    await eventually(() => outboxTxIds(first.events).length === 2);
    await listener.stop();
    first.close();

    const whileDown = await arrivedCase();
    const second = openGatewayStore({ file, localReferenceKey: KEY });
    const again = new EventListener({ ledger: dev.forOrg('BAMFMSP'), store: second.events, mspId: 'BAMFMSP', signal: new EventSignal(), logger: quiet, options });
    again.start();
    await eventually(() => outboxTxIds(second.events).length === 4);
    const after = await arrivedCase();
    await eventually(() => outboxTxIds(second.events).length === 6);
    await again.stop();
    expect(outboxTxIds(second.events)).toEqual([before.txIds[0], before.txIds[2], whileDown.txIds[0], whileDown.txIds[2], after.txIds[0], after.txIds[2]]);
    expect(second.events.eventsAfter(0, 10).map((event) => [event.seq, event.type])).toEqual([
      [1, 'registerCase'], [3, 'confirmArrival'], [1, 'registerCase'], [3, 'confirmArrival'], [1, 'registerCase'], [3, 'confirmArrival'],
    ]);
    second.close();
  });

  it('records the events the stream already holds in one local transaction', async () => {
    const store = openGatewayStore({ file: ':memory:', localReferenceKey: KEY });
    const height = await dev.forOrg('BAMFMSP').blockHeight();
    await arrivedCase();
    await arrivedCase();
    const batches: number[] = [];
    const counting = new Proxy(store.events, {
      get: (target, name: keyof EventStore) => {
        if (name !== 'recordAll') return (target[name] as (...args: unknown[]) => unknown).bind(target);
        return (...args: Parameters<EventStore['recordAll']>) => {
          batches.push(args[0].length);
          return target.recordAll(...args);
        };
      },
    });
    const listener = new EventListener({ ledger: dev.forOrg('BAMFMSP'), store: counting, mspId: 'BAMFMSP', signal: new EventSignal(), logger: quiet, options: { startBlock: height } });
    listener.start();
    await eventually(() => outboxTxIds(store.events).length === 4);
    await listener.stop();
    // six transactions in six blocks, already committed: one transaction for all of them
    expect(batches).toEqual([6]);
    store.close();
  });

  it('reports its lag in blocks behind the own peer', async () => {
    const store = openGatewayStore({ file: ':memory:', localReferenceKey: KEY });
    const height = await dev.forOrg('BAMFMSP').blockHeight();
    const listener = new EventListener({ ledger: dev.forOrg('BAMFMSP'), store: store.events, mspId: 'BAMFMSP', signal: new EventSignal(), logger: quiet, options: { startBlock: height } });
    expect(await listener.lagBlocks()).toBe(0);
    await arrivedCase();
    expect(await listener.lagBlocks()).toBe(3);
    listener.start();
    await eventually(() => outboxTxIds(store.events).length === 2);
    await listener.stop();
    expect(await listener.lagBlocks()).toBe(0);
    store.close();
  });
});

/** A webhook receiver whose answers the test scripts. */
class Receiver {
  readonly received: { headers: IncomingMessage['headers']; body: string; at: number }[] = [];
  status = 200;
  delayMs = 0;
  readonly #server: Server;
  url = '';

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const status = this.status;
        setTimeout(() => {
          if (status === 200) this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
          res.writeHead(status).end();
        }, this.delayMs);
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${String((this.#server.address() as AddressInfo).port)}/hook`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => { resolve(); }));
  }

  ids(): string[] {
    return this.received.map((each) => String(each.headers['asylum-event-id']));
  }
}

describe('webhook secrets at rest', () => {
  it('are encrypted in the database file, bound to their subscription, and read back for signing', () => {
    const file = tempDb();
    const store = openGatewayStore({ file, localReferenceKey: KEY });
    store.events.addSubscription({ id: 'sub-1', url: 'http://127.0.0.1:9/hook', secret: 'PLAINTEXT-SECRET-0123456789abcdefghij', eventTypes: null, createdAt: '2026-12-01T00:00:00Z' });
    store.events.record({ blockNumber: 1n, txId: 't1' }, { txId: 't1', blockNumber: 1n, caseRef: 'c'.repeat(32), seq: 1, type: 'registerCase', payload: '{}', receivedAtMs: 0 });
    expect(store.events.dueDeliveries(1, 10, new Set()).map((task) => task.secret)).toEqual(['PLAINTEXT-SECRET-0123456789abcdefghij']);
    store.close();
    for (const name of readdirSync(path.dirname(file))) {
      expect(readFileSync(path.join(path.dirname(file), name)).includes(Buffer.from('PLAINTEXT-SECRET'))).toBe(false);
    }
    const db = new BetterSqlite3(file);
    db.prepare("INSERT INTO webhook_subscriptions SELECT 'sub-2', url, secret, event_types, created_at, NULL FROM webhook_subscriptions WHERE id = 'sub-1'").run();
    db.prepare("UPDATE webhook_deliveries SET subscription_id = 'sub-2'").run();
    db.close();
    const reopened = openGatewayStore({ file, localReferenceKey: KEY });
    // a secret copied to another subscription does not open there
    expect(() => reopened.events.dueDeliveries(1, 10, new Set())).toThrow();
    reopened.close();
  });
});

describe('webhook delivery', () => {
  let receiver: Receiver;
  let store: SqliteGatewayStore;
  let delivery: EventDelivery;
  let metrics: GatewayMetrics;

  async function startDelivery(webhooks: Record<string, number> = {}): Promise<void> {
    const height = await dev.forOrg('BAMFMSP').blockHeight();
    metrics = new GatewayMetrics();
    delivery = new EventDelivery({
      ledger: dev.forOrg('BAMFMSP'),
      store,
      mspId: 'BAMFMSP',
      logger: quiet,
      metrics,
      options: { listener: { startBlock: height, reconnectBaseMs: 5 }, webhooks: { retryBaseMs: 20, retryMaxMs: 100, timeoutMs: 2_000, ...webhooks } },
    });
    delivery.start();
  }

  beforeEach(async () => {
    receiver = new Receiver();
    await receiver.start();
    store = openGatewayStore({ file: ':memory:', localReferenceKey: KEY });
  });
  afterEach(async () => {
    await delivery.stop();
    await receiver.stop();
    store.close();
  });

  it('signs each delivery over timestamp and body, carries the event id, and keeps the order of each case', async () => {
    await startDelivery();
    const subscription = delivery.subscribe(CLERK, { url: receiver.url, secret: SECRET });
    const cases = [await arrivedCase(), await arrivedCase(), await arrivedCase()];
    await eventually(() => receiver.received.length === 6);
    for (const each of receiver.received) {
      const headers = each.headers as Record<string, string | undefined>;
      expect(verifyDelivery({ secret: SECRET, timestamp: headers['asylum-timestamp'], signature: headers['asylum-signature'], body: each.body, nowSeconds: Date.now() / 1000 })).toBeNull();
      expect(verifyDelivery({ secret: 'x'.repeat(40), timestamp: headers['asylum-timestamp'], signature: headers['asylum-signature'], body: each.body, nowSeconds: Date.now() / 1000 })).toBe('mismatch');
      expect(verifyDelivery({ secret: SECRET, timestamp: headers['asylum-timestamp'], signature: headers['asylum-signature'], body: each.body.replace('"seq":', '"seq": '), nowSeconds: Date.now() / 1000 })).toBe('mismatch');
      const body = JSON.parse(each.body) as { id: string; event: { txId: string; targets: string[] } };
      expect(body.id).toBe(headers['asylum-event-id']);
      expect(body.event.txId).toBe(body.id);
      expect(body.event.targets).toContain('BAMFMSP');
      expect(headers['asylum-subscription-id']).toBe(subscription.id);
    }
    for (const { txIds } of cases) {
      const ids = receiver.ids().filter((id) => txIds.includes(id));
      expect(ids).toEqual([txIds[0], txIds[2]]);
    }
    // the receiver has the body before the gateway has its answer
    await eventually(() => delivery.get(CLERK, subscription.id).deliveries.delivered === 6);
    expect(delivery.get(CLERK, subscription.id).deliveries).toEqual({ pending: 0, delivered: 6, dead: 0 });
    expect(await metrics.registry.getSingleMetricAsString('event_delivery_latency_seconds')).toMatch(/event_delivery_latency_seconds_count 6/);
  });

  it('retries while the receiver fails and delivers once it answers again, still in order per case', async () => {
    await startDelivery({ maxAttempts: 50 });
    delivery.subscribe(CLERK, { url: receiver.url, secret: SECRET });
    receiver.status = 503;
    const a = await arrivedCase();
    await eventually(() => (store.events.deliveries(delivery.list(CLERK)[0]?.id ?? '', 'pending', 10)[0]?.attempts ?? 0) >= 3);
    expect(receiver.received).toEqual([]);
    receiver.status = 200;
    await eventually(() => receiver.received.length === 2);
    expect(receiver.ids()).toEqual([a.txIds[0], a.txIds[2]]);
    expect(Number(receiver.received[0]?.headers['asylum-delivery-attempt'])).toBeGreaterThanOrEqual(4);
    expect(await metrics.registry.getSingleMetricAsString('event_delivery_failures_total')).toMatch(/event_delivery_failures_total\{reason="http_5xx"\} [3-9]/);
  });

  it('dead-letters a delivery after the configured tries, lets the next of the case go, and redrives it through the API', async () => {
    await startDelivery({ maxAttempts: 3 });
    const subscription = delivery.subscribe(CLERK, { url: receiver.url, secret: SECRET });
    receiver.status = 500;
    const a = await arrivedCase();
    await eventually(() => delivery.get(CLERK, subscription.id).deliveries.dead === 2);
    const dead = delivery.deliveries(CLERK, subscription.id, 'dead', 10);
    expect(dead.map((each) => [each.txId, each.attempts, each.lastError])).toEqual([
      [a.txIds[0], 3, 'HTTP 500'],
      [a.txIds[2], 3, 'HTTP 500'],
    ]);
    receiver.status = 200;
    expect(delivery.redrive(CLERK, subscription.id, dead[1]?.id)).toBe(1);
    await eventually(() => receiver.received.length === 1);
    expect(delivery.redrive(CLERK, subscription.id, undefined)).toBe(1);
    await eventually(() => receiver.received.length === 2);
    expect(receiver.ids()).toEqual([a.txIds[2], a.txIds[0]]);
    await eventually(() => delivery.get(CLERK, subscription.id).deliveries.delivered === 2);
    expect(delivery.get(CLERK, subscription.id).deliveries).toEqual({ pending: 0, delivered: 2, dead: 0 });
  });

  it('delivers only the event types of the filter, and replays from a block with the original event ids', async () => {
    await startDelivery();
    const all = delivery.subscribe(CLERK, { url: receiver.url, secret: SECRET });
    const arrivals = delivery.subscribe(CLERK, { url: `${receiver.url}?arrivals`, secret: SECRET, eventTypes: ['confirmArrival'] });
    const a = await arrivedCase();
    await eventually(() => receiver.received.length === 3);
    const bySubscription = (id: string): string[] => receiver.received.filter((each) => each.headers['asylum-subscription-id'] === id).map((each) => String(each.headers['asylum-event-id']));
    expect(bySubscription(arrivals.id)).toEqual([a.txIds[2]]);
    expect(bySubscription(all.id)).toEqual([a.txIds[0], a.txIds[2]]);
    const block = store.events.eventsAfter(0, 10)[0]?.blockNumber ?? -1n;
    expect(delivery.replay(CLERK, all.id, block)).toBe(2);
    await eventually(() => receiver.received.length === 5);
    expect(bySubscription(all.id)).toEqual([a.txIds[0], a.txIds[2], a.txIds[0], a.txIds[2]]);
  });

  it('refuses auditors, and drops the pending deliveries of a deleted subscription', async () => {
    await startDelivery();
    expect(() => delivery.subscribe({ subject: 'a', role: 'AUDITOR' }, { url: receiver.url })).toThrow(expect.objectContaining({ code: 'FORBIDDEN_ROLE' }));
    const subscription = delivery.subscribe(CLERK, { url: receiver.url });
    expect(subscription.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    receiver.status = 500;
    await arrivedCase();
    await eventually(() => delivery.get(CLERK, subscription.id).deliveries.pending === 2);
    delivery.unsubscribe(CLERK, subscription.id);
    expect(store.events.pendingCount()).toBe(0);
    expect(() => delivery.get(CLERK, subscription.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
