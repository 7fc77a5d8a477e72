import { caseEndorsementPolicy, satisfiesPolicy } from './endorsement-rules';
import { landCollectionMembers, mayReadPrivateFields, privateWriteEndorsers } from './land-collections';
import { DIRECTORY } from './test-support/fixtures';

describe("a Land's private data collection", () => {
  it("has the Land's LAND authorities and the federal office as members, no Ausländerbehörde and no auditor", () => {
    expect(landCollectionMembers(DIRECTORY.authorities, 'DE-SN')).toEqual(['LDSMSP', 'BAMFMSP']);
    expect(landCollectionMembers(DIRECTORY.authorities, 'DE-BY')).toEqual(['LBYMSP', 'BAMFMSP']);
    // a Land without a LAND authority yet: the federal office alone keeps its data
    expect(landCollectionMembers(DIRECTORY.authorities, 'DE-BB')).toEqual(['BAMFMSP']);
  });

  it('leaves retired authorities out, and counts every org of a network table (no active flag) in', () => {
    const retired = DIRECTORY.authorities.map((entry) => (entry.mspId === 'LDSMSP' ? { ...entry, active: false } : entry));
    expect(landCollectionMembers(retired, 'DE-SN')).toEqual(['BAMFMSP']);
    const table = [{ mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE' }, { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN' }, { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN' }] as const;
    expect(landCollectionMembers(table, 'DE-SN')).toEqual(['LDSMSP', 'BAMFMSP']);
  });

  it('lets participants read the private fields of a case with a Land, auditors and other authorities not', () => {
    const record = { landCode: 'DE-SN', participants: ['ABHMSP', 'BAMFMSP', 'LDSMSP'] };
    expect(mayReadPrivateFields({ mspId: 'ABHMSP', role: 'ABH' }, record)).toBe(true);
    expect(mayReadPrivateFields({ mspId: 'LDSMSP', role: 'LAND_RECEPTION' }, record)).toBe(true);
    expect(mayReadPrivateFields({ mspId: 'BAMFMSP', role: 'AUDITOR' }, record)).toBe(false);
    expect(mayReadPrivateFields({ mspId: 'LBYMSP', role: 'LAND_RECEPTION' }, record)).toBe(false);
    expect(mayReadPrivateFields({ mspId: 'BAMFMSP', role: 'BAMF_CASEWORKER' }, { landCode: null, participants: ['BAMFMSP'] })).toBe(false);
  });
});

describe('the endorsers of a write with private fields (privateWriteEndorsers)', () => {
  const saxon = { landCode: 'DE-SN', participants: ['ABHMSP', 'BAMFMSP', 'LDSMSP'] };

  it("prefers a member of the Land's collection to a participant that keeps no copy when the policy leaves the choice", () => {
    // BAMF responsible: BAMF and any one other participant; the Landesdirektion keeps the values, the ABH would not
    const policy = caseEndorsementPolicy(DIRECTORY, 'BAMFMSP');
    expect(privateWriteEndorsers(policy, { submitter: 'BAMFMSP', record: saxon, authorities: DIRECTORY.authorities }).sort()).toEqual(['BAMFMSP', 'LDSMSP']);
    // the submitter comes first: the ABH's own write goes to its peer
    expect(privateWriteEndorsers(policy, { submitter: 'ABHMSP', record: saxon, authorities: DIRECTORY.authorities }).sort()).toEqual(['ABHMSP', 'BAMFMSP']);
  });

  it('takes the orgs the policy requires, members or not, and no authority outside the case', () => {
    const policy = caseEndorsementPolicy(DIRECTORY, 'ABHMSP');
    expect(privateWriteEndorsers(policy, { submitter: 'LDSMSP', record: saxon, authorities: DIRECTORY.authorities }).sort()).toEqual(['ABHMSP', 'BAMFMSP']);
    const bamfCase = caseEndorsementPolicy(DIRECTORY, 'BAMFMSP');
    const chosen = privateWriteEndorsers(bamfCase, { submitter: 'BAMFMSP', record: { landCode: null, participants: ['BAMFMSP', 'LDSMSP'] }, authorities: DIRECTORY.authorities });
    expect(chosen).not.toContain('LBYMSP');
    expect(satisfiesPolicy(bamfCase, chosen)).toBe(true);
  });
});
