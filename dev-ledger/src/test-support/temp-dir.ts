/**
 * Throwaway folders for embedded ledger files in tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary folder with the ledger's database and identity paths. */
export interface TempLedgerDir {
  readonly dir: string;
  readonly databasePath: string;
  readonly identityDir: string;
  remove(): void;
}

/** Creates a temporary folder for a ledger. */
export function createTempLedgerDir(): TempLedgerDir {
  const dir = mkdtempSync(join(tmpdir(), 'dev-ledger-'));
  return {
    dir,
    databasePath: join(dir, 'ledger.sqlite'),
    identityDir: join(dir, 'identities'),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
