import { X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '@asylum-ledger/domain';
import { loadDevIdentities } from './dev-identity-store';
import { createTempLedgerDir, type TempLedgerDir } from './test-support/temp-dir';

const der = (pem: string) => new X509Certificate(pem).raw;

describe('dev identities of the embedded ledger', () => {
  let temp: TempLedgerDir;
  beforeEach(() => {
    temp = createTempLedgerDir();
  });
  afterEach(() => {
    temp.remove();
  });

  it('issues every role per org under one dev CA, with the role in the Fabric CA attribute extension', async () => {
    const store = await loadDevIdentities({ dir: temp.identityDir, mspIds: ['BAMFMSP', 'ABHMSP'] });
    expect(store.mspIds).toEqual(['BAMFMSP', 'ABHMSP']);
    const ca = new X509Certificate(readFileSync(join(temp.identityDir, 'ABHMSP', 'ca.pem')));
    for (const role of ROLES) {
      const identity = store.identity('ABHMSP', role);
      const certificate = new X509Certificate(identity.certificatePem);
      expect(certificate.verify(ca.publicKey)).toBe(true);
      expect(certificate.subject).toContain(`CN=${role.toLowerCase()}@ABHMSP`);
      expect(der(identity.certificatePem).includes(Buffer.from(`"role":"${role}"`))).toBe(true);
    }
    expect(() => store.identity('LDSMSP', 'ABH')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('keeps keys and certificates private (0600 files, 0700 folders) and loads the same ones again', async () => {
    const first = await loadDevIdentities({ dir: temp.identityDir, mspIds: ['LDSMSP'] });
    const keyPath = join(temp.identityDir, 'LDSMSP', 'LAND_ZAB', 'key.pem');
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(temp.identityDir, 'LDSMSP', 'LAND_ZAB', 'cert.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(temp.identityDir, 'LDSMSP')).mode & 0o777).toBe(0o700);
    expect(statSync(temp.identityDir).mode & 0o777).toBe(0o700);
    const again = await loadDevIdentities({ dir: temp.identityDir, mspIds: ['LDSMSP'] });
    expect(again.identity('LDSMSP', 'LAND_ZAB')).toEqual(first.identity('LDSMSP', 'LAND_ZAB'));
    expect(readFileSync(keyPath, 'utf8')).toContain('BEGIN PRIVATE KEY');
  });

  it('reissues an incomplete org as a whole, under a new CA', async () => {
    const first = await loadDevIdentities({ dir: temp.identityDir, mspIds: ['LDSMSP'] });
    rmSync(join(temp.identityDir, 'LDSMSP', 'ADMIN', 'key.pem'));
    const second = await loadDevIdentities({ dir: temp.identityDir, mspIds: ['LDSMSP'] });
    expect(second.identity('LDSMSP', 'LAND_ZAB').certificatePem).not.toBe(first.identity('LDSMSP', 'LAND_ZAB').certificatePem);
    const ca = new X509Certificate(readFileSync(join(temp.identityDir, 'LDSMSP', 'ca.pem')));
    expect(new X509Certificate(second.identity('LDSMSP', 'ADMIN').certificatePem).verify(ca.publicKey)).toBe(true);
  });
});
