import { ConfigError, loadConfig } from './config';

const base = {
  ORG_MSP_ID: 'LDSMSP',
  ORG_KIND: 'LAND',
  LEDGER: 'embedded',
  JWT_PUBLIC_KEY_FILE: '/tmp/key.pem',
  JWT_ISSUER: 'https://idp',
  JWT_AUDIENCE: 'gw',
  DB_PATH: '/tmp/gw.sqlite',
  LOCAL_REF_KEY: 'ab'.repeat(32),
};

function errorsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
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

  it('takes how long Idempotency-Keys are remembered in hours (IDEMPOTENCY_TTL_HOURS), at least one', () => {
    expect(loadConfig({ ...base, IDEMPOTENCY_TTL_HOURS: '72' }).idempotencyTtlHours).toBe(72);
    expect(() => loadConfig({ ...base, IDEMPOTENCY_TTL_HOURS: '0' })).toThrow(/IDEMPOTENCY_TTL_HOURS/);
  });

  it('refuses a base64 key of the wrong length', () => {
    expect(errorsOf({ ...base, LOCAL_REF_KEY: Buffer.alloc(16).toString('base64') })).toEqual([expect.stringMatching(/^LOCAL_REF_KEY: a 32-byte key/)]);
  });
});
