import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './run-command';

/** A chaincode-as-a-service package of one org. */
export interface CcaasPackage {
  readonly label: string;
  readonly file: string;
  readonly packageId: string;
}

/** The package ID Fabric computes: label, colon, SHA-256 of the package file. */
export function computePackageId(label: string, packageBytes: Buffer): string {
  return `${label}:${createHash('sha256').update(packageBytes).digest('hex')}`;
}

/**
 * Writes a ccaas package (metadata.json + code.tar.gz with connection.json) into dir, once; later
 * calls reuse the file, so its package ID stays the same.
 */
export async function writeCcaasPackage(dir: string, label: string, chaincodeAddress: string): Promise<CcaasPackage> {
  const file = path.join(dir, `${label}.tar.gz`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const connection = { address: chaincodeAddress, dial_timeout: '10s', tls_required: false };
    writeFileSync(path.join(dir, 'connection.json'), `${JSON.stringify(connection, null, 2)}\n`);
    writeFileSync(path.join(dir, 'metadata.json'), `${JSON.stringify({ type: 'ccaas', label }, null, 2)}\n`);
    await runCommand('tar', ['-czf', path.join(dir, 'code.tar.gz'), '-C', dir, 'connection.json']);
    await runCommand('tar', ['-czf', file, '-C', dir, 'metadata.json', 'code.tar.gz']);
  }
  return { label, file, packageId: computePackageId(label, readFileSync(file)) };
}
