import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { loadConfig } from './config';
import { verifyExport } from './audit/case-export';
import { openProcessLedger } from './ledger-factory';
import { main } from './main';
import { startGateway } from './run-gateway';
import { openTestLedger, registerBody } from './test-support/test-gateway';

describe('startGateway', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'run-gw-'));
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyFile = path.join(dir, 'idp.pem');
  writeFileSync(keyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }));
  const env = {
    ASYLUM_LEDGER_PROFILE: 'dev',
    ORG_MSP_ID: 'LDSMSP',
    ORG_KIND: 'LAND',
    PORT: '0',
    LEDGER: 'embedded',
    JWT_PUBLIC_KEY_FILE: keyFile,
    JWT_ISSUER: 'iss',
    JWT_AUDIENCE: 'aud',
    DB_PATH: path.join(dir, 'gw.sqlite'),
    LOCAL_REF_KEY: 'cd'.repeat(32),
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_MS: '5000',
  };
  const config = loadConfig(env);

  it('serves, and on stop finishes the write in flight before it closes', async () => {
    const { ledger, devLedger } = await openTestLedger();
    const gateway = await startGateway({ config, ledger });
    const token = await new SignJWT({ role: 'LAND_RECEPTION', org: 'LDSMSP' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer('iss')
      .setAudience('aud')
      .setSubject('clerk')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(keys.privateKey);
    expect((await fetch(`${gateway.url}/livez`)).status).toBe(200);
    const release = ledger.holdSubmits();
    const write = fetch(`${gateway.url}/v1/cases`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'drain-1', Connection: 'close' },
      body: JSON.stringify(registerBody()),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ledger.submits).toHaveLength(1);
    let stopped = false;
    const stopping = gateway.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    expect((await write).status).toBe(201);
    await stopping;
    await expect(fetch(`${gateway.url}/livez`)).rejects.toThrow();
    await devLedger.close();
  });

  it('main() refuses a gateway in the production profile (the default) that uses dev shortcuts, one line each', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(main({ ...env, ASYLUM_LEDGER_PROFILE: undefined, JWT_ISSUER: 'asylum-ledger-dev-idp' })).resolves.toBe(1);
    const lines = String(stderr.mock.calls[0]?.[0]).trim().split('\n').slice(1).map((line) => line.trim().split(':')[0]);
    stderr.mockRestore();
    expect(lines.sort()).toEqual(['JWT_ISSUER', 'LEDGER', 'TLS_CERT_FILE']);
  });

  it('main() refuses a bad environment with field errors and exit code 1', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(main({ ORG_MSP_ID: 'LDSMSP' })).resolves.toBe(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/ORG_KIND: .*\n.*LEDGER/s);
    stderr.mockRestore();
  });
});

/** A self-signed certificate for 127.0.0.1 (it is its own CA), made with openssl. */
function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}-cert.pem`);
  const key = path.join(dir, `${name}-key.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
    '-days', '1', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

