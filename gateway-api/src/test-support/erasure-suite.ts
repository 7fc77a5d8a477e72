/**
 * Erasure end to end through the gateways, as a suite any ledger can run (issue 19): a case
 * registered at the LDS gateway with a local reference is walked to CLOSED by HTTP only (the
 * decision names its document by hash, salted by the BAMF gateway, and a correction through the
 * gateway replaces it; the history links the two entries both ways); the LDS
 * gateway deletes its mapping (DELETE /v1/local-references/{ref}), every participant attests on the
 * ledger through its own gateway, and BAMF's ADMIN erases the case. Afterwards no gateway resolves
 * the reference, the LDS gateway's database files (file, WAL, shm) hold neither the reference's
 * lookup index nor idempotency records of the case, no peer answers the private fields, the
 * case is a tombstone and no transition changes it again.
 *
 * `integration/erasure-through-gateways.test.ts` runs it on the embedded ledger, and
 * `test/e2e/gateway-api.test.ts` on the real network.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import type { LedgerPort } from '@asylum-ledger/domain';
import { ReferenceCipher } from '../store/reference-cipher';
import { createPortGateway, TEST_KEY, type PortGateway } from './test-gateway';
import { waitUntilCaseAt, type SuiteLedger } from './three-gateways-suite';

/** The SHA-256 of the decision document (of the bytes `decision 2026`), as the client computes it. */
const DOCUMENT_HASH = '6ab923de920d837797b8e24f992e5db94820f1802e5a3c64d80508d045680fcc';

/** The SHA-256 of the bytes `decision 2026, corrected`. */
const OTHER_DOCUMENT_HASH = '8186187ed4b66b27f2e1909b6c427209b3fd83ac0df2d9cec5753b3c1ebea3f8';

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The files of a folder that contain a marker. */
function filesWith(folder: string, marker: Buffer): string[] {
  return readdirSync(folder).filter((name) => readFileSync(path.join(folder, name)).includes(marker));
}

/**
 * Declares the suite.
 * @param name the describe name (say which ledger).
 * @param openLedger opens the ledger in beforeAll; the suite closes it in afterAll.
 */
