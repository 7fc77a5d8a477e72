/**
 * The ledger-port contract suite against the dev ledger (runs everywhere): the same tests the
 * Fabric adapter passes on the real network (test/e2e/fabric-ledger-contract.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DevLedger } from '@asylum-ledger/dev-ledger';
import { describeLedgerPortContract } from '../support/ledger-port-contract';

describeLedgerPortContract('the dev ledger', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dev-ledger-contract-'));
  const ledger = await DevLedger.open({ databasePath: path.join(dir, 'ledger.sqlite'), identityDir: path.join(dir, 'identities'), synchronous: 'NORMAL' });
  return {
    portFor: (mspId) => ledger.forOrg(mspId),
    teardown: async () => {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
