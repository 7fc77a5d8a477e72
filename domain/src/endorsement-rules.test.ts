import { caseEndorsementPolicy, policyMembers, satisfiesPolicy } from './endorsement-rules';
import { DIRECTORY } from './test-support/fixtures';

/** Every set of two distinct orgs from a list. */
function pairs(mspIds: readonly string[]): [string, string][] {
  return mspIds.flatMap((a, i) => mspIds.slice(i + 1).map((b): [string, string] => [a, b]));
}

const PARTICIPANTS = ['ABHMSP', 'BAMFMSP', 'LBYMSP', 'LDSMSP'];

describe('the key-level policy of a case', () => {
  it.each([
    ['ABHMSP', { outOf: 2, of: [{ signedBy: 'ABHMSP' }, { signedBy: 'BAMFMSP' }] }],
    ['LDSMSP', { outOf: 2, of: [{ signedBy: 'LDSMSP' }, { signedBy: 'BAMFMSP' }] }],
    [
      'BAMFMSP',
      { outOf: 2, of: [{ signedBy: 'BAMFMSP' }, { outOf: 1, of: [{ signedBy: 'ABHMSP' }, { signedBy: 'LBYMSP' }, { signedBy: 'LDSMSP' }] }] },
    ],
  ])('for a case %s is responsible for is %j', (responsible, policy) => {
    expect(caseEndorsementPolicy(DIRECTORY, responsible)).toEqual(policy);
  });

  it.each(PARTICIPANTS)('is never satisfied by one org alone (responsible %s)', (responsible) => {
    const policy = caseEndorsementPolicy(DIRECTORY, responsible);
    for (const mspId of [...PARTICIPANTS, 'AUDMSP']) expect(satisfiesPolicy(policy, [mspId])).toBe(false);
  });

  it.each(PARTICIPANTS)('is satisfied by no pair without BAMF, nor without the responsible org (responsible %s)', (responsible) => {
    const policy = caseEndorsementPolicy(DIRECTORY, responsible);
    const satisfied = pairs([...PARTICIPANTS, 'AUDMSP']).filter((pair) => satisfiesPolicy(policy, pair));
    expect(satisfied.length).toBeGreaterThan(0);
    for (const pair of satisfied) {
      expect(pair).toContain('BAMFMSP');
      expect(pair).toContain(responsible);
    }
  });

  it('names no auditor and no retired authority', () => {
    const retired = { authorities: DIRECTORY.authorities.map((entry) => (entry.mspId === 'LBYMSP' ? { ...entry, active: false } : entry)) };
    expect(policyMembers(caseEndorsementPolicy(retired, 'BAMFMSP')).sort()).toEqual(['ABHMSP', 'BAMFMSP', 'LDSMSP']);
  });
});
