import { resolveActor, participantOrgs } from './authority-directory';
import { ORG_KINDS, ROLES, isRoleOfKind } from './authorities';
import { decideApproveChange, decideBootstrap, decideProposeChange, directoryQuorum } from './directory-governance';
import { DIRECTORY } from './test-support/fixtures';
import { retentionYearsOf } from './retention';

const reference = [
  { mspId: 'BAMFMSP', kind: 'FEDERAL' as const, landCode: 'DE', active: true },
  { mspId: 'LDSMSP', kind: 'LAND' as const, landCode: 'DE-SN', active: true },
  { mspId: 'ABHMSP', kind: 'ABH' as const, landCode: 'DE-SN', active: true },
];

function codeOf(body: () => unknown): string {
  try {
    body();
    return 'NO_ERROR';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('resolving the submitter', () => {
  const cases = ORG_KINDS.flatMap((kind) => ROLES.map((role) => [kind, role, isRoleOfKind(role, kind)] as const));
  it.each(cases)('a %s authority holding %s is accepted=%s', (kind, role, accepted) => {
    const mspId = DIRECTORY.authorities.find((entry) => entry.kind === kind)!.mspId;
    expect(codeOf(() => resolveActor(DIRECTORY, mspId, role))).toBe(accepted ? 'NO_ERROR' : 'FORBIDDEN_ROLE');
  });

  it('refuses unknown organisations, inactive ones and certificates without a role', () => {
    expect(codeOf(() => resolveActor(DIRECTORY, 'EVILMSP', 'ADMIN'))).toBe('FORBIDDEN_ORG');
    const inactive = { authorities: DIRECTORY.authorities.map((entry) => ({ ...entry, active: false })) };
    expect(codeOf(() => resolveActor(inactive, 'BAMFMSP', 'ADMIN'))).toBe('FORBIDDEN_ORG');
    expect(codeOf(() => resolveActor(DIRECTORY, 'BAMFMSP', null))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(() => resolveActor(DIRECTORY, 'BAMFMSP', 'SUPERUSER'))).toBe('FORBIDDEN_ROLE');
  });
});

describe('directory governance', () => {
  it('bootstraps once, by an ADMIN of a listed authority, sorted', () => {
    const directory = decideBootstrap(undefined, { authorities: reference }, { mspId: 'BAMFMSP', role: 'ADMIN' });
    expect(directory.authorities.map((entry) => entry.mspId)).toEqual(['ABHMSP', 'BAMFMSP', 'LDSMSP']);
    expect(codeOf(() => decideBootstrap(directory, { authorities: reference }, { mspId: 'BAMFMSP', role: 'ADMIN' }))).toBe(
      'DIRECTORY_CONFLICT',
    );
    expect(codeOf(() => decideBootstrap(undefined, { authorities: reference }, { mspId: 'BAMFMSP', role: 'BAMF_CASEWORKER' }))).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(codeOf(() => decideBootstrap(undefined, { authorities: reference }, { mspId: 'OTHERMSP', role: 'ADMIN' }))).toBe('FORBIDDEN_ORG');
    expect(codeOf(() => decideBootstrap(undefined, { authorities: [reference[0]!, reference[0]!] }, { mspId: 'BAMFMSP', role: 'ADMIN' }))).toBe(
      'DIRECTORY_CHANGE_INVALID',
    );
    expect(codeOf(() => decideBootstrap(undefined, { authorities: [reference[0]!] }, { mspId: 'BAMFMSP', role: 'ADMIN' }))).toBe(
      'DIRECTORY_CHANGE_INVALID',
    );
  });

  const admin = (mspId: string) => ({ mspId, role: 'ADMIN' });
  const bavaria = { mspId: 'LBYMSP', kind: 'LAND' as const, landCode: 'DE-BY', active: true };
  const pid = '00000000-0000-4000-8000-0000000000aa';

  it('adds a Land only when a strict majority of participants approved', () => {
    const directory = decideBootstrap(undefined, { authorities: reference }, admin('BAMFMSP'));
    const proposal = decideProposeChange(directory, undefined, { proposalId: pid, authority: bavaria }, admin('LDSMSP'));
    expect(proposal.approvals).toEqual(['LDSMSP']);
    const second = decideApproveChange(directory, proposal, admin('BAMFMSP'));
    expect(second.proposal.approvals).toEqual(['BAMFMSP', 'LDSMSP']);
    expect(participantOrgs(second.directory!)).toEqual(['ABHMSP', 'BAMFMSP', 'LBYMSP', 'LDSMSP']);
    expect(directoryQuorum(second.directory!).required).toBe(3);
  });

  it.each([
    ['retiring it', { active: false }, true],
    ['moving it to another Land', { landCode: 'DE-BY' }, true],
    ['making it a Land authority', { kind: 'LAND' as const }, true],
  ])('refuses %s while the authority is responsible for cases (RESPONSIBILITY_OPEN)', (_what, change, refused) => {
    const directory = decideBootstrap(undefined, { authorities: reference }, admin('BAMFMSP'));
    const abh = reference[2]!;
    const proposal = decideProposeChange(directory, undefined, { proposalId: pid, authority: { ...abh, ...change } }, admin('BAMFMSP'));
    expect(codeOf(() => decideApproveChange(directory, proposal, admin('LDSMSP'), { responsibleForCases: true }))).toBe(
      refused ? 'RESPONSIBILITY_OPEN' : 'NO_ERROR',
    );
    expect(decideApproveChange(directory, proposal, admin('LDSMSP'), { responsibleForCases: false }).directory).toBeDefined();
  });

  it('counts an approval below the quorum without asking about cases', () => {
    const directory = decideBootstrap(undefined, { authorities: [...reference, bavaria] }, admin('BAMFMSP'));
    const proposal = decideProposeChange(directory, undefined, { proposalId: pid, authority: { ...reference[2]!, active: false } }, admin('BAMFMSP'));
    expect(decideApproveChange(directory, proposal, admin('LDSMSP'), { responsibleForCases: true }).directory).toBeUndefined();
  });

  it('does not let one ADMIN reclassify its own org or retire another alone', () => {
    const directory = decideBootstrap(undefined, { authorities: reference }, admin('BAMFMSP'));
    const selfPromotion = decideProposeChange(
      directory,
      undefined,
      { proposalId: pid, authority: { mspId: 'ABHMSP', kind: 'FEDERAL', landCode: 'DE', active: true } },
      admin('ABHMSP'),
    );
    expect(selfPromotion.approvals).toEqual(['ABHMSP']);
    expect(codeOf(() => decideApproveChange(directory, selfPromotion, admin('ABHMSP')))).toBe('DIRECTORY_CONFLICT');
    expect(codeOf(() => decideApproveChange(directory, selfPromotion, { mspId: 'LDSMSP', role: 'LAND_ZAB' }))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(() => decideApproveChange(directory, undefined, admin('LDSMSP')))).toBe('DIRECTORY_CONFLICT');
  });

  it('refuses proposals before bootstrap, reused ids, changes that change nothing, and emptying the directory', () => {
    expect(codeOf(() => decideProposeChange(undefined, undefined, { proposalId: pid, authority: bavaria }, admin('BAMFMSP')))).toBe('DIRECTORY_ERROR');
    const directory = decideBootstrap(undefined, { authorities: reference }, admin('BAMFMSP'));
    const open = decideProposeChange(directory, undefined, { proposalId: pid, authority: bavaria }, admin('BAMFMSP'));
    expect(codeOf(() => decideProposeChange(directory, open, { proposalId: pid, authority: bavaria }, admin('LDSMSP')))).toBe('DIRECTORY_CONFLICT');
    expect(codeOf(() => decideProposeChange(directory, undefined, { proposalId: pid, authority: reference[2]! }, admin('LDSMSP')))).toBe(
      'DIRECTORY_CONFLICT',
    );
    expect(codeOf(() => decideProposeChange(directory, undefined, { proposalId: pid, retentionYears: retentionYearsOf(directory) }, admin('LDSMSP')))).toBe(
      'DIRECTORY_CONFLICT',
    );
    const twoOrgs = { authorities: reference.slice(0, 2) };
    const retire = decideProposeChange(twoOrgs, undefined, { proposalId: pid, authority: { ...reference[1]!, active: false } }, admin('BAMFMSP'));
    expect(codeOf(() => decideApproveChange(twoOrgs, retire, admin('LDSMSP')))).toBe('DIRECTORY_CHANGE_INVALID');
    expect(codeOf(() => decideApproveChange(undefined, retire, admin('LDSMSP')))).toBe('DIRECTORY_ERROR');
  });
});
