import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { NetworkEnvironment } from './layout';
import { networkDir } from './layout';
import { assertGoInstalled, goBuild } from './go-build';
import { NetworkError } from './network-error';
import { runCommand } from './run-command';

/** The Fabric CA release the project builds; it must match network/fabric-ca/go.mod. */
export const fabricCaVersion = '1.5.21';

/** Paths of the Fabric CA binaries in the cache folder. */
export interface FabricCaBinaries {
  readonly server: string;
  readonly client: string;
}

const wrapperModuleDir = path.join(networkDir, 'fabric-ca');
const commandPackages = {
  server: 'github.com/hyperledger/fabric-ca/cmd/fabric-ca-server',
  client: 'github.com/hyperledger/fabric-ca/cmd/fabric-ca-client',
} as const;

/** Paths the install step builds into. */
export function fabricCaPaths(env: NetworkEnvironment): FabricCaBinaries {
  return { server: path.join(env.fabricCaBin, 'fabric-ca-server'), client: path.join(env.fabricCaBin, 'fabric-ca-client') };
}

async function reportsVersion(binary: string): Promise<boolean> {
  if (!existsSync(binary)) return false;
  try {
    const { stdout } = await runCommand(binary, ['version']);
    return new RegExp(`Version:\\s*v?${fabricCaVersion.replace(/\./g, '\\.')}\\b`).test(stdout);
  } catch {
    return false;
  }
}

/**
 * Builds fabric-ca-server and fabric-ca-client from the Go module proxy into the cache folder,
 * through the committed wrapper module; skipped when the cached binaries already report the version.
 * @throws {NetworkError} GO_MISSING when Go is not installed, COMMAND_FAILED when the build fails.
 */
export async function installFabricCa(env: NetworkEnvironment, log: (line: string) => void): Promise<FabricCaBinaries> {
  const binaries = fabricCaPaths(env);
  if ((await reportsVersion(binaries.server)) && (await reportsVersion(binaries.client))) {
    log(`Fabric CA ${fabricCaVersion}: cached in ${env.fabricCaBin}`);
    return binaries;
  }
  await assertGoInstalled('Fabric CA');
  mkdirSync(env.fabricCaBin, { recursive: true });
  const started = Date.now();
  log(`Fabric CA ${fabricCaVersion}: building fabric-ca-server and fabric-ca-client into ${env.fabricCaBin}`);
  log('  (Go modules from the module proxy via network/fabric-ca/go.mod; about a minute on 2 cores)');
  await goBuild({ what: 'Fabric CA', moduleDir: wrapperModuleDir, packages: Object.values(commandPackages), outputDir: env.fabricCaBin, cgo: true, log });
  if (!(await reportsVersion(binaries.server)) || !(await reportsVersion(binaries.client))) {
    throw new NetworkError('COMMAND_FAILED', `the built Fabric CA binaries do not report ${fabricCaVersion}`);
  }
  log(`Fabric CA ${fabricCaVersion}: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return binaries;
}
