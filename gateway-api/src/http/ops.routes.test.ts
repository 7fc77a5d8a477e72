import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DEV_LEDGER_DETAIL, type DevLedger } from '@asylum-ledger/dev-ledger';
import { createTestGateway, openDevLedger, registerBody, type TestGateway } from '../test-support/test-gateway';

describe('ops routes and common behaviour', () => {
  let devLedger: DevLedger;
  let gw: TestGateway;

  beforeAll(async () => {
    devLedger = await openDevLedger();
  });
  afterAll(async () => {
    await devLedger.close();
  });
  beforeEach(async () => {
    // the wrapper reports the other mode, so the headers are seen to follow the port's mode
    gw = await createTestGateway({ devLedger, mode: 'fabric' });
  });
  afterEach(async () => {
    await gw.close();
  });

  it('answers /livez without asking the ledger', async () => {
    gw.ledger.reportReadiness({ ready: false, mode: 'fabric', detail: 'peer down' });
    const res = await request(gw.app).get('/livez');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'live' });
  });

  it('answers /readyz from ledger.ready() without a token: status and mode only, 503 when not ready, the reason in the log', async () => {
    expect((await request(gw.app).get('/readyz')).body).toEqual({ status: 'ready', ledger: 'fabric', mode: 'fabric' });
    gw.ledger.reportReadiness({ ready: false, mode: 'fabric', detail: 'LDSMSP peer 127.0.0.1:7251: LEDGER_UNAVAILABLE: connect ECONNREFUSED' });
    for (const authorization of [undefined, 'Bearer not-a-token', `Bearer ${await gw.token('LAND_RECEPTION')}`]) {
      const req = request(gw.app).get('/readyz');
      const res = await (authorization === undefined ? req : req.set('Authorization', authorization));
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toEqual({ status: 'not ready', ledger: 'fabric', mode: 'fabric' });
      expect(res.text).not.toMatch(/127\.0\.0\.1|7251|ECONNREFUSED/);
    }
    const logged = gw.logLines.map((line) => JSON.parse(line) as { level: number; detail?: string }).filter((line) => line.detail !== undefined);
    expect(logged.at(-1)).toMatchObject({ level: 40, detail: 'LDSMSP peer 127.0.0.1:7251: LEDGER_UNAVAILABLE: connect ECONNREFUSED' });
  });

  it.each(['AUDITOR', 'ADMIN'])('shows the readiness detail to a valid %s token', async (role) => {
    const token = await gw.token(role);
    const ready = await request(gw.app).get('/readyz').set('Authorization', `Bearer ${token}`);
    expect(ready.body).toEqual({ status: 'ready', ledger: 'fabric', mode: 'fabric', detail: DEV_LEDGER_DETAIL });
    gw.ledger.reportReadiness({ ready: false, mode: 'fabric', detail: 'LDSMSP peer 127.0.0.1:7251: LEDGER_UNAVAILABLE' });
    const res = await request(gw.app).get('/readyz').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'not ready', ledger: 'fabric', mode: 'fabric', detail: 'LDSMSP peer 127.0.0.1:7251: LEDGER_UNAVAILABLE' });
  });

  it('shows no detail to an expired AUDITOR token', async () => {
    const token = await gw.token('AUDITOR', { expiresIn: -60 });
    expect((await request(gw.app).get('/readyz').set('Authorization', `Bearer ${token}`)).body).toEqual({ status: 'ready', ledger: 'fabric', mode: 'fabric' });
  });

  it('puts Ledger-Mode and the security headers on every response, problems included', async () => {
    for (const path of ['/livez', '/v1/cases', '/nowhere']) {
      const res = await request(gw.app).get(path);
      expect(res.headers['ledger-mode']).toBe('fabric');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('echoes an X-Request-Id of hex digits and dashes (a UUID, a trace id) and makes one otherwise', async () => {
    const uuid = '0b7c1b9e-3c1a-4e8e-9d5a-2f6f0c8d9e10';
    expect((await request(gw.app).get('/livez').set('X-Request-Id', uuid)).headers['x-request-id']).toBe(uuid);
    expect((await request(gw.app).get('/livez').set('X-Request-Id', '4bf92f3577b34da6a3ce929d0e0e4736')).headers['x-request-id']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    for (const offered of ['bad id!', 'Jonas.Mueller-1962', 'client-req-0001']) {
      const echoed = (await request(gw.app).get('/livez').set('X-Request-Id', offered)).headers['x-request-id'];
      expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
      expect(echoed).not.toBe(offered);
    }
  });

  it('answers unknown paths with 404 problem+json', async () => {
    const res = await request(gw.app).get('/v2/anything');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('exposes HTTP durations by route template and status, ledger durations and errors by code', async () => {
    const token = await gw.token('LAND_RECEPTION');
    await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${token}`).send(registerBody());
    await request(gw.app).get(`/v1/cases/${'d'.repeat(32)}`).set('Authorization', `Bearer ${token}`);
    const text = (await request(gw.app).get('/metrics')).text;
    expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/v1\/cases",status="201"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/cases\/\{caseRef\}",status="404"\} 1/);
    expect(text).toMatch(/gateway_errors_total\{code="CASE_NOT_FOUND"\} 1/);
    expect(text).toContain('ledger_call_duration_seconds');
    expect(text).not.toContain('d'.repeat(32));
  });

  it('logs JSON lines with the route template, never the URL or the token', async () => {
    const token = await gw.token('LAND_RECEPTION');
    await request(gw.app).get('/v1/local-references/SECRET-REF-1').set('Authorization', `Bearer ${token}`);
    const lines = gw.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ route: '/v1/local-references/{ref}', status: 404, code: 'LOCAL_REFERENCE_NOT_FOUND', requestId: expect.any(String) });
    expect(gw.logLines.join('')).not.toContain('SECRET-REF-1');
    expect(gw.logLines.join('')).not.toContain(token);
  });

  it('serves /docs as a self-contained page with a same-origin CSP', async () => {
    const page = await request(gw.app).get('/docs');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('/docs/docs.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const script = await request(gw.app).get('/docs/docs.js');
    expect(script.text).toContain("fetch('/openapi.json')");
  });
});
