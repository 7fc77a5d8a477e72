import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import { LedgerError } from '@asylum-ledger/domain';
import { createTokenVerifier } from './token-verifier';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

async function sign(claims: Record<string, unknown>, kid?: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', ...(kid ? { kid } : {}) })
    .setIssuer('iss-1')
    .setAudience('aud-1')
    .setSubject('clerk-1')
    .setExpirationTime(now + 60)
    .sign(keys.privateKey);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof LedgerError ? error.code : 'OTHER';
  }
}

describe('createTokenVerifier', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const options = { issuer: 'iss-1', audience: 'aud-1', algorithms: ['ES256'], clockToleranceSeconds: 0, orgKind: 'ABH' as const };

  it('verifies against a JWKS URL and returns subject and role', async () => {
    const verify = createTokenVerifier({ ...options, key: { jwksUrl: url } });
    await expect(verify(await sign({ role: 'ABH' }, 'k1'))).resolves.toEqual({ subject: 'clerk-1', role: 'ABH' });
  });

  it('verifies against a PEM key', async () => {
    const verify = createTokenVerifier({ ...options, key: { pem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() } });
    await expect(verify(await sign({ role: 'AUDITOR' }))).resolves.toEqual({ subject: 'clerk-1', role: 'AUDITOR' });
    expect(await codeOf(verify(await sign({ role: 'LAND_ZAB' })))).toBe('FORBIDDEN_ROLE');
  });

  it('reports an unreachable JWKS as IDP_UNAVAILABLE (503), not as a bad token', async () => {
    const verify = createTokenVerifier({ ...options, key: { jwksUrl: 'http://127.0.0.1:9/jwks' } });
    expect(await codeOf(verify(await sign({ role: 'ABH' }, 'k1')))).toBe('IDP_UNAVAILABLE');
  });

  it('refuses an algorithm outside the list', async () => {
    const verify = createTokenVerifier({ ...options, algorithms: ['RS256'], key: { jwksUrl: url } });
    expect(await codeOf(verify(await sign({ role: 'ABH' }, 'k1')))).toBe('UNAUTHENTICATED');
  });
});

describe('the verified-token cache', () => {
  it('checks a signature once per token, and forgets the token when it expires', async () => {
    const clock = { ms: Date.now() };
    const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const verify = createTokenVerifier({ key: { pem }, issuer: 'iss-1', audience: 'aud-1', algorithms: ['ES256'], clockToleranceSeconds: 0, orgKind: 'ABH', nowMs: () => clock.ms });
    const token = await sign({ role: 'ABH' });
    await expect(verify(token)).resolves.toEqual({ subject: 'clerk-1', role: 'ABH' });
    await expect(verify(token)).resolves.toEqual({ subject: 'clerk-1', role: 'ABH' });
    clock.ms += 120_000;
    expect(await codeOf(verify(token))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verify(`${token}x`))).toBe('UNAUTHENTICATED');
  });
});
