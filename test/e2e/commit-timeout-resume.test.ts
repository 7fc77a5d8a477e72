/**
 * A commit status that does not arrive in time, on the real network: the LDS gateway's wait for
 * the commit status is cut to a millisecond, so a confirmArrival is endorsed, ordered and committed
 * while the client already has 504 COMMIT_TIMEOUT with the txId. A retry with the same
 * Idempotency-Key resumes: the gateway looks the transaction up on its own peer (the case history,
 * then qscc for its block) instead of submitting again, and answers the original receipt. The
 * change is applied exactly once. qscc's answer for an unknown transaction id is recognised
 * without reading its prose.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { LedgerError } from '@asylum-ledger/domain';
import { createFabricLedgerForOrg, deadlineAfter, loadNetworkTable, type FabricLedger } from '../../gateway-api/src/fabric';
import { openFabricProcessLedger, type ProcessLedger } from '../../gateway-api/src/ledger-factory';
import { waitUntilCaseAt } from '../../gateway-api/src/test-support/three-gateways-suite';
import { createPortGateway, distributedCase, type PortGateway } from '../../gateway-api/src/test-support/test-gateway';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

describeRealNetwork('a commit timeout resumed with the same Idempotency-Key', (network: () => RealNetwork) => {
  let ledger: ProcessLedger;
  let hurriedPort: FabricLedger;
  let setup: PortGateway;
  let hurried: PortGateway;
  let dir: string;

  beforeAll(() => {
    const { ctx } = network();
    ledger = openFabricProcessLedger({
      ledgerFiles: { networkConfig: ctx.env.configFile, networkRunDir: ctx.env.runDir, embeddedDatabase: undefined, embeddedIdentityDir: undefined },
      deadlines: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 },
    });
    // the same org and peer, but one wait of 1 ms for the commit status: every write times out after it was submitted
    hurriedPort = createFabricLedgerForOrg({
      network: loadNetworkTable(ctx.env.configFile),
      runDir: ctx.env.runDir,
      org: 'LDSMSP',
      commitStatusAttempts: 1,
      commitStatusRetryDelayMs: 1,
      deadlines: { commitStatus: deadlineAfter(1) },
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'commit-timeout-e2e-'));
    setup = createPortGateway(ledger.forOrg('LDSMSP'), { dbFile: path.join(dir, 'setup.sqlite'), mspId: 'LDSMSP', orgKind: 'LAND' });
    hurried = createPortGateway(hurriedPort, { dbFile: path.join(dir, 'hurried.sqlite'), mspId: 'LDSMSP', orgKind: 'LAND' });
  });

  afterAll(async () => {
    setup.store.close();
    hurried.store.close();
    await hurriedPort.close();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 504 COMMIT_TIMEOUT with the txId, and the retry with the key returns that transaction\'s receipt: applied once', async () => {
    const clerk = await setup.token('LAND_RECEPTION');
    const { caseRef, blockNumber: distributedIn } = await distributedCase(setup, clerk);
    const key = randomUUID();
    const arrive = (): request.Test =>
      request(hurried.app)
        .post(`/v1/cases/${caseRef}/transitions`)
        .set({ Authorization: `Bearer ${clerk}`, 'Idempotency-Key': key, 'Ledger-Min-Block': String(distributedIn) })
        .send({ type: 'confirmArrival', effectiveOn: new Date().toISOString().slice(0, 10), expectedSeq: 2 });

    const timedOut = await arrive();
    expect([timedOut.status, timedOut.body.code]).toEqual([504, 'COMMIT_TIMEOUT']);
    const txId = timedOut.body.txId as string;
    expect(txId).toMatch(/^[0-9a-f]{64}$/);
    expect(hurried.store.audit.recent(1)[0]).toMatchObject({ action: 'confirmArrival', caseRef, txId, outcome: 'COMMIT_TIMEOUT' });

    // the transaction was submitted before the wait gave up: the own peer commits it on its own time
    await waitUntilCaseAt(setup, caseRef, 3);
    const resumed = await arrive();
    expect(resumed.status).toBe(200);
    expect(resumed.body).toEqual({ caseRef, state: 'ARRIVED', seq: 3, txId, blockNumber: expect.any(Number) });
    expect(resumed.body.blockNumber as number).toBeGreaterThan(distributedIn);
    expect(resumed.headers['idempotent-replayed']).toBeUndefined();
    const replayed = await arrive();
    expect([replayed.status, replayed.headers['idempotent-replayed']]).toEqual([200, 'true']);
    expect(replayed.body).toEqual(resumed.body);

    const history = await request(setup.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${await setup.token('AUDITOR')}`);
    const entries = history.body.entries as { type: string; txId: string; seq: number }[];
    expect(entries.map((entry) => [entry.type, entry.seq])).toEqual([['registerCase', 1], ['recordDistribution', 2], ['confirmArrival', 3]]);
    expect(entries[2]!.txId).toBe(txId);
    const current = await request(setup.app).get(`/v1/cases/${caseRef}`).set('Authorization', `Bearer ${clerk}`);
    expect(current.body).toMatchObject({ state: 'ARRIVED', seq: 3 });
  });

  it('recognises a transaction id the own peer does not hold as NOT_FOUND (qscc gives no code for it), and a real one by its block', async () => {
    const unknown = await hurriedPort.transaction(randomBytes(32).toString('hex')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(unknown).toBeInstanceOf(LedgerError);
    expect((unknown as LedgerError).code).toBe('NOT_FOUND');
    const clerk = await setup.token('LAND_RECEPTION');
    const { caseRef, blockNumber } = await distributedCase(setup, clerk);
    const history = await request(setup.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${clerk}`);
    const distribution = (history.body.entries as { txId: string }[])[1]!.txId;
    expect(await hurriedPort.transaction(distribution)).toMatchObject({ txId: distribution, blockNumber: BigInt(blockNumber), validationCode: 'VALID' });
  });
});
