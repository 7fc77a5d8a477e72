import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestGateway, useRouteGateways, registerBody, type TestGateway } from '../test-support/test-gateway';

/** Over the dev ledger behind the fault-injecting port: one ledger for the file, a gateway and a wrapper for each test. */
describe('case routes', () => {
  let gw: TestGateway;
  let token: string;

  const routes = useRouteGateways();
  beforeEach(async () => {
    gw = routes.current;
    token = await gw.token('LAND_RECEPTION');
  });

  it('registers a case with a fresh 128-bit caseRef and answers 201 with the receipt', async () => {
    const res = await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${token}`).send(registerBody());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ caseRef: expect.stringMatching(/^[0-9a-f]{32}$/), state: 'REGISTERED', seq: 1, txId: expect.any(String), blockNumber: expect.any(Number) });
    expect((await gw.ledger.transaction(res.body.txId)).blockNumber).toBe(BigInt(res.body.blockNumber));
    expect(res.headers.location).toBe(`/v1/cases/${res.body.caseRef}`);
    expect(res.headers['ledger-mode']).toBe('embedded');
    const [submit] = gw.ledger.submits;
    expect(submit).toMatchObject({ role: 'LAND_RECEPTION', transaction: 'case:registerCase' });
    const input = JSON.parse(submit!.args[0]!);
    expect(input).toEqual({ caseRef: res.body.caseRef, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20' });
  });

  it('refuses a registration without an Idempotency-Key (a retry could register twice) and calls no ledger', async () => {
    const res = await request(gw.app).post('/v1/cases').set('Authorization', `Bearer ${token}`).send(registerBody());
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_MISSING');
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it('returns the first registration again for a retried Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await request(gw.app).post('/v1/cases').set('Idempotency-Key', key).set('Authorization', `Bearer ${token}`).send(registerBody());
    const again = await request(gw.app).post('/v1/cases').set('Idempotency-Key', key).set('Authorization', `Bearer ${token}`).send(registerBody());
    expect(again.body).toEqual(first.body);
    expect(gw.ledger.submits).toHaveLength(1);
  });

  it('keeps Idempotency-Keys per token subject: a second clerk with the same key and body is neither replayed nor refused', async () => {
    const key = 'shared-key-2026-11-20';
    const other = await gw.token('LAND_RECEPTION', { sub: 'clerk-18' });
    const first = await request(gw.app).post('/v1/cases').set('Idempotency-Key', key).set('Authorization', `Bearer ${token}`).send(registerBody());
    const second = await request(gw.app).post('/v1/cases').set('Idempotency-Key', key).set('Authorization', `Bearer ${other}`).send(registerBody());
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.caseRef).not.toBe(first.body.caseRef);
    expect(gw.ledger.submits).toHaveLength(2);
    // another body from the second clerk under the same key is that clerk's own concern, not a reuse of the first one's key
    const third = await request(gw.app).post('/v1/cases').set('Idempotency-Key', 'other-shared-key').set('Authorization', `Bearer ${token}`).send(registerBody());
    const fourth = await request(gw.app).post('/v1/cases').set('Idempotency-Key', 'other-shared-key').set('Authorization', `Bearer ${other}`).send(registerBody({ effectiveOn: '2026-11-21' }));
    expect([third.status, fourth.status]).toEqual([201, 201]);
    // each clerk still gets their own first answer back
    const again = await request(gw.app).post('/v1/cases').set('Idempotency-Key', key).set('Authorization', `Bearer ${other}`).send(registerBody());
    expect(again.body).toEqual(second.body);
    expect(gw.ledger.submits).toHaveLength(4);
  });

  it('keeps localReference out of the ledger and out of the logs, and maps it locally', async () => {
    const res = await request(gw.app)
      .post('/v1/cases')
        .set('Idempotency-Key', randomUUID())
      .set('Authorization', `Bearer ${token}`)
      .send(registerBody({ localReference: 'DD-2026-4711' }));
    expect(res.status).toBe(201);
    expect(JSON.stringify(gw.ledger.submits)).not.toContain('DD-2026-4711');
    expect(JSON.stringify(res.body)).not.toContain('DD-2026-4711');
    expect(gw.logLines.join('')).not.toContain('DD-2026-4711');
    expect(gw.logLines.join('')).not.toContain(token);
    const found = await request(gw.app).get('/v1/local-references/DD-2026-4711').set('Authorization', `Bearer ${token}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ cases: [{ caseRef: res.body.caseRef, createdAt: expect.any(String) }] });
    expect(JSON.stringify(found.body)).not.toContain('DD-2026-4711');
  });

  it.each([
    ['an unknown field', { note: 'x' }],
    ['a name', { name: 'Max Mustermann' }],
    ['a birth date', { birthDate: '1990-01-01' }],
    ['a nationality', { nationality: 'XX' }],
    ['a caseRef (the gateway makes it)', { caseRef: 'a'.repeat(32) }],
    ['a requestId (the gateway makes it)', { requestId: '00000000-0000-4000-8000-000000000001' }],
    ['a wrong type', { procedureKind: 7 }],
    ['a bad date', { effectiveOn: '20.11.2026' }],
  ])('refuses %s with 400 VALIDATION_FAILED and no ledger call, without echoing values', async (_what, extra) => {
    const res = await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${token}`).send(registerBody(extra));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:asylum-ledger:problem:VALIDATION_FAILED', status: 400, code: 'VALIDATION_FAILED', title: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/Max Mustermann|1990-01-01|20\.11\.2026/);
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it('says why when a field looks like personal data', async () => {
    const res = await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${token}`).send(registerBody({ birthDate: '1990-01-01' }));
    expect(res.body.detail).toContain('personal data is never accepted');
    expect(res.body.details.issues).toEqual([{ path: 'body.birthDate', code: 'unrecognized_key', message: 'unknown field' }]);
  });

  it('refuses a body that is not a JSON object, not JSON, or not application/json', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    expect((await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set(auth).send([1, 2])).body.code).toBe('VALIDATION_FAILED');
    expect((await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set(auth).set('Content-Type', 'application/json').send('{nope')).body.code).toBe('VALIDATION_FAILED');
    const text = await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set(auth).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it('refuses a body over the limit with 413 and no ledger call', async () => {
    const res = await request(gw.app)
      .post('/v1/cases')
        .set('Idempotency-Key', randomUUID())
      .set('Authorization', `Bearer ${token}`)
      .send(registerBody({ padding: 'x'.repeat(10_000) }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it('refuses a role that may not register before asking the ledger (403 FORBIDDEN_ROLE)', async () => {
    const zab = await gw.token('LAND_ZAB');
    const res = await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${zab}`).send(registerBody());
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it('reads a case with whitelisted fields', async () => {
    const created = await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${token}`).send(registerBody());
    const { caseRef } = created.body as { caseRef: string };
    // a peer with a newer chaincode answers a field this gateway does not know
    gw.ledger.rewriteEvaluates('case:getCase', (record) => ({ ...(record as object), secretExtra: 'leak' }));
    const res = await request(gw.app).get(`/v1/cases/${caseRef}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseRef, state: 'REGISTERED', seq: 1, responsible: 'LDSMSP' });
    expect(res.body).not.toHaveProperty('secretExtra');
  });

  it('answers 404 CASE_NOT_FOUND and 400 for a malformed caseRef', async () => {
    const missing = await request(gw.app).get(`/v1/cases/${'a'.repeat(32)}`).set('Authorization', `Bearer ${token}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CASE_NOT_FOUND');
    const bad = await request(gw.app).get('/v1/cases/not-a-ref').set('Authorization', `Bearer ${token}`);
    expect(bad.status).toBe(400);
    expect(gw.ledger.evaluates).toHaveLength(1);
  });

  it('lists cases page by page', async () => {
    // a ledger of its own, which holds these three cases only
    await gw.close();
    gw = await createTestGateway();
    for (let i = 0; i < 3; i += 1) {
      await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${token}`).send(registerBody());
    }
    const first = await request(gw.app).get('/v1/cases?state=REGISTERED&pageSize=2').set('Authorization', `Bearer ${token}`);
    expect(first.status).toBe(200);
    expect(first.body.cases).toHaveLength(2);
    // eslint-disable-next-line no-control-regex -- composite keys are delimited by U+0000
    expect(first.body.nextBookmark).toMatch(/^\u0000case~state\u0000REGISTERED\u0000[0-9a-f]{32}\u0000$/);
    const second = await request(gw.app)
      .get(`/v1/cases?state=REGISTERED&pageSize=2&bookmark=${encodeURIComponent(first.body.nextBookmark as string)}`)
      .set('Authorization', `Bearer ${token}`);
    expect(second.body.cases).toHaveLength(1);
    expect(second.body.nextBookmark).toBeNull();
    expect(JSON.parse(gw.ledger.evaluates[0]!.args[0]!)).toEqual({ state: 'REGISTERED', pageSize: 2, bookmark: '' });
  });

  it.each([
    ['neither state nor responsible', ''],
    ['both', '?state=REGISTERED&responsible=LDSMSP'],
    ['a pageSize over 200', '?state=REGISTERED&pageSize=500'],
    ['an unknown state', '?state=LOST'],
    ['an unknown parameter', '?state=REGISTERED&name=x'],
  ])('refuses a list query with %s (400)', async (_what, query) => {
    const res = await request(gw.app).get(`/v1/cases${query}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(gw.ledger.evaluates).toHaveLength(0);
  });

  it('records a refused registration in the local audit log, without its local reference', async () => {
    const other = await gw.token('LAND_DISTRIBUTION', { sub: 'clerk-23' });
    const res = await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${other}`).send(registerBody({ localReference: 'AZ-REFUSED-41' }));
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
    const missingKey = await request(gw.app).post('/v1/cases').set('Authorization', `Bearer ${token}`).send(registerBody({ localReference: 'AZ-REFUSED-42' }));
    expect(missingKey.body.code).toBe('IDEMPOTENCY_KEY_MISSING');
    expect([...gw.store.audit.recent(2)].reverse()).toEqual([
      { subject: 'clerk-23', role: 'LAND_DISTRIBUTION', action: 'registerCase', caseRef: null, txId: null, outcome: 'FORBIDDEN_ROLE', at: expect.any(String) },
      { subject: 'clerk-17', role: 'LAND_RECEPTION', action: 'registerCase', caseRef: null, txId: null, outcome: 'IDEMPOTENCY_KEY_MISSING', at: expect.any(String) },
    ]);
    expect(JSON.stringify(gw.store.audit.recent(50))).not.toMatch(/AZ-REFUSED/);
  });

  it('writes the clerk, role, action, caseRef and txId to the local audit log', async () => {
    const res = await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${token}`).send(registerBody());
    expect(gw.store.audit.recent(1)).toEqual([
      { subject: 'clerk-17', role: 'LAND_RECEPTION', action: 'registerCase', caseRef: res.body.caseRef, txId: res.body.txId, outcome: 'OK', at: expect.any(String) },
    ]);
    expect(JSON.stringify(gw.ledger.submits)).not.toContain('clerk-17');
  });
});
