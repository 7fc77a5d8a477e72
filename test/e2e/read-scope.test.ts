/**
 * Read scope on the real network (issue 19): a Land's authorities read the cases of their own Land
 * and the cases they took part in; the federal office reads every case. The reference network has
 * one Land with a peer (Saxony); Thuringia (LTHMSP) is added to the authority directory by
 * governance and runs no peer, as a Land whose cases Saxony's authorities must not read. BAMF
 * registers a case and distributes it to Thuringia (endorsed by BAMF and a Saxon peer under the
 * key's policy before the write); from then on the case needs Thuringia's peer for every write, so
 * it stays in the reference network (Thuringia stays in the directory: an authority responsible for
 * cases cannot be retired). Every read goes through each org's gateway to its own peer.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FabricLedger } from '../../gateway-api/src/fabric';
import { openFabricProcessLedger, type ProcessLedger } from '../../gateway-api/src/ledger-factory';
import { createPortGateway, distributedCase, registerBody, type PortGateway } from '../../gateway-api/src/test-support/test-gateway';
import { CaseSession } from '../support/case-session';
import { changeDirectory, directoryEntry } from '../support/directory-changes';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

const THURINGIA = { mspId: 'LTHMSP', kind: 'LAND', landCode: 'DE-TH', active: true } as const;
const GATEWAYS = [
  { mspId: 'BAMFMSP', orgKind: 'FEDERAL', clerk: 'BAMF_REGISTRATION' },
  { mspId: 'LDSMSP', orgKind: 'LAND', clerk: 'LAND_RECEPTION' },
  { mspId: 'ABHMSP', orgKind: 'ABH', clerk: 'ABH' },
] as const;
type GatewayOrg = (typeof GATEWAYS)[number]['mspId'];

describeRealNetwork('read scope on the real network: a Land reads its own cases, the federal office all', (network: () => RealNetwork) => {
  let ledger: ProcessLedger;
  let session: CaseSession;
  const gateways = new Map<GatewayOrg, PortGateway>();
  let thuringian: string;
  let saxon: string;

  async function tokenOf(mspId: GatewayOrg, role: string): Promise<string> {
    return gateways.get(mspId)!.token(role);
  }

  async function read(mspId: GatewayOrg, role: string, path: string): Promise<request.Response> {
    return request(gateways.get(mspId)!.app).get(path).set('Authorization', `Bearer ${await tokenOf(mspId, role)}`);
  }

  /** Reads until the org's own peer has committed the case's distribution (its seq 2). */
  async function waitForSeq(mspId: GatewayOrg, caseRef: string, seq: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answer = await read(mspId, 'AUDITOR', `/v1/cases/${caseRef}`);
      if ((answer.status === 200 && (answer.body as { seq: number }).seq >= seq) || answer.status === 403) return;
      if (Date.now() > deadline) throw new Error(`case ${caseRef} did not reach seq ${seq} at ${mspId}: ${answer.status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    const { ctx } = network();
    session = new CaseSession(ctx);
    await session.start();
    if (!(await directoryEntry(session, THURINGIA.mspId))?.active) await changeDirectory(session, THURINGIA);
    ledger = openFabricProcessLedger({
      ledgerFiles: { networkConfig: ctx.env.configFile, networkRunDir: ctx.env.runDir, embeddedDatabase: undefined, embeddedIdentityDir: undefined },
      deadlines: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 },
    });
    for (const { mspId, orgKind } of GATEWAYS) {
      const port = ledger.forOrg(mspId);
      if (!(port instanceof FabricLedger)) throw new Error('not a Fabric ledger');
      gateways.set(mspId, createPortGateway(port, { mspId, orgKind }));
    }

    // a case BAMF registers and distributes to Thuringia: no Saxon authority takes part in it
    const bamf = gateways.get('BAMFMSP')!;
    const registrar = await bamf.token('BAMF_REGISTRATION');
    const registered = await request(bamf.app).post('/v1/cases').set({ Authorization: `Bearer ${registrar}`, 'Idempotency-Key': randomUUID() }).send(registerBody());
    if (registered.status !== 201) throw new Error(`registration answered ${registered.status}: ${JSON.stringify(registered.body)}`);
    thuringian = (registered.body as { caseRef: string }).caseRef;
    const distributed = await request(bamf.app)
      .post(`/v1/cases/${thuringian}/transitions`)
      .set({ Authorization: `Bearer ${registrar}`, 'Idempotency-Key': randomUUID() })
      .send({ type: 'recordDistribution', landCode: 'DE-TH', effectiveOn: '2026-11-20' });
    if (distributed.status !== 200) throw new Error(`distribution answered ${distributed.status}: ${JSON.stringify(distributed.body)}`);
    // a Saxon case registered by the LDS, which the Saxon ABH has not touched
    saxon = (await distributedCase(gateways.get('LDSMSP')!, await tokenOf('LDSMSP', 'LAND_RECEPTION'))).caseRef;
    for (const { mspId } of GATEWAYS) {
      await waitForSeq(mspId, thuringian, 2);
      await waitForSeq(mspId, saxon, 2);
    }
  });

  afterAll(async () => {
    for (const gateway of gateways.values()) gateway.store.close();
    await ledger.close();
    session.close();
  });

  it("records the Thuringian case under Thuringia's responsibility, with BAMF as its only participant", async () => {
    const answer = await read('BAMFMSP', 'AUDITOR', `/v1/cases/${thuringian}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ caseRef: thuringian, seq: 2, state: 'DISTRIBUTED', landCode: 'DE-TH', responsible: 'LTHMSP' });
  });

  it.each([
    ['LDSMSP', 'LAND_RECEPTION'],
    ['LDSMSP', 'AUDITOR'],
    ['ABHMSP', 'ABH'],
    ['ABHMSP', 'AUDITOR'],
  ] as const)("refuses %s's %s the Thuringian case and its history (403 FORBIDDEN_READ), and lists it to none of them", async (mspId, role) => {
    for (const path of [`/v1/cases/${thuringian}`, `/v1/cases/${thuringian}/history`]) {
      const refused = await read(mspId, role, path);
      expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN_READ']);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(refused.body)).not.toContain(thuringian);
    }
    const listed = await read(mspId, role, '/v1/cases?responsible=LTHMSP&pageSize=100');
    expect(listed.status).toBe(200);
    expect((listed.body.cases as { caseRef: string }[]).map((entry) => entry.caseRef)).not.toContain(thuringian);
  });

  it("lets BAMF's auditor read the Thuringian case's history and list it, as the federal auditor reads every case", async () => {
    const history = await read('BAMFMSP', 'AUDITOR', `/v1/cases/${thuringian}/history`);
    expect(history.status).toBe(200);
    expect((history.body.entries as { mspId: string }[]).map((entry) => entry.mspId)).toEqual(['BAMFMSP', 'BAMFMSP']);
    const listed = await read('BAMFMSP', 'AUDITOR', '/v1/cases?responsible=LTHMSP&pageSize=100');
    expect((listed.body.cases as { caseRef: string }[]).map((entry) => entry.caseRef)).toContain(thuringian);
  });

  it("lets the Saxon ABH read a Saxon case it took no part in, and its auditor that case's history, but not its caseworker (no participant)", async () => {
    expect((await read('ABHMSP', 'ABH', `/v1/cases/${saxon}`)).status).toBe(200);
    expect((await read('ABHMSP', 'AUDITOR', `/v1/cases/${saxon}/history`)).status).toBe(200);
    const refused = await read('ABHMSP', 'ABH', `/v1/cases/${saxon}/history`);
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN_READ']);
  });
});
