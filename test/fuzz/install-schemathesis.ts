/**
 * `npm run fuzz:install`: installs the API fuzzer (schemathesis, pinned, from PyPI) into a Python
 * virtual environment outside the checkout (~/.cache/asylum-ledger/fuzz-venv), where
 * `npm run test:fuzz` finds it. Does nothing when the pinned version is there already.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const VERSION = '4.32.5';
const venv = path.join(os.homedir(), '.cache', 'asylum-ledger', 'fuzz-venv');
const bin = (name: string): string => path.join(venv, 'bin', name);

function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args[0] ?? ''} failed: ${(result.stderr || result.stdout).trim().split('\n').pop() ?? ''}`);
  return result.stdout;
}

function installedVersion(): string | undefined {
  if (!existsSync(bin('schemathesis'))) return undefined;
  const result = spawnSync(bin('schemathesis'), ['--version'], { encoding: 'utf8' });
  return /version ([0-9.]+)/.exec(result.stdout)?.[1];
}

if (installedVersion() === VERSION) {
  process.stdout.write(`schemathesis ${VERSION} already in ${venv}\n`);
} else {
  if (!existsSync(bin('pip'))) run('python3', ['-m', 'venv', venv]);
  run(bin('pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${VERSION}`]);
  process.stdout.write(`schemathesis ${installedVersion() ?? '?'} installed in ${venv}\n`);
}
