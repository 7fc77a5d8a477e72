import request from 'supertest';
import { createTestGateway, type TestGateway } from '../test-support/test-gateway';
import { allowedMethodsByPath } from './method-not-allowed';

/** Methods a client might try; node's HTTP parser refuses names it does not know before express sees them. */
const PROBED = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND'] as const;

interface Operation {
  readonly operationId: string;
}

describe('methods a declared path does not declare', () => {
  let gw: TestGateway;
  let declared: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    gw = await createTestGateway();
    declared = (await request(gw.app).get('/openapi.json')).body.paths as Record<string, Record<string, Operation>>;
  });
  afterAll(async () => {
    await gw.close();
  });

  /** Every (path, method) pair that /openapi.json does not declare, HEAD excepted where GET is declared. */
  function undeclared(): [string, string, string[]][] {
    return Object.entries(declared).flatMap(([path, operations]) => {
      const methods = Object.keys(operations).map((method) => method.toUpperCase());
      const allowed = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].sort();
      return PROBED.filter((method) => !allowed.includes(method)).map((method): [string, string, string[]] => [path, method, allowed]);
    });
  }

  it('covers TRACE and OPTIONS on every declared path', () => {
    const pairs = undeclared();
    for (const path of Object.keys(declared)) {
      expect(pairs.filter(([p, method]) => p === path && (method === 'TRACE' || method === 'OPTIONS'))).toHaveLength(2);
    }
  });

  it('answers 405 METHOD_NOT_ALLOWED with an Allow header naming what the path declares', async () => {
    for (const [path, method, allowed] of undeclared()) {
      const url = path.replace('{caseRef}', 'c'.repeat(32)).replace('{ref}', 'AZ-1');
      const res = await request(gw.app)[method.toLowerCase() as 'get'](url);
      expect({ path, method, status: res.status, allow: res.headers.allow }).toEqual({ path, method, status: 405, allow: allowed.join(', ') });
      if (method !== 'HEAD') {
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', details: { allow: allowed } });
      }
    }
  });

  it('answers HEAD wherever GET is declared, without a body', async () => {
    const res = await request(gw.app).head('/livez');
    expect(res.status).toBe(200);
    expect(res.text).toBeUndefined();
  });

  it('checks the method before the token, and labels the route template in the metrics', async () => {
    const fresh = await createTestGateway();
    expect((await request(fresh.app).put('/v1/cases').send({})).status).toBe(405);
    const metrics = await request(fresh.app).get('/metrics');
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="PUT",route="\/v1\/cases",status="405"\} 1\n/);
    await fresh.close();
  });

  it.each(['TRACE', 'OPTIONS', 'PUT', 'GET'])('keeps 404 NOT_FOUND for %s on an unknown path', async (method) => {
    const res = await request(gw.app)[method.toLowerCase() as 'get']('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(res.headers.allow).toBeUndefined();
  });

  it('lists each path once, with HEAD beside GET', () => {
    const allowed = allowedMethodsByPath(gw.routes);
    expect(allowed.get('/v1/cases')).toEqual(['GET', 'HEAD', 'POST']);
    expect(allowed.get('/v1/cases/{caseRef}/transitions')).toEqual(['POST']);
    expect(allowed.get('/v1/local-references/{ref}')).toEqual(['DELETE', 'GET', 'HEAD']);
  });
});
