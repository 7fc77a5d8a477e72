/**
 * The status can be trusted (issue 15), on the real network: a correction cannot bend a case
 * around the process rules, no pair of orgs without BAMF (and no single org) can commit a case
 * write, an authority still responsible for cases cannot be retired, and a proposal dated a month
 * ahead is refused at endorsement.
 */
import { CommitError } from '@hyperledger/fabric-gateway';
import type { Role } from '@asylum-ledger/network/layout';
import { dayFromToday, newRequestId, registerCaseInput, today } from '../support/case-fixtures';
import { CaseSession, type Receipt, type Step } from '../support/case-session';
import { endorseDated } from '../support/dated-proposal';
import { chaincodeErrorCode, evaluateJson, submitJson } from '../support/fabric-clients';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

const on = (): { effectiveOn: string } => ({ effectiveOn: today() });
const URGENT = 'REMOVAL_SUSPENDED_URGENT_APPLICATION';

/** To a manifestly unfounded rejection, served, under an urgent application (seq 2 to 8). */
const TO_URGENT_APPLICATION = (): Step[] => [
  { org: 'LDSMSP', role: 'LAND_RECEPTION', fn: 'recordDistribution', input: { ...on(), landCode: 'DE-SN' }, state: 'DISTRIBUTED' },
  { org: 'LDSMSP', role: 'LAND_RECEPTION', fn: 'confirmArrival', input: on(), state: 'ARRIVED' },
  { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'lodgeApplication', input: on(), state: 'APPLICATION_LODGED' },
  { org: 'LDSMSP', role: 'LAND_DISTRIBUTION', fn: 'allocateToMunicipality', input: { ...on(), responsible: 'ABHMSP' }, state: 'APPLICATION_LODGED' },
  { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordDecision', input: { ...on(), outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED' }, state: 'DECIDED' },
  { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordService', input: { servedOn: today() }, state: 'SERVED' },
  { org: 'BAMFMSP', role: 'BAMF_LITIGATION', fn: 'recordUrgentApplication', input: on(), state: 'UNDER_APPEAL' },
];

interface HistoryEntry {
  txId: string;
  type: string;
  correctsTxId: string | null;
  correctedBy: string[];
}

