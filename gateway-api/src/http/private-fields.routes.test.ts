import request from 'supertest';
import { LedgerError } from '@asylum-ledger/domain';
import { useRouteGateways, distributedCase, type TestGateway } from '../test-support/test-gateway';

/**
 * GET /v1/cases/{caseRef}/private-fields on the Landesdirektion's gateway over the embedded ledger.
 * The embedded ledger keeps one store for every org, so the answer of a peer that keeps no copy
 * (PRIVATE_DATA_NOT_HELD, ADR 0009) is injected; the real answer is checked on Fabric
 * (test/e2e/onboarding.test.ts, and the three-gateways suite on the Fabric adapter).
 */
describe('private fields route', () => {
  let gw: TestGateway;
  let token: string;
  let caseRef: string;
  const notHeld = (members: unknown): LedgerError =>
    new LedgerError('PRIVATE_DATA_NOT_HELD', 'this peer keeps no copy of land-DE-SN', { details: { collection: 'land-DE-SN', members } });
  const read = async (role = 'LAND_RECEPTION') =>
    request(gw.app).get(`/v1/cases/${caseRef}/private-fields`).set('Authorization', `Bearer ${role === 'LAND_RECEPTION' ? token : await gw.token(role)}`);
  const privateReads = (): (string | undefined)[] => gw.ledger.evaluates.filter((entry) => entry.transaction === 'case:getPrivateFields').map((entry) => entry.at);

  const routes = useRouteGateways();
  beforeEach(async () => {
    gw = routes.current;
    token = await gw.token('LAND_RECEPTION');
    ({ caseRef } = await distributedCase(gw, token));
    const arrived = await request(gw.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set({ Authorization: `Bearer ${token}`, 'Idempotency-Key': `arrive-${caseRef}` })
      .send({ type: 'confirmArrival', effectiveOn: '2026-11-20', private: { responsibleUnit: 'AE-01' } });
    expect(arrived.status).toBe(200);
    gw.ledger.forgetCalls();
  });

  it("answers a member's read from its own peer, without salts, and audits it", async () => {
    const res = await read();
    expect([res.status, res.body]).toEqual([200, { caseRef, responsibleUnit: 'AE-01' }]);
    expect(privateReads()).toEqual([undefined]);
    expect(gw.store.audit.recent(1)).toEqual([expect.objectContaining({ action: 'getPrivateFields', caseRef, outcome: 'OK', role: 'LAND_RECEPTION' })]);
  });

  it('asks the members the own peer names when it keeps no copy, the first one first', async () => {
    gw.ledger.failEvaluates(notHeld(['LDSMSP', 'BAMFMSP']));
    const res = await read();
    expect([res.status, res.body]).toEqual([200, { caseRef, responsibleUnit: 'AE-01' }]);
    expect(privateReads()).toEqual([undefined, 'LDSMSP']);
  });

  it('passes an unreachable member to the next, and answers 503 PRIVATE_DATA_NOT_HELD when none answers', async () => {
    gw.ledger.failEvaluates(notHeld(['LDSMSP', 'BAMFMSP'])).failEvaluates(new LedgerError('LEDGER_UNAVAILABLE', 'peer down'));
    expect((await read()).status).toBe(200);
    expect(privateReads()).toEqual([undefined, 'LDSMSP', 'BAMFMSP']);

    gw.ledger.forgetCalls();
    gw.ledger.failEvaluates(notHeld(['LDSMSP', 'BAMFMSP'])).failEvaluates(new LedgerError('LEDGER_UNAVAILABLE', 'peer down'), 2);
    const none = await read();
    expect([none.status, none.body.code]).toEqual([503, 'PRIVATE_DATA_NOT_HELD']);
    expect(JSON.stringify(none.body)).not.toContain('AE-01');
    expect(gw.store.audit.recent(1)).toEqual([expect.objectContaining({ action: 'getPrivateFields', outcome: 'PRIVATE_DATA_NOT_HELD' })]);
  });

  it("does not follow an answer without a list of members, nor a member's refusal", async () => {
    gw.ledger.failEvaluates(notHeld('BAMFMSP'));
    expect((await read()).body.code).toBe('PRIVATE_DATA_NOT_HELD');
    expect(privateReads()).toEqual([undefined]);
    gw.ledger.forgetCalls();
    gw.ledger.failEvaluates(notHeld(['LDSMSP', 'BAMFMSP'])).failEvaluates(new LedgerError('FORBIDDEN_READ', 'not a participant'));
    expect((await read()).body.code).toBe('FORBIDDEN_READ');
    expect(privateReads()).toEqual([undefined, 'LDSMSP']);
  });

  it('refuses auditors (403 FORBIDDEN_READ, from the chaincode) and an unknown case (404)', async () => {
    const auditor = await read('AUDITOR');
    expect([auditor.status, auditor.body.code]).toEqual([403, 'FORBIDDEN_READ']);
    caseRef = 'ab'.repeat(16);
    const unknown = await read();
    expect([unknown.status, unknown.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
  });
});
