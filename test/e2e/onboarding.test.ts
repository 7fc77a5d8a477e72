/**
 * Onboarding a new Land and its Ausländerbehörde into the RUNNING reference network (issue 21),
 * through the same code as `network:add-org` and `network:upgrade-chaincode`: Brandenburg's
 * Landesamt (BBMSP, LAND, DE-BB) and an ABH of Brandenburg (BBABHMSP) join the channel, run the
 * chaincode at its current definition and enter the authority directory by governance; the new
 * Land's peer counts for the chaincode-level policy at once (ADR 0009, no upgrade); one upgrade
 * then makes the Landesamt a member of the collection land-DE-BB (once per LAND authority); the
 * ABH joins after it with no new definition at all. A case registered through the new Land's
 * gateway is distributed to DE-BB and allocated to the new ABH, with BAMF acting on it, and the
 * ABH writes its own private field at a peer that holds no copy of the collection; a Saxon case
 * registered before stays as it was, and neither Land reads the other's case.
 *
 * The suite changes who is in the network, which no other suite expects: afterwards it replaces
 * the network by a fresh one of the committed table (reset + up, ~15 s), so the suites after it
 * find the reference network (docs/adr/0008-onboarding-a-running-network.md).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { policyMembers, type PolicyNode } from '@asylum-ledger/domain';
import type { Role } from '@asylum-ledger/network/layout';
import { FabricLedger } from '../../gateway-api/src/fabric';
import { openFabricProcessLedger, type ProcessLedger } from '../../gateway-api/src/ledger-factory';
import { createPortGateway, registerBody } from '../../gateway-api/src/test-support/test-gateway';
import { addOrg } from '../../network/src/add-org';
import { queryCommittedSequence } from '../../network/src/chaincode-lifecycle';
import { upgradeChaincode } from '../../network/src/chaincode-upgrade';
import { CASE_ENDORSEMENT_POLICY_REFERENCE } from '../../network/src/collections-config';
import { listDirectoryMspIds } from '../../network/src/directory-bootstrap';
import { createNetworkContext, type NetworkContext } from '../../network/src/network-context';
import { dayFromToday, newSalt, registerCaseInput, today } from '../support/case-fixtures';
import { chaincodeErrorCode, chaincodeErrorOf, connectAs, evaluateJson, recordEvents, submitJson, type EventRecorder, type OrgClient } from '../support/fabric-clients';
import { whenEndorsable } from '../support/directory-changes';
import { committedDefinition } from '../support/ledger-probes';
import { assertNoPersonalDataInBlocks } from '../support/personal-data-guard';
import { describeRealNetwork, restartFreshRealNetwork, type RealNetwork } from '../support/real-network';

const BRANDENBURG = { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB', name: 'Landesamt fuer Asyl und Fluechtlinge Brandenburg' } as const;
const BB_ABH = { mspId: 'BBABHMSP', kind: 'ABH', landCode: 'DE-BB', name: 'Auslaenderbehoerde Potsdam' } as const;
const ALL_ORGS = ['BAMFMSP', 'LDSMSP', 'ABHMSP', BRANDENBURG.mspId, BB_ABH.mspId] as const;
const on = (): { effectiveOn: string } => ({ effectiveOn: today() });

/** Rethrows a Gateway error with the peers' answers in its message (jest shows only the message). */
function withDetails(what: string): (error: unknown) => never {
  return (error: unknown) => {
    const details = (error as { details?: { mspId?: string; message?: string }[] }).details ?? [];
    throw new Error(`${what}: ${String(error)} ${details.map((detail) => `[${detail.mspId ?? '?'}] ${detail.message ?? ''}`).join(' ')}`, { cause: error });
  };
}

interface Receipt {
  readonly caseRef: string;
  readonly seq: number;
  readonly state: string;
}

