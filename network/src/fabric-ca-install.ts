import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { NetworkEnvironment } from './environment';
import { networkDir } from './network-config';
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

function goBuild(outputDir: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['build', '-v', '-o', `${outputDir}/`, ...Object.values(commandPackages)], {
      cwd: wrapperModuleDir,
      env: { ...process.env, CGO_ENABLED: '1', GOFLAGS: '-mod=readonly -buildvcs=false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let compiled = 0;
    let tail = '';
    const started = Date.now();
    const progress = setInterval(() => {
      log(`  ... ${compiled} packages compiled (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }, 10_000);
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-2000);
      compiled += text.split('\n').filter((line) => line && !line.startsWith('go: ')).length;
    });
    child.on('error', (error) => {
      clearInterval(progress);
      reject(new NetworkError('GO_MISSING', 'Go is not installed (no `go` on PATH): install Go >= 1.22 to build Fabric CA', error));
    });
    child.on('exit', (code) => {
      clearInterval(progress);
      if (code === 0) resolve();
      else reject(new NetworkError('COMMAND_FAILED', `go build of Fabric CA failed: ${tail.trim().split('\n').at(-1) ?? ''}`));
    });
  });
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
  try {
    await runCommand('go', ['version']);
  } catch (error) {
    throw new NetworkError('GO_MISSING', 'Go is not installed (no `go` on PATH): install Go >= 1.22 to build Fabric CA', error);
  }
  mkdirSync(env.fabricCaBin, { recursive: true });
  const started = Date.now();
  log(`Fabric CA ${fabricCaVersion}: building fabric-ca-server and fabric-ca-client into ${env.fabricCaBin}`);
  log('  (Go modules from the module proxy via network/fabric-ca/go.mod; about a minute on 2 cores)');
  await goBuild(env.fabricCaBin, log);
  if (!(await reportsVersion(binaries.server)) || !(await reportsVersion(binaries.client))) {
    throw new NetworkError('COMMAND_FAILED', `the built Fabric CA binaries do not report ${fabricCaVersion}`);
  }
  log(`Fabric CA ${fabricCaVersion}: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return binaries;
}
