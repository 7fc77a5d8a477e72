import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** NodeOUs config of an MSP whose CA certificate is cacerts/ca.pem. */
export function createNodeOuConfig(): unknown {
  const ou = (name: string): unknown => ({ Certificate: 'cacerts/ca.pem', OrganizationalUnitIdentifier: name });
  return {
    NodeOUs: {
      Enable: true,
      ClientOUIdentifier: ou('client'),
      PeerOUIdentifier: ou('peer'),
      AdminOUIdentifier: ou('admin'),
      OrdererOUIdentifier: ou('orderer'),
    },
  };
}

function renameOnlyFile(dir: string, target: string): void {
  if (!existsSync(dir)) return;
  const files = readdirSync(dir).filter((file) => file !== target);
  const only = files[0];
  if (files.length === 1 && only !== undefined) renameSync(path.join(dir, only), path.join(dir, target));
}

/** Makes an enrolled MSP folder predictable: cacerts/ca.pem, NodeOUs config, keys 0600. */
export function normaliseEnrolledMsp(mspDir: string): void {
  renameOnlyFile(path.join(mspDir, 'cacerts'), 'ca.pem');
  writeFileSync(path.join(mspDir, 'config.yaml'), stringify(createNodeOuConfig()));
  const keystore = path.join(mspDir, 'keystore');
  for (const key of readdirSync(keystore)) chmodSync(path.join(keystore, key), 0o600);
}

/** Makes an enrolled TLS folder predictable: signcerts/cert.pem and keystore/key.pem (0600). */
export function normaliseEnrolledTls(tlsDir: string): void {
  renameOnlyFile(path.join(tlsDir, 'keystore'), 'key.pem');
  chmodSync(path.join(tlsDir, 'keystore', 'key.pem'), 0o600);
}

/** Writes the org's channel MSP: its CA as identity and TLS root, and the NodeOUs config. */
export function writeOrgMsp(mspDir: string, caCertFile: string): void {
  for (const sub of ['cacerts', 'tlscacerts']) {
    mkdirSync(path.join(mspDir, sub), { recursive: true });
    copyFileSync(caCertFile, path.join(mspDir, sub, 'ca.pem'));
  }
  writeFileSync(path.join(mspDir, 'config.yaml'), stringify(createNodeOuConfig()));
}
