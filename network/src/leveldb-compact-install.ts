import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { NetworkEnvironment } from './layout';
import { assertGoInstalled, goBuild } from './go-build';
import { networkDir } from './layout';
import { NetworkError } from './network-error';
import { runCommand } from './run-command';

/**
 * What `leveldb-compact -version` prints; it must match `toolVersion` in
 * network/leveldb-compact/main.go (a unit test checks). Change both when the program changes, so
 * that a cached binary of an older version is rebuilt.
 */
export const leveldbCompactVersion = 'leveldb-compact 2 goleveldb v1.0.1-0.20210305035536-64b5b1c73954';

/** The wrapper Go module of our compaction program. */
export const leveldbCompactModuleDir = path.join(networkDir, 'leveldb-compact');

/** Path of the compaction program in the cache folder. */
export function leveldbCompactPath(env: NetworkEnvironment): string {
  return path.join(env.leveldbCompactBin, 'leveldb-compact');
}

async function reportsVersion(binary: string): Promise<boolean> {
  if (!existsSync(binary)) return false;
  try {
    return (await runCommand(binary, ['-version'])).stdout.trim() === leveldbCompactVersion;
  } catch {
    return false;
  }
}

/**
 * Builds our LevelDB compaction program (network/leveldb-compact: goleveldb at the commit Fabric
 * 2.5 uses) into the cache folder; skipped when the cached binary reports the current version.
 * @returns the program's path.
 * @throws {NetworkError} GO_MISSING when Go is not installed, COMMAND_FAILED when the build fails.
 */
export async function installLeveldbCompact(env: NetworkEnvironment, log: (line: string) => void): Promise<string> {
  const binary = leveldbCompactPath(env);
  if (await reportsVersion(binary)) {
    log(`leveldb-compact: cached in ${env.leveldbCompactBin}`);
    return binary;
  }
  await assertGoInstalled('leveldb-compact');
  mkdirSync(env.leveldbCompactBin, { recursive: true });
  const started = Date.now();
  log(`leveldb-compact: building into ${env.leveldbCompactBin} (Go modules via network/leveldb-compact/go.mod)`);
  await goBuild({ what: 'leveldb-compact', moduleDir: leveldbCompactModuleDir, packages: ['.'], outputDir: env.leveldbCompactBin, cgo: false, log });
  if (!(await reportsVersion(binary))) {
    throw new NetworkError('COMMAND_FAILED', `the built ${binary} does not report '${leveldbCompactVersion}'`);
  }
  log(`leveldb-compact: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return binary;
}
