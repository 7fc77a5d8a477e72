import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './run-command';

/** A chaincode-as-a-service package of one org. */
export interface CcaasPackage {
  readonly label: string;
  readonly file: string;
  readonly packageId: string;
}

/** The mutual TLS of the link from the peer to a chaincode server, as PEM text. */
export interface CcaasTls {
  /** The CA that issued the chaincode server's TLS certificate (the org's CA). */
  readonly rootCert: string;
  /** The TLS client certificate and key the peer presents to the chaincode server. */
  readonly clientCert: string;
  readonly clientKey: string;
}

/**
 * The connection.json of a ccaas package: TLS required, with client authentication, so the
 * chaincode server talks only to a peer holding a certificate of the org's CA.
 */
export function createConnectionJson(chaincodeAddress: string, tls: CcaasTls): unknown {
  return {
    address: chaincodeAddress,
    dial_timeout: '10s',
    tls_required: true,
    client_auth_required: true,
    root_cert: tls.rootCert,
    client_cert: tls.clientCert,
    client_key: tls.clientKey,
  };
}

/** The package ID Fabric computes: label, colon, SHA-256 of the package file. */
export function computePackageId(label: string, packageBytes: Buffer): string {
  return `${label}:${createHash('sha256').update(packageBytes).digest('hex')}`;
}

/**
 * Writes a ccaas package (metadata.json + code.tar.gz with connection.json) into dir, once; later
 * calls reuse the file, so its package ID stays the same. The package holds the peer's TLS client
 * key, so every file of it is 0600 in a 0700 folder.
 */
export async function writeCcaasPackage(dir: string, label: string, chaincodeAddress: string, tls: CcaasTls): Promise<CcaasPackage> {
  const file = path.join(dir, `${label}.tar.gz`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const write = (name: string, content: unknown): void => {
      writeFileSync(path.join(dir, name), `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    };
    write('connection.json', createConnectionJson(chaincodeAddress, tls));
    write('metadata.json', { type: 'ccaas', label });
    const code = path.join(dir, 'code.tar.gz');
    await runCommand('tar', ['-czf', code, '-C', dir, 'connection.json']);
    chmodSync(code, 0o600);
    await runCommand('tar', ['-czf', file, '-C', dir, 'metadata.json', 'code.tar.gz']);
    chmodSync(file, 0o600);
  }
  return { label, file, packageId: computePackageId(label, readFileSync(file)) };
}
