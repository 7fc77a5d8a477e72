import { caseEndorsementPolicy, chooseEndorsers, policyMembers, satisfiesPolicy } from './endorsement-rules';
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

describe('the endorsers of a write with private fields (chooseEndorsers)', () => {
  /** A Saxon case: its participants, the submitter first. */
  const saxon = (submitter: string): string[] => [submitter, ...['BAMFMSP', 'LDSMSP', 'ABHMSP'].filter((mspId) => mspId !== submitter)];

  it.each([
    // the Ausländerbehörde responsible: it and BAMF, whoever submits
    ['ABHMSP', 'ABHMSP', ['ABHMSP', 'BAMFMSP']],
    ['ABHMSP', 'BAMFMSP', ['ABHMSP', 'BAMFMSP']],
    ['LDSMSP', 'LDSMSP', ['BAMFMSP', 'LDSMSP']],
    // BAMF responsible: BAMF and the submitter, or the first participant; never the Bavarian authority, which has no part in the case
    ['BAMFMSP', 'BAMFMSP', ['BAMFMSP', 'LDSMSP']],
    ['BAMFMSP', 'ABHMSP', ['ABHMSP', 'BAMFMSP']],
    ['BAMFMSP', 'LDSMSP', ['BAMFMSP', 'LDSMSP']],
  ])('for a case %s is responsible for, submitted by %s: %j', (responsible, submitter, endorsers) => {
    const policy = caseEndorsementPolicy(DIRECTORY, responsible);
    const chosen = chooseEndorsers(policy, saxon(submitter));
    expect([...chosen].sort()).toEqual(endorsers);
    expect(satisfiesPolicy(policy, chosen)).toBe(true);
  });

  it('takes both Länder of a pending redistribution and BAMF, and nobody else', () => {
    const policy = caseEndorsementPolicy(DIRECTORY, 'LDSMSP', ['LDSMSP', 'LBYMSP']);
    expect(chooseEndorsers(policy, ['LBYMSP', 'BAMFMSP', 'LDSMSP', 'ABHMSP']).sort()).toEqual(['BAMFMSP', 'LBYMSP', 'LDSMSP']);
  });

  it('adds preferred orgs up to the minimum when the policy needs fewer, and no more than the policy when it needs more', () => {
    expect(chooseEndorsers({ signedBy: 'LDSMSP' }, ['ABHMSP', 'BAMFMSP'])).toEqual(['LDSMSP', 'ABHMSP']);
    expect(chooseEndorsers({ signedBy: 'LDSMSP' }, ['LDSMSP', 'BAMFMSP'], 3)).toEqual(['LDSMSP', 'BAMFMSP']);
    expect(chooseEndorsers(caseEndorsementPolicy(DIRECTORY, 'ABHMSP'), ['ABHMSP'], 1).sort()).toEqual(['ABHMSP', 'BAMFMSP']);
  });

  it('satisfies every case policy of the directory for every submitter', () => {
    for (const responsible of PARTICIPANTS) {
      for (const submitter of PARTICIPANTS) {
        const policy = caseEndorsementPolicy(DIRECTORY, responsible);
        const chosen = chooseEndorsers(policy, [submitter, ...PARTICIPANTS]);
        expect({ responsible, submitter, satisfied: satisfiesPolicy(policy, chosen), size: chosen.length }).toEqual({ responsible, submitter, satisfied: true, size: 2 });
      }
    }
  });
});
