/**
 * A person's name sent in any field of any write (body fields of every transition, correction
 * fields, private fields, an unknown field's name), in the Idempotency-Key, in X-Request-Id, in the
 * path and in the query, through three gateways running the real chaincode: it appears in no
 * response, no stored outcome (the gateway databases), no gateway log line, and in none of the
 * ledger's files the caller names (the embedded ledger's database; on Fabric, the peers' and
 * chaincode servers' logs).
 *
 * `integration/name-in-every-field.test.ts` runs it on the embedded ledger; test/e2e runs it on the
 * real network.
 */
import { CorrectedFields, TRANSITIONS, type TransitionType } from '@asylum-ledger/domain';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { z } from 'zod';
import { TRANSITION_ROUTE_TYPES } from '../http/write-bodies';
import { recordSent } from './sent-values';
import { createPortGateway, type PortGateway } from './test-gateway';
import type { SuiteLedger } from './three-gateways-suite';

/** A ledger for the suite, and the files of it in which no name may appear afterwards. */
export interface NameSuiteLedger extends SuiteLedger {
  /** Files to search once the requests are done (read as bytes; a SQLite file's -wal too). */
  readonly files: () => readonly string[];
}

const MARKER = 'Jonas.Mueller';
const MARKERS = [MARKER, 'MUELLERJONAS', 'SCHMIDT-ANNA'];
const today = (): string => new Date().toISOString().slice(0, 10);
const future = (): string => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/** A valid value for every field a transition body can have. */
const VALID: Record<string, unknown> = {
  effectiveOn: today(), landCode: 'DE-SN', responsible: 'ABHMSP', dueBy: future(), dublin: 'REJECTED',
  outcomeClass: 'REJECTED', servedOn: today(), docRef: `sha256:${'ab'.repeat(32)}`, result: 'URGENT_APPLICATION_REJECTED',
  mode: 'VOLUNTARY', procedureKind: 'ERSTANTRAG', correctsTxId: 'cd'.repeat(32), reasonCode: 'DATA_ENTRY_ERROR',
  corrected: { effectiveOn: today() }, ground: 'GOVERNANCE_DECISION', expectedSeq: 1,
};
const VALID_PRIVATE: Record<string, string> = { protectionType: 'PAR3', responsibleUnit: 'AE-01', municipalityCode: '14612000', titleType: 'AE_25_1' };

function bodyFields(type: TransitionType): string[] {
  return Object.keys((TRANSITIONS[type].input as unknown as z.ZodObject).shape).filter((field) => !['caseRef', 'requestId'].includes(field));
}

/** The gateway and role that may send a transition. */
function senderOf(type: TransitionType, gateways: Record<'BAMFMSP' | 'LDSMSP' | 'ABHMSP', PortGateway>): [PortGateway, string] {
  const role = TRANSITIONS[type].roles[0]!;
  if (role.startsWith('BAMF') || role === 'ADMIN') return [gateways.BAMFMSP, role];
  if (role.startsWith('LAND')) return [gateways.LDSMSP, role];
  return [gateways.ABHMSP, role];
}

function readAll(file: string): string {
  return [file, `${file}-wal`].filter((candidate) => existsSync(candidate)).map((candidate) => readFileSync(candidate).toString('latin1')).join('');
}

/** Repeats a request while the acting org's peer may not have the latest block yet. */
async function eventually(attempt: () => Promise<request.Response>): Promise<request.Response> {
  let res = await attempt();
  for (let tries = 0; tries < 50 && [404, 409].includes(res.status); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    res = await attempt();
  }
  return res;
}

/**
 * Declares the suite.
 * @param name the describe name (say which ledger).
 * @param openLedger opens the ledger in beforeAll; the suite closes it in afterAll.
 */
