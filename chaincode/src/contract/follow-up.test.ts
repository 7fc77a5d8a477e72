/**
 * Follow-up applications on the ledger: the contract reads the earlier case a registration names
 * and, for a removal, the follow-up cases through the follow-up index (reads only).
 */
import { CaseEvent, type CaseRecord } from '@asylum-ledger/domain';
import { ContractHarness } from './test-support/contract-harness';

const EARLIER = 'e0'.repeat(16);
const FOLLOW_UP = 'f0'.repeat(16);
let counter = 0;
/** A fresh request id per call. */
function rid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}
const on = { effectiveOn: '2026-09-01' };
const later = { effectiveOn: '2026-11-20' };

type Step = [msp: string, role: string, fn: string, fields: Record<string, unknown>];

/**
 * Lodged Tue 1 Sep 2026 (reformed law), rejected as manifestly unfounded in the accelerated
 * procedure, served Thu 1 Oct: one week to sue, to Thu 8 Oct, a week to leave, to Thu 15 Oct;
 * removal lawful from Fri 16 Oct; final 9 Oct.
 */
const earlierCase: Step[] = [
  ['LDSMSP', 'LAND_RECEPTION', 'registerCase', { procedureKind: 'ERSTANTRAG', ...on }],
  ['BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', { landCode: 'DE-SN', ...on }],
  ['LDSMSP', 'LAND_RECEPTION', 'confirmArrival', on],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', on],
  ['LDSMSP', 'LAND_DISTRIBUTION', 'allocateToMunicipality', { ...on, responsible: 'ABHMSP' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', { ...on, outcomeClass: 'REJECTED_MANIFESTLY_UNFOUNDED', track: 'ACCELERATED' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'recordService', { servedOn: '2026-10-01' }],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'markFinal', { effectiveOn: '2026-10-09' }],
];

const followUpCase: Step[] = [
  ['BAMFMSP', 'BAMF_REGISTRATION', 'registerCase', { procedureKind: 'FOLGEANTRAG', previousCaseRef: EARLIER, ...later }],
  ['BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', { landCode: 'DE-SN', ...later }],
  ['LDSMSP', 'LAND_RECEPTION', 'confirmArrival', later],
  ['BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', later],
];

async function play(harness: ContractHarness, steps: Step[], caseRef: string): Promise<void> {
  for (const [msp, role, fn, fields] of steps) {
    const outcome = await harness.submit(msp, role, fn, { caseRef, requestId: rid(), ...fields });
    if (!outcome.ok) throw new Error(`${fn} failed: ${outcome.error.code} ${outcome.error.message}`);
  }
}

async function getCase(harness: ContractHarness, caseRef: string): Promise<CaseRecord> {
  const outcome = await harness.evaluate('BAMFMSP', 'AUDITOR', 'getCase', { caseRef });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value as unknown as CaseRecord;
}

const removal = (effectiveOn: string) => ({ caseRef: EARLIER, requestId: rid(), effectiveOn, mode: 'REMOVAL' });

describe('follow-up applications in the case contract', () => {
  let harness: ContractHarness;
  beforeEach(async () => {
    harness = await ContractHarness.create();
    await harness.bootstrap();
    await play(harness, earlierCase, EARLIER);
  });
  afterEach(async () => {
    await harness.close();
  });

  it('refuses a previousCaseRef that names no case on the ledger', async () => {
    const outcome = await harness.submit('BAMFMSP', 'BAMF_REGISTRATION', 'registerCase', {
      caseRef: FOLLOW_UP,
      requestId: rid(),
      procedureKind: 'FOLGEANTRAG',
      previousCaseRef: 'ab'.repeat(16),
      ...later,
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'PREVIOUS_CASE_NOT_FOUND', details: { field: 'previousCaseRef' } } });
  });

  it('writes the follow-up index entry, shows the link on the case and tells the ABH of the earlier case', async () => {
    await play(harness, followUpCase.slice(0, 1), FOLLOW_UP);
    const keys = harness.ledger.store.getStateRange('', '').map((entry: { key: string }) => entry.key);
    expect(keys).toContain(`\u0000case~followUp\u0000${EARLIER}\u0000${FOLLOW_UP}\u0000`);
    expect((await getCase(harness, FOLLOW_UP)).previousCaseRef).toBe(EARLIER);
    const events = harness.events().map((event) => CaseEvent.parse(JSON.parse(Buffer.from(event.payload).toString('utf8'))));
    expect(events.at(-1)).toMatchObject({ caseRef: FOLLOW_UP, previousCaseRef: EARLIER, targets: ['ABHMSP'] });
  });

  it('refuses a removal on the earlier case while the follow-up is undecided, and allows it after the Art. 56 communication', async () => {
    await play(harness, followUpCase, FOLLOW_UP);
    expect(await harness.submit('LDSMSP', 'LAND_ZAB', 'recordDeparture', removal('2026-11-25'))).toMatchObject({
      ok: false,
      error: { code: 'REMOVAL_BARRED_BY_FOLLOW_UP', details: { followUpCaseRef: FOLLOW_UP, waitingFor: 'FOLLOW_UP_DECISION', basis: 'ASYLG_71_3_FOLLOW_UP' } },
    });
    await play(harness, [['BAMFMSP', 'BAMF_CASEWORKER', 'recordNonRefoulementCommunication', { ground: 'FIRST_TO_FRUSTRATE_REMOVAL', effectiveOn: '2026-11-24' }]], FOLLOW_UP);
    expect(await harness.submit('LDSMSP', 'LAND_ZAB', 'recordDeparture', removal('2026-11-23'))).toMatchObject({
      ok: false,
      error: { code: 'REMOVAL_BARRED_BY_FOLLOW_UP', details: { lawfulFrom: '2026-11-24', basis: 'ASYLG_71_3_NON_REFOULEMENT' } },
    });
    expect(await harness.submit('LDSMSP', 'LAND_ZAB', 'recordDeparture', removal('2026-11-24'))).toMatchObject({ ok: true });
  });
});
