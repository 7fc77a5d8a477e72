import request from 'supertest';
import { LedgerError } from '@asylum-ledger/domain';
import { useRouteGateways, distributedCase, ledgerCase, type TestGateway } from '../test-support/test-gateway';

/**
 * Over the dev ledger (the real chaincode) behind the fault-injecting port: one ledger for the file,
 * a gateway and a wrapper for each test. Each test's case is registered and distributed first, so
 * that it may arrive: the arrival is seq 3, in the block after the distribution's.
 */
describe('transition route', () => {
  let gw: TestGateway;
  let reception: string;
  let caseRef: string;
  let distributedIn: number;

  const transition = (token: string, key: string | undefined, body: Record<string, unknown>, ref = caseRef) => {
    const req = request(gw.app).post(`/v1/cases/${ref}/transitions`).set('Authorization', `Bearer ${token}`);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const arrival = { type: 'confirmArrival', effectiveOn: '2026-11-20' };

  const routes = useRouteGateways();
  beforeEach(async () => {
    gw = routes.current;
    reception = await gw.token('LAND_RECEPTION');
    ({ caseRef, blockNumber: distributedIn } = await distributedCase(gw, reception));
    gw.ledger.forgetCalls();
  });

  it('applies a transition with the domain input, role and private fields as transient data', async () => {
    const res = await transition(reception, 'k-1', { ...arrival, expectedSeq: 2, private: { responsibleUnit: 'AE-01' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ caseRef, state: 'ARRIVED', seq: 3, txId: expect.any(String), blockNumber: distributedIn + 1 });
    const [submit] = gw.ledger.submits;
    expect(submit).toMatchObject({ role: 'LAND_RECEPTION', transaction: 'case:confirmArrival' });
    expect(JSON.parse(submit!.args[0]!)).toEqual({ caseRef, requestId: expect.any(String), effectiveOn: '2026-11-20', expectedSeq: 2 });
    const privateInput = JSON.parse(Buffer.from(submit!.transient!.private!).toString('utf8'));
    expect(privateInput).toEqual({ responsibleUnit: 'AE-01', salt: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('replays the same key and body: same status, body and txId, one ledger call', async () => {
    const first = await transition(reception, 'k-2', arrival);
    const second = await transition(reception, 'k-2', arrival);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(gw.ledger.submits).toHaveLength(1);
  });

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED), no ledger call', async () => {
    await transition(reception, 'k-3', arrival);
    const other = await transition(reception, 'k-3', { ...arrival, effectiveOn: '2026-11-19' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(gw.ledger.submits).toHaveLength(1);
  });

  it('requires an Idempotency-Key (400) and checks its format', async () => {
    const missing = await transition(reception, undefined, arrival);
    expect([missing.status, missing.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_MISSING']);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const malformed = await transition(reception, 'bad key with spaces', arrival);
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it.each([
    ['an unknown type', { type: 'deportNow', effectiveOn: '2026-11-20' }],
    ['registerCase as a transition', { type: 'registerCase', procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20' }],
    ['no type', { effectiveOn: '2026-11-20' }],
    ['a name', { ...arrival, name: 'Max Mustermann' }],
    ['a birthDate', { ...arrival, birthDate: '1990-01-01' }],
    ['a nationality', { ...arrival, nationality: 'XX' }],
    ['a caseRef in the body', { ...arrival, caseRef: 'b'.repeat(32) }],
    ['a requestId in the body', { ...arrival, requestId: '00000000-0000-4000-8000-000000000009' }],
    ['a private field the type does not carry', { ...arrival, private: { titleType: 'AE_25_1' } }],
    ['private fields on a type without any', { type: 'scheduleHearing', dueBy: '2026-12-01', private: { responsibleUnit: 'X1' } }],
    ['a missing required field', { type: 'confirmArrival' }],
    ['a bad expectedSeq', { ...arrival, expectedSeq: 0 }],
  ])('refuses %s with 400 and no ledger call', async (_what, body) => {
    const res = await transition(reception, `v-${Math.random()}`, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).not.toContain('Max Mustermann');
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it('refuses a role the transition does not allow before any ledger call (403)', async () => {
    const res = await transition(await gw.token('LAND_DISTRIBUTION'), 'k-4', arrival);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
    expect(gw.ledger.submits).toHaveLength(0);
  });

  it.each([
    ['FORBIDDEN_ORG', 403],
    ['INVALID_TRANSITION', 409],
    ['REMOVAL_HOLD_ACTIVE', 409],
    ['VERSION_CONFLICT', 409],
    ['DATE_IN_FUTURE', 422],
    ['CORRECTION_NOT_ALLOWED', 422],
    ['ERASURE_NOT_ALLOWED', 422],
    ['VALIDATION_FAILED', 400],
  ])('maps the chaincode code %s to %i, stores it and replays it without a second call', async (code, status) => {
    gw.ledger.failSubmits(new LedgerError(code, `chaincode says ${code}`, { details: { seq: 3 } }));
    const first = await transition(reception, `c-${code}`, arrival);
    expect(first.status).toBe(status);
    expect(first.body).toEqual({ type: `urn:asylum-ledger:problem:${code}`, title: expect.any(String), status, detail: `chaincode says ${code}`, code, details: { seq: 3 } });
    const replay = await transition(reception, `c-${code}`, arrival);
    expect(replay.body).toEqual(first.body);
    expect(gw.ledger.submits).toHaveLength(1);
    expect(gw.store.audit.recent(2).map((entry) => entry.outcome)).toEqual(['REPLAYED', code]);
  });

  it('records refused writes in the local audit log: subject, role, operation, code and time, never the body', async () => {
    const distribution = await gw.token('LAND_DISTRIBUTION', { sub: 'clerk-forbidden' });
    await transition(distribution, 'r-1', { ...arrival, private: { responsibleUnit: 'ZAB-9731' } });
    await transition(reception, 'r-2', arrival);
    await transition(reception, 'r-2', { ...arrival, effectiveOn: '2026-11-19' });
    await transition(reception, undefined, arrival);
    await transition(reception, 'r-3', { ...arrival, expectedSeq: 0 });
    const release = gw.ledger.holdSubmits();
    const held = transition(reception, 'r-4', arrival).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await transition(reception, 'r-4', arrival);
    release();
    await held;
    const at = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
    const refusal = (subject: string, role: string, outcome: string) => ({ subject, role, action: 'confirmArrival', caseRef, txId: null, outcome, at });
    expect([...gw.store.audit.recent(7)].reverse()).toEqual([
      refusal('clerk-forbidden', 'LAND_DISTRIBUTION', 'FORBIDDEN_ROLE'),
      expect.objectContaining({ action: 'confirmArrival', outcome: 'OK' }),
      refusal('clerk-17', 'LAND_RECEPTION', 'IDEMPOTENCY_KEY_REUSED'),
      refusal('clerk-17', 'LAND_RECEPTION', 'IDEMPOTENCY_KEY_MISSING'),
      refusal('clerk-17', 'LAND_RECEPTION', 'VALIDATION_FAILED'),
      refusal('clerk-17', 'LAND_RECEPTION', 'REQUEST_IN_PROGRESS'),
      // the held request reached the chaincode, which refused a second arrival: a final refusal, recorded as before
      expect.objectContaining({ action: 'confirmArrival', outcome: 'INVALID_TRANSITION' }),
    ]);
    expect(JSON.stringify(gw.store.audit.recent(50))).not.toContain('ZAB-9731');
  });

  it('records a refused request whose body names no transition type under the route operation', async () => {
    const res = await transition(reception, 'r-5', { type: 'deportNow' }, 'not-a-case-ref');
    expect(res.status).toBe(400);
    expect(gw.store.audit.recent(1)).toEqual([
      { subject: 'clerk-17', role: 'LAND_RECEPTION', action: 'applyTransition', caseRef: null, txId: null, outcome: 'VALIDATION_FAILED', at: expect.any(String) },
    ]);
  });

  it('does not store CASE_NOT_FOUND (this org\'s peer may lag a block): a retry with the key submits again', async () => {
    gw.ledger.failSubmits(new LedgerError('CASE_NOT_FOUND', 'no case with this caseRef'));
    const first = await transition(reception, 'lag-1', arrival);
    expect(first.status).toBe(404);
    const retry = await transition(reception, 'lag-1', arrival);
    expect(retry.status).toBe(200);
    expect(gw.ledger.submits).toHaveLength(2);
  });

  it('retries an MVCC read conflict with the same requestId, then succeeds', async () => {
    gw.ledger.failSubmits(new LedgerError('MVCC_READ_CONFLICT', 'conflict'), 2);
    const res = await transition(reception, 'k-5', arrival);
    expect(res.status).toBe(200);
    expect(gw.ledger.submits).toHaveLength(3);
    const ids = gw.ledger.submits.map((submit) => (JSON.parse(submit.args[0]!) as { requestId: string }).requestId);
    expect(new Set(ids).size).toBe(1);
  });

  it('retries a private write refused by its endorsement policy, choosing its endorsers again; a write without private fields is not retried', async () => {
    gw.ledger.failSubmits(new LedgerError('ENDORSEMENT_POLICY_FAILURE', 'endorsed by too few'), 1);
    const plain = await transition(reception, 'k-epf-1', arrival);
    expect([plain.status, plain.body.code]).toEqual([502, 'ENDORSEMENT_POLICY_FAILURE']);
    expect(gw.ledger.submits).toHaveLength(1);
    gw.ledger.forgetCalls();
    gw.ledger.failSubmits(new LedgerError('ENDORSEMENT_POLICY_FAILURE', 'policy changed under the plan'), 1);
    const res = await transition(reception, 'k-epf-2', { ...arrival, private: { responsibleUnit: 'AE-01' } });
    expect(res.status).toBe(200);
    expect(gw.ledger.submits).toHaveLength(2);
    expect(gw.ledger.submits.map((submit) => submit.endorsingOrgs !== undefined)).toEqual([true, true]);
  });

  it('gives up after the retries with 409 MVCC_READ_CONFLICT; the same key later resumes', async () => {
    gw.ledger.failSubmits(new LedgerError('MVCC_READ_CONFLICT', 'conflict'), 4);
    const res = await transition(reception, 'k-6', arrival);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MVCC_READ_CONFLICT');
    expect(gw.ledger.submits).toHaveLength(4);
    const again = await transition(reception, 'k-6', arrival);
    expect(again.status).toBe(200);
  });

  it('answers 503 with Retry-After when the ledger is unreachable, and a retry with the key succeeds', async () => {
    gw.ledger.failSubmits(new LedgerError('LEDGER_UNAVAILABLE', 'peer unreachable'));
    const res = await transition(reception, 'k-7', arrival);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.code).toBe('LEDGER_UNAVAILABLE');
    expect((await transition(reception, 'k-7', arrival)).status).toBe(200);
  });

  it('answers 504 with the txId on a commit timeout, and the retry looks the txId up instead of re-submitting', async () => {
    gw.ledger.timeOutSubmit({ commits: true });
    const res = await transition(reception, 'k-8', arrival);
    expect(res.status).toBe(504);
    const txId = (await ledgerCase(gw, caseRef)).lastTxId;
    expect(res.body).toMatchObject({ code: 'COMMIT_TIMEOUT', txId });
    const retry = await transition(reception, 'k-8', arrival);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ caseRef, txId, seq: 3, state: 'ARRIVED', blockNumber: distributedIn + 1 });
    expect(gw.ledger.submits).toHaveLength(1);
    expect((await ledgerCase(gw, caseRef)).seq).toBe(3);
  });

  it('re-submits a timed-out transaction that never committed, with the same requestId', async () => {
    gw.ledger.timeOutSubmit({ commits: false });
    expect((await transition(reception, 'k-9', arrival)).status).toBe(504);
    const retry = await transition(reception, 'k-9', arrival);
    expect(retry.status).toBe(200);
    const ids = gw.ledger.submits.map((submit) => (JSON.parse(submit.args[0]!) as { requestId: string }).requestId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('recovers the original receipt when the ledger reports DUPLICATE_REQUEST on resume', async () => {
    gw.ledger.loseSubmitAnswers(new LedgerError('LEDGER_UNAVAILABLE', 'connection lost after submit'));
    expect((await transition(reception, 'k-10', arrival)).status).toBe(503);
    const retry = await transition(reception, 'k-10', arrival);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ caseRef, state: 'ARRIVED', seq: 3 });
    expect((await ledgerCase(gw, caseRef)).seq).toBe(3);
  });

  it('answers 409 REQUEST_IN_PROGRESS while the same key is being processed', async () => {
    const release = gw.ledger.holdSubmits();
    const first = transition(reception, 'k-11', arrival).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await transition(reception, 'k-11', arrival);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('REQUEST_IN_PROGRESS');
    release();
    expect((await first).status).toBe(200);
  });

  it('drains: waits for writes in flight, then refuses new ones with 503 SHUTTING_DOWN', async () => {
    const release = gw.ledger.holdSubmits();
    const inFlight = transition(reception, 'k-12', arrival).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 50));
    let drained = false;
    const draining = gw.drain().then(() => {
      drained = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drained).toBe(false);
    const refused = await transition(reception, 'k-13', arrival);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SHUTTING_DOWN');
    release();
    expect((await inFlight).status).toBe(200);
    await draining;
    expect(drained).toBe(true);
  });

  it('maps a ledger code the table does not know to 502 LEDGER_INTERNAL', async () => {
    gw.ledger.failSubmits(new LedgerError('SOMETHING_NEW', 'odd'));
    const res = await transition(reception, 'k-14', arrival);
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('LEDGER_INTERNAL');
  });
});
