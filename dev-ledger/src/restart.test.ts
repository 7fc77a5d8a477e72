import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LedgerEvent } from '@asylum-ledger/domain';
import { DevLedger } from './dev-ledger';
import { createTempLedgerDir, type TempLedgerDir } from './test-support/temp-dir';

const KILL_AFTER = 60;

/** Runs the burst child, SIGKILLs it after `KILL_AFTER` reported commits, returns what it reported. */
async function killMidBurst(temp: TempLedgerDir): Promise<{ txIds: string[]; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'test-support', 'burst-child.ts'), temp.databasePath, temp.identityDir, '100000', '4'], {
    env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'CRITICAL' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const txIds: string[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => { resolve(signal); }));
  for await (const line of createInterface({ input: child.stdout })) {
    const [word, txId] = line.split(' ');
    if (word === 'COMMITTED' && txId) txIds.push(txId);
    if (txIds.length === KILL_AFTER) child.kill('SIGKILL');
  }
  return { txIds, signal: await exited };
}

async function collect(iterator: AsyncIterator<LedgerEvent>, count: number): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  while (events.length < count) {
    const next = await iterator.next();
    if (next.done === true) break;
    events.push(next.value);
  }
  return events;
}

describe('the embedded ledger after a crash mid-burst', () => {
  let temp: TempLedgerDir;
  beforeAll(() => {
    temp = createTempLedgerDir();
  });
  afterAll(() => {
    temp.remove();
  });

  it('verifies its chain, keeps every reported commit, and replays every event once', async () => {
    const { txIds, signal } = await killMidBurst(temp);
    expect(signal).toBe('SIGKILL');
    expect(txIds.length).toBeGreaterThanOrEqual(KILL_AFTER);

    const ledger = await DevLedger.open({ databasePath: temp.databasePath, identityDir: temp.identityDir });
    try {
      const verification = ledger.store.verifyChain();
      expect(verification).toMatchObject({ valid: true, problems: [] });
      // Block 0 is the directory bootstrap; the child may have committed more than it reported.
      console.log(`restart: child reported ${txIds.length} commits before SIGKILL; store height ${verification.height}`);
      expect(verification.height).toBeGreaterThanOrEqual(txIds.length + 1);
      const port = ledger.forOrg('ABHMSP');
      for (const txId of txIds) {
        expect(await port.transaction(txId)).toMatchObject({ validationCode: 'VALID', creatorMspId: 'LDSMSP' });
      }

      const stream = port.events({ blockNumber: 0n });
      const iterator = stream[Symbol.asyncIterator]();
      const replayed = await collect(iterator, verification.height - 1);
      const ids = replayed.map((event) => event.txId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(txIds));
      expect(replayed.map((event) => event.blockNumber)).toEqual(Array.from({ length: verification.height - 1 }, (_, index) => BigInt(index + 1)));
      const extra = await Promise.race([iterator.next(), new Promise((resolve) => setTimeout(() => { resolve('none'); }, 200))]);
      expect(extra).toBe('none');
      stream.close();

      const after = await ledger.forOrg('LDSMSP').submit({
        role: 'LAND_RECEPTION',
        transaction: 'case:registerCase',
        args: [JSON.stringify({ caseRef: 'f'.repeat(32), requestId: '00000000-0000-4000-8000-000000000001', procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20' })],
      });
      expect(after.blockNumber).toBe(BigInt(verification.height));
      expect(ledger.store.verifyChain()).toMatchObject({ valid: true, height: verification.height + 1 });
    } finally {
      await ledger.close();
    }
  }, 120_000);
});
