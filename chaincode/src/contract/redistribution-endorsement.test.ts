/**
 * A redistribution to another Land (§ 51 AsylG) on the dev ledger: the request sets the case key's
 * endorsement policy to the responsible org AND both Länder AND BAMF, so that the receiving Land's
 * consent, which moves the case, commits on the real network only with both Länder's peers; the
 * answer sets it back to the (new) responsible org AND BAMF.
 */
import { codeOf, ContractHarness, type Outcome } from './test-support/contract-harness';

const CASE = 'e6'.repeat(16);
const day = (effectiveOn: string) => ({ effectiveOn });
let requests = 0;

async function write(harness: ContractHarness, msp: string, role: string, fn: string, fields: Record<string, unknown>): Promise<Outcome> {
  requests += 1;
  return harness.submit(msp, role, fn, { caseRef: CASE, requestId: `00000000-0000-4000-8000-${requests.toString(16).padStart(12, '0')}`, ...fields });
}

async function play(harness: ContractHarness, steps: readonly [string, string, string, Record<string, unknown>][]): Promise<void> {
  for (const [msp, role, fn, fields] of steps) {
    const outcome = await write(harness, msp, role, fn, fields);
    if (!outcome.ok) throw new Error(`${fn} failed: ${outcome.error.code} ${outcome.error.message}`);
  }
}

async function policyOf(harness: ContractHarness): Promise<unknown> {
  const policy = await harness.evaluate('BAMFMSP', 'AUDITOR', 'getEndorsementPolicy', { caseRef: CASE });
  return policy.ok ? policy.value : policy.error.code;
}

describe('the endorsement policy of a case under redistribution to another Land', () => {
  let harness: ContractHarness;
  beforeEach(async () => {
    harness = await ContractHarness.create();
    await harness.bootstrap();
    await harness.addBavaria();
    await play(harness, [
      ['LDSMSP', 'LAND_RECEPTION', 'registerCase', { procedureKind: 'ERSTANTRAG', ...day('2026-07-01') }],
      ['BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', { landCode: 'DE-SN', ...day('2026-07-01') }],
      ['LDSMSP', 'LAND_RECEPTION', 'confirmArrival', day('2026-07-01')],
      ['BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', day('2026-07-02')],
      ['LDSMSP', 'LAND_DISTRIBUTION', 'allocateToMunicipality', { responsible: 'ABHMSP', ...day('2026-07-02') }],
    ]);
  });
  afterEach(async () => {
    await harness.close();
  });

  const request = ['LDSMSP', 'LAND_DISTRIBUTION', 'requestRedistribution', { ...day('2026-08-03'), landCode: 'DE-BY', receiving: 'LBYMSP', ground: 'FAMILY_UNITY' }] as const;

  it('needs both Länder from the request on: the responsible ABH AND Saxony AND Bavaria AND BAMF', async () => {
    expect(await policyOf(harness)).toEqual({ outOf: 2, of: [{ signedBy: 'ABHMSP' }, { signedBy: 'BAMFMSP' }] });
    await play(harness, [[...request]]);
    expect(await policyOf(harness)).toEqual({
      outOf: 4,
      of: [{ signedBy: 'ABHMSP' }, { signedBy: 'LDSMSP' }, { signedBy: 'LBYMSP' }, { signedBy: 'BAMFMSP' }],
    });
  });

  it('moves the case and its policy to Bavaria on its consent', async () => {
    await play(harness, [[...request], ['LBYMSP', 'LAND_DISTRIBUTION', 'answerRedistribution', { ...day('2026-08-10'), answer: 'CONSENTED' }]]);
    expect(await policyOf(harness)).toEqual({ outOf: 2, of: [{ signedBy: 'LBYMSP' }, { signedBy: 'BAMFMSP' }] });
    const record = await harness.evaluate('LBYMSP', 'AUDITOR', 'getCase', { caseRef: CASE });
    expect(record.ok && record.value).toMatchObject({ responsible: 'LBYMSP', landCode: 'DE-BY', redistribution: null });
  });

  it('returns to the responsible ABH AND BAMF on refusal', async () => {
    await play(harness, [[...request], ['LBYMSP', 'LAND_DISTRIBUTION', 'answerRedistribution', { ...day('2026-08-10'), answer: 'REFUSED' }]]);
    expect(await policyOf(harness)).toEqual({ outOf: 2, of: [{ signedBy: 'ABHMSP' }, { signedBy: 'BAMFMSP' }] });
  });

  it('lets Saxony not answer its own request, and leaves the policy as it was', async () => {
    await play(harness, [[...request]]);
    expect(codeOf(await write(harness, 'LDSMSP', 'LAND_DISTRIBUTION', 'answerRedistribution', { ...day('2026-08-10'), answer: 'CONSENTED' }))).toBe('FORBIDDEN_ORG');
    expect(await policyOf(harness)).toMatchObject({ outOf: 4 });
  });
});
