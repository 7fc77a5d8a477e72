import request from 'supertest';
import type { DevLedger } from '@asylum-ledger/dev-ledger';
import { createTestGateway, openDevLedger, otherKeys, type TestGateway } from '../test-support/test-gateway';

describe('authentication and limits', () => {
  let devLedger: DevLedger;
  let gw: TestGateway;
  const ref = 'a'.repeat(32);

  beforeAll(async () => {
    devLedger = await openDevLedger();
  });
  afterAll(async () => {
    await devLedger.close();
  });
  beforeEach(async () => {
    gw = await createTestGateway({ devLedger, rateLimitPerMinute: 3 });
  });
  afterEach(async () => {
    await gw.close();
  });

  const get = (authorization?: string) => {
    const req = request(gw.app).get(`/v1/cases/${ref}`);
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  it.each([
    ['no Authorization header', async () => undefined],
    ['a non-Bearer scheme', async () => 'Basic dXNlcjpwYXNz'],
    ['a malformed token', async () => 'Bearer not.a.jwt'],
    ['an expired token', async () => `Bearer ${await gw.token('LAND_ZAB', { expiresIn: -60 })}`],
    ['a token signed by another key', async () => `Bearer ${await gw.token('LAND_ZAB', { key: otherKeys.privateKey })}`],
    ['a token of another issuer', async () => `Bearer ${await gw.token('LAND_ZAB', { iss: 'https://evil.example' })}`],
    ['a token for another gateway (audience)', async () => `Bearer ${await gw.token('LAND_ZAB', { aud: 'asylum-ledger-gateway:BAMFMSP' })}`],
  ])('answers 401 UNAUTHENTICATED for %s, without calling the ledger', async (_what, header) => {
    const res = await get(await header());
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(gw.ledger.evaluates).toHaveLength(0);
  });

  it.each([
    ['a role of another org kind', 'BAMF_CASEWORKER', false],
    ['an unknown role', 'SUPERUSER', false],
    ['no role claim', 'LAND_ZAB', true],
  ])('answers 403 FORBIDDEN_ROLE for %s', async (_what, role, omitRole) => {
    const res = await get(`Bearer ${await gw.token(role, { omitRole })}`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
    expect(gw.ledger.evaluates).toHaveLength(0);
  });

  it.each(['Bearer', 'bearer', 'BEARER', 'Bearer  '])('accepts the scheme written "%s" (case-insensitive, 1*SP, as RFC 9110 has it)', async (scheme) => {
    const res = await get(`${scheme} ${await gw.token('LAND_ZAB')}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CASE_NOT_FOUND');
  });

  it('uses the role claim as the Fabric identity for the ledger call', async () => {
    await get(`Bearer ${await gw.token('LAND_ZAB')}`);
    expect(gw.ledger.evaluates[0]).toMatchObject({ role: 'LAND_ZAB', transaction: 'case:getCase' });
  });

  it('limits requests per token subject (429 with Retry-After); other subjects are unaffected; it refills', async () => {
    const alice = `Bearer ${await gw.token('LAND_ZAB', { sub: 'alice' })}`;
    for (let i = 0; i < 3; i += 1) expect((await get(alice)).status).toBe(404);
    const limited = await get(alice);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await get(`Bearer ${await gw.token('LAND_ZAB', { sub: 'bob' })}`)).status).toBe(404);
    gw.clock.ms += 20_000;
    expect((await get(alice)).status).toBe(404);
  });

  it('does not require a token for the ops routes', async () => {
    for (const path of ['/livez', '/readyz', '/metrics', '/openapi.json', '/docs']) {
      expect((await request(gw.app).get(path)).status).toBe(200);
    }
  });
});
