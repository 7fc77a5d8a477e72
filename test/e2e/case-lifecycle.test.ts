/**
 * The asylum process on the real network, across the three authorities: each transition by the
 * org and role the process model names, the events each org receives, the history an auditor
 * sees, the roles the chaincode refuses, and the key-level policy that one org cannot get past.
 */
import { CommitError, type ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { dayFromToday, newRequestId, newSalt, registerCaseInput, today } from '../support/case-fixtures';
import {
  chaincodeErrorCode,
  connectAs,
  evaluateJson,
  eventPayload,
  recordEvents,
  submitJson,
  type EventRecorder,
  type OrgClient,
} from '../support/fabric-clients';
import { eventually } from '../support/ledger-probes';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';
import type { Role } from '../../network/src/network-config';

interface Receipt {
  caseRef: string;
  state: string;
  seq: number;
  txId: string;
}

interface CaseEventPayload {
  caseRef: string;
  seq: number;
  type: string;
  to: string;
  targets: string[];
}

/** One step of a path: who does what, and the state it leads to. */
interface Step {
  readonly org: string;
  readonly role: Role;
  readonly fn: string;
  readonly input: Record<string, unknown>;
  readonly privateData?: Record<string, string>;
  readonly state: string;
}

const effective = (): { effectiveOn: string } => ({ effectiveOn: today() });

/** From registration to a served, final decision: the shared start of both paths. */
function pathToFinal(outcomeClass: 'PROTECTION' | 'REJECTED'): Step[] {
  return [
    { org: 'BAMFMSP', role: 'BAMF_REGISTRATION', fn: 'recordDistribution', input: { ...effective(), landCode: 'DE-SN' }, state: 'DISTRIBUTED' },
    { org: 'LDSMSP', role: 'LAND_RECEPTION', fn: 'confirmArrival', input: effective(), privateData: { responsibleUnit: 'AE-DD' }, state: 'ARRIVED' },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'lodgeApplication', input: effective(), state: 'APPLICATION_LODGED' },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'scheduleHearing', input: { dueBy: dayFromToday(14) }, state: 'HEARING_SCHEDULED' },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordHearingHeld', input: effective(), state: 'HEARING_HELD' },
    {
      org: 'LDSMSP', role: 'LAND_DISTRIBUTION', fn: 'allocateToMunicipality',
      input: { ...effective(), responsible: 'ABHMSP' }, privateData: { municipalityCode: '14612000' }, state: 'HEARING_HELD',
    },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordDecision', input: { ...effective(), outcomeClass }, state: 'DECIDED' },
    // served three weeks ago, so the two-week appeal period has run out and the decision can become final
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordService', input: { servedOn: dayFromToday(-21) }, state: 'SERVED' },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'markFinal', input: effective(), state: 'FINAL' },
  ];
}

