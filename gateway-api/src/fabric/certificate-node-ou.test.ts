import { readNodeOuTypes, readSubjectOrganizationalUnits } from './certificate-node-ou';
import {
  CERTIFICATE_WITH_ROLE,
  CERTIFICATE_WITHOUT_ATTRIBUTES,
  FABRIC_CA_ADMIN_CERTIFICATE,
  FABRIC_CA_CLIENT_CERTIFICATE,
  FABRIC_CA_PEER_CERTIFICATE,
} from './test-support/certificates';

describe('the NodeOU type of a certificate', () => {
  it('reads the subject\'s organisational units from Fabric CA\'s multi-valued RDN, not the issuer\'s', () => {
    expect(readSubjectOrganizationalUnits(FABRIC_CA_ADMIN_CERTIFICATE).sort()).toEqual(['admin', 'admins', 'lds']);
    // the issuer (the CA) has OU=LAND; it is not the identity's
    expect(readSubjectOrganizationalUnits(FABRIC_CA_CLIENT_CERTIFICATE)).not.toContain('LAND');
  });

  it.each([
    ['the Fabric admin (OU admin, affiliation OU admins)', FABRIC_CA_ADMIN_CERTIFICATE, ['admin']],
    ['a client (affiliation OU clients)', FABRIC_CA_CLIENT_CERTIFICATE, ['client']],
    ['a peer', FABRIC_CA_PEER_CERTIFICATE, ['peer']],
    ['a single-valued OU=client', CERTIFICATE_WITH_ROLE, ['client']],
    ['a certificate without OU', CERTIFICATE_WITHOUT_ATTRIBUTES, []],
  ])('classifies %s', (_what, pem, types) => {
    expect(readNodeOuTypes(pem)).toEqual(types);
    expect(readNodeOuTypes(Buffer.from(pem))).toEqual(types);
  });

  it('throws when the bytes are not a certificate', () => {
    expect(() => readNodeOuTypes('not a certificate')).toThrow();
  });
});
