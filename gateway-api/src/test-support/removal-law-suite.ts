/**
 * The removal-relevant rules of the process law through the REST API, as a suite any ledger can
 * run (the embedded ledger in integration/removal-law.test.ts, the real network in
 * test/e2e/gateway-api.test.ts). Three gateways (BAMF, LDS, ABH) drive cases by HTTP only.
 *
 * Every day below is literal and in the past, so the suite runs on the real network too, whose
 * peers date transactions by their own clocks: the days were counted by hand from the statute
 * (weekday and rule in the comments), not derived from the transition table.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { LedgerPort } from '@asylum-ledger/domain';
import { createPortGateway, type PortGateway } from './test-gateway';

/** A ledger for the suite: a port per org, and how to close it. */
export interface RemovalLawLedger {
  forOrg(mspId: string): LedgerPort;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * An accelerated, manifestly unfounded rejection without an urgent application, with its days
 * counted by hand: service, the end of the suit and urgent-application week (§ 74 (1) S. 3, § 36 (2)
 * AsylG), the end of the week to leave that starts then (§ 38 (1) S. 2), and the first lawful day.
 */
export interface AcceleratedExample {
  readonly name: string;
  readonly registeredOn: string;
  readonly lodgedOn: string;
  readonly decidedOn: string;
  readonly servedOn: string;
  readonly suitEndsOn: string;
  readonly departureEndsOn: string;
  readonly lawfulFrom: string;
  /** A day between the end of the suit week and the lawful day, to declare the obligation to leave. */
  readonly declaredOn: string;
}

/** Served Tuesday 2026-11-03: the weeks end Tuesday 2026-11-10 and Tuesday 2026-11-17. */
export const NOVEMBER_EXAMPLE: AcceleratedExample = {
  name: 'served Tuesday 2026-11-03',
  registeredOn: '2026-10-05',
  lodgedOn: '2026-10-07',
  decidedOn: '2026-11-02',
  servedOn: '2026-11-03',
  suitEndsOn: '2026-11-10',
  departureEndsOn: '2026-11-17',
  lawfulFrom: '2026-11-18',
  declaredOn: '2026-11-11',
};

/** The example of issue 25: served Tuesday 2026-12-01, the weeks end 2026-12-08 and 2026-12-15 (needs a ledger day from 2026-12-16). */
export const ISSUE_EXAMPLE: AcceleratedExample = {
  name: 'served Tuesday 2026-12-01 (the example of issue 25)',
  registeredOn: '2026-10-05',
  lodgedOn: '2026-10-07',
  decidedOn: '2026-11-30',
  servedOn: '2026-12-01',
  suitEndsOn: '2026-12-08',
  departureEndsOn: '2026-12-15',
  lawfulFrom: '2026-12-16',
  declaredOn: '2026-12-09',
};

/** The days of a case's intake: registration (also distribution and arrival) and lodging. */
interface Intake {
  readonly registeredOn: string;
  readonly lodgedOn: string;
}

/**
 * Declares the suite.
 * @param name the describe name (say which ledger).
 * @param openLedger opens the ledger in beforeAll; the suite closes it in afterAll.
 */
export function describeRemovalLaw(
  name: string,
  openLedger: () => Promise<RemovalLawLedger>,
  acceleratedExamples: readonly AcceleratedExample[] = [NOVEMBER_EXAMPLE],
): void {
  describe(name, () => {
    let ledger: RemovalLawLedger;
    let bamf: PortGateway;
    let lds: PortGateway;
    let abh: PortGateway;

    beforeAll(async () => {
      ledger = await openLedger();
      bamf = createPortGateway(ledger.forOrg('BAMFMSP'), { mspId: 'BAMFMSP', orgKind: 'FEDERAL' });
      lds = createPortGateway(ledger.forOrg('LDSMSP'), { mspId: 'LDSMSP', orgKind: 'LAND' });
      abh = createPortGateway(ledger.forOrg('ABHMSP'), { mspId: 'ABHMSP', orgKind: 'ABH' });
    }, 600_000);

    afterAll(async () => {
      for (const gateway of [bamf, lds, abh]) gateway.store.close();
      await ledger.close();
    });

    /** A case as one gateway's own peer shows it, once it has reached `seq` there. */
    async function caseAt(gateway: PortGateway, caseRef: string, seq: number): Promise<Record<string, unknown>> {
      const token = await gateway.token('AUDITOR');
      for (let attempt = 0; attempt < 150; attempt += 1) {
        const res = await request(gateway.app).get(`/v1/cases/${caseRef}`).set('Authorization', `Bearer ${token}`);
        if (res.status === 200 && (res.body as { seq: number }).seq >= seq) return res.body as Record<string, unknown>;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`case ${caseRef} not at seq ${seq} at this gateway`);
    }

    /** One case driven through the gateways; each step waits until the submitting gateway's peer has the last one. */
    class Case {
      seq = 1;
      private constructor(readonly caseRef: string) {}

      /** Registers a case (a first application unless `registration` says otherwise) and brings it to lodging. */
      static async register({ registeredOn, lodgedOn }: Intake, registration: Record<string, unknown> = {}): Promise<Case> {
        const res = await request(lds.app)
          .post('/v1/cases')
          .set({ Authorization: `Bearer ${await lds.token('LAND_RECEPTION')}`, 'Idempotency-Key': randomUUID() })
          .send({ procedureKind: 'ERSTANTRAG', effectiveOn: registeredOn, ...registration });
        if (res.status !== 201 && res.status !== 200) throw new Error(`registration answered ${res.status}: ${JSON.stringify(res.body)}`);
        const registered = new Case((res.body as { caseRef: string }).caseRef);
        await registered.must(lds, 'LAND_RECEPTION', { type: 'recordDistribution', landCode: 'DE-SN', effectiveOn: registeredOn });
        await registered.must(lds, 'LAND_RECEPTION', { type: 'confirmArrival', effectiveOn: registeredOn });
        await registered.must(bamf, 'BAMF_CASEWORKER', { type: 'lodgeApplication', effectiveOn: lodgedOn });
        await registered.must(lds, 'LAND_DISTRIBUTION', { type: 'allocateToMunicipality', responsible: 'ABHMSP', effectiveOn: lodgedOn });
        return registered;
      }

      async step(gateway: PortGateway, role: string, body: Record<string, unknown>): Promise<Answer> {
        await caseAt(gateway, this.caseRef, this.seq);
        const res = await request(gateway.app)
          .post(`/v1/cases/${this.caseRef}/transitions`)
          .set({ Authorization: `Bearer ${await gateway.token(role)}`, 'Idempotency-Key': randomUUID() })
          .send(body);
        if (res.status === 200) this.seq = (res.body as { seq: number }).seq;
        return { status: res.status, body: res.body as Record<string, unknown> };
      }

      async must(gateway: PortGateway, role: string, body: Record<string, unknown>): Promise<Answer> {
        const answer = await this.step(gateway, role, body);
        if (answer.status !== 200) throw new Error(`${String(body.type)} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        return answer;
      }

      /** The case as the given gateway serves it now (at the case's last seq). */
      read(gateway: PortGateway = bamf): Promise<Record<string, unknown>> {
        return caseAt(gateway, this.caseRef, this.seq);
      }
    }

    const removalOn = (effectiveOn: string) => ({ type: 'recordDeparture', mode: 'REMOVAL', effectiveOn });

    it.each(acceleratedExamples)('an accelerated, manifestly unfounded rejection, $name: no removal before the suit week and the departure week have run', async (days) => {
      const served = await Case.register(days);
      await served.must(bamf, 'BAMF_CASEWORKER', { type: 'recordDecision', outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED', effectiveOn: days.decidedOn });
      await served.must(bamf, 'BAMF_CASEWORKER', { type: 'recordService', servedOn: days.servedOn });
      expect(await served.read(abh)).toMatchObject({
        procedureRegime: 'GEAS',
        procedureTrack: 'ACCELERATED',
        dueBy: days.suitEndsOn,
        removal: { lawfulFrom: days.lawfulFrom, basis: 'ASYLG_38_1_WEEK', waitingFor: null, departureDueOn: days.departureEndsOn },
        deadlines: [
          { kind: 'SUIT', dueOn: days.suitEndsOn, basis: 'ASYLG_74_SUIT' },
          { kind: 'URGENT_APPLICATION', dueOn: days.suitEndsOn, basis: 'ASYLG_36_URGENT' },
          { kind: 'DEPARTURE', dueOn: days.departureEndsOn, basis: 'ASYLG_38_1_WEEK' },
          { kind: 'REMOVAL_LAWFUL_FROM', dueOn: days.lawfulFrom, basis: 'ASYLG_38_1_WEEK' },
        ],
      });
      const early = await served.step(lds, 'LAND_ZAB', removalOn(days.departureEndsOn));
      expect(early).toMatchObject({
        status: 409,
        body: { code: 'REMOVAL_NOT_YET_LAWFUL', details: { lawfulFrom: days.lawfulFrom, waitingFor: null, basis: 'ASYLG_38_1_WEEK' } },
      });
      const declared = await served.must(abh, 'ABH', { type: 'declareDepartureRequired', effectiveOn: days.declaredOn });
      expect(declared.body).toMatchObject({ state: 'DEPARTURE_REQUIRED' });
      expect(await served.read(lds)).toMatchObject({ state: 'DEPARTURE_REQUIRED', dueBy: days.departureEndsOn });
      expect((await served.must(lds, 'LAND_ZAB', removalOn(days.lawfulFrom))).body).toMatchObject({ state: 'LEFT' });
    });

    it('a plain rejection: the timely suit suspends; after the judgment § 78 (9) bars removal until the request is decided', async () => {
      const rejected = await Case.register({ registeredOn: '2026-06-15', lodgedOn: '2026-06-16' });
      await rejected.must(bamf, 'BAMF_CASEWORKER', { type: 'recordDecision', outcomeClass: 'REJECTED', track: 'REGULAR', effectiveOn: '2026-07-01' });
      // served Thursday 2026-07-02: two weeks to sue, to Thursday 2026-07-16
      await rejected.must(bamf, 'BAMF_CASEWORKER', { type: 'recordService', servedOn: '2026-07-02' });
      await rejected.must(bamf, 'BAMF_LITIGATION', { type: 'recordAppeal', effectiveOn: '2026-07-10' });
      expect(await rejected.step(abh, 'ABH', { type: 'declareDepartureRequired', effectiveOn: '2026-08-20' })).toMatchObject({
        status: 409,
        body: { code: 'DEPARTURE_NOT_YET_REQUIRED', details: { waitingFor: 'FIRST_INSTANCE_JUDGMENT', basis: 'ASYLG_38_2_30_DAYS' } },
      });
      expect(await rejected.step(lds, 'LAND_ZAB', removalOn('2026-08-20'))).toMatchObject({
        status: 409,
        body: { code: 'REMOVAL_NOT_YET_LAWFUL', details: { lawfulFrom: null, waitingFor: 'FIRST_INSTANCE_JUDGMENT' } },
      });
      // judgment served Tuesday 2026-09-01: the month for leave and for a request to remain ends Thursday 2026-10-01
      await rejected.must(bamf, 'BAMF_LITIGATION', { type: 'recordCourtOutcome', result: 'SUIT_DISMISSED', effectiveOn: '2026-09-01' });
      expect(await rejected.step(bamf, 'BAMF_LITIGATION', { type: 'markFinal', effectiveOn: '2026-10-01' })).toMatchObject({
        status: 409,
        body: { code: 'FINALITY_PREMATURE', details: { periodEndsOn: '2026-10-01', basis: 'ASYLG_78_LEAVE' } },
      });
      await rejected.must(bamf, 'BAMF_LITIGATION', { type: 'recordRemainRequest', effectiveOn: '2026-09-10' });
      expect(await rejected.step(lds, 'LAND_ZAB', removalOn('2026-10-20'))).toMatchObject({ status: 409, body: { code: 'REMOVAL_HOLD_ACTIVE' } });
      await rejected.must(bamf, 'BAMF_LITIGATION', { type: 'recordCourtOutcome', result: 'REMAIN_REQUEST_REJECTED', effectiveOn: '2026-09-24' });
      // 30 days to leave from the judgment end on Thursday 2026-10-01, as does the month: lawful from 2026-10-02
      expect(await rejected.read(abh)).toMatchObject({
        holds: [],
        removal: { lawfulFrom: '2026-10-02', basis: 'ASYLG_38_2_30_DAYS', departureDueOn: '2026-10-01' },
      });
      expect(await rejected.step(lds, 'LAND_ZAB', removalOn('2026-10-01'))).toMatchObject({ status: 409, body: { code: 'REMOVAL_NOT_YET_LAWFUL' } });
      expect((await rejected.must(lds, 'LAND_ZAB', removalOn('2026-10-02'))).body).toMatchObject({ state: 'LEFT' });
    });

    it('a case lodged before 12 June 2026: old AsylG, no request to remain, removal only 30 days after finality', async () => {
      const legacy = await Case.register({ registeredOn: '2026-05-04', lodgedOn: '2026-05-06' });
      await legacy.must(bamf, 'BAMF_CASEWORKER', { type: 'recordDecision', outcomeClass: 'REJECTED', effectiveOn: '2026-09-01' });
      await legacy.must(bamf, 'BAMF_CASEWORKER', { type: 'recordService', servedOn: '2026-09-03' });
      await legacy.must(bamf, 'BAMF_LITIGATION', { type: 'recordAppeal', effectiveOn: '2026-09-10' });
      await legacy.must(bamf, 'BAMF_LITIGATION', { type: 'recordCourtOutcome', result: 'SUIT_DISMISSED', effectiveOn: '2026-10-01' });
      expect(await legacy.step(bamf, 'BAMF_LITIGATION', { type: 'recordRemainRequest', effectiveOn: '2026-10-05' })).toMatchObject({
        status: 409,
        body: { code: 'NOT_IN_REGIME', details: { transaction: 'recordRemainRequest', regime: 'LEGACY' } },
      });
      expect(await legacy.read(abh)).toMatchObject({ procedureRegime: 'LEGACY', responsibilityRegime: 'DUBLIN_III', removal: { lawfulFrom: null, waitingFor: 'FINALITY' } });
      // the judgment is final on Friday 2026-11-20 (§ 38 (1) S. 2 a.F.): 30 days end Sunday 2026-12-20, so with Monday 2026-12-21
      await legacy.must(bamf, 'BAMF_LITIGATION', { type: 'recordCourtOutcome', result: 'APPEAL_DISMISSED', effectiveOn: '2026-11-20' });
      expect(await legacy.read(abh)).toMatchObject({ state: 'FINAL', removal: { lawfulFrom: '2026-12-22', basis: 'ASYLG_38_1_OLD', departureDueOn: '2026-12-21' } });
    });

    const transferOn = (effectiveOn: string) => ({ type: 'recordDeparture', mode: 'DUBLIN_TRANSFER', effectiveOn });

    it('an AMMR transfer decision: no transfer within the urgent week, then one within the transfer period', async () => {
      const transfer = await Case.register({ registeredOn: '2026-07-06', lodgedOn: '2026-07-08' });
      await transfer.must(bamf, 'BAMF_DUBLIN', { type: 'startResponsibilityCheck', effectiveOn: '2026-07-08' });
      // take charge request Monday 2026-07-20: the month to reply ends Thursday 2026-08-20 (Art. 40 (1) AMMR)
      await transfer.must(bamf, 'BAMF_DUBLIN', { type: 'recordDublinRequest', kind: 'TAKE_CHARGE_REQUEST', effectiveOn: '2026-07-20' });
      expect(await transfer.read()).toMatchObject({
        dublin: 'REQUEST_SENT',
        dueBy: '2026-08-20',
        deadlines: expect.arrayContaining([{ kind: 'RESPONSIBILITY_REPLY', dueOn: '2026-08-20', basis: 'AMMR_40_REPLY' }]) as unknown,
      });
      await transfer.must(bamf, 'BAMF_DUBLIN', { type: 'concludeResponsibilityCheck', dublin: 'ACCEPTED', effectiveOn: '2026-08-10' });
      // served Wednesday 2026-08-12: suit and urgent application to Wednesday 2026-08-19 (§ 74 (1), § 34a (3) AsylG);
      // accepted Monday 2026-08-10: six months to transfer, to Wednesday 2027-02-10 (Art. 46 (1) AMMR)
      await transfer.must(bamf, 'BAMF_CASEWORKER', { type: 'recordService', servedOn: '2026-08-12' });
      expect(await transfer.read(lds)).toMatchObject({
        responsibilityRegime: 'AMMR',
        outcomeClass: 'TRANSFER',
        deadlines: [
          { kind: 'SUIT', dueOn: '2026-08-19', basis: 'ASYLG_74_SUIT' },
          { kind: 'URGENT_APPLICATION', dueOn: '2026-08-19', basis: 'ASYLG_34A_TRANSFER' },
          { kind: 'REMOVAL_LAWFUL_FROM', dueOn: '2026-08-20', basis: 'ASYLG_34A_TRANSFER' },
          { kind: 'TRANSFER', dueOn: '2027-02-10', basis: 'AMMR_46_TRANSFER' },
        ],
      });
      expect(await transfer.step(lds, 'LAND_ZAB', transferOn('2026-08-19'))).toMatchObject({
        status: 409,
        body: { code: 'REMOVAL_NOT_YET_LAWFUL', details: { lawfulFrom: '2026-08-20', basis: 'ASYLG_34A_TRANSFER' } },
      });
      expect((await transfer.must(lds, 'LAND_ZAB', transferOn('2026-08-20'))).body).toMatchObject({ state: 'LEFT' });
      const left = await transfer.read(abh);
      expect(left).toMatchObject({ state: 'LEFT', departureMode: 'DUBLIN_TRANSFER' });
      // once transferred, no transfer period runs any more
      expect((left.deadlines as { kind: string }[]).map(({ kind }) => kind)).not.toContain('TRANSFER');
    });

    it('a Dublin III transfer after its six months: refused (409 TRANSFER_PERIOD_EXPIRED); responsibility passes to Germany', async () => {
      const transfer = await Case.register({ registeredOn: '2026-02-02', lodgedOn: '2026-02-04' });
      await transfer.must(bamf, 'BAMF_DUBLIN', { type: 'startResponsibilityCheck', effectiveOn: '2026-02-04' });
      await transfer.must(bamf, 'BAMF_DUBLIN', { type: 'concludeResponsibilityCheck', dublin: 'ACCEPTED', effectiveOn: '2026-03-02' });
      await transfer.must(bamf, 'BAMF_CASEWORKER', { type: 'recordService', servedOn: '2026-03-04' });
      // served Wednesday 2026-03-04: the week ends Wednesday 2026-03-11 (§ 34a (2) AsylG a.F.);
      // accepted Monday 2026-03-02: six months end Wednesday 2026-09-02 (Art. 29 (1) Dublin III)
      expect(await transfer.read(abh)).toMatchObject({
        responsibilityRegime: 'DUBLIN_III',
        outcomeClass: 'INADMISSIBLE',
        deadlines: [
          { kind: 'SUIT', dueOn: '2026-03-11', basis: 'ASYLG_74_SUIT_OLD' },
          { kind: 'URGENT_APPLICATION', dueOn: '2026-03-11', basis: 'ASYLG_34A_TRANSFER_OLD' },
          { kind: 'REMOVAL_LAWFUL_FROM', dueOn: '2026-03-12', basis: 'ASYLG_34A_TRANSFER_OLD' },
          { kind: 'TRANSFER', dueOn: '2026-09-02', basis: 'DUBLIN_29_TRANSFER' },
        ],
      });
      expect(await transfer.step(lds, 'LAND_ZAB', transferOn('2026-09-03'))).toMatchObject({
        status: 409,
        body: { code: 'TRANSFER_PERIOD_EXPIRED', details: { periodEndedOn: '2026-09-02', basis: 'DUBLIN_29_TRANSFER' } },
      });
      expect(await transfer.step(bamf, 'BAMF_DUBLIN', { type: 'recordResponsibilityPassed', effectiveOn: '2026-09-02' })).toMatchObject({
        status: 409,
        body: { code: 'INVALID_TRANSITION' },
      });
      expect((await transfer.must(bamf, 'BAMF_DUBLIN', { type: 'recordResponsibilityPassed', effectiveOn: '2026-09-03' })).body).toMatchObject({ state: 'APPLICATION_LODGED' });
      expect(await transfer.read(abh)).toMatchObject({ state: 'APPLICATION_LODGED', dublin: 'TRANSFER_PERIOD_EXPIRED', outcomeClass: null });
    });

    it('a follow-up application bars removal on the earlier case until BAMF decides it (§ 71 (3) AsylG)', async () => {
      const earlier = await Case.register({ registeredOn: '2026-06-15', lodgedOn: '2026-06-16' });
      await earlier.must(bamf, 'BAMF_CASEWORKER', { type: 'recordDecision', outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED', effectiveOn: '2026-07-01' });
      // served Thursday 2026-07-02: the suit week ends Thursday 2026-07-09, the week to leave Thursday 2026-07-16
      await earlier.must(bamf, 'BAMF_CASEWORKER', { type: 'recordService', servedOn: '2026-07-02' });
      await earlier.must(bamf, 'BAMF_CASEWORKER', { type: 'markFinal', effectiveOn: '2026-07-10' });
      expect(await earlier.read(lds)).toMatchObject({ state: 'FINAL', removal: { lawfulFrom: '2026-07-17' } });
      const registerFollowUp = async (previousCaseRef: string) =>
        request(lds.app)
          .post('/v1/cases')
          .set({ Authorization: `Bearer ${await lds.token('LAND_RECEPTION')}`, 'Idempotency-Key': randomUUID() })
          .send({ procedureKind: 'FOLGEANTRAG', previousCaseRef, effectiveOn: '2026-10-05' });
      const unknown = await registerFollowUp('0f'.repeat(16));
      expect({ status: unknown.status, body: unknown.body as unknown }).toMatchObject({ status: 422, body: { code: 'PREVIOUS_CASE_NOT_FOUND', details: { field: 'previousCaseRef' } } });
      // a refusal repeats no value sent
      expect(JSON.stringify(unknown.body)).not.toContain('0f'.repeat(16));
      const followUp = await Case.register({ registeredOn: '2026-10-05', lodgedOn: '2026-10-07' }, { procedureKind: 'FOLGEANTRAG', previousCaseRef: earlier.caseRef });
      expect(await followUp.read(abh)).toMatchObject({ procedureKind: 'FOLGEANTRAG', previousCaseRef: earlier.caseRef, procedureRegime: 'GEAS' });
      expect(await earlier.step(lds, 'LAND_ZAB', removalOn('2026-10-08'))).toMatchObject({
        status: 409,
        body: {
          code: 'REMOVAL_BARRED_BY_FOLLOW_UP',
          details: { followUpCaseRef: followUp.caseRef, waitingFor: 'FOLLOW_UP_DECISION', lawfulFrom: null, basis: 'ASYLG_71_3_FOLLOW_UP' },
        },
      });
      expect(await earlier.read(lds)).toMatchObject({ state: 'FINAL' });
    });

    it('refuses a decision of the reformed procedure without its track (422), and records nothing', async () => {
      const lodged = await Case.register({ registeredOn: '2026-10-05', lodgedOn: '2026-10-07' });
      const seq = lodged.seq;
      expect(await lodged.step(bamf, 'BAMF_CASEWORKER', { type: 'recordDecision', outcomeClass: 'REJECTED', effectiveOn: '2026-11-02' })).toMatchObject({
        status: 422,
        body: { code: 'PROCEDURE_TRACK_REQUIRED' },
      });
      expect(await lodged.read()).toMatchObject({ seq, state: 'APPLICATION_LODGED' });
    });
  });
}
