/**
 * Auditors on the real network (issue 19): an AUDITOR writes nothing; a transaction's provenance
 * comes from the own peer's qscc; corrected history entries are marked superseded; the chain
 * verifies (data hashes, previous-hash links, endorsements against OutOf(2), and every other org's
 * peer reports the same header hashes).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { outOfEndorse } from '../../gateway-api/src/audit/chain-verification';
import { FabricLedger } from '../../gateway-api/src/fabric';
import { openFabricProcessLedger, type ProcessLedger } from '../../gateway-api/src/ledger-factory';
import { createPortGateway, distributedCase, registerBody, type PortGateway } from '../../gateway-api/src/test-support/test-gateway';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

/** How many of the last blocks the suite verifies (kept small: the suite stays well under a minute). */
const VERIFIED_BLOCKS = 40n;

describeRealNetwork('auditors on the real network', (network: () => RealNetwork) => {
  let ledger: ProcessLedger;
  let gw: PortGateway;
  let clerk: string;
  let auditor: string;

  beforeAll(async () => {
    const { ctx } = network();
    ledger = openFabricProcessLedger({
      ledgerFiles: { networkConfig: ctx.env.configFile, networkRunDir: ctx.env.runDir, embeddedDatabase: undefined, embeddedIdentityDir: undefined },
      deadlines: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 },
    });
    const port = ledger.forOrg('LDSMSP');
    if (!(port instanceof FabricLedger)) throw new Error('not a Fabric ledger');
    gw = createPortGateway(port, {
      dbFile: path.join(mkdtempSync(path.join(os.tmpdir(), 'audit-e2e-')), 'LDSMSP.sqlite'),
      mspId: 'LDSMSP',
      orgKind: 'LAND',
      audit: { rule: outOfEndorse(2), peerBlock: (mspId, blockNumber) => port.blockOnPeerOf(mspId, blockNumber) },
    });
    clerk = await gw.token('LAND_RECEPTION');
    auditor = await gw.token('AUDITOR');
  });

  afterAll(async () => {
    gw.store.close();
    await ledger.close();
  });

  it('refuses writes of an auditor, and answers a transaction\'s provenance from qscc', async () => {
    const refused = await request(gw.app).post('/v1/cases').set({ Authorization: `Bearer ${auditor}`, 'Idempotency-Key': randomUUID() }).send(registerBody());
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const { caseRef, blockNumber } = await distributedCase(gw, clerk);
    const history = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${auditor}`);
    const txId = (history.body.entries as { txId: string }[])[1]!.txId;
    const res = await request(gw.app).get(`/v1/audit/transactions/${txId}`).set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ txId, blockNumber, validationCode: 'VALID', creatorMspId: 'LDSMSP', creatorRole: 'LAND_RECEPTION', caseRef, transition: 'recordDistribution', seq: 2 });
    expect((res.body.endorsingOrgs as string[]).length).toBeGreaterThanOrEqual(2);
    expect(res.body.endorsingOrgs).toContain('LDSMSP');
  });

  it('marks a corrected entry superseded for auditors', async () => {
    const { caseRef } = await distributedCase(gw, clerk);
    const before = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${clerk}`);
    const distribution = (before.body.entries as { txId: string }[])[1]!.txId;
    const corrected = await request(gw.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set({ Authorization: `Bearer ${clerk}`, 'Idempotency-Key': randomUUID() })
      .send({ type: 'correctEvent', correctsTxId: distribution, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-19' } });
    expect(corrected.status).toBe(200);
    const audited = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${auditor}`);
    expect(audited.body.entries[1]).toMatchObject({ txId: distribution, superseded: true, supersededBy: corrected.body.txId });
    expect(audited.body.entries[2]).toMatchObject({ superseded: false, correctsTxId: distribution });
  });

  it("verifies the last blocks against every org's peer", async () => {
    const height = BigInt((await ledger.forOrg('LDSMSP').blockHeight()).toString());
    const fromBlock = height > VERIFIED_BLOCKS ? height - VERIFIED_BLOCKS : 0n;
    const res = await request(gw.app).get(`/v1/audit/verify?fromBlock=${fromBlock}`).set('Authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, firstBroken: null, peersCompared: ['ABHMSP', 'BAMFMSP'] });
    expect(res.body.blocksChecked).toBe(Number(height - fromBlock));
    expect(res.body.endorsementsChecked).toBeGreaterThan(0);
    // the figure for the report
    process.stdout.write(`audit verify: ${res.body.blocksChecked} blocks, ${res.body.transactionsChecked} transactions, ${res.body.endorsementsChecked} endorsement sets, 2 peers compared in ${res.body.elapsedMs} ms\n`);
  });
});
