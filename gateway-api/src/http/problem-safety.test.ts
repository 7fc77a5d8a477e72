import request from 'supertest';
import { LedgerError } from '@asylum-ledger/domain';
import { useRouteGateways, type TestGateway } from '../test-support/test-gateway';

describe('problems never leak what the client sent or where the peers are', () => {
  let gw: TestGateway;
  let token: string;

  const routes = useRouteGateways();
  beforeEach(async () => {
    gw = routes.current;
    token = await gw.token('LAND_RECEPTION');
  });

  it.each(['/v1/local-references/AZ-SECRET-4711%E0%A4%A', '/v1/cases/%E0%A4%A/history'])(
    'answers a malformed URL (%s) with 400 VALIDATION_FAILED and does not quote it',
    async (url) => {
      const res = await request(gw.app).get(url).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body)).not.toContain('SECRET');
      expect(JSON.stringify(res.body)).not.toContain('%E0');
    },
  );

  it('keeps the details of a server-side ledger failure out of the response', async () => {
    gw.ledger.failEvaluates(
      new LedgerError('LEDGER_UNAVAILABLE', 'peer 127.0.0.1:7251 unreachable: connect ECONNREFUSED', {
        details: { endpoints: ['127.0.0.1:7251'] },
      }),
    );
    const res = await request(gw.app).get(`/v1/cases/${'c'.repeat(32)}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('LEDGER_UNAVAILABLE');
    expect(JSON.stringify(res.body)).not.toContain('7251');
    expect(res.headers['retry-after']).toBe('5');
  });

  it('keeps the details of a client-side refusal', async () => {
    gw.ledger.failEvaluates(new LedgerError('FORBIDDEN_READ', 'not a participant', { details: { mspId: 'LDSMSP' } }));
    const res = await request(gw.app).get(`/v1/cases/${'c'.repeat(32)}/history`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN_READ', detail: 'not a participant', details: { mspId: 'LDSMSP' } });
  });
});
