import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTokenVerifier } from './token-verifier';
import { DEV_ISSUER, ensureDevKeyPair, gatewayAudience, mintDevToken, parseTtl } from './dev-identity-provider';

describe('the development identity provider', () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dev-idp-')), 'dev-idp');

  it('creates the key pair once, private key 0600', () => {
    const files = ensureDevKeyPair(dir);
    expect(statSync(files.privateKeyFile).mode & 0o777).toBe(0o600);
    const again = ensureDevKeyPair(dir);
    expect(readFileSync(again.publicKeyFile, 'utf8')).toBe(readFileSync(files.publicKeyFile, 'utf8'));
  });

  it('mints tokens the gateway of that org accepts and other gateways refuse', async () => {
    const token = await mintDevToken({ keyDir: dir, mspId: 'LDSMSP', role: 'LAND_RECEPTION', subject: 'clerk-17', ttlSeconds: 3600 });
    const pem = readFileSync(ensureDevKeyPair(dir).publicKeyFile, 'utf8');
    const common = { key: { pem }, issuer: DEV_ISSUER, algorithms: ['ES256'], clockToleranceSeconds: 0 };
    const lds = createTokenVerifier({ ...common, audience: gatewayAudience('LDSMSP'), orgKind: 'LAND' });
    await expect(lds(token)).resolves.toEqual({ subject: 'clerk-17', role: 'LAND_RECEPTION' });
    const bamf = createTokenVerifier({ ...common, audience: gatewayAudience('BAMFMSP'), orgKind: 'FEDERAL' });
    await expect(bamf(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it.each([
    ['90s', 90], ['15m', 900], ['8h', 28_800], ['2d', 172_800],
  ])('parses the lifetime %s', (text, seconds) => {
    expect(parseTtl(text)).toBe(seconds);
  });

  it.each(['8', 'h', '-1h', '31d', '0s'])('refuses the lifetime %s', (text) => {
    expect(() => parseTtl(text)).toThrow(RangeError);
  });
});
