import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoDir, type ChaincodeConfig } from './layout';
import { NetworkError } from './network-error';
import { runCommand } from './run-command';

/**
 * Builds a chaincode whose entry point (package.json "main") is missing, with its own build script.
 * @throws {NetworkError} CHAINCODE_NOT_BUILT when there is no entry point and no way to build it.
 */
export async function ensureChaincodeBuilt(cc: ChaincodeConfig, log: (line: string) => void): Promise<void> {
  const dir = path.join(repoDir, cc.path);
  const manifestFile = path.join(dir, 'package.json');
  if (!existsSync(manifestFile)) throw new NetworkError('CHAINCODE_NOT_BUILT', `no package.json in ${dir} for chaincode ${cc.name}`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { main?: string; scripts?: Record<string, string> };
  const main = path.join(dir, manifest.main ?? 'index.js');
  if (existsSync(main)) return;
  if (!manifest.scripts?.build) {
    throw new NetworkError('CHAINCODE_NOT_BUILT', `chaincode ${cc.name} has no ${main} and no build script`);
  }
  log(`building chaincode ${cc.name} (npm run build in ${cc.path})`);
  await runCommand('npm', ['run', 'build'], { cwd: dir, timeoutMs: 300_000 });
  if (!existsSync(main)) throw new NetworkError('CHAINCODE_NOT_BUILT', `building chaincode ${cc.name} did not produce ${main}`);
}
