import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { LedgerError } from '@asylum-ledger/domain';
import { createTokenVerifier, type JwtVerifyFunction, type TokenVerifierOptions } from './token-verifier';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

interface SignOptions {
  kid?: string;
  typ?: string | null;
  iat?: number | null;
  exp?: number;
  org?: string | null;
  key?: KeyObject;
}

async function sign(claims: Record<string, unknown>, options: SignOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const org = options.org === undefined ? 'ABHMSP' : options.org;
  const typ = options.typ === undefined ? 'JWT' : options.typ;
  const jwt = new SignJWT({ ...claims, ...(org === null ? {} : { org }) })
    .setProtectedHeader({ alg: 'ES256', ...(options.kid ? { kid: options.kid } : {}), ...(typ === null ? {} : { typ }) })
    .setIssuer('iss-1')
    .setAudience('aud-1')
    .setSubject('clerk-1')
    .setExpirationTime(options.exp ?? now + 60);
  if (options.iat !== null) jwt.setIssuedAt(options.iat ?? now);
  return jwt.sign(options.key ?? keys.privateKey);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof LedgerError ? error.code : 'OTHER';
  }
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    const reason = error instanceof LedgerError ? error.details.reason : undefined;
    return error instanceof LedgerError ? `${error.code}: ${typeof reason === 'string' ? reason : ''}` : 'OTHER';
  }
}

const options = {
  issuer: 'iss-1',
  audience: 'aud-1',
  algorithms: ['ES256'],
  clockToleranceSeconds: 0,
  maxTokenAgeSeconds: 3600,
  org: { claim: 'org', mspId: 'ABHMSP' },
  orgKind: 'ABH' as const,
};

function pemVerifier(extra: Partial<TokenVerifierOptions> = {}): ReturnType<typeof createTokenVerifier> {
  return createTokenVerifier({ ...options, key: { pem }, ...extra });
}

/** A JWKS endpoint whose key set the test can change (a key rotation at the IdP). */
async function startJwks(initial: JWK[]): Promise<{ server: Server; url: string; setKeys(next: JWK[]): void; fetches: () => number }> {
  let current = initial;
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches += 1;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ keys: current }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    setKeys: (next) => {
      current = next;
    },
    fetches: () => fetches,
  };
}

describe('createTokenVerifier', () => {
  let jwks: Awaited<ReturnType<typeof startJwks>>;

  beforeAll(async () => {
    jwks = await startJwks([{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }]);
  });
  afterAll(async () => {
    await new Promise((resolve) => jwks.server.close(resolve));
  });

  it('verifies against a JWKS URL and returns subject and role', async () => {
    const verify = createTokenVerifier({ ...options, key: { jwksUrl: jwks.url } });
    await expect(verify(await sign({ role: 'ABH' }, { kid: 'k1' }))).resolves.toEqual({ subject: 'clerk-1', role: 'ABH' });
  });

  it('verifies against a PEM key', async () => {
    const verify = pemVerifier();
    await expect(verify(await sign({ role: 'AUDITOR' }))).resolves.toEqual({ subject: 'clerk-1', role: 'AUDITOR' });
    expect(await codeOf(verify(await sign({ role: 'LAND_ZAB' })))).toBe('FORBIDDEN_ROLE');
  });

  it('reports an unreachable JWKS as IDP_UNAVAILABLE (503), not as a bad token', async () => {
    const verify = createTokenVerifier({ ...options, key: { jwksUrl: 'http://127.0.0.1:9/jwks' } });
    expect(await codeOf(verify(await sign({ role: 'ABH' }, { kid: 'k1' })))).toBe('IDP_UNAVAILABLE');
  });

  it('refuses an algorithm outside the list', async () => {
    const verify = createTokenVerifier({ ...options, algorithms: ['RS256'], key: { jwksUrl: jwks.url } });
    expect(await codeOf(verify(await sign({ role: 'ABH' }, { kid: 'k1' })))).toBe('UNAUTHENTICATED');
  });

  it('requires iat and refuses a token older than the maximum age, even when it has not expired', async () => {
    const verify = pemVerifier({ maxTokenAgeSeconds: 600 });
    const now = Math.floor(Date.now() / 1000);
    expect(await reasonOf(verify(await sign({ role: 'ABH' }, { iat: null })))).toBe('UNAUTHENTICATED: claim iat rejected');
    expect(await reasonOf(verify(await sign({ role: 'ABH' }, { iat: now - 601, exp: now + 3600 })))).toBe('UNAUTHENTICATED: token too old');
    expect(await codeOf(verify(await sign({ role: 'ABH' }, { iat: now - 590, exp: now + 3600 })))).toBe('OK');
  });

  it.each(['JWT', 'jwt', 'at+jwt', 'AT+JWT', 'application/at+jwt'])('accepts the header typ %s', async (typ) => {
    expect(await codeOf(pemVerifier()(await sign({ role: 'ABH' }, { typ })))).toBe('OK');
  });

  it.each([['missing', null], ['JWS', 'JWS'], ['dpop+jwt', 'dpop+jwt'], ['logout+jwt', 'logout+jwt']])('refuses the header typ %s', async (_name, typ) => {
    expect(await reasonOf(pemVerifier()(await sign({ role: 'ABH' }, { typ })))).toBe('UNAUTHENTICATED: header typ rejected');
  });

  it("refuses a token issued for another org, or for none, though its audience is this gateway's", async () => {
    expect(await reasonOf(pemVerifier()(await sign({ role: 'ABH' }, { org: 'LDSMSP' })))).toBe('UNAUTHENTICATED: claim org rejected');
    expect(await reasonOf(pemVerifier()(await sign({ role: 'ABH' }, { org: null })))).toBe('UNAUTHENTICATED: claim org rejected');
    const byMsp = pemVerifier({ org: { claim: 'msp', mspId: 'ABHMSP' } });
    expect(await codeOf(byMsp(await sign({ role: 'ABH', msp: 'ABHMSP' })))).toBe('OK');
  });
});

