import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from './config';
import { chooseLedger, ensureLocalReferenceKey, LOCAL_STACK_PROFILE, localGatewayEnv, localPaths, STACK_OWNED_SETTINGS, STACK_WITHHELD_SETTINGS, type LocalOrg } from './local-stack';

const ORGS: readonly LocalOrg[] = [
  { key: 'bamf', mspId: 'BAMFMSP', kind: 'FEDERAL', gatewayPort: 7180 },
  { key: 'lds', mspId: 'LDSMSP', kind: 'LAND', gatewayPort: 7280 },
  { key: 'abh', mspId: 'ABHMSP', kind: 'ABH', gatewayPort: 7380 },
];

const PUBLIC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

/**
 * A valid value, other than the stack's default, for every setting `npm start` passes through.
 * A setting added to the configuration schema fails the first test below until it has a row here.
 */
const SAMPLES: Readonly<Record<string, string>> = {
  HOST: '0.0.0.0',
  JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
  JWT_PUBLIC_KEY: PUBLIC_KEY,
  JWT_PUBLIC_KEY_FILE: '/etc/asylum-ledger/idp.pem',
  JWT_ALGORITHMS: 'ES256',
  JWT_ISSUER: 'https://idp.example',
  JWT_CLOCK_TOLERANCE_SECONDS: '30',
  JWT_ORG_CLAIM: 'msp',
  JWT_MAX_AGE_SECONDS: '1800',
  JWT_JWKS_MAX_AGE_SECONDS: '120',
  AUTH_FAILURES_PER_MINUTE_PER_CLIENT: '5',
  AUTH_FAILURES_PER_MINUTE: '50',
  TLS_CERT_FILE: '/etc/asylum-ledger/tls/cert.pem',
  TLS_KEY_FILE: '/etc/asylum-ledger/tls/key.pem',
  TLS_CLIENT_CA_FILE: '/etc/asylum-ledger/tls/clients-ca.pem',
  TLS_TERMINATED_BY: 'nginx on this host',
  BODY_LIMIT_BYTES: '32768',
  IDEMPOTENCY_TTL_HOURS: '48',
  RATE_LIMIT_PER_MINUTE: '60',
  EVALUATE_TIMEOUT_MS: '7000',
  ENDORSE_TIMEOUT_MS: '20000',
  SUBMIT_TIMEOUT_MS: '6000',
  COMMIT_TIMEOUT_MS: '90000',
  CATCH_UP_WAIT_MS: '4500',
  MVCC_RETRIES: '5',
  SHUTDOWN_GRACE_MS: '10000',
  ASYLUM_NETWORK_CONFIG: '/srv/asylum/network.json',
  ASYLUM_NETWORK_RUN_DIR: '/srv/asylum/run',
  EMBEDDED_LEDGER_PATH: '/srv/asylum/ledger.sqlite',
  EMBEDDED_IDENTITY_DIR: '/srv/asylum/identities',
  LOG_LEVEL: 'debug',
  EVENTS_ENABLED: 'false',
  EVENTS_START_BLOCK: '120',
  EVENTS_RECONNECT_BASE_MS: '500',
  EVENTS_RECONNECT_MAX_MS: '30000',
  WEBHOOK_MAX_ATTEMPTS: '12',
  WEBHOOK_RETRY_BASE_MS: '1000',
  WEBHOOK_RETRY_MAX_MS: '600000',
  WEBHOOK_TIMEOUT_MS: '3000',
  WEBHOOK_CONCURRENCY: '4',
};

/** Settings valid only together with others (the TLS certificate and key come as a pair). */
const COMPANIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  TLS_CERT_FILE: { TLS_KEY_FILE: '/etc/asylum-ledger/tls/key.pem' },
  TLS_KEY_FILE: { TLS_CERT_FILE: '/etc/asylum-ledger/tls/cert.pem' },
  TLS_CLIENT_CA_FILE: { TLS_CERT_FILE: '/etc/asylum-ledger/tls/cert.pem', TLS_KEY_FILE: '/etc/asylum-ledger/tls/key.pem' },
};

