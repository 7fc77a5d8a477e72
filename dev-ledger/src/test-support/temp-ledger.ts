/**
 * Dev ledgers in throwaway folders for tests.
 */
import { DevLedger, type DevLedgerOptions } from '../dev-ledger';
import { createTempLedgerDir, type TempLedgerDir } from './temp-dir';

/** Opens a ledger in a temporary folder; `dispose()` closes it and removes the folder. */
export async function openTempLedger(options: Partial<DevLedgerOptions> = {}): Promise<{ ledger: DevLedger; temp: TempLedgerDir; dispose: () => Promise<void> }> {
  const temp = createTempLedgerDir();
  const ledger = await DevLedger.open({ databasePath: temp.databasePath, identityDir: temp.identityDir, synchronous: 'NORMAL', ...options });
  return {
    ledger,
    temp,
    dispose: async () => {
      await ledger.close();
      temp.remove();
    },
  };
}