export function describeNameInEveryField(name: string, openLedger: () => Promise<NameSuiteLedger>): void {
  describe(name, () => {
    let dir: string;
    let ledger: NameSuiteLedger;
    let gateways: Record<'BAMFMSP' | 'LDSMSP' | 'ABHMSP', PortGateway>;
    let lodged = '';
    let registered = '';
    const responses: string[] = [];

    async function send(gateway: PortGateway, role: string, method: 'post' | 'get', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<request.Response> {
      const token = await gateway.token(role);
      let call = (method === 'post' ? request(gateway.app).post(url) : request(gateway.app).get(url)).set('Authorization', `Bearer ${token}`);
      for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
      if (method === 'post') call = call.set('Idempotency-Key', headers['Idempotency-Key'] ?? randomUUID());
      const res = await (body === undefined ? call : call.send(body as object));
      responses.push(JSON.stringify({ status: res.status, headers: res.headers, body: res.body as unknown, text: res.text }));
      return res;
    }

    async function transition(type: TransitionType, caseRef: string, fields: Record<string, unknown>): Promise<request.Response> {
      const [gateway, role] = senderOf(type, gateways);
      return send(gateway, role, 'post', `/v1/cases/${caseRef}/transitions`, { type, ...fields });
    }

    beforeAll(async () => {
      recordSent('secret', ...MARKERS);
      dir = mkdtempSync(path.join(os.tmpdir(), 'gw-names-'));
      ledger = await openLedger();
      const open = (mspId: 'BAMFMSP' | 'LDSMSP' | 'ABHMSP', orgKind: 'FEDERAL' | 'LAND' | 'ABH'): PortGateway =>
        createPortGateway(ledger.forOrg(mspId), { mspId, orgKind, dbFile: path.join(dir, `${mspId}.sqlite`) });
      gateways = { BAMFMSP: open('BAMFMSP', 'FEDERAL'), LDSMSP: open('LDSMSP', 'LAND'), ABHMSP: open('ABHMSP', 'ABH') };
      const reg = await send(gateways.LDSMSP, 'LAND_RECEPTION', 'post', '/v1/cases', { procedureKind: 'ERSTANTRAG', effectiveOn: today() });
      registered = (reg.body as { caseRef: string }).caseRef;
      const second = await send(gateways.LDSMSP, 'LAND_RECEPTION', 'post', '/v1/cases', { procedureKind: 'ERSTANTRAG', effectiveOn: today() });
      lodged = (second.body as { caseRef: string }).caseRef;
      for (const [type, fields] of [
        ['recordDistribution', { landCode: 'DE-SN', effectiveOn: today() }],
        ['confirmArrival', { effectiveOn: today() }],
        ['lodgeApplication', { effectiveOn: today() }],
      ] as const) {
        expect((await eventually(() => transition(type, lodged, fields))).status).toBe(200);
      }
    }, 120_000);

    afterAll(async () => {
      for (const gateway of Object.values(gateways)) gateway.store.close();
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reaches the chaincode with a name as the new responsible authority, and is refused there without repeating it', async () => {
      const allocation = await eventually(() => transition('allocateToMunicipality', lodged, { effectiveOn: today(), responsible: MARKER }));
      expect(allocation.status).toBe(400);
      expect(allocation.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'responsible' } });
      const distribution = await eventually(() => transition('recordDistribution', registered, { landCode: 'DE-SN', effectiveOn: today(), responsible: MARKER }));
      expect(distribution.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'responsible' } });
    });

    it('refuses a name in every body field, correction field and private field of every transition', async () => {
      for (const type of TRANSITION_ROUTE_TYPES) {
        const base = Object.fromEntries(bodyFields(type).map((field) => [field, VALID[field]]));
        const caseRef = ['allocateToMunicipality', 'transferResponsibility'].includes(type) ? lodged : registered;
        for (const marker of MARKERS) {
          for (const field of bodyFields(type)) expect((await transition(type, caseRef, { ...base, [field]: marker })).status).toBeGreaterThanOrEqual(400);
          for (const field of TRANSITIONS[type].privateFields) {
            const res = await transition(type, caseRef, { ...base, private: { ...VALID_PRIVATE, [field]: marker } });
            expect(res.status).toBeGreaterThanOrEqual(400);
          }
          expect((await transition(type, caseRef, { ...base, [marker]: 'x' })).status).toBe(400);
        }
      }
      for (const field of Object.keys(CorrectedFields.shape)) {
        const res = await transition('correctEvent', registered, { correctsTxId: 'cd'.repeat(32), reasonCode: 'DATA_ENTRY_ERROR', corrected: { [field]: MARKER } });
        expect(res.status).toBeGreaterThanOrEqual(400);
      }
    }, 300_000);

    it('never repeats a name sent as Idempotency-Key, X-Request-Id, path parameter or query value', async () => {
      const key = 'Klaus-Bauer-1962-05-05';
      const first = await send(gateways.LDSMSP, 'LAND_RECEPTION', 'post', '/v1/cases', { procedureKind: 'ERSTANTRAG', effectiveOn: today() }, { 'Idempotency-Key': key, 'X-Request-Id': `${MARKER}-0001` });
      expect(first.status).toBe(201);
      const replay = await send(gateways.LDSMSP, 'LAND_RECEPTION', 'post', '/v1/cases', { procedureKind: 'ERSTANTRAG', effectiveOn: today() }, { 'Idempotency-Key': key });
      expect(replay.body).toEqual(first.body);
      expect((await send(gateways.LDSMSP, 'AUDITOR', 'get', `/v1/cases/${MARKER}`)).status).toBe(400);
      expect((await send(gateways.LDSMSP, 'AUDITOR', 'get', `/v1/cases/${encodeURIComponent(MARKER)}/history`)).status).toBe(400);
      expect((await send(gateways.ABHMSP, 'ABH', 'get', `/v1/cases/${encodeURIComponent(MARKER)}/private-fields`)).status).toBe(400);
      expect((await send(gateways.LDSMSP, 'AUDITOR', 'get', `/v1/cases?responsible=${encodeURIComponent(MARKER)}`)).status).toBe(200);
      expect((await send(gateways.LDSMSP, 'AUDITOR', 'get', `/v1/cases?state=${encodeURIComponent(MARKER)}`)).status).toBe(400);
      expect((await send(gateways.LDSMSP, 'AUDITOR', 'get', `/v1/cases?state=REGISTERED&bookmark=${encodeURIComponent(MARKER)}`)).status).toBe(400);
      for (const gateway of Object.values(gateways)) gateway.store.close();
      for (const needle of [...MARKERS, key]) {
        const where = {
          responses: responses.some((text) => text.includes(needle)),
          logs: Object.values(gateways).some((gateway) => gateway.logLines.some((line) => line.includes(needle))),
          gatewayDatabases: ['BAMFMSP', 'LDSMSP', 'ABHMSP'].some((mspId) => readAll(path.join(dir, `${mspId}.sqlite`)).includes(needle)),
          ledgerFiles: ledger.files().some((file) => readAll(file).includes(needle)),
        };
        expect({ needle, ...where }).toEqual({ needle, responses: false, logs: false, gatewayDatabases: false, ledgerFiles: false });
      }
      for (const mspId of ['BAMFMSP', 'LDSMSP', 'ABHMSP'] as const) {
        gateways[mspId] = createPortGateway(ledger.forOrg(mspId), { mspId, orgKind: mspId === 'BAMFMSP' ? 'FEDERAL' : mspId === 'LDSMSP' ? 'LAND' : 'ABH', dbFile: path.join(dir, `${mspId}.sqlite`) });
      }
    }, 120_000);
  });
}
