import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DevLedger } from '@asylum-ledger/dev-ledger';
import { describeErasureThroughGateways } from '../test-support/erasure-suite';

describeErasureThroughGateways('erasure through three gateways on one embedded ledger', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-erasure-'));
  const ledger = await DevLedger.open({ databasePath: path.join(dir, 'ledger.sqlite'), identityDir: path.join(dir, 'ids'), synchronous: 'NORMAL' });
  return {
    forOrg: (mspId) => ledger.forOrg(mspId),
    close: async () => {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