describeRealNetwork('the asylum process across BAMF, Landesdirektion and Ausländerbehörde', (network: () => RealNetwork) => {
  const clients = new Map<string, OrgClient>();
  const recorders = new Map<string, EventRecorder>();

  function client(org: string, role: Role): OrgClient {
    const key = `${org}/${role}`;
    let found = clients.get(key);
    if (!found) {
      found = connectAs(network().ctx, org, role);
      clients.set(key, found);
    }
    return found;
  }

  /** Registers a case at the Landesdirektion and waits until every org's peer has committed it. */
  async function register(): Promise<Receipt> {
    const receipt = await submitJson<Receipt>(client('LDSMSP', 'LAND_RECEPTION').contract(), 'case:registerCase', registerCaseInput());
    await Promise.all([...recorders.keys()].map((org) => committedAt(org, receipt.caseRef, 1)));
    return receipt;
  }

  /** Waits until an org's own peer has committed the case at this seq (its event arrived there). */
  async function committedAt(org: string, caseRef: string, seq: number): Promise<void> {
    const recorder = recorders.get(org);
    if (!recorder) throw new Error(`no event recorder for ${org}`);
    await recorder.waitFor((_event, payload) => {
      const event = payload as CaseEventPayload;
      return event.caseRef === caseRef && event.seq === seq;
    });
  }

  async function walk(caseRef: string, steps: readonly Step[]): Promise<Receipt[]> {
    const receipts: Receipt[] = [];
    let seq = 1;
    for (const step of steps) {
      // a submit returns once the submitting org's peer committed; another org's peer may lag a block
      await committedAt(step.org, caseRef, seq);
      const input = { caseRef, requestId: newRequestId(), ...step.input };
      // every private write carries a fresh salt, so the hash on the ledger cannot be guessed
      const options = step.privateData ? { privateData: { ...step.privateData, salt: newSalt() } } : {};
      const receipt = await submitJson<Receipt>(client(step.org, step.role).contract(), `case:${step.fn}`, input, options).catch(
        (error: unknown) => {
          const details = JSON.stringify((error as { details?: unknown }).details ?? []);
          throw new Error(`${step.org} ${step.role} ${step.fn} failed: ${String(error)} ${details}`);
        },
      );
      expect({ fn: step.fn, state: receipt.state }).toEqual({ fn: step.fn, state: step.state });
      receipts.push(receipt);
      seq = receipt.seq;
    }
    return receipts;
  }

  async function caseEventsAt(org: string, caseRef: string, count: number): Promise<CaseEventPayload[]> {
    const recorder = recorders.get(org);
    if (!recorder) throw new Error(`no event recorder for ${org}`);
    const mine = (_event: ChaincodeEvent, payload: unknown): boolean =>
      (payload as CaseEventPayload).caseRef === caseRef && (payload as CaseEventPayload).seq === count;
    await recorder.waitFor(mine);
    return recorder.events
      .filter((event) => event.eventName === 'CaseEvent')
      .map((event) => eventPayload(event) as CaseEventPayload)
      .filter((payload) => payload.caseRef === caseRef);
  }

  beforeAll(async () => {
    for (const org of ['BAMFMSP', 'LDSMSP', 'ABHMSP']) recorders.set(org, await recordEvents(client(org, 'AUDITOR')));
  });

  afterAll(() => {
    for (const recorder of recorders.values()) recorder.stop();
    for (const each of clients.values()) each.close();
  });

  it('takes a protected person from registration to TITLE_ISSUED, seen by every org, with full history', async () => {
    const registered = await register();
    const steps: Step[] = [
      ...pathToFinal('PROTECTION'),
      { org: 'ABHMSP', role: 'ABH', fn: 'recordTitleIssued', input: effective(), privateData: { titleType: 'AE_25_1' }, state: 'TITLE_ISSUED' },
    ];
    const receipts = await walk(registered.caseRef, steps);
    expect(receipts.at(-1)).toMatchObject({ state: 'TITLE_ISSUED', seq: steps.length + 1 });

    for (const org of ['BAMFMSP', 'LDSMSP', 'ABHMSP']) {
      const events = await caseEventsAt(org, registered.caseRef, steps.length + 1);
      expect(events.map((event) => event.type)).toEqual(['registerCase', ...steps.map((step) => step.fn)]);
    }
    const titleEvent = (await caseEventsAt('BAMFMSP', registered.caseRef, steps.length + 1)).at(-1);
    expect(titleEvent?.targets).toEqual(expect.arrayContaining(['BAMFMSP', 'LDSMSP']));

    const history = await evaluateJson<{ entries: { txId: string }[] }>(
      client('ABHMSP', 'AUDITOR').contract(), 'case:getHistory', { caseRef: registered.caseRef },
    );
    expect(history.entries.map((entry) => entry.txId)).toEqual([registered.txId, ...receipts.map((receipt) => receipt.txId)]);
  });

  it('takes a rejected applicant from registration to LEFT', async () => {
    const registered = await register();
    const receipts = await walk(registered.caseRef, [
      ...pathToFinal('REJECTED'),
      { org: 'ABHMSP', role: 'ABH', fn: 'declareDepartureRequired', input: { ...effective(), dueBy: dayFromToday(30) }, state: 'DEPARTURE_REQUIRED' },
      { org: 'ABHMSP', role: 'ABH', fn: 'recordDeparture', input: { ...effective(), mode: 'VOLUNTARY' }, state: 'LEFT' },
    ]);
    expect(receipts.at(-1)?.state).toBe('LEFT');
    const events = await caseEventsAt('LDSMSP', registered.caseRef, receipts.length + 1);
    expect(events.at(-1)).toMatchObject({ type: 'recordDeparture', to: 'LEFT' });
  });

  const refusals: [string, Role, string, Record<string, unknown>][] = [
    ['ABHMSP', 'ABH', 'recordDecision', { ...effective(), outcomeClass: 'PROTECTION' }],
    ['LDSMSP', 'LAND_RECEPTION', 'lodgeApplication', effective()],
    ['BAMFMSP', 'AUDITOR', 'recordDistribution', { ...effective(), landCode: 'DE-SN' }],
    ['BAMFMSP', 'BAMF_LITIGATION', 'recordDistribution', { ...effective(), landCode: 'DE-SN' }],
  ];
  it.each(refusals)('refuses %s %s doing %s (FORBIDDEN_ROLE), and the case is unchanged', async (org, role, fn, fields) => {
    const registered = await register();
    const attempt = submitJson(client(org, role).contract(), `case:${fn}`, { caseRef: registered.caseRef, requestId: newRequestId(), ...fields });
    const error: unknown = await attempt.then(() => undefined, (failure: unknown) => failure);
    expect(chaincodeErrorCode(error)).toBe('FORBIDDEN_ROLE');
    const current = await evaluateJson<{ seq: number; state: string }>(client('BAMFMSP', 'AUDITOR').contract(), 'case:getCase', { caseRef: registered.caseRef });
    expect(current).toMatchObject({ seq: 1, state: 'REGISTERED' });
  });

  async function distributeEndorsedBy(endorsingOrgs: string[]): Promise<{ error: unknown; caseRef: string }> {
    const registered = await register(); // responsible: LDSMSP, so the case key needs LDSMSP AND one other
    const distribution = { caseRef: registered.caseRef, requestId: newRequestId(), ...effective(), landCode: 'DE-SN' };
    const attempt = submitJson(client('BAMFMSP', 'BAMF_REGISTRATION').contract(), 'case:recordDistribution', distribution, {
      endorsingOrgs,
    });
    return { error: await attempt.then(() => undefined, (failure: unknown) => failure), caseRef: registered.caseRef };
  }

  it.each([
    ['one org only (LDSMSP)', ['LDSMSP']],
    ['two orgs without the responsible one (BAMFMSP, ABHMSP)', ['BAMFMSP', 'ABHMSP']],
  ])('rejects at commit a change endorsed by %s, and the case is unchanged', async (_what, endorsingOrgs) => {
    const { error, caseRef } = await distributeEndorsedBy(endorsingOrgs);
    expect(error).toBeInstanceOf(CommitError);
    expect((error as CommitError).code).toBe(10); // ENDORSEMENT_POLICY_FAILURE
    const current = await evaluateJson<{ seq: number; state: string }>(client('ABHMSP', 'AUDITOR').contract(), 'case:getCase', { caseRef });
    expect(current).toMatchObject({ seq: 1, state: 'REGISTERED' });
  });

  it('commits the same change endorsed by the responsible org and one other', async () => {
    const { error, caseRef } = await distributeEndorsedBy(['LDSMSP', 'ABHMSP']);
    expect(error).toBeUndefined();
    // the commit was reported by BAMF's peer; ABH's peer commits the block on its own time
    const read = (): Promise<{ seq: number; state: string }> => evaluateJson(client('ABHMSP', 'AUDITOR').contract(), 'case:getCase', { caseRef });
    await eventually(async () => (await read()).seq >= 2, 30_000, 'ABH holds the distribution');
    expect(await read()).toMatchObject({ seq: 2, state: 'DISTRIBUTED' });
  });
});
