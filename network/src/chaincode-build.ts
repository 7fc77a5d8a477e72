import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoDir, type ChaincodeConfig } from './layout';
import { NetworkError } from './network-error';
import { runCommand } from './run-command';

interface Manifest {
  readonly main?: string;
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
}

const WORKSPACE_SCOPE = '@asylum-ledger/';

function readManifest(dir: string, what: string): Manifest {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) throw new NetworkError('CHAINCODE_NOT_BUILT', `no package.json in ${dir} for ${what}`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Builds a package whose entry point is missing, after the workspace packages it depends on. */
async function ensureBuilt(dir: string, what: string, log: (line: string) => void): Promise<void> {
  const manifest = readManifest(dir, what);
  for (const dependency of Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith(WORKSPACE_SCOPE))) {
    await ensureBuilt(path.join(repoDir, dependency.slice(WORKSPACE_SCOPE.length)), dependency, log);
  }
  const main = path.join(dir, manifest.main ?? 'index.js');
  if (existsSync(main)) return;
  if (!manifest.scripts?.build) throw new NetworkError('CHAINCODE_NOT_BUILT', `${what} has no ${main} and no build script`);
  log(`building ${what} (npm run build in ${path.relative(repoDir, dir)})`);
  await runCommand('npm', ['run', 'build'], { cwd: dir, timeoutMs: 300_000 });
  if (!existsSync(main)) throw new NetworkError('CHAINCODE_NOT_BUILT', `building ${what} did not produce ${main}`);
}

/**
 * Builds a chaincode whose entry point (package.json "main") is missing, with its own build script,
 * after the workspace packages it depends on (the domain model, for the case chaincode).
 * @throws {NetworkError} CHAINCODE_NOT_BUILT when there is no entry point and no way to build it.
 */
export async function ensureChaincodeBuilt(cc: ChaincodeConfig, log: (line: string) => void): Promise<void> {
  await ensureBuilt(path.join(repoDir, cc.path), `chaincode ${cc.name}`, log);
}
