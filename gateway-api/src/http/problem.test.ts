import request from 'supertest';
import { ERROR_CODES } from '@asylum-ledger/domain';
import { LEDGER_ERROR_CODES, LedgerError } from '@asylum-ledger/domain';
import { createTestGateway, type TestGateway } from '../test-support/test-gateway';
import { PROBLEM_TABLE, isProblemCode, newProblem, toProblem } from './problem';

/** Codes the gateway makes itself; each has a route test that reaches it. */
const GATEWAY_CODES = [
  'IDEMPOTENCY_KEY_MISSING', 'UNAUTHENTICATED', 'LOCAL_REFERENCE_NOT_FOUND', 'REQUEST_IN_PROGRESS', 'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE', 'IDEMPOTENCY_KEY_REUSED', 'RATE_LIMITED', 'AUTHENTICATION_RATE_LIMITED', 'INTERNAL', 'IDP_UNAVAILABLE', 'SHUTTING_DOWN',
  'METHOD_NOT_ALLOWED',
  'LEDGER_BEHIND', 'DUPLICATE_UNCONFIRMED',
  'EXPORT_UNAVAILABLE',
];

describe('the problem table', () => {
  it('has a row for every chaincode and ledger-port code, so none degrades to LEDGER_INTERNAL', () => {
    for (const code of [...ERROR_CODES, ...LEDGER_ERROR_CODES]) expect(isProblemCode(code)).toBe(true);
  });

  it('has no row that nothing can produce', () => {
    const passThrough = new Set<string>([...ERROR_CODES, ...LEDGER_ERROR_CODES, ...GATEWAY_CODES]);
    expect(Object.keys(PROBLEM_TABLE).filter((code) => !passThrough.has(code))).toEqual([]);
  });

  it.each([
    ['VALIDATION_FAILED', 400], ['FORBIDDEN_ROLE', 403], ['FORBIDDEN_ORG', 403], ['FORBIDDEN_READ', 403], ['CASE_NOT_FOUND', 404],
    ['INVALID_TRANSITION', 409], ['REMOVAL_HOLD_ACTIVE', 409], ['VERSION_CONFLICT', 409], ['CASE_EXISTS', 409], ['DUPLICATE_REQUEST', 409],
    ['DATE_IN_FUTURE', 422], ['CORRECTION_NOT_ALLOWED', 422], ['ERASURE_NOT_ALLOWED', 422], ['IDEMPOTENCY_KEY_REUSED', 422],
    ['LEDGER_UNAVAILABLE', 503], ['ENDORSERS_DISAGREE', 503], ['LEDGER_BEHIND', 503], ['DUPLICATE_UNCONFIRMED', 503], ['COMMIT_TIMEOUT', 504], ['UNAUTHENTICATED', 401], ['RATE_LIMITED', 429], ['PAYLOAD_TOO_LARGE', 413],
    ['DIRECTORY_CONFLICT', 409], ['DIRECTORY_CHANGE_INVALID', 422], ['DIRECTORY_ERROR', 503],
  ])('maps %s to %i', (code, status) => {
    expect(newProblem(code, 'x').status).toBe(status);
  });

  it('turns an unknown error into a 500 that says nothing about it', () => {
    const problem = toProblem(new Error('secret database path /var/x'));
    expect(problem).toEqual({ type: 'urn:asylum-ledger:problem:INTERNAL', title: 'Internal error', status: 500, detail: 'an internal error occurred; it was logged', code: 'INTERNAL' });
  });

  describe('over HTTP, every code the ledger can raise', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await createTestGateway();
    });
    afterAll(async () => {
      await gw.close();
    });

    it.each([...ERROR_CODES, ...LEDGER_ERROR_CODES])('%s arrives with its status and code', async (code) => {
      gw.ledger.failEvaluates(new LedgerError(code, `ledger says ${code}`, { txId: 'e'.repeat(64) }));
      const token = await gw.token('LAND_ZAB', { sub: `s-${code}` });
      const res = await request(gw.app).get(`/v1/cases/${'a'.repeat(32)}`).set('Authorization', `Bearer ${token}`);
      const row = PROBLEM_TABLE[code as keyof typeof PROBLEM_TABLE];
      expect(res.status).toBe(row.status);
      expect(res.body).toMatchObject({ code, status: row.status, title: row.title, txId: 'e'.repeat(64) });
      if (row.status === 503) expect(res.headers['retry-after']).toBe('5');
    });

    it('INTERNAL for an unexpected failure, logged with the cause', async () => {
      const broken = await createTestGateway();
      broken.ledger.failEvaluates(new TypeError('boom'));
      const token = await broken.token('LAND_ZAB');
      const res = await request(broken.app).get(`/v1/cases/${'a'.repeat(32)}`).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('INTERNAL');
      expect(broken.logLines.join('')).toContain('boom');
      await broken.close();
    });
  });
});