/** GET over https, trusting `ca`; resolves with the status, or rejects when the handshake fails. */
function httpsGet(url: string, options: { ca: Buffer; cert?: Buffer; key?: Buffer }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ...options, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startGateway over TLS', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'run-gw-tls-'));
  const keyFile = path.join(dir, 'idp.pem');
  writeFileSync(keyFile, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }));
  const server = selfSigned(dir, 'gateway');
  const client = selfSigned(dir, 'client');
  const env = {
    ORG_MSP_ID: 'LDSMSP', ORG_KIND: 'LAND', PORT: '0', LEDGER: 'embedded', ASYLUM_LEDGER_PROFILE: 'dev',
    JWT_PUBLIC_KEY_FILE: keyFile, JWT_ISSUER: 'iss', JWT_AUDIENCE: 'aud', DB_PATH: path.join(dir, 'gw.sqlite'),
    LOCAL_REF_KEY: 'cd'.repeat(32), LOG_LEVEL: 'silent', TLS_CERT_FILE: server.cert, TLS_KEY_FILE: server.key,
  };

  it('serves HTTPS itself with TLS_CERT_FILE and TLS_KEY_FILE', async () => {
    const { ledger, devLedger } = await openTestLedger();
    const gateway = await startGateway({ config: loadConfig(env), ledger });
    try {
      expect(gateway.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await httpsGet(`${gateway.url}/livez`, { ca: readFileSync(server.cert) })).toBe(200);
      // plain HTTP on the same port gets no answer a client could take for the API
      await expect(fetch(`${gateway.url.replace('https:', 'http:')}/livez`).then((res) => res.status)).rejects.toThrow();
    } finally {
      await gateway.stop();
      await devLedger.close();
    }
  });

  it('requires a client certificate signed by TLS_CLIENT_CA_FILE (mutual TLS)', async () => {
    const { ledger, devLedger } = await openTestLedger();
    const gateway = await startGateway({ config: loadConfig({ ...env, DB_PATH: path.join(dir, 'gw2.sqlite'), TLS_CLIENT_CA_FILE: client.cert }), ledger });
    try {
      const ca = readFileSync(server.cert);
      expect(await httpsGet(`${gateway.url}/livez`, { ca, cert: readFileSync(client.cert), key: readFileSync(client.key) })).toBe(200);
      await expect(httpsGet(`${gateway.url}/livez`, { ca })).rejects.toThrow();
      await expect(httpsGet(`${gateway.url}/livez`, { ca, cert: readFileSync(server.cert), key: readFileSync(server.key) })).rejects.toThrow();
    } finally {
      await gateway.stop();
      await devLedger.close();
    }
  });
});

describe('audit exports on the embedded ledger', () => {
  it("are signed with the org's embedded AUDITOR identity and verify offline; a gateway without a key answers 503", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'run-gw-export-'));
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(path.join(dir, 'idp.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
    const config = loadConfig({
      ASYLUM_LEDGER_PROFILE: 'dev', ORG_MSP_ID: 'LDSMSP', ORG_KIND: 'LAND', PORT: '0', LEDGER: 'embedded',
      JWT_PUBLIC_KEY_FILE: path.join(dir, 'idp.pem'), JWT_ISSUER: 'iss', JWT_AUDIENCE: 'aud',
      DB_PATH: path.join(dir, 'gw.sqlite'), LOCAL_REF_KEY: 'cd'.repeat(32), LOG_LEVEL: 'silent',
      EMBEDDED_LEDGER_PATH: path.join(dir, 'ledger.sqlite'), EMBEDDED_IDENTITY_DIR: path.join(dir, 'identities'),
    });
    const ledger = await openProcessLedger('embedded', config);
    const signed = await startGateway({ config, ledger: ledger.forOrg('LDSMSP'), exportSigner: ledger.exportSigner('LDSMSP') });
    const unsigned = await startGateway({ config: { ...config, dbPath: path.join(dir, 'gw2.sqlite') }, ledger: ledger.forOrg('LDSMSP') });
    const token = (role: string): Promise<string> =>
      new SignJWT({ role, org: 'LDSMSP' }).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).setIssuer('iss').setAudience('aud').setSubject(role).setIssuedAt().setExpirationTime('5m').sign(keys.privateKey);
    try {
      const registered = await fetch(`${signed.url}/v1/cases`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await token('LAND_RECEPTION')}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'export-1' },
        body: JSON.stringify(registerBody()),
      });
      const { caseRef } = (await registered.json()) as { caseRef: string };
      const auditor = { Authorization: `Bearer ${await token('AUDITOR')}` };
      const exported = await fetch(`${signed.url}/v1/audit/cases/${caseRef}/export`, { headers: auditor });
      expect(exported.status).toBe(200);
      const file = (await exported.json()) as { signature: { certificate: string | null } };
      // the certificate of LDS's embedded AUDITOR identity
      expect(file.signature.certificate).toBe(ledger.exportSigner('LDSMSP')?.certificatePem);
      expect(new X509Certificate(file.signature.certificate ?? '').subject).toContain('CN=auditor@LDSMSP');
      expect(verifyExport(file)).toEqual({ ok: true, problems: [] });
      expect(verifyExport({ ...file, caseRef: '0'.repeat(32) }).ok).toBe(false);
      const refused = await fetch(`${unsigned.url}/v1/audit/cases/${caseRef}/export`, { headers: auditor });
      expect(refused.status).toBe(503);
    } finally {
      await signed.stop();
      await unsigned.stop();
      await ledger.close();
    }
  });
});
