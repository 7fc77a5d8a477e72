/**
 * Who may read a case (domain/src/read-scope.ts), on the dev ledger: a case registered in Saxony and
 * distributed to Bavaria is read by BAMF (every case), by the Saxon Landesdirektion that registered
 * it (it took part), by Bavaria (its Land now), and not by the Dresden Ausländerbehörde, which took
 * no part and is of another Land; a listing leaves it out for that reader.
 */
import { ContractHarness } from './test-support/contract-harness';

const BAVARIAN = 'b7'.repeat(16);
const SAXON = 'c8'.repeat(16);
let requests = 0;

function requestId(): string {
  requests += 1;
  return `00000000-0000-4000-8000-${requests.toString(16).padStart(12, '0')}`;
}

describe("a case's public record is read within the reader's Land, or by those who took part", () => {
  let harness: ContractHarness;

  beforeAll(async () => {
    harness = await ContractHarness.create();
    await harness.bootstrap();
    await harness.addBavaria();
    const steps: [string, string, string, Record<string, unknown>][] = [
      ['LDSMSP', 'LAND_RECEPTION', 'registerCase', { caseRef: BAVARIAN, procedureKind: 'ERSTANTRAG', effectiveOn: '2026-07-01' }],
      ['BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', { caseRef: BAVARIAN, landCode: 'DE-BY', effectiveOn: '2026-07-01' }],
      ['LDSMSP', 'LAND_RECEPTION', 'registerCase', { caseRef: SAXON, procedureKind: 'ERSTANTRAG', effectiveOn: '2026-07-01' }],
      ['BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', { caseRef: SAXON, landCode: 'DE-SN', effectiveOn: '2026-07-01' }],
    ];
    for (const [msp, role, fn, input] of steps) {
      const outcome = await harness.submit(msp, role, fn, { requestId: requestId(), ...input });
      if (!outcome.ok) throw new Error(`${fn}: ${outcome.error.code} ${outcome.error.message}`);
    }
  });
  afterAll(async () => {
    await harness.close();
  });

  async function readCode(msp: string, role: string, fn: string, caseRef: string): Promise<string> {
    const outcome = await harness.evaluate(msp, role, fn, { caseRef });
    return outcome.ok ? 'READ' : outcome.error.code;
  }

  it.each([
    ['BAMFMSP', 'AUDITOR', 'READ'],
    ['BAMFMSP', 'BAMF_CASEWORKER', 'READ'],
    ['LDSMSP', 'LAND_RECEPTION', 'READ'],
    ['LDSMSP', 'AUDITOR', 'READ'],
    ['LBYMSP', 'LAND_DISTRIBUTION', 'READ'],
    ['ABHMSP', 'ABH', 'FORBIDDEN_READ'],
    ['ABHMSP', 'AUDITOR', 'FORBIDDEN_READ'],
  ])('getCase of the Bavarian case by %s as %s: %s', async (msp, role, expected) => {
    expect(await readCode(msp, role, 'getCase', BAVARIAN)).toBe(expected);
    expect(await readCode(msp, role, 'getEndorsementPolicy', BAVARIAN)).toBe(expected);
  });

  it('lets the Saxon ABH read the Saxon case, and its auditor its history', async () => {
    expect(await readCode('ABHMSP', 'ABH', 'getCase', SAXON)).toBe('READ');
    expect(await readCode('ABHMSP', 'AUDITOR', 'getHistory', SAXON)).toBe('READ');
  });

  it("refuses the history to an auditor outside the case's Land who took no part, and gives it to the federal auditor", async () => {
    expect(await readCode('ABHMSP', 'AUDITOR', 'getHistory', BAVARIAN)).toBe('FORBIDDEN_READ');
    expect(await readCode('BAMFMSP', 'AUDITOR', 'getHistory', BAVARIAN)).toBe('READ');
  });

  it('leaves the Bavarian case out of the Saxon ABH auditor’s listing, and keeps it in BAMF’s', async () => {
    const listed = async (msp: string): Promise<string[]> => {
      const outcome = await harness.evaluate(msp, 'AUDITOR', 'listCases', { state: 'DISTRIBUTED', pageSize: 50, bookmark: '' });
      if (!outcome.ok) throw new Error(outcome.error.code);
      return (outcome.value as { cases: { caseRef: string }[] }).cases.map((entry) => entry.caseRef);
    };
    expect(await listed('ABHMSP')).toEqual([SAXON]);
    expect((await listed('BAMFMSP')).sort()).toEqual([BAVARIAN, SAXON].sort());
  });
});
