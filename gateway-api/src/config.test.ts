import { ConfigError, loadConfig } from './config';

/** A dev-profile environment (the embedded ledger and a plain listener are allowed there). */
const base = {
  ASYLUM_LEDGER_PROFILE: 'dev',
  ORG_MSP_ID: 'LDSMSP',
  ORG_KIND: 'LAND',
  LEDGER: 'embedded',
  JWT_PUBLIC_KEY_FILE: '/tmp/key.pem',
  JWT_ISSUER: 'https://idp',
  JWT_AUDIENCE: 'gw',
  DB_PATH: '/tmp/gw.sqlite',
  LOCAL_REF_KEY: 'ab'.repeat(32),
};

/** A production environment that starts: Fabric, TLS served by the gateway, an https JWKS, the key file apart from the database. */
const production = {
  ORG_MSP_ID: 'LDSMSP',
  ORG_KIND: 'LAND',
  LEDGER: 'fabric',
  JWT_JWKS_URL: 'https://idp.lds.example/realms/asylum/protocol/openid-connect/certs',
  JWT_ISSUER: 'https://idp.lds.example/realms/asylum',
  JWT_AUDIENCE: 'asylum-ledger-gateway:LDSMSP',
  DB_PATH: '/var/lib/asylum-ledger/gateway.sqlite',
  LOCAL_REF_KEY_FILE: '/run/secrets/local-reference.key',
  TLS_CERT_FILE: '/etc/asylum-ledger/tls/cert.pem',
  TLS_KEY_FILE: '/etc/asylum-ledger/tls/key.pem',
};

const keyFiles = (file: string): string => {
  if (file === '/run/secrets/local-reference.key' || file.endsWith('local-reference.key')) return `${'ef'.repeat(32)}\n`;
  throw new Error(`ENOENT: ${file}`);
};

function errorsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env, keyFiles);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.fieldErrors;
    throw error;
  }
}

