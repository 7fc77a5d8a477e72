import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfigPath } from '@asylum-ledger/network/layout';
import { findOrgRunFolder, identityNameForRole, loadNetworkTable } from './org-run-folder';
import { loadRoleIdentity } from './role-identities';
import { CERTIFICATE_WITH_ROLE } from './test-support/certificates';

/** The committed network table, read as the network scripts read it. */
const table = loadNetworkTable(defaultConfigPath);

describe('the network run folder as a gateway reads it', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'org-run-folder-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds an org by MSP ID or key, with its peer, TLS root and identity paths', () => {
    const folder = findOrgRunFolder(table, '/run', 'lds');
    expect(findOrgRunFolder(table, '/run', 'LDSMSP').mspId).toBe('LDSMSP');
    expect(folder).toMatchObject({
      mspId: 'LDSMSP',
      channel: 'asylum',
      peerAddress: '127.0.0.1:7251',
      peerHostName: 'peer0.lds.asylum.local',
      tlsRootCertificate: '/run/orgs/lds/ca-server/ca-cert.pem',
      roles: ['LAND_RECEPTION', 'LAND_DISTRIBUTION', 'LAND_ZAB', 'ADMIN', 'AUDITOR'],
    });
    expect(folder.mspFiles('LAND_RECEPTION')).toEqual({
      signcert: '/run/orgs/lds/identities/user-land-reception/msp/signcerts/cert.pem',
      keystore: '/run/orgs/lds/identities/user-land-reception/msp/keystore',
    });
    // the ADMIN role signs with its client identity, never with the org's Fabric admin (folder `admin`)
    expect(identityNameForRole('ADMIN')).toBe('user-admin');
    expect(folder.mspFiles('ADMIN').signcert).toBe('/run/orgs/lds/identities/user-admin/msp/signcerts/cert.pem');
    expect(() => findOrgRunFolder(table, '/run', 'XMSP')).toThrow('no org XMSP in the network table (have BAMFMSP, LDSMSP, ABHMSP)');
  });

  it("dials the org's peer at the org's host when the table places it on another host", () => {
    const moved = { ...table, orgs: table.orgs.map((org) => (org.key === 'abh' ? { ...org, host: '10.231.0.2' } : org)) };
    expect(findOrgRunFolder(moved, '/run', 'ABHMSP')).toMatchObject({ peerAddress: '10.231.0.2:7351', peerHostName: 'peer0.abh.asylum.local' });
    expect(findOrgRunFolder(moved, '/run', 'LDSMSP').peerAddress).toBe('127.0.0.1:7251');
  });

  it('reads the table with the network\'s own schema, and names the problem of a bad one', () => {
    const good = path.join(dir, 'network.json');
    writeFileSync(good, JSON.stringify(table));
    expect(loadNetworkTable(good)).toEqual(table);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...table, channel: 7 }));
    expect(() => loadNetworkTable(bad)).toThrow(/bad\.json is not a network table: invalid network config:\s+channel:/);
  });

  it('loads a role identity from an MSP folder and names what is missing', () => {
    const files = { signcert: path.join(dir, 'msp', 'signcerts', 'cert.pem'), keystore: path.join(dir, 'msp', 'keystore') };
    expect(() => loadRoleIdentity('LAND_RECEPTION', 'LDSMSP', files)).toThrow(`no keystore for LDSMSP LAND_RECEPTION at ${files.keystore}`);
    mkdirSync(files.keystore, { recursive: true });
    mkdirSync(path.dirname(files.signcert), { recursive: true });
    writeFileSync(files.signcert, CERTIFICATE_WITH_ROLE);
    expect(() => loadRoleIdentity('LAND_RECEPTION', 'LDSMSP', files)).toThrow('expected one private key for LDSMSP LAND_RECEPTION');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    writeFileSync(path.join(files.keystore, 'abc_sk'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const identity = loadRoleIdentity('LAND_RECEPTION', 'LDSMSP', files);
    expect(identity).toMatchObject({ role: 'LAND_RECEPTION', mspId: 'LDSMSP' });
    expect(Buffer.from(identity.certificate).toString()).toBe(CERTIFICATE_WITH_ROLE);
    expect(identity.privateKey.asymmetricKeyType).toBe('ec');
  });
});
