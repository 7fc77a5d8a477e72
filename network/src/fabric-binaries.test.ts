import { isSupportedFabricVersion, parseFabricVersion } from './fabric-binaries';
import { computePackageId } from './chaincode-package';

describe('Fabric binaries', () => {
  it('reads the version from `peer version`', () => {
    expect(parseFabricVersion('peer:\n Version: 2.5.16\n Commit SHA: v2.5.16\n')).toBe('2.5.16');
    expect(parseFabricVersion('nothing here')).toBeUndefined();
  });

  it.each([
    ['2.5.16', true],
    ['3.1.1', true],
    ['2.4.9', false],
    ['3.0.0', false],
  ])('supports %s: %s', (version, supported) => {
    expect(isSupportedFabricVersion(version)).toBe(supported);
  });

  it('computes a package ID as Fabric does: label and SHA-256 of the package', () => {
    expect(computePackageId('casestatus_1', Buffer.from('abc'))).toBe(
      'casestatus_1:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
