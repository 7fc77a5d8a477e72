/**
 * The asylum process on the real network, across the three authorities: each transition by the
 * org and role the process model names, the events each org receives, the history an auditor
 * sees, the roles the chaincode refuses, and the key-level policy that one org cannot get past.
 */
import { CommitError } from '@hyperledger/fabric-gateway';
import type { Role } from '@asylum-ledger/network/layout';
import { dayFromToday, newRequestId, today } from '../support/case-fixtures';
import { CaseSession, type Step } from '../support/case-session';
import { chaincodeErrorCode, evaluateJson, submitJson } from '../support/fabric-clients';
import { eventually } from '../support/ledger-probes';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

const effective = (): { effectiveOn: string } => ({ effectiveOn: today() });

/** From registration to a served, final decision: the shared start of both paths. */
function pathToFinal(outcomeClass: 'PROTECTION' | 'REJECTED'): Step[] {
  return [
    { org: 'BAMFMSP', role: 'BAMF_REGISTRATION', fn: 'recordDistribution', input: { ...effective(), landCode: 'DE-SN' }, state: 'DISTRIBUTED' },
    { org: 'LDSMSP', role: 'LAND_RECEPTION', fn: 'confirmArrival', input: effective(), privateData: { responsibleUnit: 'AE-01' }, state: 'ARRIVED' },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'lodgeApplication', input: effective(), state: 'APPLICATION_LODGED' },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'scheduleHearing', input: { dueBy: dayFromToday(14) }, state: 'HEARING_SCHEDULED' },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordHearingHeld', input: effective(), state: 'HEARING_HELD' },
    {
      org: 'LDSMSP', role: 'LAND_DISTRIBUTION', fn: 'allocateToMunicipality',
      input: { ...effective(), responsible: 'ABHMSP' }, privateData: { municipalityCode: '14612000' }, state: 'HEARING_HELD',
    },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordDecision', input: { effectiveOn: dayFromToday(-22), outcomeClass, track: 'REGULAR' }, state: 'DECIDED' },
    // served three weeks ago, so the two-week suit period has run out and the decision can become final
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordService', input: { servedOn: dayFromToday(-21) }, state: 'SERVED' },
    { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'markFinal', input: effective(), state: 'FINAL' },
  ];
}

describeRealNetwork('the asylum process across BAMF, Landesdirektion and Ausländerbehörde', (network: () => RealNetwork) => {
  let session: CaseSession;
  const client = (org: string, role: Role) => session.client(org, role);
  const register = () => session.register();
  const walk = (caseRef: string, steps: readonly Step[]) => session.walk(caseRef, steps);
  const caseEventsAt = (org: string, caseRef: string, seq: number) => session.caseEventsAt(org, caseRef, seq);

  beforeAll(async () => {
    session = new CaseSession(network().ctx);
    await session.start();
  });

  afterAll(() => {
    session.close();
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
      // the statutory 30 days to leave run from the end of the suit period (about a week ago); the ABH grants more
      { org: 'ABHMSP', role: 'ABH', fn: 'declareDepartureRequired', input: { ...effective(), dueBy: dayFromToday(40) }, state: 'DEPARTURE_REQUIRED' },
      { org: 'ABHMSP', role: 'ABH', fn: 'recordDeparture', input: { ...effective(), mode: 'VOLUNTARY' }, state: 'LEFT' },
    ]);
    expect(receipts.at(-1)?.state).toBe('LEFT');
    const events = await caseEventsAt('LDSMSP', registered.caseRef, receipts.length + 1);
    expect(events.at(-1)).toMatchObject({ type: 'recordDeparture', to: 'LEFT' });
  });

  const refusals: [string, Role, string, Record<string, unknown>][] = [
    ['ABHMSP', 'ABH', 'recordDecision', { ...effective(), outcomeClass: 'PROTECTION', track: 'REGULAR' }],
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
    const registered = await register(); // responsible: LDSMSP, so the case key needs LDSMSP AND BAMFMSP
    const distribution = { caseRef: registered.caseRef, requestId: newRequestId(), ...effective(), landCode: 'DE-SN' };
    const attempt = submitJson(client('BAMFMSP', 'BAMF_REGISTRATION').contract(), 'case:recordDistribution', distribution, {
      endorsingOrgs,
    });
    return { error: await attempt.then(() => undefined, (failure: unknown) => failure), caseRef: registered.caseRef };
  }

  it.each([
    ['one org only (LDSMSP)', ['LDSMSP']],
    ['two orgs without the responsible one (BAMFMSP, ABHMSP)', ['BAMFMSP', 'ABHMSP']],
    ['the responsible org and another, without BAMF (LDSMSP, ABHMSP)', ['LDSMSP', 'ABHMSP']],
  ])('rejects at commit a change endorsed by %s, and the case is unchanged', async (_what, endorsingOrgs) => {
    const { error, caseRef } = await distributeEndorsedBy(endorsingOrgs);
    expect(error).toBeInstanceOf(CommitError);
    expect((error as CommitError).code).toBe(10); // ENDORSEMENT_POLICY_FAILURE
    const current = await evaluateJson<{ seq: number; state: string }>(client('ABHMSP', 'AUDITOR').contract(), 'case:getCase', { caseRef });
    expect(current).toMatchObject({ seq: 1, state: 'REGISTERED' });
  });

  it('commits the same change endorsed by the responsible org and BAMF', async () => {
    const { error, caseRef } = await distributeEndorsedBy(['LDSMSP', 'BAMFMSP']);
    expect(error).toBeUndefined();
    // the commit was reported by BAMF's peer; ABH's peer commits the block on its own time
    const read = (): Promise<{ seq: number; state: string }> => evaluateJson(client('ABHMSP', 'AUDITOR').contract(), 'case:getCase', { caseRef });
    await eventually(async () => (await read()).seq >= 2, 30_000, 'ABH holds the distribution');
    expect(await read()).toMatchObject({ seq: 2, state: 'DISTRIBUTED' });
  });
});