export function describeErasureThroughGateways(name: string, openLedger: () => Promise<SuiteLedger>): void {
  describe(name, () => {
    let ledger: SuiteLedger;
    let ports: Record<string, LedgerPort>;
    let gateways: Record<'BAMFMSP' | 'LDSMSP' | 'ABHMSP', PortGateway>;
    let ldsFolder: string;
    let bamfFolder: string;
    let caseRef = '';
    let lastSeq = 1;
    // unique per run: the ledger may be shared with other suites and earlier runs
    const reference = `LDS-ERASE-${randomBytes(6).toString('hex').toUpperCase()}`;
    const unit = `AE-${String(100_000 + (randomBytes(3).readUIntBE(0, 3) % 900_000))}`;

    beforeAll(async () => {
      ledger = await openLedger();
      ldsFolder = mkdtempSync(path.join(os.tmpdir(), 'gw-erasure-lds-'));
      bamfFolder = mkdtempSync(path.join(os.tmpdir(), 'gw-erasure-bamf-'));
      ports = { BAMFMSP: ledger.forOrg('BAMFMSP'), LDSMSP: ledger.forOrg('LDSMSP'), ABHMSP: ledger.forOrg('ABHMSP') };
      gateways = {
        BAMFMSP: createPortGateway(ports.BAMFMSP!, { mspId: 'BAMFMSP', orgKind: 'FEDERAL', dbFile: path.join(bamfFolder, 'gateway.sqlite') }),
        LDSMSP: createPortGateway(ports.LDSMSP!, { mspId: 'LDSMSP', orgKind: 'LAND', dbFile: path.join(ldsFolder, 'gateway.sqlite') }),
        ABHMSP: createPortGateway(ports.ABHMSP!, { mspId: 'ABHMSP', orgKind: 'ABH' }),
      };
    }, 600_000);

    afterAll(async () => {
      for (const gateway of Object.values(gateways)) gateway.store.close();
      rmSync(ldsFolder, { recursive: true, force: true });
      rmSync(bamfFolder, { recursive: true, force: true });
      await ledger.close();
    });

    async function step(mspId: keyof typeof gateways, role: string, body: Record<string, unknown>) {
      const gateway = gateways[mspId];
      await waitUntilCaseAt(gateway, caseRef, lastSeq);
      const res = await request(gateway.app)
        .post(`/v1/cases/${caseRef}/transitions`)
        .set('Authorization', `Bearer ${await gateway.token(role)}`)
        .set('Idempotency-Key', randomUUID())
        .send(body);
      if (res.status === 200) lastSeq = (res.body as { seq: number }).seq;
      else if (process.env.ERASURE_SUITE_DEBUG) process.stdout.write(`${String(body.type)} -> ${res.status} ${JSON.stringify(res.body)}\n`);
      return res;
    }

    /** Rows of a case in a table of a gateway's database, read through a second, read-only connection. */
    function rowsOf(folder: string, table: 'idempotency' | 'doc_salts', ref: string): number {
      const db = new BetterSqlite3(path.join(folder, 'gateway.sqlite'), { readonly: true });
      try {
        return db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE case_ref = ?`).get(ref)?.n ?? -1;
      } finally {
        db.close();
      }
    }
    const idempotencyRowsOf = (ref: string): number => rowsOf(ldsFolder, 'idempotency', ref);

    async function privateFieldsAt(mspId: string, role: 'LAND_RECEPTION' | 'BAMF_CASEWORKER' | 'ABH'): Promise<unknown> {
      const payload = await ports[mspId]!.evaluate({ role, transaction: 'case:getPrivateFields', args: [JSON.stringify({ caseRef })] });
      return JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
    }

    it('walks a case registered with a local reference to CLOSED through three gateways, correcting the decision document on the way', async () => {
      const lds = gateways.LDSMSP;
      const registered = await request(lds.app)
        .post('/v1/cases')
        .set('Idempotency-Key', randomUUID())
        .set('Authorization', `Bearer ${await lds.token('LAND_RECEPTION')}`)
        .send({ procedureKind: 'ERSTANTRAG', effectiveOn: daysAgo(30), localReference: reference });
      expect(registered.status).toBe(201);
      caseRef = registered.body.caseRef as string;
      const on = { effectiveOn: daysAgo(30) };
      expect((await step('BAMFMSP', 'BAMF_REGISTRATION', { type: 'recordDistribution', ...on, landCode: 'DE-SN' })).status).toBe(200);
      expect((await step('LDSMSP', 'LAND_RECEPTION', { type: 'confirmArrival', ...on, private: { responsibleUnit: unit } })).status).toBe(200);
      expect((await step('BAMFMSP', 'BAMF_CASEWORKER', { type: 'lodgeApplication', ...on })).status).toBe(200);
      expect((await step('LDSMSP', 'LAND_DISTRIBUTION', { type: 'allocateToMunicipality', ...on, responsible: 'ABHMSP' })).status).toBe(200);
      // the decision's document, named by its hash: the ledger gets it salted by the BAMF gateway
      const decision = await step('BAMFMSP', 'BAMF_CASEWORKER', { type: 'recordDecision', effectiveOn: daysAgo(22), outcomeClass: 'PROTECTION', track: 'REGULAR', docRef: `sha256:${DOCUMENT_HASH}` });
      expect(decision.status).toBe(200);
      const recorded = await request(gateways.BAMFMSP.app).get(`/v1/cases/${caseRef}`).set('Authorization', `Bearer ${await gateways.BAMFMSP.token('BAMF_CASEWORKER')}`);
      expect(recorded.body.docRef).toMatch(/^[0-9a-f]{64}$/);
      expect(recorded.body.docRef).not.toBe(DOCUMENT_HASH);
      expect(rowsOf(bamfFolder, 'doc_salts', caseRef)).toBe(1);
      // a correction through the gateway: the decision named the wrong document; the replacement is salted too
      const correction = await step('BAMFMSP', 'BAMF_CASEWORKER', {
        type: 'correctEvent',
        correctsTxId: decision.body.txId as string,
        reasonCode: 'DATA_ENTRY_ERROR',
        corrected: { docRef: `sha256:${OTHER_DOCUMENT_HASH}` },
      });
      expect(correction.status).toBe(200);
      const corrected = await request(gateways.BAMFMSP.app).get(`/v1/cases/${caseRef}`).set('Authorization', `Bearer ${await gateways.BAMFMSP.token('BAMF_CASEWORKER')}`);
      expect(corrected.body).toMatchObject({ state: 'DECIDED', outcomeClass: 'PROTECTION' });
      expect(corrected.body.docRef).toMatch(/^[0-9a-f]{64}$/);
      expect([recorded.body.docRef, OTHER_DOCUMENT_HASH]).not.toContain(corrected.body.docRef);
      const history = await request(gateways.BAMFMSP.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${await gateways.BAMFMSP.token('BAMF_CASEWORKER')}`);
      const entries = history.body.entries as { txId: string; type: string; correctsTxId: string | null; correctedBy: string[] }[];
      expect(entries.find((entry) => entry.txId === decision.body.txId)).toMatchObject({ type: 'recordDecision', correctedBy: [correction.body.txId] });
      expect(entries.find((entry) => entry.txId === correction.body.txId)).toMatchObject({ type: 'correctEvent', correctsTxId: decision.body.txId });
      expect((await step('BAMFMSP', 'BAMF_CASEWORKER', { type: 'recordService', servedOn: daysAgo(21) })).status).toBe(200);
      expect((await step('BAMFMSP', 'BAMF_CASEWORKER', { type: 'markFinal', effectiveOn: daysAgo(1) })).status).toBe(200);
      expect((await step('ABHMSP', 'ABH', { type: 'recordTitleIssued', effectiveOn: daysAgo(1) })).status).toBe(200);
      const closed = await step('ABHMSP', 'ABH', { type: 'closeCase', effectiveOn: daysAgo(1) });
      expect(closed.body).toMatchObject({ state: 'CLOSED' });
      // the private record is there while the case is open (so the purge check below can fail)
      await waitUntilCaseAt(gateways.LDSMSP, caseRef, lastSeq);
      expect(await privateFieldsAt('LDSMSP', 'LAND_RECEPTION')).toMatchObject({ responsibleUnit: unit });
      expect(filesWith(ldsFolder, Buffer.from(new ReferenceCipher(TEST_KEY).index(reference)))).not.toEqual([]);
      expect(idempotencyRowsOf(caseRef)).toBeGreaterThanOrEqual(3);
    });

    it('refuses the erasure while a participant has not attested the deletion of its mapping', async () => {
      const early = await step('BAMFMSP', 'ADMIN', { type: 'eraseCase', ground: 'GOVERNANCE_DECISION' });
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('ERASURE_NOT_ALLOWED');
    });

    it('deletes the mapping at the LDS gateway and attests it, and every other participant attests (forgetting the case at its gateway)', async () => {
      const lds = gateways.LDSMSP;
      const deleted = await request(lds.app).delete(`/v1/local-references/${encodeURIComponent(reference)}`).set('Authorization', `Bearer ${await lds.token('LAND_RECEPTION')}`);
      expect(deleted.status).toBe(204);
      expect(filesWith(ldsFolder, Buffer.from(new ReferenceCipher(TEST_KEY).index(reference)))).toEqual([]);
      expect(idempotencyRowsOf(caseRef)).toBe(0);
      expect((await step('LDSMSP', 'LAND_RECEPTION', { type: 'attestMappingDeleted' })).status).toBe(200);
      expect(rowsOf(bamfFolder, 'idempotency', caseRef)).toBeGreaterThan(0);
      expect((await step('BAMFMSP', 'BAMF_CASEWORKER', { type: 'attestMappingDeleted' })).status).toBe(200);
      // the BAMF gateway held no mapping, but the case's salt and idempotency records: gone with its attestation
      expect([rowsOf(bamfFolder, 'doc_salts', caseRef), rowsOf(bamfFolder, 'idempotency', caseRef)]).toEqual([0, 0]);
      const last = await step('ABHMSP', 'ABH', { type: 'attestMappingDeleted' });
      expect(last.body).toMatchObject({ state: 'CLOSED' });
    });

    it('erases the case: a tombstone, no private data at any peer, no mapping at any gateway', async () => {
      const erased = await step('BAMFMSP', 'ADMIN', { type: 'eraseCase', ground: 'GOVERNANCE_DECISION' });
      expect(erased.status).toBe(200);
      expect(erased.body).toMatchObject({ state: 'ERASED' });
      for (const [mspId, role] of [['LDSMSP', 'LAND_RECEPTION'], ['BAMFMSP', 'BAMF_CASEWORKER'], ['ABHMSP', 'ABH']] as const) {
        await waitUntilCaseAt(gateways[mspId], caseRef, lastSeq);
        const current = await request(gateways[mspId].app).get(`/v1/cases/${caseRef}`).set('Authorization', `Bearer ${await gateways[mspId].token(role)}`);
        expect(current.body).toMatchObject({ caseRef, state: 'ERASED', docRef: null, holds: [] });
        expect(JSON.stringify(await privateFieldsAt(mspId, role).catch((error: unknown) => String(error)))).not.toContain(unit);
        const found = await request(gateways[mspId].app).get(`/v1/local-references/${encodeURIComponent(reference)}`).set('Authorization', `Bearer ${await gateways[mspId].token(role)}`);
        expect(found.status).toBe(404);
      }
      expect(readdirSync(ldsFolder).flatMap((name) => (readFileSync(path.join(ldsFolder, name)).includes(Buffer.from(reference)) ? [name] : []))).toEqual([]);
    });

    it('changes the erased case no more: every further write is refused', async () => {
      for (const [mspId, role, body] of [
        ['ABHMSP', 'ABH', { type: 'attestMappingDeleted' }],
        ['BAMFMSP', 'ADMIN', { type: 'eraseCase', ground: 'GOVERNANCE_DECISION' }],
        ['BAMFMSP', 'BAMF_CASEWORKER', { type: 'lodgeApplication', effectiveOn: daysAgo(1) }],
      ] as const) {
        const res = await step(mspId, role, body);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('INVALID_TRANSITION');
      }
    });
  });
}
