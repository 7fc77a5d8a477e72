/**
 * The event routes over HTTP: subscriptions (create, list, read, deliveries, redrive, replay,
 * delete) with their refusals, and the SSE stream resumed with Last-Event-ID, on the dev ledger.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestGateway, openDevLedger, type TestGateway } from '../test-support/test-gateway';
import type { DevLedger } from '@asylum-ledger/dev-ledger';

jest.setTimeout(30_000);

let dev: DevLedger;
let gateway: TestGateway;
let token: string;

beforeAll(async () => {
  dev = await openDevLedger();
});
afterAll(async () => {
  await dev.close();
});
beforeEach(async () => {
  gateway = await createTestGateway({ devLedger: dev, mspId: 'BAMFMSP', orgKind: 'FEDERAL' });
  token = await gateway.token('BAMF_CASEWORKER');
});
afterEach(async () => {
  await gateway.drain();
  await gateway.close();
});

/** A case registered at the Landesdirektion: one event for BAMF (seq 1). */
async function registerAtLds(): Promise<string> {
  const result = await dev.forOrg('LDSMSP').submit({
    role: 'LAND_RECEPTION',
    transaction: 'case:registerCase',
    args: [JSON.stringify({ caseRef: randomBytes(16).toString('hex'), requestId: randomUUID(), procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20' })],
  });
  return result.txId;
}

async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the subscription routes', () => {
  it('creates, lists, reads and deletes a subscription; the secret is shown only once', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const created = await request(gateway.app).post('/v1/subscriptions').set(auth).send({ url: 'https://abh.example/hook', eventTypes: ['recordDecision'] });
    expect(created.status).toBe(201);
    const body = created.body as { id: string; secret: string; eventTypes: string[] };
    expect(body).toMatchObject({ url: 'https://abh.example/hook', eventTypes: ['recordDecision'], secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(created.headers.location).toBe(`/v1/subscriptions/${body.id}`);
    const listed = await request(gateway.app).get('/v1/subscriptions').set(auth);
    expect(listed.body).toEqual({ subscriptions: [{ id: body.id, url: 'https://abh.example/hook', eventTypes: ['recordDecision'], createdAt: expect.any(String), deliveries: { pending: 0, delivered: 0, dead: 0 } }] });
    expect(JSON.stringify(listed.body)).not.toContain(body.secret);
    expect((await request(gateway.app).get(`/v1/subscriptions/${body.id}`).set(auth)).status).toBe(200);
    expect((await request(gateway.app).delete(`/v1/subscriptions/${body.id}`).set(auth)).status).toBe(204);
    const gone = await request(gateway.app).get(`/v1/subscriptions/${body.id}`).set(auth);
    expect([gone.status, (gone.body as { code: string }).code]).toEqual([404, 'NOT_FOUND']);
    expect(gateway.store.audit.recent(5).map((entry) => entry.action)).toEqual(['deleteSubscription', 'createSubscription']);
  });

  it.each([
    [{ url: 'ftp://abh.example/hook' }, 'body.url'],
    [{ url: 'https://abh.example/hook', secret: 'short' }, 'body.secret'],
    [{ url: 'https://abh.example/hook', eventTypes: ['Record Decision'] }, 'body.eventTypes.0'],
    [{ url: 'https://abh.example/hook', name: 'Erika Mustermann' }, 'body.name'],
  ])('refuses %j naming %s', async (sent, path) => {
    const res = await request(gateway.app).post('/v1/subscriptions').set({ Authorization: `Bearer ${token}` }).send(sent);
    expect(res.status).toBe(400);
    expect((res.body as { details: { issues: { path: string }[] } }).details.issues.map((issue) => issue.path)).toEqual([path]);
    expect(JSON.stringify(res.body)).not.toContain('Mustermann');
  });

  it('refuses auditors (403), an unknown id (404), a malformed id, fromBlock or deliveryId (400)', async () => {
    const auditor = await gateway.token('AUDITOR');
    const byAuditor = await request(gateway.app).get('/v1/subscriptions').set({ Authorization: `Bearer ${auditor}` });
    expect([byAuditor.status, (byAuditor.body as { code: string }).code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const auth = { Authorization: `Bearer ${token}` };
    expect((await request(gateway.app).get(`/v1/subscriptions/${randomUUID()}/deliveries`).set(auth)).status).toBe(404);
    expect((await request(gateway.app).get('/v1/subscriptions/not-a-uuid').set(auth)).status).toBe(400);
    const id = (await request(gateway.app).post('/v1/subscriptions').set(auth).send({ url: 'http://127.0.0.1:9/hook' })).body as { id: string };
    expect((await request(gateway.app).post(`/v1/subscriptions/${id.id}/replay?fromBlock=-1`).set(auth)).status).toBe(400);
    expect((await request(gateway.app).post(`/v1/subscriptions/${id.id}/replay`).set(auth)).status).toBe(400);
    expect((await request(gateway.app).post(`/v1/subscriptions/${id.id}/redrive?deliveryId=x`).set(auth)).status).toBe(400);
    expect((await request(gateway.app).post(`/v1/subscriptions/${id.id}/redrive`).set(auth)).body).toEqual({ redriven: 0 });
  });

  it('lists a dead-lettered delivery with its event id and redrives it', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    // nothing listens on port 9: every try fails at once
    const created = (await request(gateway.app).post('/v1/subscriptions').set(auth).send({ url: 'http://127.0.0.1:9/hook' })).body as { id: string };
    const txId = await registerAtLds();
    gateway.store.events.record({ blockNumber: 1n, txId }, { txId, blockNumber: 1n, caseRef: 'c'.repeat(32), seq: 1, type: 'registerCase', payload: '{}', receivedAtMs: Date.now() });
    const [task] = gateway.store.events.dueDeliveries(Date.now(), 10, new Set());
    if (!task) throw new Error('no delivery scheduled');
    gateway.store.events.markFailed(task, 'connection', null);
    const dead = await request(gateway.app).get(`/v1/subscriptions/${created.id}/deliveries?state=dead`).set(auth);
    expect(dead.body).toEqual({
      deliveries: [{ id: task.id, eventId: txId, position: 1, blockNumber: '1', caseRef: 'c'.repeat(32), type: 'registerCase', state: 'dead', attempts: 1, lastError: 'connection', nextAttemptAt: null, deliveredAt: null }],
    });
    const redriven = await request(gateway.app).post(`/v1/subscriptions/${created.id}/redrive?deliveryId=${String(task.id)}`).set(auth);
    expect([redriven.status, redriven.body]).toEqual([202, { redriven: 1 }]);
    const replayed = await request(gateway.app).post(`/v1/subscriptions/${created.id}/replay?fromBlock=0`).set(auth);
    expect([replayed.status, replayed.body]).toEqual([202, { scheduled: 1 }]);
  });
});

describe('the SSE stream', () => {
  let server: Server;
  let base: string;

  beforeEach(async () => {
    server = createServer(gateway.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  });

  /** Opens /v1/events and collects messages until `count` arrived; returns their ids and event ids. */
  function collect(count: number, headers: Record<string, string>, whileOpen: () => Promise<void> = async () => undefined): Promise<{ id: string; eventId: string }[]> {
    return new Promise((resolve, reject) => {
      const messages: { id: string; eventId: string }[] = [];
      let buffer = '';
      const req = get(`${base}/v1/events`, { headers: { Authorization: `Bearer ${token}`, ...headers } }, (res) => {
        if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
          reject(new Error(`status ${String(res.statusCode)}`));
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const id = /^id: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (id !== undefined && data !== undefined) messages.push({ id, eventId: (JSON.parse(data) as { id: string }).id });
            end = buffer.indexOf('\n\n');
          }
          if (messages.length >= count) {
            req.destroy();
            resolve(messages);
          }
        });
        whileOpen().catch(reject);
      });
      req.on('error', (error) => {
        if (messages.length < count) reject(error);
      });
    });
  }

  it('streams new events, and goes on after Last-Event-ID without a gap or a repeat', async () => {
    gateway.events.start();
    const first = await registerAtLds();
    await eventually(() => gateway.store.events.eventsAfter(0, 100).some((event) => event.txId === first));
    const start = gateway.store.events.lastPosition();
    const live: string[] = [];
    const got = await collect(2, {}, async () => {
      live.push(await registerAtLds(), await registerAtLds());
    });
    expect(got.map((message) => message.eventId)).toEqual(live);
    expect(got.map((message) => Number(message.id))).toEqual([start + 1, start + 2]);
    const later = [await registerAtLds(), await registerAtLds()];
    const resumed = await collect(3, { 'Last-Event-ID': String(start + 1) });
    expect(resumed.map((message) => message.eventId)).toEqual([live[1], ...later]);
    const whole = await collect(start + 4, { 'Last-Event-ID': '0' });
    expect(whole.map((message) => Number(message.id))).toEqual(Array.from({ length: start + 4 }, (_, index) => index + 1));
  });

  it('shows listener lag and outbox depth on /metrics', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    await request(gateway.app).post('/v1/subscriptions').set(auth).send({ url: 'http://127.0.0.1:9/hook' });
    // nothing listens yet: the listener is as far behind as the chain is long, and the outbox is empty
    const height = await dev.forOrg('BAMFMSP').blockHeight();
    const txId = await registerAtLds();
    gateway.store.events.record({ blockNumber: height, txId }, { txId, blockNumber: height, caseRef: 'c'.repeat(32), seq: 1, type: 'registerCase', payload: '{}', receivedAtMs: Date.now() });
    const metrics = (await request(gateway.app).get('/metrics')).text;
    expect(metrics).toMatch(/^event_listener_lag_blocks 0$/m);
    expect(metrics).toMatch(/^event_outbox_depth 1$/m);
    expect(metrics).toContain('# TYPE event_delivery_latency_seconds histogram');
    expect(metrics).toContain('# TYPE event_delivery_failures_total counter');
  });

  it('answers HEAD with the headers of the stream and ends', async () => {
    const res = await request(gateway.app).head('/v1/events').set({ Authorization: `Bearer ${token}` });
    expect([res.status, res.headers['content-type']]).toEqual([200, 'text/event-stream; charset=utf-8']);
  });

  it('refuses a malformed Last-Event-ID', async () => {
    const res = await request(gateway.app).get('/v1/events').set({ Authorization: `Bearer ${token}`, 'Last-Event-ID': 'abc' });
    expect([res.status, (res.body as { code: string }).code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
