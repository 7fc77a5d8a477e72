import { readCertificateAttributes, readRoleAttribute } from './certificate-attributes';
import { CERTIFICATE_WITH_ROLE, CERTIFICATE_WITHOUT_ATTRIBUTES } from './test-support/certificates';

describe('Fabric CA attributes of a certificate', () => {
  it('reads the role from extension 1.2.3.4.5.6.7.8.1 (raw JSON), PEM text or bytes', () => {
    expect(readRoleAttribute(CERTIFICATE_WITH_ROLE)).toBe('LAND_RECEPTION');
    expect(readRoleAttribute(Buffer.from(CERTIFICATE_WITH_ROLE))).toBe('LAND_RECEPTION');
    expect(readCertificateAttributes(CERTIFICATE_WITH_ROLE)).toEqual({
      'hf.Affiliation': 'lds',
      'hf.EnrollmentID': 'user-land-reception',
      'hf.Type': 'client',
      role: 'LAND_RECEPTION',
    });
  });

  it('has no role when the certificate has no attribute extension', () => {
    expect(readCertificateAttributes(CERTIFICATE_WITHOUT_ATTRIBUTES)).toEqual({});
    expect(readRoleAttribute(CERTIFICATE_WITHOUT_ATTRIBUTES)).toBeNull();
  });

  it('has no role when the bytes are not a certificate', () => {
    expect(readRoleAttribute('not a certificate')).toBeNull();
    expect(() => readCertificateAttributes('not a certificate')).toThrow();
  });
});
