/**
 * The signed case export (issue 19) on the embedded ledger, verified offline by the CLI
 * (`npm run audit:verify-export`): the export verifies; any change to it does not.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { openDevLedger, createPortGateway, distributedCase, type PortGateway } from '../test-support/test-gateway';
import type { DevLedger } from '@asylum-ledger/dev-ledger';
import { keySigner, verifyExport, type CaseExport } from './case-export';

const ROOT = path.resolve(__dirname, '../../..');

function cli(file: string): { code: number; out: string } {
  try {
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'scripts/audit-verify-export.ts'), file], { encoding: 'utf8' });
    return { code: 0, out };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { code: failed.status, out: failed.stdout };
  }
}

describe('signed case export', () => {
  let ledger: DevLedger;
  let gw: PortGateway;
  let dir: string;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  beforeAll(async () => {
    ledger = await openDevLedger();
    dir = mkdtempSync(path.join(tmpdir(), 'audit-export-'));
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    gw.store.close();
  });

  it('exports the history with evidence, signed; the CLI verifies it and refuses a modified copy', async () => {
    gw = createPortGateway(ledger.forOrg('LDSMSP'), { audit: { signer: keySigner('LDSMSP', privateKey) } });
    const clerk = await gw.token('LAND_RECEPTION');
    const { caseRef } = await distributedCase(gw, clerk);
    const history = await request(gw.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${clerk}`);
    const distribution = (history.body.entries as { txId: string }[])[1]!.txId;
    const corrected = await request(gw.app)
      .post(`/v1/cases/${caseRef}/transitions`)
      .set({ Authorization: `Bearer ${clerk}`, 'Idempotency-Key': randomUUID() })
      .send({ type: 'correctEvent', correctsTxId: distribution, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-11-19' } });
    expect(corrected.status).toBe(200);

    const asClerk = await request(gw.app).get(`/v1/audit/cases/${caseRef}/export`).set('Authorization', `Bearer ${clerk}`);
    expect([asClerk.status, asClerk.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const res = await request(gw.app).get(`/v1/audit/cases/${caseRef}/export`).set('Authorization', `Bearer ${await gw.token('AUDITOR')}`);
    expect(res.status).toBe(200);
    const exported = res.body as CaseExport;
    expect(exported).toMatchObject({ format: 'asylum-ledger/audit-export@1', caseRef, exportedBy: 'LDSMSP', signature: { algorithm: 'ECDSA-SHA256', certificate: null } });
    expect(exported.history.map((entry) => [entry.type, entry.superseded])).toEqual([
      ['registerCase', false],
      ['recordDistribution', true],
      ['correctEvent', false],
    ]);
    expect(exported.evidence.map((entry) => [entry.blockNumber, entry.validationCode, entry.creatorRole, entry.block.dataHashValid])).toEqual([
      ['1', 'VALID', 'LAND_RECEPTION', true],
      ['2', 'VALID', 'LAND_RECEPTION', true],
      ['3', 'VALID', 'LAND_RECEPTION', true],
    ]);
    expect(verifyExport(exported)).toEqual({ ok: true, problems: [] });

    const good = path.join(dir, 'export.json');
    writeFileSync(good, JSON.stringify(exported, null, 2));
    const verified = cli(good);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain(`OK: export of case ${caseRef} by LDSMSP, 3 entries`);

    // one fact changed: the superseded mark of the corrected entry is removed
    const history2 = exported.history.map((entry, index) => (index === 1 ? { ...entry, superseded: false } : entry));
    const modified = path.join(dir, 'modified.json');
    writeFileSync(modified, JSON.stringify({ ...exported, history: history2 }));
    const refused = cli(modified);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('the signature does not match the content');
    // a dropped evidence entry is named as well as the broken signature
    expect(verifyExport({ ...exported, evidence: exported.evidence.slice(1) }).problems).toEqual([
      'the signature does not match the content',
      `history entry ${exported.history[0]!.txId as string} has no evidence`,
    ]);
  });

  it('answers 503 EXPORT_UNAVAILABLE on a gateway without a signing key', async () => {
    gw = createPortGateway(ledger.forOrg('LDSMSP'));
    const { caseRef } = await distributedCase(gw, await gw.token('LAND_RECEPTION'));
    const res = await request(gw.app).get(`/v1/audit/cases/${caseRef}/export`).set('Authorization', `Bearer ${await gw.token('AUDITOR')}`);
    expect([res.status, res.body.code]).toEqual([503, 'EXPORT_UNAVAILABLE']);
  });
});