describeRealNetwork('onboarding a new Land and its Ausländerbehörde into the running network', (network: () => RealNetwork) => {
  describe('Brandenburg joins', () => {
    let ctx: NetworkContext;
    const clients = new Map<string, OrgClient>();
    const recorders = new Map<string, EventRecorder>();
    let ledger: ProcessLedger | undefined;
    const seconds: Record<string, number> = {};
    let sequenceBefore: number;
    let afterAddLand: { sequence: number; policy: string; write: string };
    let afterUpgrade: { sequence: number; collections: string };
    let saxonCase: string;
    let saxonBefore: { record: unknown; history: unknown };
    let bbCase: string;

    function client(mspId: string, role: Role): OrgClient {
      const key = `${mspId}/${role}`;
      let found = clients.get(key);
      if (!found) {
        found = connectAs(ctx, mspId, role);
        clients.set(key, found);
      }
      return found;
    }

    /** Waits until every org's own peer has committed the case at this seq (its event reached that peer's stream). */
    async function committedEverywhere(caseRef: string, seq: number): Promise<void> {
      await Promise.all([...recorders.values()].map((recorder) =>
        recorder.waitFor((_event, payload) => (payload as Receipt).caseRef === caseRef && (payload as Receipt).seq === seq, 60_000)));
    }

    async function step(mspId: string, role: Role, fn: string, caseRef: string, seq: number, input: Record<string, unknown>, privateData?: unknown): Promise<Receipt> {
      await committedEverywhere(caseRef, seq);
      const requestId = randomUUID();
      // a peer that just joined (or restarted its chaincode server) answers endorsements a moment later
      return whenEndorsable(() =>
        submitJson<Receipt>(client(mspId, role).contract(), `case:${fn}`, { caseRef, requestId, ...input }, privateData === undefined ? {} : { privateData }))
        .catch(withDetails(`${mspId} ${fn}`));
    }

    async function readCase(mspId: string, role: Role, fn: string, caseRef: string, at?: string): Promise<unknown> {
      return evaluateJson(client(mspId, role).contract(), `case:${fn}`, { caseRef }, at === undefined ? undefined : [at]);
    }

    async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
      return promise.then(() => 'ANSWERED', (error: unknown) => chaincodeErrorCode(error));
    }

    beforeAll(async () => {
      const suiteStarted = Date.now();
      ctx = network().ctx;
      for (const mspId of ['BAMFMSP', 'LDSMSP', 'ABHMSP']) recorders.set(mspId, await recordEvents(client(mspId, 'AUDITOR')));
      // a Saxon case from before: registered, distributed to DE-SN with a private field
      const input = registerCaseInput();
      const registered = await whenEndorsable(() => submitJson<Receipt>(client('LDSMSP', 'LAND_RECEPTION').contract(), 'case:registerCase', input)).catch(withDetails('registerCase'));
      saxonCase = registered.caseRef;
      await step('LDSMSP', 'LAND_RECEPTION', 'recordDistribution', saxonCase, 1, { ...on(), landCode: 'DE-SN' }, { responsibleUnit: 'AS-31', salt: newSalt() });
      await committedEverywhere(saxonCase, 2);
      saxonBefore = { record: await readCase('BAMFMSP', 'AUDITOR', 'getCase', saxonCase), history: await readCase('BAMFMSP', 'AUDITOR', 'getHistory', saxonCase) };
      sequenceBefore = await queryCommittedSequence({ ...ctx, binaries: network().binaries }, 'casestatus');

      const log = (line: string): void => { process.stdout.write(`  ${line}\n`); };
      const addCtx = (): NetworkContext => createNetworkContext({ log });
      let started = Date.now();
      await addOrg(addCtx(), { request: BRANDENBURG, collectSignaturesLocally: true });
      seconds.addLand = (Date.now() - started) / 1000;
      // before any upgrade: the definition is as it was, and the new Land's peer counts for the
      // chaincode-level policy (CaseEndorsement, grown by the channel update): a new case key
      // endorsed by BAMF and BBMSP only must commit VALID
      const definition = await committedDefinition(ctx, network().binaries, ctx.config.orgs[0]!, 'casestatus');
      const write = await whenEndorsable(() => submitJson<Receipt>(client('LDSMSP', 'LAND_RECEPTION').contract(), 'case:registerCase', registerCaseInput(),
        { endorsingOrgs: ['BAMFMSP', BRANDENBURG.mspId] }))
        .then((receipt) => receipt.state, (error: unknown) => `${String(error)} ${JSON.stringify((error as { code?: unknown }).code ?? '')}`);
      afterAddLand = { sequence: definition.sequence, policy: Buffer.from(definition.validation_parameter, 'base64').toString('latin1'), write };
      started = Date.now();
      await upgradeChaincode(addCtx(), 'casestatus');
      seconds.upgrade = (Date.now() - started) / 1000;
      afterUpgrade = {
        sequence: await queryCommittedSequence({ ...ctx, binaries: network().binaries }, 'casestatus'),
        collections: readFileSync(network().ctx.layout.collectionsConfig('casestatus'), 'utf8'),
      };
      started = Date.now();
      await addOrg(addCtx(), { request: BB_ABH, collectSignaturesLocally: true });
      seconds.addAbh = (Date.now() - started) / 1000;
      ctx = createNetworkContext({ log: () => undefined });
      for (const mspId of [BRANDENBURG.mspId, BB_ABH.mspId]) recorders.set(mspId, await recordEvents(client(mspId, 'AUDITOR')));

      // a case registered through the new Land's own gateway, on its own peer
      ledger = openFabricProcessLedger({
        ledgerFiles: { networkConfig: ctx.env.configFile, networkRunDir: ctx.env.runDir, embeddedDatabase: undefined, embeddedIdentityDir: undefined },
        deadlines: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 },
      });
      const port = ledger.forOrg(BRANDENBURG.mspId);
      if (!(port instanceof FabricLedger)) throw new Error('not a Fabric ledger');
      const gateway = createPortGateway(port, { mspId: BRANDENBURG.mspId, orgKind: 'LAND' });
      const answer = await request(gateway.app).post('/v1/cases')
        .set({ Authorization: `Bearer ${await gateway.token('LAND_RECEPTION')}`, 'Idempotency-Key': randomUUID() }).send(registerBody());
      if (answer.status !== 201) throw new Error(`registration at the BBMSP gateway answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      bbCase = (answer.body as { caseRef: string }).caseRef;
      await step(BRANDENBURG.mspId, 'LAND_RECEPTION', 'recordDistribution', bbCase, 1, { ...on(), landCode: 'DE-BB' }, { responsibleUnit: 'AS-23', salt: newSalt() });
      await step(BRANDENBURG.mspId, 'LAND_RECEPTION', 'confirmArrival', bbCase, 2, on());
      await step('BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', bbCase, 3, on());
      await step(BRANDENBURG.mspId, 'LAND_DISTRIBUTION', 'allocateToMunicipality', bbCase, 4, { ...on(), responsible: BB_ABH.mspId }, { municipalityCode: '12054000', salt: newSalt() });
      // BAMF's private write now needs the new ABH's peer (the case key's policy), which is no member of land-DE-BB
      await step('BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', bbCase, 5, { effectiveOn: dayFromToday(-22), outcomeClass: 'PROTECTION', track: 'REGULAR' }, { protectionType: 'PAR3', salt: newSalt() });
      await step('BAMFMSP', 'BAMF_CASEWORKER', 'recordService', bbCase, 6, { servedOn: dayFromToday(-21) });
      await step('BAMFMSP', 'BAMF_CASEWORKER', 'markFinal', bbCase, 7, on());
      // and the ABH writes its own private field, endorsed by its peer and BAMF's
      await step(BB_ABH.mspId, 'ABH', 'recordTitleIssued', bbCase, 8, on(), { titleType: 'AE_25_1', salt: newSalt() });
      await committedEverywhere(bbCase, 9);
      process.stdout.write(`onboarding: add-org LAND ${seconds.addLand.toFixed(1)} s, add-org ABH ${seconds.addAbh.toFixed(1)} s, upgrade-chaincode ${seconds.upgrade.toFixed(1)} s; set-up ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s\n`);
    });

    afterAll(async () => {
      for (const recorder of recorders.values()) recorder.stop();
      for (const each of clients.values()) each.close();
      await ledger?.close();
      try {
        assertNoPersonalDataInBlocks(network().ctx.layout.root);
      } finally {
        const started = Date.now();
        await restartFreshRealNetwork(network());
        process.stdout.write(`onboarding: fresh reference network again in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      }
    });

    it("counts the new Land's peer for the case chaincode right after add-org, before any new definition", () => {
      expect(afterAddLand.sequence).toBe(sequenceBefore);
      expect(afterAddLand.policy).toContain(CASE_ENDORSEMENT_POLICY_REFERENCE);
      expect(afterAddLand.write).toBe('REGISTERED');
    });

    it('lists both new orgs in the channel table and the authority directory; one upgrade made the Landesamt a member of land-DE-BB', async () => {
      expect(ctx.config.orgs.map((org) => org.mspId)).toEqual([...ALL_ORGS]);
      const options = { ...ctx, binaries: network().binaries };
      expect(await listDirectoryMspIds(options, ctx.config.chaincodes[0]!)).toEqual(expect.arrayContaining([...ALL_ORGS]));
      expect(afterUpgrade.sequence).toBe(sequenceBefore + 1);
      const collections = JSON.parse(afterUpgrade.collections) as { name: string; policy: string }[];
      expect(collections).toHaveLength(16);
      expect(collections.find((entry) => entry.name === 'land-DE-BB')?.policy).toBe("OR('BAMFMSP.member','BBMSP.member')");
    });

    it('adds the Ausländerbehörde with no new chaincode definition: same sequence, same collections', async () => {
      expect(await queryCommittedSequence({ ...ctx, binaries: network().binaries }, 'casestatus')).toBe(afterUpgrade.sequence);
      expect(readFileSync(ctx.layout.collectionsConfig('casestatus'), 'utf8')).toBe(afterUpgrade.collections);
      expect(await readCase(BB_ABH.mspId, 'ABH', 'getCase', bbCase)).toMatchObject({ seq: 9, state: 'TITLE_ISSUED' });
    });

    it('keeps the Saxon case registered before the upgrade as it was, with its whole history', async () => {
      expect(await readCase('BAMFMSP', 'AUDITOR', 'getCase', saxonCase)).toEqual(saxonBefore.record);
      const history = (await readCase('BAMFMSP', 'AUDITOR', 'getHistory', saxonCase)) as { entries: { seq: number }[] };
      expect(history).toEqual(saxonBefore.history);
      expect(history.entries.map((entry) => entry.seq)).toEqual([1, 2]);
    });

    it('walks the Brandenburg case to the new ABH, under a key-level policy that names it and BAMF', async () => {
      expect(await readCase(BB_ABH.mspId, 'ABH', 'getCase', bbCase)).toMatchObject({ seq: 9, state: 'TITLE_ISSUED', responsible: BB_ABH.mspId, landCode: 'DE-BB' });
      const policy = (await readCase('BAMFMSP', 'AUDITOR', 'getEndorsementPolicy', bbCase)) as PolicyNode;
      expect(policyMembers(policy)).toEqual(expect.arrayContaining([BB_ABH.mspId, 'BAMFMSP']));
      expect(policyMembers(policy)).not.toContain('LDSMSP');
    });

    it("delivers the allocation's event to the new ABH's peer, naming it as a target", async () => {
      const event = await recorders.get(BB_ABH.mspId)!.waitFor((_event, payload) => (payload as Receipt).caseRef === bbCase && (payload as Receipt).seq === 5);
      expect((JSON.parse(Buffer.from(event.payload).toString('utf8')) as { targets: string[] }).targets).toContain(BB_ABH.mspId);
    });

    it("keeps the Brandenburg case's private fields in land-DE-BB for its participants, the ABH's own write included", async () => {
      const fields = { caseRef: bbCase, responsibleUnit: 'AS-23', municipalityCode: '12054000', protectionType: 'PAR3', titleType: 'AE_25_1' };
      expect(await readCase(BRANDENBURG.mspId, 'LAND_RECEPTION', 'getPrivateFields', bbCase)).toEqual(fields);
      expect(await readCase('BAMFMSP', 'BAMF_CASEWORKER', 'getPrivateFields', bbCase)).toEqual(fields);
      // the ABH reads them at a member's peer: the Landesamt's
      expect(await readCase(BB_ABH.mspId, 'ABH', 'getPrivateFields', bbCase, BRANDENBURG.mspId)).toEqual(fields);
    });

    it("serves them through the new ABH's own gateway, read at a member's peer", async () => {
      const port = ledger!.forOrg(BB_ABH.mspId);
      const gateway = createPortGateway(port, { mspId: BB_ABH.mspId, orgKind: 'ABH' });
      try {
        const res = await request(gateway.app).get(`/v1/cases/${bbCase}/private-fields`).set('Authorization', `Bearer ${await gateway.token('ABH')}`);
        expect([res.status, res.body]).toEqual([200, { caseRef: bbCase, responsibleUnit: 'AS-23', municipalityCode: '12054000', protectionType: 'PAR3', titleType: 'AE_25_1' }]);
        const auditor = await request(gateway.app).get(`/v1/cases/${bbCase}/private-fields`).set('Authorization', `Bearer ${await gateway.token('AUDITOR')}`);
        expect([auditor.status, auditor.body.code]).toEqual([403, 'FORBIDDEN_READ']);
      } finally {
        gateway.store.close();
      }
    });

    it("holds no copy of land-DE-BB at the ABH's own peer, which names the members to ask", async () => {
      const refused = await readCase(BB_ABH.mspId, 'ABH', 'getPrivateFields', bbCase).then((value) => ({ answered: value }), (error: unknown) => chaincodeErrorOf(error));
      expect(refused).toMatchObject({ code: 'PRIVATE_DATA_NOT_HELD', details: { collection: 'land-DE-BB', members: [BRANDENBURG.mspId, 'BAMFMSP'] } });
      expect(JSON.stringify(refused)).not.toContain('AE_25_1');
    });

    it.each([
      [BRANDENBURG.mspId, 'LAND_RECEPTION'],
      [BB_ABH.mspId, 'ABH'],
    ] as const)("refuses %s's %s the Saxon case's private fields", async (mspId, role) => {
      expect(await refusal(readCase(mspId, role, 'getPrivateFields', saxonCase))).toMatch(/^FORBIDDEN_/);
    });

    it.each([
      ['LDSMSP', 'LAND_RECEPTION'],
      ['ABHMSP', 'ABH'],
    ] as const)("refuses Saxony's %s %s the Brandenburg case (read scope)", async (mspId, role) => {
      expect(await refusal(readCase(mspId, role, 'getCase', bbCase))).toBe('FORBIDDEN_READ');
      expect(await refusal(readCase(mspId, role, 'getPrivateFields', bbCase))).toMatch(/^FORBIDDEN_/);
    });
  });
});
