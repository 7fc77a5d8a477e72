import { ClientIdentity } from 'fabric-shim';
import type { ChaincodeStub } from 'fabric-shim-api';
import { X509Certificate, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { DevCertificateAuthority, FABRIC_ATTRIBUTES_OID } from './dev-identities';

/** The three stub methods ClientIdentity reads; pins that it needs nothing else. */
function creatorStub(mspid: string, pem: string): ChaincodeStub {
  const stub = {
    getCreator: () => ({ mspid, idBytes: Buffer.from(pem) }),
    getChannelID: () => 'mychannel',
    getTxID: () => 'tx1',
  };
  return stub as unknown as ChaincodeStub;
}

describe('DevCertificateAuthority', () => {
  const authority = new DevCertificateAuthority();

  it('issues certificates that fabric-shim ClientIdentity reads like Fabric CA ones', async () => {
    const identity = await authority.createDevIdentity({ mspId: 'BamfMSP', role: 'BAMF_CASEWORKER', enrollmentId: 'anna' });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- ClientIdentity only calls the three methods above
    const cid = new ClientIdentity(creatorStub(identity.mspId, identity.certificatePem));

    expect(cid.getMSPID()).toBe('BamfMSP');
    expect(cid.getAttributeValue('role')).toBe('BAMF_CASEWORKER');
    expect(cid.getAttributeValue('hf.EnrollmentID')).toBe('anna');
    expect(cid.getAttributeValue('hf.Type')).toBe('client');
    expect(cid.getAttributeValue('missing')).toBeNull();
    expect(cid.assertAttributeValue('role', 'BAMF_CASEWORKER')).toBe(true);
    expect(cid.assertAttributeValue('role', 'AUDITOR')).toBe(false);
    expect(cid.getID()).toBe('x509::/OU=client/CN=anna::/O=BamfMSP/CN=ca.BamfMSP');
  });

  it('writes the attribute extension as raw JSON bytes, not an ASN.1 string', async () => {
    const identity = await authority.createDevIdentity({
      mspId: 'BamfMSP',
      role: 'BAMF_CASEWORKER',
      enrollmentId: 'ben',
      attributes: { unit: 'Berlin' },
    });
    const der = new X509Certificate(identity.certificatePem).raw;
    const json = '{"attrs":{"role":"BAMF_CASEWORKER","hf.EnrollmentID":"ben","hf.Type":"client","hf.Affiliation":"","unit":"Berlin"}}';
    expect(FABRIC_ATTRIBUTES_OID).toBe('1.2.3.4.5.6.7.8.1');
    expect(der.includes(Buffer.from(json))).toBe(true);
    // OCTET STRING header directly followed by the JSON: no inner UTF8String wrapper.
    const at = der.indexOf(Buffer.from(json));
    expect(der[at - 1]).toBe(json.length);
    expect(der[at - 2]).toBe(0x04);
  });

  it('signs client certificates with the per-MSP CA and hands out a usable key', async () => {
    const identity = await authority.createDevIdentity({ mspId: 'PoliceMSP', role: 'POLICE_OFFICER', enrollmentId: 'carl' });
    const second = await authority.createDevIdentity({ mspId: 'PoliceMSP', role: 'POLICE_OFFICER', enrollmentId: 'dora' });
    const caPem = await authority.caCertificatePem('PoliceMSP');
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(identity.certificatePem);

    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(new X509Certificate(second.certificatePem).verify(ca.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.serialNumber).not.toBe(new X509Certificate(second.certificatePem).serialNumber);
    expect(await authority.caCertificatePem('PoliceMSP')).toBe(caPem);
    expect(await authority.caCertificatePem('BamfMSP')).not.toBe(caPem);

    const key = createPrivateKey(identity.privateKeyPem);
    const signature = sign('sha256', Buffer.from('payload'), key);
    expect(verify('sha256', Buffer.from('payload'), createPublicKey(identity.certificatePem), signature)).toBe(true);
    expect(identity.privateKey.algorithm.name).toBe('ECDSA');
  });
});
