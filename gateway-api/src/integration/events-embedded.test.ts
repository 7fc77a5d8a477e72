/**
 * Event delivery as `npm start` runs it without Fabric: gateways started by `startGateway` on the
 * embedded ledger, configured from environment variables, driven over HTTP with dev tokens. A
 * registration at the Landesdirektion reaches BAMF's webhook (signed, with the txId as event id)
 * and BAMF's SSE stream; nothing reaches the Landesdirektion's own webhook.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEV_ISSUER, ensureDevKeyPair, gatewayAudience, mintDevToken } from '../auth/dev-identity-provider';
import { loadConfig } from '../config';
import { verifyDelivery } from '../events/webhook-signature';
import { openEmbeddedProcessLedger, type ProcessLedger } from '../ledger-factory';
import { startGateway, type RunningGateway } from '../run-gateway';

jest.setTimeout(60_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'events-embedded-'));
const idpDir = path.join(dir, 'idp');
const SECRET = 'embedded-webhook-secret-0123456789abcdef';
const ORGS = [
  { mspId: 'BAMFMSP', kind: 'FEDERAL', key: 'aa' },
  { mspId: 'LDSMSP', kind: 'LAND', key: 'bb' },
] as const;

let ledger: ProcessLedger;
const gateways = new Map<string, RunningGateway>();
const deliveries: { headers: IncomingHttpHeaders; body: string; path: string }[] = [];
let receiver: Server;
let receiverUrl = '';

beforeAll(async () => {
  const keys = ensureDevKeyPair(idpDir);
  const env = (org: (typeof ORGS)[number]): Record<string, string> => ({
    ORG_MSP_ID: org.mspId,
    ORG_KIND: org.kind,
    PORT: '0',
    ASYLUM_LEDGER_PROFILE: 'dev',
    LEDGER: 'embedded',
    JWT_PUBLIC_KEY_FILE: keys.publicKeyFile,
    JWT_ISSUER: DEV_ISSUER,
    JWT_AUDIENCE: gatewayAudience(org.mspId),
    DB_PATH: path.join(dir, org.mspId, 'gateway.sqlite'),
    LOCAL_REF_KEY: org.key.repeat(32),
    EMBEDDED_LEDGER_PATH: path.join(dir, 'ledger.sqlite'),
    EMBEDDED_IDENTITY_DIR: path.join(dir, 'identities'),
    LOG_LEVEL: 'silent',
    WEBHOOK_RETRY_BASE_MS: '50',
  });
  const first = loadConfig(env(ORGS[0]));
  ledger = await openEmbeddedProcessLedger(first);
  for (const org of ORGS) gateways.set(org.mspId, await startGateway({ config: loadConfig(env(org)), ledger: ledger.forOrg(org.mspId) }));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${String((receiver.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  for (const gateway of gateways.values()) await gateway.stop();
  await ledger.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => { resolve(); }));
});

async function token(mspId: string, role: string): Promise<string> {
  return mintDevToken({ keyDir: idpDir, mspId, role, subject: 'clerk-1', ttlSeconds: 600 });
}

function url(mspId: string, route: string): string {
  const gateway = gateways.get(mspId);
  if (!gateway) throw new Error(`no gateway ${mspId}`);
  return `${gateway.url}${route}`;
}

async function post(mspId: string, role: string, route: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url(mspId, route), {
    method: 'POST',
    headers: { Authorization: `Bearer ${await token(mspId, role)}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Reads SSE messages from a gateway until `count` arrived. */
async function sseMessages(mspId: string, lastEventId: string, count: number): Promise<{ id: string; data: { id: string; type: string } }[]> {
  const auth = `Bearer ${await token(mspId, 'AUDITOR')}`;
  return new Promise((resolve, reject) => {
    const messages: { id: string; data: { id: string; type: string } }[] = [];
    let buffer = '';
    const req = get(url(mspId, '/v1/events'), { headers: { Authorization: auth, 'Last-Event-ID': lastEventId } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (id !== undefined && data !== undefined) messages.push({ id, data: JSON.parse(data) as { id: string; type: string } });
        }
        if (messages.length >= count) {
          req.destroy();
          resolve(messages);
        }
      });
    });
    req.on('error', (error) => {
      if (messages.length < count) reject(error);
    });
  });
}

it('delivers a registration at the Landesdirektion to BAMF by webhook and SSE, and not to the Landesdirektion', async () => {
  const bamf = await post('BAMFMSP', 'BAMF_CASEWORKER', '/v1/subscriptions', { url: `${receiverUrl}/bamf`, secret: SECRET });
  expect(bamf.status).toBe(201);
  expect((await post('LDSMSP', 'LAND_RECEPTION', '/v1/subscriptions', { url: `${receiverUrl}/lds`, secret: SECRET })).status).toBe(201);
  const registered = await post('LDSMSP', 'LAND_RECEPTION', '/v1/cases', { procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20' }, { 'Idempotency-Key': 'embedded-events-1' });
  expect(registered.status).toBe(201);
  const txId = registered.body.txId as string;

  const deadline = Date.now() + 10_000;
  while (!deliveries.some((each) => each.path === '/bamf') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(deliveries.map((each) => [each.path, each.headers['asylum-event-id'], each.headers['asylum-event-type']])).toEqual([['/bamf', txId, 'registerCase']]);
  const [delivery] = deliveries;
  const headers = delivery!.headers as Record<string, string | undefined>;
  expect(verifyDelivery({ secret: SECRET, timestamp: headers['asylum-timestamp'], signature: headers['asylum-signature'], body: delivery!.body, nowSeconds: Date.now() / 1000 })).toBeNull();
  expect(JSON.parse(delivery!.body)).toMatchObject({ id: txId, type: 'registerCase', caseRef: registered.body.caseRef, seq: 1, event: { targets: ['BAMFMSP'], to: 'REGISTERED' } });

  const messages = await sseMessages('BAMFMSP', '0', 1);
  expect(messages).toEqual([{ id: '1', data: expect.objectContaining({ id: txId, type: 'registerCase' }) }]);
  const metrics = await (await fetch(url('BAMFMSP', '/metrics'))).text();
  expect(metrics).toMatch(/event_delivery_latency_seconds_count\{org="BAMFMSP"\} 1/);
});
