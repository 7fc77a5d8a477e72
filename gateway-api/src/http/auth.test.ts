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
    ["a token naming another org, though it has this gateway's audience", async () => `Bearer ${await gw.token('LAND_ZAB', { org: 'BAMFMSP' })}`],
    ['a token without the org claim', async () => `Bearer ${await gw.token('LAND_ZAB', { org: null })}`],
    ['a token without the header typ', async () => `Bearer ${await gw.token('LAND_ZAB', { typ: null })}`],
    ['a token older than the maximum age, though not expired', async () => `Bearer ${await gw.token('LAND_ZAB', { ageSeconds: 3700, expiresIn: 600 })}`],
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

  it('answers 429 AUTHENTICATION_RATE_LIMITED to a client whose failed verifications are used up, before verifying', async () => {
    await gw.close();
    gw = await createTestGateway({ devLedger, authFailures: { perClientPerMinute: 3, perMinute: 100 } });
    const bad = `Bearer ${await gw.token('LAND_ZAB', { key: otherKeys.privateKey })}`;
    for (let i = 0; i < 3; i += 1) expect((await get(bad)).status).toBe(401);
    const limited = await get(`Bearer ${await gw.token('LAND_ZAB')}`);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ code: 'AUTHENTICATION_RATE_LIMITED', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(gw.ledger.evaluates).toHaveLength(0);
    gw.clock.ms += 20_000;
    expect((await get(`Bearer ${await gw.token('LAND_ZAB')}`)).status).toBe(404);
  });

  it('counts bad tokens, not wrong roles or good tokens, against the client', async () => {
    await gw.close();
    gw = await createTestGateway({ devLedger, authFailures: { perClientPerMinute: 2, perMinute: 100 } });
    for (let i = 0; i < 4; i += 1) expect((await get(`Bearer ${await gw.token('BAMF_CASEWORKER', { sub: `s${String(i)}` })}`)).status).toBe(403);
    for (let i = 0; i < 2; i += 1) expect((await get(`Bearer ${await gw.token('LAND_ZAB', { sub: `t${String(i)}` })}`)).status).toBe(404);
    expect((await get('Bearer not.a.jwt')).status).toBe(401);
    expect((await get(`Bearer ${await gw.token('LAND_ZAB', { sub: 'u' })}`)).status).toBe(404);
  });

  it('limits failures per client address; behind a local proxy the forwarded address counts, and a global limit holds for all', async () => {
    await gw.close();
    gw = await createTestGateway({ devLedger, behindLocalProxy: true, authFailures: { perClientPerMinute: 2, perMinute: 3 } });
    const from = (address: string, authorization: string) => request(gw.app).get(`/v1/cases/${ref}`).set('X-Forwarded-For', address).set('Authorization', authorization);
    const bad = 'Bearer not.a.jwt';
    for (let i = 0; i < 2; i += 1) expect((await from('203.0.113.1', bad)).status).toBe(401);
    expect((await from('203.0.113.1', bad)).status).toBe(429);
    expect((await from('203.0.113.2', bad)).status).toBe(401);
    // three failures in all: now every client waits
    const limited = await from('203.0.113.3', `Bearer ${await gw.token('LAND_ZAB')}`);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('AUTHENTICATION_RATE_LIMITED');
  });

  it('does not require a token for the ops routes', async () => {
    for (const path of ['/livez', '/readyz', '/metrics', '/openapi.json', '/docs']) {
      expect((await request(gw.app).get(path)).status).toBe(200);
    }
  });
});
