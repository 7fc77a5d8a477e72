/**
 * Issue 19, auditors: the AUDITOR role reads everything and submits nothing. Every SUBMIT
 * transaction the contract publishes in its metadata is tried as an auditor of each kind of
 * authority, on a case that exists, and must be refused; the ledger must not change.
 */
import { codeOf, ContractHarness } from './test-support/contract-harness';

const CASE = 'a0d17000a0d17000a0d17000a0d17000';
let counter = 0;
function rid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}
const on = { effectiveOn: '2026-09-01' };

type Metadata = { contracts: Record<string, { transactions: { name: string; tag: string[] }[] }> };

describe('AUDITOR on the chaincode: read-only everywhere', () => {
  let harness: ContractHarness;
  let submitTransactions: string[];

  beforeAll(async () => {
    harness = await ContractHarness.create();
    await harness.bootstrap();
    const registered = await harness.submit('LDSMSP', 'LAND_RECEPTION', 'registerCase', { caseRef: CASE, requestId: rid(), procedureKind: 'ERSTANTRAG', ...on });
    if (!registered.ok) throw new Error(registered.error.message);
    const metadata = await harness.evaluate('BAMFMSP', 'AUDITOR', 'org.hyperledger.fabric:GetMetadata');
    if (!metadata.ok) throw new Error('no metadata');
    const { contracts } = metadata.value as unknown as Metadata;
    submitTransactions = Object.entries(contracts)
      .filter(([name]) => name === 'case' || name === 'directory')
      .flatMap(([name, contract]) => contract.transactions.filter((tx) => tx.tag.includes('SUBMIT')).map((tx) => `${name}:${tx.name}`));
  });
  afterAll(async () => harness.close());

  it('publishes submit transactions to try (the list is not empty)', () => {
    expect(submitTransactions).toEqual(expect.arrayContaining(['case:registerCase', 'case:recordDistribution', 'case:correctEvent', 'directory:bootstrap']));
    expect(submitTransactions.length).toBeGreaterThan(20);
  });

  it.each(['BAMFMSP', 'LDSMSP', 'ABHMSP'])('writes nothing for any submit transaction of an auditor of %s (refused by its role or its input)', async (mspId) => {
    const heightBefore = harness.ledger.store.blockHeight();
    const codes = new Set<string>();
    for (const fn of submitTransactions) {
      codes.add(codeOf(await harness.submit(mspId, 'AUDITOR', fn, { caseRef: CASE, requestId: rid(), ...on })));
    }
    expect([...codes].sort()).toEqual(['FORBIDDEN_ROLE', 'VALIDATION_FAILED']);
    expect(harness.ledger.store.blockHeight()).toBe(heightBefore);
  });

  it.each(['BAMFMSP', 'LDSMSP', 'ABHMSP'])('refuses well-formed writes of an auditor of %s with FORBIDDEN_ROLE', async (mspId) => {
    const heightBefore = harness.ledger.store.blockHeight();
    const history = await harness.evaluate('BAMFMSP', 'AUDITOR', 'getHistory', { caseRef: CASE });
    const firstTx = ((history.ok ? history.value.entries : []) as { txId: string }[])[0]!.txId;
    const writes: [string, Record<string, unknown>, Record<string, string>?][] = [
      ['case:registerCase', { caseRef: 'a0d17000a0d17000a0d17000a0d17001', procedureKind: 'ERSTANTRAG', ...on }],
      ['case:recordDistribution', { caseRef: CASE, landCode: 'DE-SN', ...on }],
      ['case:correctEvent', { caseRef: CASE, correctsTxId: firstTx, reasonCode: 'DATA_ENTRY_ERROR', corrected: { effectiveOn: '2026-08-31' } }],
      ['case:eraseCase', { caseRef: CASE, ground: 'GOVERNANCE_DECISION' }],
      ['directory:proposeAuthorityChange', { proposalId: '00000000-0000-4000-8000-00000000a0d1', authority: { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true } }],
      ['directory:approveAuthorityChange', { proposalId: '00000000-0000-4000-8000-00000000a0d1' }],
    ];
    const codes = [];
    for (const [fn, input] of writes) codes.push([fn, codeOf(await harness.submit(mspId, 'AUDITOR', fn, fn.startsWith('case:') ? { requestId: rid(), ...input } : input))]);
    expect(codes).toEqual(writes.map(([fn]) => [fn, 'FORBIDDEN_ROLE']));
    expect(harness.ledger.store.blockHeight()).toBe(heightBefore);
  });

  it('lets an auditor of any org read the case, its history and the endorsement policy', async () => {
    for (const mspId of ['BAMFMSP', 'LDSMSP', 'ABHMSP']) {
      expect(codeOf(await harness.evaluate(mspId, 'AUDITOR', 'getCase', { caseRef: CASE }))).toBe('OK');
      expect(codeOf(await harness.evaluate(mspId, 'AUDITOR', 'getHistory', { caseRef: CASE }))).toBe('OK');
      expect(codeOf(await harness.evaluate(mspId, 'AUDITOR', 'getEndorsementPolicy', { caseRef: CASE }))).toBe('OK');
    }
  });
});
