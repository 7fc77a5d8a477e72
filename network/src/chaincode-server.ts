import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OrgConfig } from './layout';
import { NetworkError } from './network-error';
import type { ProcessRegistry } from './process-registry';
import { assertPortsFree, waitForPort, waitForPortClosed } from './readiness';
import { chaincodeServerIdentity, orgEndpoints, processNames, type RunLayout } from './layout';

/** The `fabric-chaincode-node` CLI as resolved from the chaincode's folder (hoisted in a workspace). */
export function resolveChaincodeCli(chaincodeDir: string): string {
  let manifest: string;
  try {
    manifest = require.resolve('fabric-shim/package.json', { paths: [chaincodeDir] });
  } catch (error) {
    throw new NetworkError('CHAINCODE_NOT_BUILT', `fabric-shim is not installed for ${chaincodeDir}: run 'npm install'`, error);
  }
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> }).bin?.['fabric-chaincode-node'];
  if (!bin) throw new NetworkError('CHAINCODE_NOT_BUILT', `fabric-shim at ${manifest} has no fabric-chaincode-node`);
  return path.join(path.dirname(manifest), bin);
}

/** Dependencies of the chaincode server step. */
export interface ChaincodeServerOptions {
  readonly layout: RunLayout;
  readonly registry: ProcessRegistry;
  readonly log: (line: string) => void;
}

/** What one org's chaincode server runs. */
export interface ChaincodeServerSpec {
  readonly org: OrgConfig;
  readonly chaincode: string;
  readonly chaincodeDir: string;
  readonly packageId: string;
  readonly port: number;
}

/** The package ID a running chaincode server was started with, from its pid file's sidecar. */
function packageIdFile(layout: RunLayout, name: string): string {
  return `${layout.pidFile(name)}.package-id`;
}

/**
 * The command line of an org's chaincode server: its address, package ID, and its TLS key pair with
 * the org's CA as the only issuer of client certificates it accepts (mutual TLS with the peer).
 * Only file paths; no key material.
 */
export function createChaincodeServerArgs(layout: RunLayout, spec: ChaincodeServerSpec, cli: string): string[] {
  const tls = layout.identity(spec.org, chaincodeServerIdentity);
  return [
    cli, 'server', '--chaincode-address', `${orgEndpoints(spec.org).host}:${String(spec.port)}`, '--chaincode-id', spec.packageId,
    '--chaincode-tls-cert-file', tls.tlsCert,
    '--chaincode-tls-key-file', tls.tlsKey,
    '--chaincode-tls-client-cacert-file', layout.caCert(spec.org),
  ];
}

/**
 * Starts an org's chaincode server for a package ID unless it already runs with that ID
 * (a server running an older package is restarted), and waits until it listens (TLS only).
 * @throws {NetworkError} PORT_IN_USE or NOT_READY.
 */
export async function startChaincodeServer(options: ChaincodeServerOptions, spec: ChaincodeServerSpec): Promise<void> {
  const { registry, layout } = options;
  const name = processNames.chaincode(spec.org, spec.chaincode);
  const idFile = packageIdFile(layout, name);
  const running = registry.runningPid(name) !== undefined;
  const runningId = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : undefined;
  if (running && runningId === spec.packageId) return;
  const address = `${orgEndpoints(spec.org).host}:${String(spec.port)}`;
  if (running) {
    await registry.stop(name);
    await waitForPortClosed(address, { what: `the old chaincode server ${name}` });
  }
  await assertPortsFree([address], `chaincode server ${spec.chaincode} of ${spec.org.mspId}`);
  const cli = resolveChaincodeCli(spec.chaincodeDir);
  registry.start({
    name,
    command: process.execPath,
    args: createChaincodeServerArgs(layout, spec, cli),
    cwd: spec.chaincodeDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', CORE_CHAINCODE_LOGGING_LEVEL: 'warning' },
    ports: [spec.port],
  });
  writeFileSync(idFile, `${spec.packageId}\n`);
  await waitForPort(address, { what: `chaincode server ${name}`, logFile: layout.logFile(name), exited: () => registry.hasExited(name) });
  options.log(`started ${name} on ${address}`);
}