describe('loadConfig', () => {
  it('turns a minimal environment into a frozen config with defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      org: { mspId: 'LDSMSP', kind: 'LAND' },
      http: { host: '127.0.0.1', port: 8080, bodyLimitBytes: 16384, rateLimitPerMinute: 600 },
      ledger: 'embedded',
      jwt: { key: { kind: 'pem-file', file: '/tmp/key.pem' }, issuer: 'https://idp', audience: 'gw', algorithms: ['ES256', 'RS256', 'EdDSA'] },
      deadlines: { evaluateMs: 5000, endorseMs: 15000, submitMs: 5000, commitStatusMs: 60000 },
      mvccRetries: 3,
      catchUpWaitMs: 3000,
      idempotencyTtlHours: 24,
    });
    expect(config.localReferenceKey).toEqual(Buffer.alloc(32, 0xab));
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.jwt.key)).toBe(true);
  });

  it('accepts the key as base64 and the IdP key as PEM text or a JWKS URL', () => {
    expect(loadConfig({ ...base, LOCAL_REF_KEY: Buffer.alloc(32, 1).toString('base64') }).localReferenceKey).toEqual(Buffer.alloc(32, 1));
    const pem = loadConfig({ ...base, JWT_PUBLIC_KEY_FILE: undefined, JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nabc' });
    expect(pem.jwt.key).toEqual({ kind: 'pem', pem: '-----BEGIN PUBLIC KEY-----\nabc' });
    const jwks = loadConfig({ ...base, JWT_PUBLIC_KEY_FILE: undefined, JWT_JWKS_URL: 'https://idp/.well-known/jwks.json' });
    expect(jwks.jwt.key).toEqual({ kind: 'jwks', url: 'https://idp/.well-known/jwks.json' });
  });

  it('names every bad or missing field, without echoing secret values', () => {
    const errors = errorsOf({ ...base, ORG_MSP_ID: undefined, LEDGER: 'memory', PORT: '99999', LOCAL_REF_KEY: 'secret-but-short', ORG_KIND: 'CITY' });
    expect(errors.map((line) => line.split(':')[0])).toEqual(expect.arrayContaining(['ORG_MSP_ID', 'LEDGER', 'PORT', 'LOCAL_REF_KEY', 'ORG_KIND']));
    expect(errors.join('\n')).not.toContain('secret-but-short');
  });

  it('requires exactly one IdP key source', () => {
    expect(errorsOf({ ...base, JWT_PUBLIC_KEY_FILE: undefined })).toEqual([expect.stringContaining('exactly one of JWT_JWKS_URL')]);
    expect(errorsOf({ ...base, JWT_JWKS_URL: 'https://idp/jwks' })).toEqual([expect.stringContaining('exactly one of')]);
  });

  it('runs in the production profile unless told otherwise, and starts with a production environment', () => {
    const config = loadConfig(production, keyFiles);
    expect(config).toMatchObject({
      profile: 'production',
      ledger: 'fabric',
      http: { tls: { kind: 'serve', certFile: '/etc/asylum-ledger/tls/cert.pem', keyFile: '/etc/asylum-ledger/tls/key.pem', clientCaFile: undefined } },
      jwt: { orgClaim: 'org', maxTokenAgeSeconds: 3600, jwksMaxAgeSeconds: 600 },
    });
    expect(config.localReferenceKey).toEqual(Buffer.alloc(32, 0xef));
    expect(loadConfig({ ...base, ASYLUM_LEDGER_PROFILE: undefined, LEDGER: 'fabric', TLS_TERMINATED_BY: 'caddy' }).profile).toBe('production');
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    ['the dev token issuer', { JWT_ISSUER: 'asylum-ledger-dev-idp' }, 'JWT_ISSUER: the development identity provider is refused in the production profile'],
    ['the embedded ledger', { LEDGER: 'embedded' }, 'LEDGER: the embedded dev ledger (no endorsement, no consensus) is refused in the production profile'],
    ['a key file next to the database', { LOCAL_REF_KEY_FILE: '/var/lib/asylum-ledger/local-reference.key' }, "LOCAL_REF_KEY_FILE: a key file in the database's folder (DB_PATH) is refused"],
    ['a key file below the database folder', { LOCAL_REF_KEY_FILE: '/var/lib/asylum-ledger/keys/local-reference.key' }, "LOCAL_REF_KEY_FILE: a key file in the database's folder"],
    ['a plain-http JWKS URL', { JWT_JWKS_URL: 'http://idp.lds.example/certs' }, 'JWT_JWKS_URL: a plain-http JWKS URL is refused in the production profile'],
    ['no TLS for the REST listener', { TLS_CERT_FILE: undefined, TLS_KEY_FILE: undefined }, 'TLS_CERT_FILE: the production profile serves HTTPS only'],
  ])('refuses %s in the production profile, with one line', (_what, change, line) => {
    expect(errorsOf({ ...production, ...change })).toEqual([expect.stringContaining(line)]);
    expect(errorsOf({ ...production, ...change, ASYLUM_LEDGER_PROFILE: 'dev' })).toEqual([]);
  });

  it('names every development shortcut at once, one line each', () => {
    const errors = errorsOf({ ...base, ASYLUM_LEDGER_PROFILE: 'production', JWT_ISSUER: 'asylum-ledger-dev-idp', JWT_PUBLIC_KEY_FILE: undefined, JWT_JWKS_URL: 'http://127.0.0.1:9/jwks', LOCAL_REF_KEY: undefined, LOCAL_REF_KEY_FILE: '/tmp/local-reference.key' });
    expect(errors.map((line) => line.split(':')[0]).sort()).toEqual(['JWT_ISSUER', 'JWT_JWKS_URL', 'LEDGER', 'LOCAL_REF_KEY_FILE', 'TLS_CERT_FILE']);
    expect(errors.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('refuses an unknown profile', () => {
    expect(errorsOf({ ...base, ASYLUM_LEDGER_PROFILE: 'staging' })).toEqual([expect.stringMatching(/^ASYLUM_LEDGER_PROFILE: /)]);
  });

  it('accepts TLS terminated by a proxy only for a loopback listener', () => {
    const behindProxy = { ...production, TLS_CERT_FILE: undefined, TLS_KEY_FILE: undefined, TLS_TERMINATED_BY: 'nginx on this host' };
    expect(loadConfig(behindProxy, keyFiles).http.tls).toEqual({ kind: 'terminated', by: 'nginx on this host' });
    expect(loadConfig({ ...behindProxy, HOST: '::1' }, keyFiles).http.host).toBe('::1');
    expect(errorsOf({ ...behindProxy, HOST: '0.0.0.0' })).toEqual([expect.stringMatching(/^TLS_TERMINATED_BY: a proxy terminates TLS only for a gateway that listens on loopback/)]);
    expect(errorsOf({ ...behindProxy, HOST: '10.0.0.5', ASYLUM_LEDGER_PROFILE: 'dev' })).toHaveLength(1);
    expect(errorsOf({ ...production, TLS_TERMINATED_BY: 'nginx' })).toEqual([expect.stringMatching(/^TLS_TERMINATED_BY: give either/)]);
  });

  it('takes the TLS certificate and key as a pair, and a client CA for mutual TLS only with them', () => {
    expect(errorsOf({ ...production, TLS_KEY_FILE: undefined })).toEqual([expect.stringMatching(/^TLS_KEY_FILE: give TLS_CERT_FILE and TLS_KEY_FILE together/)]);
    expect(errorsOf({ ...base, TLS_CLIENT_CA_FILE: '/ca.pem' })).toEqual([expect.stringMatching(/^TLS_CLIENT_CA_FILE: /)]);
    expect(loadConfig({ ...production, TLS_CLIENT_CA_FILE: '/etc/ca.pem' }, keyFiles).http.tls).toMatchObject({ kind: 'serve', clientCaFile: '/etc/ca.pem' });
  });

  it('reads the local reference key from LOCAL_REF_KEY_FILE, or says in one line why not', () => {
    expect(errorsOf({ ...production, LOCAL_REF_KEY_FILE: '/run/secrets/missing.key' })).toEqual(['LOCAL_REF_KEY_FILE: cannot be read']);
    expect(errorsOf({ ...production, LOCAL_REF_KEY: 'ab'.repeat(32) })).toEqual([expect.stringMatching(/^LOCAL_REF_KEY: give exactly one of/)]);
    expect(errorsOf({ ...base, LOCAL_REF_KEY: undefined })).toEqual([expect.stringMatching(/^LOCAL_REF_KEY: give exactly one of/)]);
    expect(() => loadConfig(production, () => 'too-short-a-secret')).toThrow(/^invalid gateway configuration:\n {2}LOCAL_REF_KEY_FILE: a 32-byte key/);
    expect(() => loadConfig(production, () => 'too-short-a-secret')).not.toThrow(/too-short/);
  });

  it.each(['none', 'HS256', 'HS512', 'ES256,none', 'XYZ256', ' , '])('refuses JWT_ALGORITHMS=%s at start-up', (value) => {
    expect(errorsOf({ ...base, JWT_ALGORITHMS: value })).toEqual([expect.stringMatching(/^JWT_ALGORITHMS: /)]);
  });

  it('accepts the asymmetric algorithms', () => {
    expect(loadConfig({ ...base, JWT_ALGORITHMS: 'ES256, ES384,RS256,PS256,EdDSA' }).jwt.algorithms).toEqual(['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA']);
  });

  it('names the org claim and bounds the token age', () => {
    expect(loadConfig({ ...base, JWT_ORG_CLAIM: 'msp_id', JWT_MAX_AGE_SECONDS: '900' }).jwt).toMatchObject({ orgClaim: 'msp_id', maxTokenAgeSeconds: 900 });
    expect(errorsOf({ ...base, JWT_MAX_AGE_SECONDS: '0' })).toEqual([expect.stringMatching(/^JWT_MAX_AGE_SECONDS: /)]);
    expect(errorsOf({ ...base, JWT_ORG_CLAIM: 'two words' })).toEqual([expect.stringMatching(/^JWT_ORG_CLAIM: /)]);
  });

  it('takes how long Idempotency-Keys are remembered in hours (IDEMPOTENCY_TTL_HOURS), at least one', () => {
    expect(loadConfig({ ...base, IDEMPOTENCY_TTL_HOURS: '72' }).idempotencyTtlHours).toBe(72);
    expect(() => loadConfig({ ...base, IDEMPOTENCY_TTL_HOURS: '0' })).toThrow(/IDEMPOTENCY_TTL_HOURS/);
  });

  it('refuses a base64 key of the wrong length', () => {
    expect(errorsOf({ ...base, LOCAL_REF_KEY: Buffer.alloc(16).toString('base64') })).toEqual([expect.stringMatching(/^LOCAL_REF_KEY: a 32-byte key/)]);
  });
});
