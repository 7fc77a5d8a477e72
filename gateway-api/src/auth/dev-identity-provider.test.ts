import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTokenVerifier } from './token-verifier';
import { DEV_ISSUER, DEV_MAX_TOKEN_AGE_SECONDS, DEV_ORG_CLAIM, ensureDevKeyPair, gatewayAudience, mintDevToken, parseTtl } from './dev-identity-provider';

describe('the development identity provider', () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dev-idp-')), 'dev-idp');

  it('creates the key pair once, private key 0600', () => {
    const files = ensureDevKeyPair(dir);
    expect(statSync(files.privateKeyFile).mode & 0o777).toBe(0o600);
    const again = ensureDevKeyPair(dir);
    expect(readFileSync(again.publicKeyFile, 'utf8')).toBe(readFileSync(files.publicKeyFile, 'utf8'));
  });

  const pem = (): string => readFileSync(ensureDevKeyPair(dir).publicKeyFile, 'utf8');
  const common = { issuer: DEV_ISSUER, algorithms: ['ES256'], clockToleranceSeconds: 0, maxTokenAgeSeconds: DEV_MAX_TOKEN_AGE_SECONDS };

  it('mints tokens the gateway of that org accepts (typ, iat, age, org claim) and other gateways refuse', async () => {
    const token = await mintDevToken({ keyDir: dir, mspId: 'LDSMSP', role: 'LAND_RECEPTION', subject: 'clerk-17', ttlSeconds: DEV_MAX_TOKEN_AGE_SECONDS });
    const lds = createTokenVerifier({ ...common, key: { pem: pem() }, audience: gatewayAudience('LDSMSP'), org: { claim: DEV_ORG_CLAIM, mspId: 'LDSMSP' }, orgKind: 'LAND' });
    await expect(lds(token)).resolves.toEqual({ subject: 'clerk-17', role: 'LAND_RECEPTION' });
    const bamf = createTokenVerifier({ ...common, key: { pem: pem() }, audience: gatewayAudience('BAMFMSP'), org: { claim: DEV_ORG_CLAIM, mspId: 'BAMFMSP' }, orgKind: 'FEDERAL' });
    await expect(bamf(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('ties the token to its org by the org claim, not only by the audience', async () => {
    const token = await mintDevToken({ keyDir: dir, mspId: 'LDSMSP', role: 'LAND_RECEPTION', subject: 'clerk-17', ttlSeconds: 60 });
    // a gateway of another org that (mis)configured the LDS audience still refuses the LDS token
    const other = createTokenVerifier({ ...common, key: { pem: pem() }, audience: gatewayAudience('LDSMSP'), org: { claim: DEV_ORG_CLAIM, mspId: 'ABHMSP' }, orgKind: 'LAND' });
    await expect(other(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'claim org rejected' } });
  });

  it('refuses to mint a token that outlives the maximum token age', async () => {
    await expect(mintDevToken({ keyDir: dir, mspId: 'LDSMSP', role: 'LAND_RECEPTION', subject: 'c', ttlSeconds: DEV_MAX_TOKEN_AGE_SECONDS + 1 })).rejects.toThrow(RangeError);
  });

  it.each([
    ['90s', 90], ['15m', 900], ['8h', 28_800], ['480m', 28_800],
  ])('parses the lifetime %s', (text, seconds) => {
    expect(parseTtl(text)).toBe(seconds);
  });

  it.each(['8', 'h', '-1h', '9h', '2d', '0s'])('refuses the lifetime %s (more than 8h outlives the maximum token age)', (text) => {
    expect(() => parseTtl(text)).toThrow(RangeError);
  });
});
