import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DevLedger } from '@asylum-ledger/dev-ledger';
import { describeNameInEveryField } from '../test-support/name-in-every-field-suite';

describeNameInEveryField('a name in any field of any request, on the embedded ledger', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-names-ledger-'));
  const file = path.join(dir, 'ledger.sqlite');
  const ledger = await DevLedger.open({ databasePath: file, identityDir: path.join(dir, 'ids'), synchronous: 'NORMAL' });
  return {
    forOrg: (mspId) => ledger.forOrg(mspId),
    files: () => [file],
    close: async () => {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
