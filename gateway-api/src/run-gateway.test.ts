import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { loadConfig } from './config';
import { main } from './main';
import { startGateway } from './run-gateway';
import { openTestLedger, registerBody } from './test-support/test-gateway';

describe('startGateway', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'run-gw-'));
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyFile = path.join(dir, 'idp.pem');
  writeFileSync(keyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }));
  const config = loadConfig({
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
  });

  it('serves, and on stop finishes the write in flight before it closes', async () => {
    const { ledger, devLedger } = await openTestLedger();
    const gateway = await startGateway({ config, ledger });
    const token = await new SignJWT({ role: 'LAND_RECEPTION' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('iss')
      .setAudience('aud')
      .setSubject('clerk')
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

  it('main() refuses a bad environment with field errors and exit code 1', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(main({ ORG_MSP_ID: 'LDSMSP' })).resolves.toBe(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/ORG_KIND: .*\n.*LEDGER/s);
    stderr.mockRestore();
  });
});
