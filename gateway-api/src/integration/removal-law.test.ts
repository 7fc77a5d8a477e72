import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DevLedger } from '@asylum-ledger/dev-ledger';
import { describeRemovalLaw, ISSUE_EXAMPLE, NOVEMBER_EXAMPLE } from '../test-support/removal-law-suite';

/** The embedded ledger dates its transactions 2026-12-21 (its clock), so the example of the issue can run to its end. */
const LEDGER_DAY = new Date('2026-12-21T09:00:00Z');

describeRemovalLaw('the removal law through three gateways on one embedded ledger', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-removal-'));
  const ledger = await DevLedger.open({
    databasePath: path.join(dir, 'ledger.sqlite'),
    identityDir: path.join(dir, 'ids'),
    synchronous: 'NORMAL',
    clock: () => LEDGER_DAY,
  });
  return {
    forOrg: (mspId) => ledger.forOrg(mspId),
    close: async () => {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}, [NOVEMBER_EXAMPLE, ISSUE_EXAMPLE]);
