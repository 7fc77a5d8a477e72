/**
 * Child process of the restart test: opens the embedded ledger and submits a burst of case
 * registrations, printing `COMMITTED <txId> <block>` after each commit, until it is killed.
 * Usage: node --import tsx burst-child.ts <databasePath> <identityDir> <count> <inFlight>
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DevLedger } from '../dev-ledger';

async function runBurst(argv: readonly string[]): Promise<void> {
  const [databasePath, identityDir, count = '1000', inFlight = '4'] = argv;
  if (!databasePath || !identityDir) throw new Error('usage: burst-child <databasePath> <identityDir> [count] [inFlight]');
  const ledger = await DevLedger.open({ databasePath, identityDir });
  const port = ledger.forOrg('LDSMSP');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < Number(count)) {
      next += 1;
      const input = { caseRef: randomBytes(16).toString('hex'), requestId: randomUUID(), procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20' };
      const result = await port.submit({ role: 'LAND_RECEPTION', transaction: 'case:registerCase', args: [JSON.stringify(input)] });
      // Synchronous on Linux pipes: the line is out before the next commit starts.
      process.stdout.write(`COMMITTED ${result.txId} ${result.blockNumber}\n`);
    }
  };
  process.stdout.write('READY\n');
  await Promise.all(Array.from({ length: Number(inFlight) }, worker));
  await ledger.close();
}

runBurst(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
