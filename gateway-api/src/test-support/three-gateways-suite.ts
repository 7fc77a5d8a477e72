import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DevLedger } from '@asylum-ledger/dev-ledger';
/**
 * The gateway over the real chaincode, as a suite any ledger can run: three gateways (BAMF, LDS,
 * ABH) in one process on one ledger, each with its own database and tokens, driving a case through
 * the process by HTTP only. Where the route tests look at one gateway over one org's port (and
 * inject faults there), this suite checks the orgs together: the domain inputs as the chaincode
 * parses them for each role, private data as transient data, history and pages as the chaincode
 * answers them, and that bad input and replays leave the ledger unchanged.
 *
 * `integration/three-gateways.test.ts` runs it on the embedded ledger; a real-network suite runs
 * it on the Fabric adapter (`openFabricProcessLedger`) once the network is up.
 */
import request from 'supertest';
import type { EvaluateRequest, LedgerPort, SubmitRequest } from '@asylum-ledger/domain';
import { createPortGateway, type PortGateway } from './test-gateway';

/** A ledger for the suite: a port per org, and how to close it. */
export interface SuiteLedger {
  forOrg(mspId: string): LedgerPort;
  close(): Promise<void>;
}

/** A suite ledger on the embedded dev ledger in a fresh temporary folder, removed on close. */
export async function openTempDevLedger(prefix: string): Promise<SuiteLedger> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const ledger = await DevLedger.open({ databasePath: path.join(dir, 'ledger.sqlite'), identityDir: path.join(dir, 'ids'), synchronous: 'NORMAL' });
  return {
    forOrg: (mspId) => ledger.forOrg(mspId),
    close: async () => {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The port with every submit recorded in `into` (what a gateway hands the ledger, args and transient data), and every evaluate in `evaluates`. */
function recordingSubmits(port: LedgerPort, into: SubmitRequest[], evaluates: EvaluateRequest[] = []): LedgerPort {
  return new Proxy(port, {
    get(target, property): unknown {
      if (property === 'submit') {
        return (submitted: SubmitRequest) => {
          into.push(submitted);
          return target.submit(submitted);
        };
      }
      if (property === 'evaluate') {
        return (evaluated: EvaluateRequest) => {
          evaluates.push(evaluated);
          return target.evaluate(evaluated);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Everything a submit carries, as text: its arguments and its transient values. */
function submittedText(submitted: readonly SubmitRequest[]): string {
  return submitted
    .map((entry) => [...entry.args, ...Object.values(entry.transient ?? {}).map((value) => Buffer.from(value).toString('utf8'))].join('\n'))
    .join('\n');
}

/** Waits until a gateway's own peer shows the case at `seq` (another org's peer may lag a block). */
export async function waitUntilCaseAt(gateway: PortGateway, caseRef: string, seq: number): Promise<void> {
  const token = await gateway.token('AUDITOR');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const res = await request(gateway.app).get(`/v1/cases/${caseRef}`).set('Authorization', `Bearer ${token}`);
    if (res.status === 200 && (res.body as { seq: number }).seq >= seq) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`case not at seq ${seq} at this gateway`);
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Declares the suite.
 * @param name the describe name (say which ledger).
 * @param openLedger opens the ledger in beforeAll; the suite closes it in afterAll.
 */
export function describeThreeGateways(name: string, openLedger: () => Promise<SuiteLedger>): void {
  describe(name, () => {
    let ledger: SuiteLedger;
    let bamf: PortGateway;
    let bamfPort: LedgerPort;
    let lds: PortGateway;
    let abh: PortGateway;
    const ldsSubmits: SubmitRequest[] = [];
    const bamfSubmits: SubmitRequest[] = [];
    const abhEvaluates: EvaluateRequest[] = [];
    let caseRef = '';
    let keyCounter = 0;
    const on = { effectiveOn: daysAgo(3) };

    beforeAll(async () => {
      ledger = await openLedger();
      bamfPort = ledger.forOrg('BAMFMSP');
      bamf = createPortGateway(recordingSubmits(bamfPort, bamfSubmits), { mspId: 'BAMFMSP', orgKind: 'FEDERAL' });
      lds = createPortGateway(recordingSubmits(ledger.forOrg('LDSMSP'), ldsSubmits), { mspId: 'LDSMSP', orgKind: 'LAND' });
      abh = createPortGateway(recordingSubmits(ledger.forOrg('ABHMSP'), [], abhEvaluates), { mspId: 'ABHMSP', orgKind: 'ABH' });
    }, 600_000);

    afterAll(async () => {
      for (const gateway of [bamf, lds, abh]) gateway.store.close();
      await ledger.close();
    });

    let lastSeq = 1;

    async function step(gateway: PortGateway, role: string, body: Record<string, unknown>, key = `k-${(keyCounter += 1)}`) {
      await waitUntilCaseAt(gateway, caseRef, lastSeq);
      const res = await request(gateway.app)
        .post(`/v1/cases/${caseRef}/transitions`)
        .set('Authorization', `Bearer ${await gateway.token(role)}`)
        .set('Idempotency-Key', key)
        .send(body);
      if (res.status === 200) lastSeq = (res.body as { seq: number }).seq;
      return res;
    }

    async function height(): Promise<bigint> {
      return bamfPort.blockHeight();
    }

    it('registers at LDS with a local reference that never reaches the ledger', async () => {
      const before = await height();
      const refused = await request(lds.app)
        .post('/v1/cases')
        .set('Idempotency-Key', randomUUID())
        .set('Authorization', `Bearer ${await lds.token('LAND_DISTRIBUTION')}`)
        .send({ procedureKind: 'ERSTANTRAG', ...on, localReference: 'LDS-AZ-0816' });
      expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
      expect(await height()).toBe(before);
      expect(ldsSubmits).toEqual([]);
      const res = await request(lds.app)
        .post('/v1/cases')
        .set('Idempotency-Key', randomUUID())
        .set('Authorization', `Bearer ${await lds.token('LAND_RECEPTION')}`)
        .send({ procedureKind: 'ERSTANTRAG', ...on, localReference: 'LDS-AZ-0815' });
      caseRef = res.body.caseRef as string;
      expect(res.status).toBe(201);
      expect(res.headers['ledger-mode']).toBe(bamfPort.mode);
      // the registration went to the ledger, its local reference did not
      expect(ldsSubmits.map((entry) => entry.transaction)).toEqual(['case:registerCase']);
      expect(submittedText(ldsSubmits)).toContain(caseRef);
      expect(submittedText(ldsSubmits)).not.toContain('LDS-AZ-081');
      const found = await request(lds.app).get('/v1/local-references/LDS-AZ-0815').set('Authorization', `Bearer ${await lds.token('LAND_ZAB')}`);
      expect(found.body.cases).toEqual([{ caseRef, createdAt: expect.any(String) }]);
      const notMapped = await request(lds.app).get('/v1/local-references/LDS-AZ-0816').set('Authorization', `Bearer ${await lds.token('LAND_ZAB')}`);
      expect(notMapped.status).toBe(404);
      const other = await request(bamf.app).get('/v1/local-references/LDS-AZ-0815').set('Authorization', `Bearer ${await bamf.token('BAMF_CASEWORKER')}`);
      expect(other.status).toBe(404);
    });

    it('drives the case through three authorities, private fields included', async () => {
      expect((await step(bamf, 'BAMF_REGISTRATION', { type: 'recordDistribution', landCode: 'DE-SN', ...on })).body).toMatchObject({ state: 'DISTRIBUTED', seq: 2 });
      const arrival = await step(lds, 'LAND_RECEPTION', { type: 'confirmArrival', ...on, expectedSeq: 2, private: { responsibleUnit: 'AE-01' } });
      expect(arrival.body).toMatchObject({ state: 'ARRIVED', seq: 3 });
      expect((await step(bamf, 'BAMF_CASEWORKER', { type: 'lodgeApplication', ...on })).body).toMatchObject({ state: 'APPLICATION_LODGED' });
      expect((await step(bamf, 'BAMF_CASEWORKER', { type: 'scheduleHearing', dueBy: daysAgo(-7) })).status).toBe(200);
      expect((await step(bamf, 'BAMF_CASEWORKER', { type: 'recordHearingHeld', ...on })).status).toBe(200);
      expect((await step(lds, 'LAND_DISTRIBUTION', { type: 'allocateToMunicipality', ...on, responsible: 'ABHMSP' })).body).toMatchObject({ seq: 7 });
      expect((await step(bamf, 'BAMF_CASEWORKER', { type: 'recordDecision', ...on, outcomeClass: 'REJECTED', track: 'REGULAR', private: { protectionType: 'PAR60' } })).status).toBe(200);
      expect((await step(bamf, 'BAMF_CASEWORKER', { type: 'recordService', servedOn: daysAgo(2) })).body).toMatchObject({ state: 'SERVED' });
      expect((await step(bamf, 'BAMF_LITIGATION', { type: 'recordUrgentApplication', ...on })).body).toMatchObject({ state: 'UNDER_APPEAL' });
      const current = await request(abh.app).get(`/v1/cases/${caseRef}`).set('Authorization', `Bearer ${await abh.token('ABH')}`);
      expect(current.body).toMatchObject({ caseRef, state: 'UNDER_APPEAL', responsible: 'ABHMSP', holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION'] });
      // writes with private fields name their endorsers (ADR 0009): the case key's policy, the
      // submitter first, so the values reach only the responsible org's peer and BAMF's
      const endorsers = (submits: SubmitRequest[], transaction: string) => submits.filter((entry) => entry.transaction === transaction).map((entry) => [...(entry.endorsingOrgs ?? [])].sort());
      expect(endorsers(ldsSubmits, 'case:confirmArrival')).toEqual([['BAMFMSP', 'LDSMSP']]);
      expect(endorsers(bamfSubmits, 'case:recordDecision')).toEqual([['ABHMSP', 'BAMFMSP']]);
      // a write without private fields leaves the choice to discovery
      expect(endorsers(bamfSubmits, 'case:recordService')).toEqual([[]]);
    });

    it("serves the private fields to the case's participants, the ABH's from a member's peer, and to no auditor", async () => {
      const fields = { caseRef, responsibleUnit: 'AE-01', protectionType: 'PAR60' };
      const read = async (gateway: PortGateway, role: string) =>
        request(gateway.app).get(`/v1/cases/${caseRef}/private-fields`).set('Authorization', `Bearer ${await gateway.token(role)}`);
      for (const [gateway, role] of [[lds, 'LAND_RECEPTION'], [bamf, 'BAMF_CASEWORKER'], [abh, 'ABH']] as const) {
        const res = await read(gateway, role);
        expect({ role, status: res.status, body: res.body as unknown }).toEqual({ role, status: 200, body: fields });
      }
      // on Fabric the Ausländerbehörde's peer keeps no copy of land-DE-SN and names the members: the
      // Landesdirektion's peer answered; the embedded ledger has one store for every org
      const expectedAt = bamfPort.mode === 'fabric' ? [undefined, 'LDSMSP'] : [undefined];
      expect(abhEvaluates.filter((entry) => entry.transaction === 'case:getPrivateFields').map((entry) => entry.at)).toEqual(expectedAt);
      for (const [gateway, status, code] of [[bamf, 403, 'FORBIDDEN_READ'], [abh, 403, 'FORBIDDEN_READ']] as const) {
        const res = await read(gateway, 'AUDITOR');
        expect([res.status, res.body.code]).toEqual([status, code]);
      }
      const unknown = await request(lds.app).get(`/v1/cases/${'0'.repeat(32)}/private-fields`).set('Authorization', `Bearer ${await lds.token('LAND_RECEPTION')}`);
      expect([unknown.status, unknown.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    });

    it.each([
      ['REMOVAL_HOLD_ACTIVE', 409, () => step(lds, 'LAND_ZAB', { type: 'recordDeparture', ...on, mode: 'REMOVAL' })],
      ['INVALID_TRANSITION', 409, () => step(abh, 'ABH', { type: 'recordTitleIssued', ...on })],
      ['VERSION_CONFLICT', 409, () => step(bamf, 'BAMF_LITIGATION', { type: 'markFinal', ...on, expectedSeq: 3 })],
      ['DATE_IN_FUTURE', 422, () => step(bamf, 'BAMF_LITIGATION', { type: 'markFinal', effectiveOn: daysAgo(-30) })],
      ['FORBIDDEN_ROLE', 403, () => step(abh, 'ABH', { type: 'recordDecision', ...on, outcomeClass: 'PROTECTION' })],
      ['VALIDATION_FAILED', 400, () => step(bamf, 'BAMF_LITIGATION', { type: 'markFinal', ...on, birthDate: '1990-01-01' })],
    ])('answers %s (%i) from HTTP and leaves the ledger unchanged', async (code, status, attempt) => {
      await waitUntilCaseAt(bamf, caseRef, lastSeq);
      const before = await height();
      const res = await attempt();
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await height()).toBe(before);
    });

    it('replays an Idempotency-Key with the same txId and writes nothing new', async () => {
      const body = { type: 'recordCourtOutcome', ...on, result: 'URGENT_APPLICATION_REJECTED' };
      const first = await step(bamf, 'BAMF_LITIGATION', body, 'court-1');
      expect(first.status).toBe(200);
      const before = await height();
      const again = await step(bamf, 'BAMF_LITIGATION', body, 'court-1');
      expect(again.body).toEqual(first.body);
      expect(await height()).toBe(before);
    });

    it('serves the history at every participant and pages of cases', async () => {
      const history = await request(abh.app).get(`/v1/cases/${caseRef}/history`).set('Authorization', `Bearer ${await abh.token('ABH')}`);
      expect(history.status).toBe(200);
      const types = (history.body.entries as { type: string }[]).map((entry) => entry.type);
      expect(types.slice(0, 3)).toEqual(['registerCase', 'recordDistribution', 'confirmArrival']);
      expect(types.at(-1)).toBe('recordCourtOutcome');
      // other suites may share the ledger, so the case is on some page of the ABH's cases, once
      const auditor = `Bearer ${await bamf.token('AUDITOR')}`;
      const seen: string[] = [];
      let bookmark = '';
      for (let pages = 0; pages < 200; pages += 1) {
        const query = bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`;
        const page = await request(bamf.app).get(`/v1/cases?responsible=ABHMSP&pageSize=5${query}`).set('Authorization', auditor);
        expect(page.status).toBe(200);
        const refs = (page.body.cases as { caseRef: string }[]).map((entry) => entry.caseRef);
        expect(refs.length).toBeLessThanOrEqual(5);
        seen.push(...refs);
        bookmark = (page.body.nextBookmark as string | null) ?? '';
        if (bookmark === '' || refs.length === 0) break;
      }
      expect(seen.filter((ref) => ref === caseRef)).toHaveLength(1);
    });

    it('refuses a token of another org at each gateway (401), for every ordered pair of the three', async () => {
      const gateways = { BAMFMSP: bamf, LDSMSP: lds, ABHMSP: abh };
      const answers: string[] = [];
      for (const [issuer, issuedBy] of Object.entries(gateways)) {
        const token = await issuedBy.token('AUDITOR');
        for (const [target, gateway] of Object.entries(gateways)) {
          const res = await request(gateway.app).get(`/v1/cases/${caseRef}`).set('Authorization', `Bearer ${token}`);
          answers.push(`${issuer} token at ${target}: ${String(res.status)}`);
        }
      }
      expect(answers).toEqual([
        'BAMFMSP token at BAMFMSP: 200', 'BAMFMSP token at LDSMSP: 401', 'BAMFMSP token at ABHMSP: 401',
        'LDSMSP token at BAMFMSP: 401', 'LDSMSP token at LDSMSP: 200', 'LDSMSP token at ABHMSP: 401',
        'ABHMSP token at BAMFMSP: 401', 'ABHMSP token at LDSMSP: 401', 'ABHMSP token at ABHMSP: 200',
      ]);
    });
  });
}