describe('the local stack', () => {
  it.each([
    [{ ledgerEnv: 'embedded', peerBinary: '/bin/peer' }, 'embedded', 'LEDGER=embedded was set'],
    [{ ledgerEnv: 'fabric', peerBinary: undefined }, 'fabric', 'LEDGER=fabric was set'],
    [{ ledgerEnv: undefined, peerBinary: '/opt/fabric/bin/peer' }, 'fabric', 'Fabric binaries found (/opt/fabric/bin/peer)'],
    [{ ledgerEnv: '', peerBinary: undefined }, 'embedded', 'no executable "peer" in FABRIC_BIN (/cache/bin)'],
  ])('chooses the ledger from %j', (input, mode, reason) => {
    const choice = chooseLedger({ ...input, fabricBin: '/cache/bin' });
    expect(choice.mode).toBe(mode);
    expect(choice.reason).toContain(reason);
  });

  it('refuses an unknown LEDGER value', () => {
    expect(() => chooseLedger({ ledgerEnv: 'memory', peerBinary: undefined, fabricBin: '/x' })).toThrow('LEDGER must be fabric or embedded');
  });

  it('starts every gateway in the dev profile, whatever the environment says, and its banner says so', () => {
    const paths = localPaths(mkdtempSync(path.join(os.tmpdir(), 'stack-')));
    for (const org of ORGS) {
      const env = localGatewayEnv(org, 'embedded', paths, { ASYLUM_LEDGER_PROFILE: 'production' });
      expect(env.ASYLUM_LEDGER_PROFILE).toBe('dev');
      // the dev issuer and the embedded ledger pass only because of it
      expect(loadConfig(env).profile).toBe('dev');
      expect(() => loadConfig({ ...env, ASYLUM_LEDGER_PROFILE: undefined })).toThrow(/JWT_ISSUER: .*\n.*LEDGER: /s);
    }
    expect(LOCAL_STACK_PROFILE.notice).toMatch(/^Profile: dev \(ASYLUM_LEDGER_PROFILE=dev/);
  });

  it('accepts the dev tokens for a working day (JWT_MAX_AGE_SECONDS 8h unless set)', () => {
    const paths = localPaths(mkdtempSync(path.join(os.tmpdir(), 'stack-')));
    expect(loadConfig(localGatewayEnv(ORGS[0]!, 'embedded', paths, {})).jwt.maxTokenAgeSeconds).toBe(8 * 3600);
  });

  it('gives each org a valid gateway configuration with its port, audience, database and a stable 0600 key', () => {
    const paths = localPaths(mkdtempSync(path.join(os.tmpdir(), 'stack-')));
    const org = { key: 'abh', mspId: 'ABHMSP', kind: 'ABH', gatewayPort: 7380 };
    const config = loadConfig(localGatewayEnv(org, 'embedded', paths, {}));
    expect(config).toMatchObject({ org: { mspId: 'ABHMSP', kind: 'ABH' }, http: { host: '127.0.0.1', port: 7380 }, ledger: 'embedded' });
    expect(config.jwt.audience).toBe('asylum-ledger-gateway:ABHMSP');
    expect(config.dbPath).toBe(path.join(paths.repoDir, '.run', 'gateway', 'abh', 'gateway.sqlite'));
    const keyFile = path.join(paths.gatewayDir(org), 'local-reference.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(ensureLocalReferenceKey(paths.gatewayDir(org))).toBe(readFileSync(keyFile, 'utf8').trim());
  });

  describe('passes the gateway settings of its environment through (npm start)', () => {
    const paths = localPaths(mkdtempSync(path.join(os.tmpdir(), 'stack-')));

    it('has a sample for every setting of the configuration schema that the stack does not own', () => {
      expect(STACK_OWNED_SETTINGS.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
      const passed = CONFIG_VARIABLES.filter((name) => !STACK_OWNED_SETTINGS.includes(name) && !STACK_WITHHELD_SETTINGS.includes(name));
      expect(passed.sort()).toEqual(Object.keys(SAMPLES).sort());
    });

    it.each(Object.entries(SAMPLES))('%s reaches the configuration of every gateway', (name, value) => {
      for (const org of ORGS) {
        const env = localGatewayEnv(org, 'embedded', paths, { [name]: value, ...COMPANIONS[name] });
        expect(env[name]).toBe(value);
        expect(loadConfig(env)).not.toEqual(loadConfig(localGatewayEnv(org, 'embedded', paths, {})));
      }
    });

    it('never passes LOCAL_REF_KEY_FILE through: each gateway gets its own key from the stack', () => {
      const env = localGatewayEnv(ORGS[0]!, 'embedded', paths, { LOCAL_REF_KEY_FILE: '/etc/shared.key' });
      expect(env).not.toHaveProperty('LOCAL_REF_KEY_FILE');
      expect(loadConfig(env).localReferenceKey).toHaveLength(32);
    });

    it('takes RATE_LIMIT_PER_MINUTE and BODY_LIMIT_BYTES into the http settings', () => {
      const config = loadConfig(localGatewayEnv(ORGS[1]!, 'embedded', paths, { RATE_LIMIT_PER_MINUTE: '60', BODY_LIMIT_BYTES: '32768' }));
      expect(config.http).toMatchObject({ rateLimitPerMinute: 60, bodyLimitBytes: 32768 });
    });

    it('uses the dev identity provider only while no key source is set', () => {
      expect(loadConfig(localGatewayEnv(ORGS[0]!, 'embedded', paths, {})).jwt.key).toEqual({ kind: 'pem-file', file: path.join(paths.devIdpDir, 'public-key.pem') });
      expect(loadConfig(localGatewayEnv(ORGS[0]!, 'embedded', paths, { JWT_JWKS_URL: SAMPLES.JWT_JWKS_URL })).jwt.key).toEqual({ kind: 'jwks', url: SAMPLES.JWT_JWKS_URL });
    });

    it('treats an empty variable as unset', () => {
      expect(localGatewayEnv(ORGS[0]!, 'embedded', paths, { LOG_LEVEL: '', RATE_LIMIT_PER_MINUTE: '' })).toMatchObject({ LOG_LEVEL: 'warn' });
      expect(localGatewayEnv(ORGS[0]!, 'embedded', paths, { RATE_LIMIT_PER_MINUTE: '' })).not.toHaveProperty('RATE_LIMIT_PER_MINUTE');
    });

    it.each(STACK_OWNED_SETTINGS)('sets %s per gateway itself, whatever the environment says', (name) => {
      const values = ORGS.map((org) => localGatewayEnv(org, 'fabric', paths, { [name]: 'from-the-environment' })[name]);
      expect(values).not.toContain('from-the-environment');
      expect(values.every((value) => value !== undefined && value !== '')).toBe(true);
    });
  });
});
