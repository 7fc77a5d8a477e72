import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRoleIdentity, type MspFiles } from './role-identities';
import type { RoleIdentityError } from './role-identity-error';
import {
  CERTIFICATE_WITHOUT_ATTRIBUTES,
  FABRIC_CA_ADMIN_CERTIFICATE,
  FABRIC_CA_CLIENT_CERTIFICATE,
  FABRIC_CA_PEER_CERTIFICATE,
} from './test-support/certificates';

function refusalOf(load: () => unknown): RoleIdentityError {
  try {
    load();
  } catch (error) {
    return error as RoleIdentityError;
  }
  throw new Error('expected the identity to be refused');
}

describe('a role identity the gateway signs with', () => {
  let dir: string;
  let files: MspFiles;

  function writeMsp(certificate: string): void {
    mkdirSync(files.keystore, { recursive: true });
    mkdirSync(path.dirname(files.signcert), { recursive: true });
    writeFileSync(files.signcert, certificate);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeFileSync(path.join(files.keystore, 'key_sk'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'role-identities-'));
    files = { signcert: path.join(dir, 'msp', 'signcerts', 'cert.pem'), keystore: path.join(dir, 'msp', 'keystore') };
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a client identity (NodeOU client) that Fabric CA issued', () => {
    writeMsp(FABRIC_CA_CLIENT_CERTIFICATE);
    const identity = loadRoleIdentity('LAND_RECEPTION', 'LDSMSP', files);
    expect(identity).toMatchObject({ role: 'LAND_RECEPTION', mspId: 'LDSMSP' });
    expect(Buffer.from(identity.certificate).toString()).toBe(FABRIC_CA_CLIENT_CERTIFICATE);
  });

  it('refuses the org\'s Fabric admin (NodeOU admin) at start-up, although it carries role ADMIN', () => {
    writeMsp(FABRIC_CA_ADMIN_CERTIFICATE);
    const error = refusalOf(() => loadRoleIdentity('ADMIN', 'LDSMSP', files));
    expect({ name: error.name, code: error.code }).toEqual({ name: 'RoleIdentityError', code: 'IDENTITY_NOT_CLIENT' });
    expect(error.message).toContain(`refusing the identity of LDSMSP ADMIN at ${files.signcert}: its certificate has NodeOU admin, not client`);
    expect(error.message).toContain('stays with the operators');
  });

  it.each([
    ['a peer', FABRIC_CA_PEER_CERTIFICATE, 'NodeOU peer'],
    ['a certificate without NodeOU', CERTIFICATE_WITHOUT_ATTRIBUTES, 'no NodeOU type'],
  ])('refuses %s as IDENTITY_NOT_CLIENT', (_what, certificate, found) => {
    writeMsp(certificate);
    const error = refusalOf(() => loadRoleIdentity('AUDITOR', 'LDSMSP', files));
    expect(error.code).toBe('IDENTITY_NOT_CLIENT');
    expect(error.message).toContain(`its certificate has ${found}, not client`);
  });

  it('names a missing keystore, a missing key and an unreadable certificate as IDENTITY_UNREADABLE', () => {
    expect(refusalOf(() => loadRoleIdentity('AUDITOR', 'LDSMSP', files))).toMatchObject({
      code: 'IDENTITY_UNREADABLE',
      message: `no keystore for LDSMSP AUDITOR at ${files.keystore}`,
    });
    mkdirSync(files.keystore, { recursive: true });
    expect(refusalOf(() => loadRoleIdentity('AUDITOR', 'LDSMSP', files)).code).toBe('IDENTITY_UNREADABLE');
    writeMsp('not a certificate');
    expect(refusalOf(() => loadRoleIdentity('AUDITOR', 'LDSMSP', files))).toMatchObject({
      code: 'IDENTITY_UNREADABLE',
      message: `cannot read the certificate of LDSMSP AUDITOR at ${files.signcert}`,
    });
  });
});