describeRealNetwork('the status can be trusted (corrections, endorsement, retirement, time)', (network: () => RealNetwork) => {
  let session: CaseSession;
  let caseRef: string;
  let receipts: Receipt[];

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(() => undefined, (error: unknown) => error);
  }

  beforeAll(async () => {
    session = new CaseSession(network().ctx);
    await session.start();
    const registered = await session.register();
    caseRef = registered.caseRef;
    receipts = [registered, ...(await session.walk(caseRef, TO_URGENT_APPLICATION()))];
  });

  afterAll(() => {
    session.close();
  });

  const txOf = (seq: number): string => receipts[seq - 1]!.txId;

  it('holds the urgent-application hold it starts from', async () => {
    expect(await session.caseAt('ABHMSP', caseRef)).toMatchObject({ seq: 8, state: 'UNDER_APPEAL', holds: [URGENT], responsible: 'ABHMSP' });
  });

  const attacks: [string, string, Role, () => Record<string, unknown>, string][] = [
    ["clears the hold through a correction of its arrival", 'LDSMSP', 'LAND_RECEPTION', () => ({ correctsTxId: txOf(3), reasonCode: 'DATA_ENTRY_ERROR', corrected: { holds: [] } }), 'VALIDATION_FAILED'],
    ["'corrects' its distribution to FINAL / PROTECTION", 'LDSMSP', 'LAND_RECEPTION', () => ({ correctsTxId: txOf(2), reasonCode: 'DATA_ENTRY_ERROR', corrected: { outcomeClass: 'PROTECTION' } }), 'VALIDATION_FAILED'],
    ["voids BAMF's urgent application", 'LDSMSP', 'LAND_RECEPTION', () => ({ correctsTxId: txOf(8), reasonCode: 'WRONG_CASE' }), 'CORRECTION_NOT_ALLOWED'],
    ['voids its own arrival, which later events need', 'LDSMSP', 'LAND_RECEPTION', () => ({ correctsTxId: txOf(3), reasonCode: 'WRONG_CASE' }), 'CORRECTION_BREAKS_HISTORY'],
    ["corrects BAMF's decision", 'ABHMSP', 'ABH', () => ({ correctsTxId: txOf(6), reasonCode: 'DATA_ENTRY_ERROR', corrected: { outcomeClass: 'PROTECTION' } }), 'CORRECTION_NOT_ALLOWED'],
    ['turns its service into finality', 'BAMFMSP', 'BAMF_CASEWORKER', () => ({ correctsTxId: txOf(7), reasonCode: 'DATA_ENTRY_ERROR', corrected: { state: 'FINAL' } }), 'VALIDATION_FAILED'],
  ];

  it.each(attacks)('refuses an org that %s (%s %s): %s, and the case and its holds are unchanged', async (_what, org, role, fields, code) => {
    const error = await failure(session.submit(org, role, 'correctEvent', caseRef, 8, fields()));
    expect(chaincodeErrorCode(error)).toBe(code);
    expect(await session.caseAt(org, caseRef)).toMatchObject({ seq: 8, state: 'UNDER_APPEAL', holds: [URGENT] });
  });

  it.each([
    ['the responsible ABH and the Land, without BAMF', ['ABHMSP', 'LDSMSP']],
    ['BAMF alone', ['BAMFMSP']],
  ])('invalidates at commit the end of the hold endorsed by %s (ENDORSEMENT_POLICY_FAILURE); the hold stays', async (_who, endorsingOrgs) => {
    const rejected = { caseRef, requestId: newRequestId(), ...on(), result: 'URGENT_APPLICATION_REJECTED' };
    await session.committedAt('BAMFMSP', caseRef, 8);
    const error = await failure(submitJson(session.client('BAMFMSP', 'BAMF_LITIGATION').contract(), 'case:recordCourtOutcome', rejected, { endorsingOrgs }));
    expect(error).toBeInstanceOf(CommitError);
    expect((error as CommitError).code).toBe(10); // ENDORSEMENT_POLICY_FAILURE
    expect(await session.caseAt('BAMFMSP', caseRef)).toMatchObject({ seq: 8, holds: [URGENT] });
  });

  it('accepts the Land correcting the date of its own distribution: state and hold kept, both entries linked, every participant told', async () => {
    const correction = await session.submit('LDSMSP', 'LAND_RECEPTION', 'correctEvent', caseRef, 8, {
      correctsTxId: txOf(2),
      reasonCode: 'DATA_ENTRY_ERROR',
      corrected: { effectiveOn: dayFromToday(-1) },
    });
    expect(correction).toMatchObject({ seq: 9, state: 'UNDER_APPEAL' });
    expect(await session.caseAt('LDSMSP', caseRef)).toMatchObject({ seq: 9, state: 'UNDER_APPEAL', holds: [URGENT], responsible: 'ABHMSP', correctsTxId: txOf(2) });
    const history = await evaluateJson<{ entries: HistoryEntry[] }>(session.client('LDSMSP', 'AUDITOR').contract(), 'case:getHistory', { caseRef });
    const corrected = history.entries.find((entry) => entry.txId === txOf(2));
    const correcting = history.entries.find((entry) => entry.txId === correction.txId);
    expect(corrected).toMatchObject({ type: 'recordDistribution', correctedBy: [correction.txId] });
    expect(correcting).toMatchObject({ type: 'correctEvent', correctsTxId: txOf(2) });
    for (const org of ['BAMFMSP', 'ABHMSP']) {
      const events = await session.caseEventsAt(org, caseRef, 9);
      expect(events.at(-1)).toMatchObject({ type: 'correctEvent', to: 'UNDER_APPEAL', holds: [URGENT], targets: ['ABHMSP', 'BAMFMSP'] });
    }
  });

  it('refuses to retire an Ausländerbehörde that is still responsible for cases (RESPONSIBILITY_OPEN); the directory is unchanged', async () => {
    const proposalId = newRequestId();
    const authority = { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN', active: false };
    await submitJson(session.client('BAMFMSP', 'ADMIN').contract(), 'directory:proposeAuthorityChange', { proposalId, authority });
    const approval = failure(submitJson(session.client('LDSMSP', 'ADMIN').contract(), 'directory:approveAuthorityChange', { proposalId }));
    expect(chaincodeErrorCode(await approval)).toBe('RESPONSIBILITY_OPEN');
    const directory = await evaluateJson<{ authorities: { mspId: string; active: boolean }[] }>(
      session.client('ABHMSP', 'AUDITOR').contract(),
      'directory:getDirectory',
    );
    expect(directory.authorities.find((entry) => entry.mspId === 'ABHMSP')).toMatchObject({ active: true });
  });

  it.each([
    ['a month ahead', 30 * 86_400_000, 'TIMESTAMP_OUT_OF_RANGE'],
    ['a month behind', -30 * 86_400_000, 'TIMESTAMP_OUT_OF_RANGE'],
    ['now', 0, undefined],
  ])('refuses at endorsement a proposal dated %s (%s)', async (_when, offsetMs, code) => {
    const input = registerCaseInput();
    const error = await endorseDated(network().ctx, 'LDSMSP', 'LAND_RECEPTION', 'case:registerCase', input, new Date(Date.now() + offsetMs));
    expect(error === undefined ? undefined : chaincodeErrorCode(error)).toBe(code);
    const lookup = failure(evaluateJson(session.client('LDSMSP', 'AUDITOR').contract(), 'case:getCase', { caseRef: input.caseRef }));
    expect(chaincodeErrorCode(await lookup)).toBe('CASE_NOT_FOUND');
  });
});
