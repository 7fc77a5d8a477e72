/**
 * Writes docs/roles-matrix.md from the domain module, or with --check exits 1 when it is stale.
 * Usage: npm run docs:generate -w domain [-- --check]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REGENERATE_COMMAND, ROLES_MATRIX_FILE, isRolesMatrixCurrent, renderRolesMatrix } from './roles-matrix';

function main(args: readonly string[]): number {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument(s): ${unknown.join(' ')}; usage: generate-roles-matrix [--check]`);
    return 2;
  }
  const shown = path.relative(process.cwd(), ROLES_MATRIX_FILE);
  if (args.includes('--check')) {
    const current = existsSync(ROLES_MATRIX_FILE) && isRolesMatrixCurrent(readFileSync(ROLES_MATRIX_FILE, 'utf8'));
    console.log(current ? `${shown} is up to date` : `${shown} is stale: run ${REGENERATE_COMMAND}`);
    return current ? 0 : 1;
  }
  mkdirSync(path.dirname(ROLES_MATRIX_FILE), { recursive: true });
  writeFileSync(ROLES_MATRIX_FILE, renderRolesMatrix(), 'utf8');
  console.log(`wrote ${shown}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