describe('the verified-token cache', () => {
  /** jose's jwtVerify, counted: one call is one signature check. */
  function countingVerify(): { verifyJwt: JwtVerifyFunction; calls: () => number } {
    let calls = 0;
    return {
      verifyJwt: (token, getKey, verifyOptions) => {
        calls += 1;
        return jwtVerify(token, getKey, verifyOptions);
      },
      calls: () => calls,
    };
  }

  it('checks a signature once per token, and forgets the token when it expires', async () => {
    const clock = { ms: Date.now() };
    const counter = countingVerify();
    const verify = pemVerifier({ nowMs: () => clock.ms, verifyJwt: counter.verifyJwt });
    const token = await sign({ role: 'ABH' });
    await expect(verify(token)).resolves.toEqual({ subject: 'clerk-1', role: 'ABH' });
    await expect(verify(token)).resolves.toEqual({ subject: 'clerk-1', role: 'ABH' });
    expect(counter.calls()).toBe(1);
    clock.ms += 120_000;
    expect(await codeOf(verify(token))).toBe('UNAUTHENTICATED');
    expect(counter.calls()).toBe(2);
    expect(await codeOf(verify(`${token}x`))).toBe('UNAUTHENTICATED');
  });

  it('checks every time when the cache is off (the counter above can tell)', async () => {
    const counter = countingVerify();
    const verify = pemVerifier({ cacheSize: 0, verifyJwt: counter.verifyJwt });
    const token = await sign({ role: 'ABH' });
    await verify(token);
    await verify(token);
    expect(counter.calls()).toBe(2);
  });

  it('forgets a cached token once it is older than the maximum age, before it expires', async () => {
    const clock = { ms: Date.now() };
    const verify = pemVerifier({ nowMs: () => clock.ms, maxTokenAgeSeconds: 60 });
    const now = Math.floor(clock.ms / 1000);
    const token = await sign({ role: 'ABH' }, { iat: now, exp: now + 3600 });
    expect(await codeOf(verify(token))).toBe('OK');
    clock.ms += 61_000;
    expect(await reasonOf(verify(token))).toBe('UNAUTHENTICATED: token too old');
  });

  it('drops what it verified when the JWKS key set rotates', async () => {
    const next = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwks = await startJwks([{ ...(await exportJWK(keys.publicKey)), kid: 'old', alg: 'ES256' }]);
    try {
      const counter = countingVerify();
      const verify = createTokenVerifier({ ...options, key: { jwksUrl: jwks.url }, jwksMaxAgeMs: 50, verifyJwt: counter.verifyJwt });
      const oldToken = await sign({ role: 'ABH' }, { kid: 'old' });
      expect(await codeOf(verify(oldToken))).toBe('OK');
      expect(await codeOf(verify(oldToken))).toBe('OK');
      expect(counter.calls()).toBe(1);
      // the IdP retires the old key: once the fetched set is stale, the cached verification goes with it
      jwks.setKeys([{ ...(await exportJWK(next.publicKey)), kid: 'new', alg: 'ES256' }]);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await reasonOf(verify(oldToken))).toBe('UNAUTHENTICATED: no matching key');
      expect(counter.calls()).toBe(2);
      expect(await codeOf(verify(await sign({ role: 'ABH' }, { kid: 'new', key: next.privateKey })))).toBe('OK');
      expect(jwks.fetches()).toBeGreaterThanOrEqual(2);
    } finally {
      await new Promise((resolve) => jwks.server.close(resolve));
    }
  });

  it('keeps what it verified while the fetched key set stays the same', async () => {
    const jwks = await startJwks([{ ...(await exportJWK(keys.publicKey)), kid: 'same', alg: 'ES256' }]);
    try {
      const counter = countingVerify();
      const verify = createTokenVerifier({ ...options, key: { jwksUrl: jwks.url }, jwksMaxAgeMs: 50, verifyJwt: counter.verifyJwt });
      const token = await sign({ role: 'ABH' }, { kid: 'same' });
      await verify(token);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await codeOf(verify(token))).toBe('OK');
      expect(jwks.fetches()).toBe(2);
      expect(counter.calls()).toBe(1);
    } finally {
      await new Promise((resolve) => jwks.server.close(resolve));
    }
  });
});
