/**
 * /v1/audit/verify on the embedded ledger (issue 19): a clean chain verifies; a transaction row
 * changed in the ledger's database file breaks its block's data hash; another org's peer that
 * reports a different header hash, and a transaction endorsed against the rule, are named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { DevLedger } from '@asylum-ledger/dev-ledger';
import type { BlockProvenance } from '@asylum-ledger/domain';
import { createPortGateway, distributedCase } from '../test-support/test-gateway';
import { outOfEndorse, verifyChain } from './chain-verification';

describe('verifying the chain on the embedded ledger', () => {
  let dir: string;
  let databasePath: string;
  let identityDir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-verify-'));
    databasePath = path.join(dir, 'ledger.sqlite');
    identityDir = path.join(dir, 'identities');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (): Promise<DevLedger> => DevLedger.open({ databasePath, identityDir, synchronous: 'NORMAL' });

  it('reports a clean chain as ok, then the tampered block as the first broken one', async () => {
    const ledger = await open();
    const gw = createPortGateway(ledger.forOrg('LDSMSP'));
    const clerk = await gw.token('LAND_RECEPTION');
    const auditor = await gw.token('AUDITOR');
    const { caseRef, blockNumber } = await distributedCase(gw, clerk);
    const clean = await request(gw.app).get('/v1/audit/verify').set('Authorization', `Bearer ${auditor}`);
    expect(clean.status).toBe(200);
    // block 0 (directory), 1 (registerCase), 2 (recordDistribution): one transaction each
    expect(clean.body).toMatchObject({ ok: true, fromBlock: 0, toBlock: 2, blocksChecked: 3, transactionsChecked: 3, endorsementsChecked: 3, peersCompared: [], peersUnreachable: [], firstBroken: null });
    expect(blockNumber).toBe(2);
    const asClerk = await request(gw.app).get('/v1/audit/verify').set('Authorization', `Bearer ${clerk}`);
    expect([asClerk.status, asClerk.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const history = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${auditor}`);
    const registered = (history.body.entries as { txId: string }[])[0]!.txId;
    gw.store.close();
    await ledger.close();

    const raw = new Database(databasePath);
    expect(raw.prepare("UPDATE block_transactions SET creator_role = 'ADMIN' WHERE tx_id = ?").run(registered).changes).toBe(1);
    raw.close();

    const reopened = await open();
    try {
      const again = createPortGateway(reopened.forOrg('BAMFMSP'), { mspId: 'BAMFMSP', orgKind: 'FEDERAL' });
      const token = await again.token('AUDITOR');
      const tampered = await request(again.app).get('/v1/audit/verify?fromBlock=0&toBlock=2').set('Authorization', `Bearer ${token}`);
      expect(tampered.status).toBe(200);
      expect(tampered.body).toMatchObject({ ok: false, blocksChecked: 2, firstBroken: { blockNumber: 1, reason: 'DATA_HASH_MISMATCH' } });
      // from block 2 on, the chain still links to block 1's recorded header hash
      const after = await request(again.app).get('/v1/audit/verify?fromBlock=2').set('Authorization', `Bearer ${token}`);
      expect(after.body).toMatchObject({ ok: true, blocksChecked: 1 });
      const badRange = await request(again.app).get('/v1/audit/verify?fromBlock=2&toBlock=9').set('Authorization', `Bearer ${token}`);
      expect([badRange.status, badRange.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      again.store.close();
    } finally {
      await reopened.close();
    }
  });

  it("names another org's peer that reports a different header hash, and endorsements short of the policy", async () => {
    const ledger = await open();
    try {
      const gw = createPortGateway(ledger.forOrg('LDSMSP'));
      await distributedCase(gw, await gw.token('LAND_RECEPTION'));
      const port = ledger.forOrg('LDSMSP');
      const peerBlock = async (mspId: string, blockNumber: bigint): Promise<BlockProvenance> => {
        const block = await ledger.forOrg(mspId).block(blockNumber);
        return mspId === 'ABHMSP' && blockNumber === 2n ? { ...block, headerHash: 'f'.repeat(64) } : block;
      };
      const forked = await verifyChain({ ledger: port, fromBlock: 0n, toBlock: 2n, rule: undefined, peers: ['ABHMSP', 'BAMFMSP'], peerBlock });
      expect(forked).toMatchObject({ ok: false, peersCompared: ['ABHMSP', 'BAMFMSP'], firstBroken: { blockNumber: 2n, reason: 'PEER_HASH_MISMATCH' } });
      expect(forked.firstBroken!.detail).toContain(`ABHMSP's peer reports header hash ${'f'.repeat(64)}`);
      // an authority without a reachable peer is named, not compared, and breaks nothing
      const { LedgerError } = await import('@asylum-ledger/domain');
      const withoutPeer = async (mspId: string, blockNumber: bigint): Promise<BlockProvenance> => {
        if (mspId === 'LBYMSP') throw new LedgerError('LEDGER_UNAVAILABLE', 'no peer of LBYMSP');
        return ledger.forOrg(mspId).block(blockNumber);
      };
      const partial = await verifyChain({ ledger: port, fromBlock: 0n, toBlock: 2n, rule: undefined, peers: ['BAMFMSP', 'LBYMSP'], peerBlock: withoutPeer });
      expect(partial).toMatchObject({ ok: true, peersCompared: ['BAMFMSP'], peersUnreachable: [{ mspId: 'LBYMSP', reason: 'LEDGER_UNAVAILABLE: no peer of LBYMSP' }] });
      // the embedded ledger's transactions have one endorser each: Fabric's OutOf(2) is not met
      const policy = await verifyChain({ ledger: port, fromBlock: 1n, toBlock: 2n, rule: outOfEndorse(2), peers: [], peerBlock: undefined });
      expect(policy).toMatchObject({ ok: false, firstBroken: { blockNumber: 1n, reason: 'ENDORSEMENT_POLICY_NOT_SATISFIED' } });
      gw.store.close();
    } finally {
      await ledger.close();
    }
  });
});
