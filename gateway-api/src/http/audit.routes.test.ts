/**
 * Issue 19, auditors, on the gateway over the embedded ledger: an auditor submits nothing and
 * reads the ledger's evidence through /v1/audit.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TRANSITION_TYPES } from '@asylum-ledger/domain';
import { distributedCase, registerBody, useRouteGateways, type TestGateway } from '../test-support/test-gateway';

describe('audit routes', () => {
  let gw: TestGateway;
  let clerk: string;
  let auditor: string;

  const routes = useRouteGateways();
  beforeEach(async () => {
    gw = routes.current;
    clerk = await gw.token('LAND_RECEPTION');
    auditor = await gw.token('AUDITOR');
  });

  const height = async (): Promise<bigint> => gw.devLedger.forOrg('LDSMSP').blockHeight();

  it('refuses every write of an auditor with 403 FORBIDDEN_ROLE before the ledger is asked', async () => {
    const { caseRef } = await distributedCase(gw, clerk);
    const before = await height();
    const auth = { Authorization: `Bearer ${auditor}` };
    const register = await request(gw.app).post('/v1/cases').set({ ...auth, 'Idempotency-Key': randomUUID() }).send(registerBody());
    expect([register.status, register.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const codes = new Set<string>();
    for (const type of TRANSITION_TYPES.filter((candidate) => candidate !== 'registerCase')) {
      const res = await request(gw.app)
        .post(`/v1/cases/${caseRef}/transitions`)
        .set({ ...auth, 'Idempotency-Key': randomUUID() })
        .send({ type, effectiveOn: '2026-11-20' });
      codes.add(`${res.status} ${String(res.body.code)}`);
    }
    // a body that does not match its transition's schema is refused as such first; nothing else gets through
    expect([...codes].sort()).toEqual(['400 VALIDATION_FAILED', '403 FORBIDDEN_ROLE']);
    const wellFormed = [
      { type: 'confirmArrival', effectiveOn: '2026-11-20' },
      { type: 'recordDistribution', landCode: 'DE-SN', effectiveOn: '2026-11-20' },
      { type: 'recordWithdrawal', effectiveOn: '2026-11-20' },
      { type: 'eraseCase', ground: 'GOVERNANCE_DECISION' },
    ];
    for (const body of wellFormed) {
      const res = await request(gw.app).post(`/v1/cases/${caseRef}/transitions`).set({ ...auth, 'Idempotency-Key': randomUUID() }).send(body);
      expect([body.type, res.status, res.body.code]).toEqual([body.type, 403, 'FORBIDDEN_ROLE']);
    }
    expect(await height()).toBe(before);
    expect(gw.ledger.submits.filter((submit) => submit.role === 'AUDITOR')).toEqual([]);
  });

  it('lets an auditor read the case and its history, and nobody else read /v1/audit', async () => {
    const { caseRef, blockNumber } = await distributedCase(gw, clerk);
    const auth = { Authorization: `Bearer ${auditor}` };
    expect((await request(gw.app).get(`/v1/cases/${caseRef}`).set(auth)).status).toBe(200);
    const history = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set(auth);
    expect(history.status).toBe(200);
    const txId = (history.body.entries as { txId: string }[])[1]!.txId;
    const asClerk = await request(gw.app).get(`/v1/audit/transactions/${txId}`).set('Authorization', `Bearer ${clerk}`);
    expect([asClerk.status, asClerk.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);

    const res = await request(gw.app).get(`/v1/audit/transactions/${txId}`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      txId,
      blockNumber,
      blockTimestamp: expect.stringMatching(/^2\d{3}-\d\d-\d\dT/),
      validationCode: 'VALID',
      creatorMspId: 'LDSMSP',
      creatorRole: 'LAND_RECEPTION',
      endorsingOrgs: ['LDSMSP'],
      timestamp: expect.stringMatching(/^2\d{3}-\d\d-\d\dT/),
      caseRef,
      transition: 'recordDistribution',
      seq: 2,
    });
  });

  it('answers 404 NOT_FOUND for an unknown transaction and 400 for a malformed id', async () => {
    const auth = { Authorization: `Bearer ${auditor}` };
    const missing = await request(gw.app).get(`/v1/audit/transactions/${'ab'.repeat(32)}`).set(auth);
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    const malformed = await request(gw.app).get('/v1/audit/transactions/not-a-tx').set(auth);
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('marks corrected history entries as superseded for auditors and links them to the correction in force', async () => {
    const { caseRef } = await distributedCase(gw, clerk);
    const clerkAuth = { Authorization: `Bearer ${clerk}` };
    const before = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set(clerkAuth);
    const distribution = (before.body.entries as { txId: string }[])[1]!.txId;
    const correct = async (effectiveOn: string): Promise<string> => {
      const res = await request(gw.app)
        .post(`/v1/cases/${caseRef}/transitions`)
        .set({ ...clerkAuth, 'Idempotency-Key': randomUUID() })
        .send({ type: 'correctEvent', correctsTxId: distribution, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn } });
      expect(res.status).toBe(200);
      return res.body.txId as string;
    };
    const first = await correct('2026-11-19');
    const second = await correct('2026-11-18');

    const audited = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${auditor}`);
    expect(audited.status).toBe(200);
    const marks = (audited.body.entries as { type: string; txId: string; superseded: boolean; supersededBy: string | null; correctsTxId: string | null }[]).map(
      (entry) => [entry.type, entry.superseded, entry.supersededBy, entry.correctsTxId],
    );
    expect(marks).toEqual([
      ['registerCase', false, null, null],
      ['recordDistribution', true, second, null],
      ['correctEvent', false, null, distribution],
      ['correctEvent', false, null, distribution],
    ]);
    expect((audited.body.entries as { txId: string }[])[2]!.txId).toBe(first);
    // a clerk's history carries the links (correctedBy) but not the auditor's marks
    const asClerk = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set(clerkAuth);
    expect(asClerk.body.entries[1]).not.toHaveProperty('superseded');
    expect(asClerk.body.entries[1].correctedBy).toEqual([first, second]);
  });
});
