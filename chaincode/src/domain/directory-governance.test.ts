import { resolveActor, caseEndorsement, participantOrgs } from './authority-directory';
import { ORG_KINDS, ROLES, isRoleOfKind } from './authorities';
import { decideBootstrap, decideRegisterAuthority, directoryQuorum } from './directory-governance';
import { DIRECTORY } from './test-support/fixtures';

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
      'DIRECTORY_ERROR',
    );
    expect(codeOf(() => decideBootstrap(undefined, { authorities: reference }, { mspId: 'BAMFMSP', role: 'BAMF_CASEWORKER' }))).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(codeOf(() => decideBootstrap(undefined, { authorities: reference }, { mspId: 'OTHERMSP', role: 'ADMIN' }))).toBe('FORBIDDEN_ORG');
    expect(codeOf(() => decideBootstrap(undefined, { authorities: [reference[0]!, reference[0]!] }, { mspId: 'BAMFMSP', role: 'ADMIN' }))).toBe(
      'DIRECTORY_ERROR',
    );
    expect(codeOf(() => decideBootstrap(undefined, { authorities: [reference[0]!] }, { mspId: 'BAMFMSP', role: 'ADMIN' }))).toBe(
      'DIRECTORY_ERROR',
    );
  });

  it('adds a Land and retires an authority, keeping at least two participants', () => {
    const directory = decideBootstrap(undefined, { authorities: reference }, { mspId: 'BAMFMSP', role: 'ADMIN' });
    const withBavaria = decideRegisterAuthority(
      directory,
      { authority: { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true } },
      { mspId: 'LDSMSP', role: 'ADMIN' },
    );
    expect(participantOrgs(withBavaria)).toEqual(['ABHMSP', 'BAMFMSP', 'LBYMSP', 'LDSMSP']);
    expect(directoryQuorum(withBavaria).required).toBe(3);
    const retired = decideRegisterAuthority(withBavaria, { authority: { ...reference[2]!, active: false } }, { mspId: 'BAMFMSP', role: 'ADMIN' });
    expect(participantOrgs(retired)).toEqual(['BAMFMSP', 'LBYMSP', 'LDSMSP']);
    expect(codeOf(() => decideRegisterAuthority(undefined, { authority: reference[0]! }, { mspId: 'BAMFMSP', role: 'ADMIN' }))).toBe(
      'DIRECTORY_ERROR',
    );
    const twoLeft = decideRegisterAuthority(directory, { authority: { ...reference[2]!, active: false } }, { mspId: 'BAMFMSP', role: 'ADMIN' });
    expect(codeOf(() => decideRegisterAuthority(twoLeft, { authority: { ...reference[1]!, active: false } }, { mspId: 'BAMFMSP', role: 'ADMIN' }))).toBe(
      'DIRECTORY_ERROR',
    );
  });

  it('requires the responsible org and one other participant for a case key', () => {
    expect(caseEndorsement(DIRECTORY, 'ABHMSP')).toEqual({ responsible: 'ABHMSP', others: ['BAMFMSP', 'LBYMSP', 'LDSMSP'] });
  });
});
