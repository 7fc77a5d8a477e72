import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { useRouteGateways, distributedCase, registerBody, type TestGateway } from '../test-support/test-gateway';

describe('history and local reference routes', () => {
  let gw: TestGateway;
  let token: string;

  const routes = useRouteGateways();
  beforeEach(async () => {
    gw = routes.current;
    token = await gw.token('LAND_RECEPTION');
  });

  const register = async (localReference?: string): Promise<string> => {
    const body = registerBody(localReference === undefined ? {} : { localReference });
    const res = await request(gw.app).post('/v1/cases')
        .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${token}`).send(body);
    return res.body.caseRef as string;
  };

  it('serves the history with whitelisted entries', async () => {
    const { caseRef } = await distributedCase(gw, token);
    const arrived = await request(gw.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'h-1')
      .send({ type: 'confirmArrival', effectiveOn: '2026-11-20' });
    expect(arrived.status).toBe(200);
    // a peer with a newer chaincode answers a field this gateway does not know
    gw.ledger.rewriteEvaluates('case:getHistory', (history) => {
      const { entries, ...rest } = history as { entries: object[] };
      return { ...rest, entries: entries.map((entry) => ({ ...entry, unexpectedField: 'dropped by the mapper' })) };
    });
    const res = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.caseRef).toBe(caseRef);
    expect((res.body.entries as { type: string }[]).map((entry) => entry.type)).toEqual(['registerCase', 'recordDistribution', 'confirmArrival']);
    expect(res.body.entries[0]).not.toHaveProperty('unexpectedField');
    expect(gw.ledger.pendingFaults).toBe(0);
  });

  it('passes FORBIDDEN_READ and CASE_NOT_FOUND through', async () => {
    const { LedgerError } = await import('@asylum-ledger/domain');
    gw.ledger.failEvaluates(new LedgerError('FORBIDDEN_READ', 'not a participant'));
    const forbidden = await request(gw.app).get(`/v1/cases/${'c'.repeat(32)}/history`).set('Authorization', `Bearer ${token}`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN_READ');
    const missing = await request(gw.app).get(`/v1/cases/${'c'.repeat(32)}/history`).set('Authorization', `Bearer ${token}`);
    expect(missing.status).toBe(404);
  });

  it('resolves a local reference to every case under it, and deletes one or all mappings', async () => {
    const first = await register('AZ 17/2026');
    const second = await register('AZ 17/2026');
    const ref = encodeURIComponent('AZ 17/2026');
    const found = await request(gw.app).get(`/v1/local-references/${ref}`).set('Authorization', `Bearer ${token}`);
    expect((found.body.cases as { caseRef: string }[]).map((entry) => entry.caseRef)).toEqual([first, second]);
    const one = await request(gw.app).delete(`/v1/local-references/${ref}?caseRef=${first}`).set('Authorization', `Bearer ${token}`);
    expect(one.status).toBe(204);
    const rest = await request(gw.app).get(`/v1/local-references/${ref}`).set('Authorization', `Bearer ${token}`);
    expect((rest.body.cases as { caseRef: string }[]).map((entry) => entry.caseRef)).toEqual([second]);
    expect((await request(gw.app).delete(`/v1/local-references/${ref}`).set('Authorization', `Bearer ${token}`)).status).toBe(204);
    const gone = await request(gw.app).get(`/v1/local-references/${ref}`).set('Authorization', `Bearer ${token}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('LOCAL_REFERENCE_NOT_FOUND');
    expect((await request(gw.app).delete(`/v1/local-references/${ref}`).set('Authorization', `Bearer ${token}`)).status).toBe(404);
    expect(gw.logLines.join('')).not.toContain('AZ 17');
    expect(JSON.stringify(gw.store.audit.recent(50))).not.toContain('AZ 17');
  });

  it('refuses auditors (403) and malformed references (400)', async () => {
    await register('R-1');
    const auditor = await gw.token('AUDITOR');
    const res = await request(gw.app).get('/v1/local-references/R-1').set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
    expect((await request(gw.app).delete('/v1/local-references/R-1').set('Authorization', `Bearer ${auditor}`)).status).toBe(403);
    const long = await request(gw.app).get(`/v1/local-references/${'x'.repeat(200)}`).set('Authorization', `Bearer ${token}`);
    expect(long.status).toBe(400);
    const badCase = await request(gw.app).delete('/v1/local-references/R-1?caseRef=nope').set('Authorization', `Bearer ${token}`);
    expect(badCase.status).toBe(400);
  });

  it('finds a reference registered composed when it is looked up decomposed, and deletes it so (NFC)', async () => {
    const caseRef = await register('AZ-\u00C4-2026');
    const decomposed = encodeURIComponent('AZ-A\u0308-2026');
    const found = await request(gw.app).get(`/v1/local-references/${decomposed}`).set('Authorization', `Bearer ${token}`);
    expect(found.status).toBe(200);
    expect((found.body.cases as { caseRef: string }[]).map((entry) => entry.caseRef)).toEqual([caseRef]);
    expect((await request(gw.app).delete(`/v1/local-references/${decomposed}`).set('Authorization', `Bearer ${token}`)).status).toBe(204);
  });

  it('refuses invisible format characters in a reference: registration, lookup and deletion answer 400 VALIDATION_FAILED', async () => {
    const hidden = 'AZ-17\u200B';
    const registered = await request(gw.app).post('/v1/cases')
      .set('Idempotency-Key', randomUUID()).set('Authorization', `Bearer ${token}`).send(registerBody({ localReference: hidden }));
    expect(registered.status).toBe(400);
    expect(registered.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [expect.objectContaining({ path: 'body.localReference' })] } });
    expect(registered.body.detail).toContain('invisible format characters');
    expect(gw.ledger.submits).toHaveLength(0);
    for (const reference of ['AZ-\u202E71', '\uFEFFAZ-17', 'AZ\u00AD17', 'AZ-17\u{E0041}']) {
      const path = `/v1/local-references/${encodeURIComponent(reference)}`;
      const found = await request(gw.app).get(path).set('Authorization', `Bearer ${token}`);
      expect([found.status, found.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const deleted = await request(gw.app).delete(path).set('Authorization', `Bearer ${token}`);
      expect([deleted.status, deleted.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});
