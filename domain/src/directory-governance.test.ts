import { resolveActor, participantOrgs } from './authority-directory';
import { ORG_KINDS, ROLES, isRoleOfKind } from './authorities';
import type { AuthorityDirectory } from './authorities';
import { decideApproveChange, decideBootstrap, decideProposeChange, decideTakeSeat } from './directory-governance';
import { type DirectoryChange, directoryEndorsementPolicy, isApproved, requiredApprovals, seatedLands, withSeatOf } from './directory-approvals';
import { policyMembers, satisfiesPolicy } from './endorsement-rules';
import { LANDS, NATIONWIDE_DIRECTORY_SIZE, SAXON_LAND_AUTHORITIES, nationwideAuthorities } from './test-support/nationwide-directory';
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

  it('adds a Land once BAMF and the Länder quorum approved; the proposer counts, and the new Land has no seat yet', () => {
    const directory = decideBootstrap(undefined, { authorities: reference }, admin('BAMFMSP'));
    const proposal = decideProposeChange(directory, undefined, { proposalId: pid, authority: bavaria }, admin('LDSMSP'));
    expect(proposal.approvals).toEqual(['LDSMSP']);
    const second = decideApproveChange(directory, proposal, admin('BAMFMSP'));
    expect(second.proposal.approvals).toEqual(['BAMFMSP', 'LDSMSP']);
    expect(second.applied).toBe(true);
    expect(participantOrgs(second.directory!)).toEqual(['ABHMSP', 'BAMFMSP', 'LBYMSP', 'LDSMSP']);
    expect(seatedLands(second.directory!)).toEqual([]);
    expect(requiredApprovals(second.directory!, { retentionYears: 5 }).map((clause) => clause.required)).toEqual([1, 1]);
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
    const directory = { ...decideBootstrap(undefined, { authorities: [...reference, bavaria] }, admin('BAMFMSP')), seatedLands: ['DE-BY', 'DE-SN'] };
    const proposal = decideProposeChange(directory, undefined, { proposalId: pid, authority: { ...reference[1]!, active: false } }, admin('BAMFMSP'));
    const outcome = decideApproveChange(directory, proposal, admin('LDSMSP'), { responsibleForCases: true });
    expect(outcome).toMatchObject({ applied: false, directory: undefined });
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

describe('who must approve a directory change (directory-approvals.ts)', () => {
  const admin = (mspId: string) => ({ mspId, role: 'ADMIN' });
  const pid = '00000000-0000-4000-8000-0000000000bb';
  const entry = (mspId: string, kind: 'FEDERAL' | 'LAND' | 'ABH' | 'AUDIT', landCode: string, active = true) => ({ mspId, kind, landCode, active });
  /** Saxony (two LAND authorities, seated), Bavaria (seated), Thuringia (listed, not seated: it cannot sign). */
  const federation: AuthorityDirectory = {
    authorities: [
      entry('ABHMSP', 'ABH', 'DE-SN'),
      entry('ABHTHMSP', 'ABH', 'DE-TH'),
      entry('AUDMSP', 'AUDIT', 'DE'),
      entry('BAMFMSP', 'FEDERAL', 'DE'),
      entry('LBYMSP', 'LAND', 'DE-BY'),
      entry('LDSMSP', 'LAND', 'DE-SN'),
      entry('LTHMSP', 'LAND', 'DE-TH'),
      entry('ZABSNMSP', 'LAND', 'DE-SN'),
    ],
    seatedLands: ['DE-BY', 'DE-SN'],
  };
  const summary = (directory: AuthorityDirectory, change: DirectoryChange) =>
    requiredApprovals(directory, change).map((clause) => `${clause.rule}(${clause.required} of ${clause.lands.join('+') || clause.members.join('+')})`);

  it.each<[string, DirectoryChange, string[]]>([
    ['adding an ABH in a seated Land', { authority: entry('ABH2MSP', 'ABH', 'DE-SN') }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAND_OF_AUTHORITY(1 of DE-SN)']],
    ['retiring an ABH of a seated Land', { authority: entry('ABHMSP', 'ABH', 'DE-SN', false) }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAND_OF_AUTHORITY(1 of DE-SN)']],
    ['adding an ABH in a Land without a seat (the Länder decide for it)', { authority: entry('ABH2THMSP', 'ABH', 'DE-TH') }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAENDER_QUORUM(2 of DE-BY+DE-SN)']],
    ['adding an ABH in a Land with no LAND authority', { authority: entry('ABHHHMSP', 'ABH', 'DE-HH') }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAENDER_QUORUM(2 of DE-BY+DE-SN)']],
    ['moving an ABH to another Land (both sides)', { authority: entry('ABHMSP', 'ABH', 'DE-BY') }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAND_OF_AUTHORITY(1 of DE-SN)', 'LAND_OF_AUTHORITY(1 of DE-BY)']],
    ['making an ABH a LAND authority', { authority: entry('ABHMSP', 'LAND', 'DE-SN') }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAND_OF_AUTHORITY(1 of DE-SN)', 'LAENDER_QUORUM(2 of DE-BY+DE-SN)']],
    ['adding a LAND authority', { authority: entry('LHHMSP', 'LAND', 'DE-HH') }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAENDER_QUORUM(2 of DE-BY+DE-SN)']],
    ['retiring a LAND authority without a seat', { authority: entry('LTHMSP', 'LAND', 'DE-TH', false) }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAENDER_QUORUM(2 of DE-BY+DE-SN)']],
    ['adding a FEDERAL authority', { authority: entry('BPOLMSP', 'FEDERAL', 'DE') }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAENDER_QUORUM(2 of DE-BY+DE-SN)']],
    ['adding an audit body', { authority: entry('BFDIMSP', 'AUDIT', 'DE') }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAENDER_QUORUM(2 of DE-BY+DE-SN)']],
    ['changing the retention period', { retentionYears: 5 }, ['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAENDER_QUORUM(2 of DE-BY+DE-SN)']],
  ])('%s needs %j', (_what, change, expected) => {
    expect(summary(federation, change)).toEqual(expected);
  });

  it('counts the Länder quorum per Land: two Saxon authorities are one vote, Bavaria the second', () => {
    const change = { authority: entry('LHHMSP', 'LAND', 'DE-HH') };
    const clauses = requiredApprovals(federation, change);
    expect(isApproved(federation, clauses, ['BAMFMSP', 'LDSMSP', 'ZABSNMSP'])).toBe(false);
    expect(isApproved(federation, clauses, ['BAMFMSP', 'LDSMSP', 'LBYMSP'])).toBe(true);
    expect(isApproved(federation, clauses, ['LDSMSP', 'LBYMSP', 'ABHMSP', 'AUDMSP'])).toBe(false);
  });

  it('lets any one LAND authority of the ABH\'s Land approve, and no other Land', () => {
    const proposal = decideProposeChange(federation, undefined, { proposalId: pid, authority: entry('ABH2MSP', 'ABH', 'DE-SN') }, admin('BAMFMSP'));
    expect(decideApproveChange(federation, proposal, admin('ZABSNMSP'))).toMatchObject({ applied: true });
    expect(decideApproveChange(federation, proposal, admin('LDSMSP'))).toMatchObject({ applied: true });
    expect(codeOf(() => decideApproveChange(federation, proposal, admin('LBYMSP')))).toBe('FORBIDDEN_ORG');
    expect(codeOf(() => decideApproveChange(federation, proposal, admin('ABHMSP')))).toBe('FORBIDDEN_ORG');
    expect(codeOf(() => decideApproveChange(federation, proposal, admin('AUDMSP')))).toBe('FORBIDDEN_ORG');
  });

  it('needs BAMF: the Land alone, or every Land together, applies nothing', () => {
    const proposal = decideProposeChange(federation, undefined, { proposalId: pid, authority: entry('LHHMSP', 'LAND', 'DE-HH') }, admin('LDSMSP'));
    const byBavaria = decideApproveChange(federation, proposal, admin('LBYMSP'));
    expect(byBavaria).toMatchObject({ applied: false, directory: undefined });
    expect(decideApproveChange(federation, byBavaria.proposal, admin('BAMFMSP'))).toMatchObject({ applied: true });
  });

  it('seats a Land with its first approval: Thuringia then counts, and its approval alone is not a majority', () => {
    const proposal = decideProposeChange(federation, undefined, { proposalId: pid, authority: entry('LHHMSP', 'LAND', 'DE-HH') }, admin('BAMFMSP'));
    const outcome = decideApproveChange(federation, proposal, admin('LTHMSP'));
    expect(outcome.applied).toBe(false);
    expect(seatedLands(outcome.directory!)).toEqual(['DE-BY', 'DE-SN', 'DE-TH']);
    expect(summary(outcome.directory!, { retentionYears: 5 })).toEqual(['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAENDER_QUORUM(2 of DE-BY+DE-SN+DE-TH)']);
    const withSaxony = decideApproveChange(outcome.directory, outcome.proposal, admin('LDSMSP'));
    expect(withSaxony.applied).toBe(true);
    expect(withSaxony.directory!.seatedLands).toEqual(['DE-BY', 'DE-SN', 'DE-TH']);
  });

  it('lets a Land without a seat not block: with Saxony seated alone, Saxony is the majority', () => {
    const saxonyOnly = { ...federation, seatedLands: ['DE-SN'] };
    const proposal = decideProposeChange(saxonyOnly, undefined, { proposalId: pid, authority: entry('LTHMSP', 'LAND', 'DE-TH', false) }, admin('BAMFMSP'));
    const outcome = decideApproveChange(saxonyOnly, proposal, admin('LDSMSP'));
    expect(outcome.applied).toBe(true);
    expect(outcome.directory!.authorities.find((authority) => authority.mspId === 'LTHMSP')?.active).toBe(false);
  });

  it('takes the seat of a Land away with its last LAND authority; re-adding it does not seat it again', () => {
    const proposal = decideProposeChange(federation, undefined, { proposalId: pid, authority: entry('LBYMSP', 'LAND', 'DE-BY', false) }, admin('BAMFMSP'));
    const retired = decideApproveChange(federation, decideApproveChange(federation, proposal, admin('LDSMSP')).proposal, admin('LBYMSP'));
    expect(retired.directory!.seatedLands).toEqual(['DE-SN']);
    const back = decideProposeChange(retired.directory, undefined, { proposalId: pid, authority: entry('LBYMSP', 'LAND', 'DE-BY') }, admin('BAMFMSP'));
    expect(seatedLands(decideApproveChange(retired.directory, back, admin('LDSMSP')).directory!)).toEqual(['DE-SN']);
  });

  it('asks any one Land while no Land is seated, and a second participant while no LAND authority is listed', () => {
    const unseated = { authorities: federation.authorities };
    expect(summary(unseated, { retentionYears: 5 })).toEqual(['FEDERAL_ADMIN(1 of BAMFMSP)', 'LAENDER_QUORUM(1 of DE-BY+DE-SN+DE-TH)']);
    const noLand = { authorities: federation.authorities.filter((authority) => authority.kind !== 'LAND') };
    expect(summary(noLand, { retentionYears: 5 })).toEqual(['FEDERAL_ADMIN(1 of BAMFMSP)', 'SECOND_PARTICIPANT(2 of ABHMSP+ABHTHMSP+BAMFMSP)']);
    const proposal = decideProposeChange(noLand, undefined, { proposalId: pid, retentionYears: 5 }, admin('ABHTHMSP'));
    expect(decideApproveChange(noLand, proposal, admin('BAMFMSP'))).toMatchObject({ applied: true, directory: { retentionYears: 5 } });
  });

  it('no single org and no set of orgs without BAMF ever applies a change', () => {
    const changes: DirectoryChange[] = [
      { authority: entry('ABH2MSP', 'ABH', 'DE-SN') },
      { authority: entry('LHHMSP', 'LAND', 'DE-HH') },
      { authority: entry('BAMFMSP', 'FEDERAL', 'DE', false) },
      { authority: entry('ABHMSP', 'FEDERAL', 'DE') },
      { retentionYears: 5 },
    ];
    const everyone = federation.authorities.map((authority) => authority.mspId);
    for (const change of changes) {
      const clauses = requiredApprovals(federation, change);
      for (const mspId of everyone) expect(isApproved(federation, clauses, [mspId])).toBe(false);
      expect(isApproved(federation, clauses, everyone.filter((mspId) => mspId !== 'BAMFMSP'))).toBe(false);
      expect(isApproved(federation, clauses, everyone)).toBe(true);
    }
  });

  it('refuses to retire the last FEDERAL authority, and a bootstrap without one', () => {
    const proposal = decideProposeChange(federation, undefined, { proposalId: pid, authority: entry('BAMFMSP', 'FEDERAL', 'DE', false) }, admin('BAMFMSP'));
    const bavaria = decideApproveChange(federation, proposal, admin('LBYMSP'));
    expect(codeOf(() => decideApproveChange(federation, bavaria.proposal, admin('LDSMSP')))).toBe('DIRECTORY_CHANGE_INVALID');
    const withoutFederal = federation.authorities.filter((authority) => authority.kind !== 'FEDERAL');
    expect(codeOf(() => decideBootstrap(undefined, { authorities: withoutFederal }, admin('LDSMSP')))).toBe('DIRECTORY_CHANGE_INVALID');
  });

  it('seats the bootstrapping LAND authority\'s Land, and no other', () => {
    const directory = decideBootstrap(undefined, { authorities: federation.authorities }, admin('LBYMSP'));
    expect(directory.seatedLands).toEqual(['DE-BY']);
    expect(decideBootstrap(undefined, { authorities: federation.authorities }, admin('BAMFMSP')).seatedLands).toBeUndefined();
  });

  it('takes a seat without a proposal: a LAND ADMIN once; nobody else', () => {
    const seated = decideTakeSeat(federation, admin('LTHMSP'));
    expect(seated.seatedLands).toEqual(['DE-BY', 'DE-SN', 'DE-TH']);
    expect(codeOf(() => decideTakeSeat(seated, admin('LTHMSP')))).toBe('DIRECTORY_CONFLICT');
    expect(codeOf(() => decideTakeSeat(federation, admin('ZABSNMSP')))).toBe('DIRECTORY_CONFLICT');
    expect(codeOf(() => decideTakeSeat(federation, admin('ABHTHMSP')))).toBe('DIRECTORY_CHANGE_INVALID');
    expect(codeOf(() => decideTakeSeat(federation, { mspId: 'LTHMSP', role: 'LAND_ZAB' }))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(() => decideTakeSeat(undefined, admin('LTHMSP')))).toBe('DIRECTORY_ERROR');
  });
});

describe("the directory key's endorsement policy", () => {
  it('needs a federal peer AND one LAND peer; Länder without a peer are only alternatives', () => {
    const withPeerless = {
      authorities: [
        { mspId: 'ABHMSP', kind: 'ABH' as const, landCode: 'DE-SN', active: true },
        { mspId: 'BAMFMSP', kind: 'FEDERAL' as const, landCode: 'DE', active: true },
        { mspId: 'LBYMSP', kind: 'LAND' as const, landCode: 'DE-BY', active: true },
        { mspId: 'LDSMSP', kind: 'LAND' as const, landCode: 'DE-SN', active: true },
        { mspId: 'LTHMSP', kind: 'LAND' as const, landCode: 'DE-TH', active: true },
      ],
    };
    const policy = directoryEndorsementPolicy(withPeerless);
    expect(policy).toEqual({ outOf: 2, of: [{ outOf: 1, of: [{ signedBy: 'BAMFMSP' }] }, { outOf: 1, of: [{ signedBy: 'LBYMSP' }, { signedBy: 'LDSMSP' }, { signedBy: 'LTHMSP' }] }] });
    // the reference network's peers (BAMF, LDS, ABH) meet it although Bavaria and Thuringia run none
    expect(satisfiesPolicy(policy, ['BAMFMSP', 'LDSMSP', 'ABHMSP'])).toBe(true);
    expect(satisfiesPolicy(policy, ['BAMFMSP', 'ABHMSP'])).toBe(false);
    expect(satisfiesPolicy(policy, ['LDSMSP', 'ABHMSP', 'LBYMSP', 'LTHMSP'])).toBe(false);
    expect(satisfiesPolicy(policy, ['LDSMSP'])).toBe(false);
  });

  it('takes any other participant while no LAND authority is listed, and two federal peers when there is nobody else', () => {
    const abhOnly = { authorities: reference.filter((authority) => authority.kind !== 'LAND') };
    expect(directoryEndorsementPolicy(abhOnly)).toEqual({ outOf: 2, of: [{ outOf: 1, of: [{ signedBy: 'BAMFMSP' }] }, { outOf: 1, of: [{ signedBy: 'ABHMSP' }] }] });
    const federalOnly = { authorities: [reference[0]!, { ...reference[0]!, mspId: 'BPOLMSP' }] };
    expect(directoryEndorsementPolicy(federalOnly)).toEqual({ outOf: 2, of: [{ signedBy: 'BAMFMSP' }, { signedBy: 'BPOLMSP' }] });
  });
});

describe('directory governance at the nationwide scale: 16 Länder, about 550 Ausländerbehörden', () => {
  const admin = (mspId: string) => ({ mspId, role: 'ADMIN' });
  const pid = '00000000-0000-4000-8000-0000000000cc';
  const nationwide = decideBootstrap(undefined, { authorities: nationwideAuthorities().map((authority) => ({ ...authority, active: true })) }, admin('BAMFMSP'));
  const allSeated: AuthorityDirectory = { ...nationwide, seatedLands: LANDS.map((land) => `DE-${land}`) };
  const abhs = nationwide.authorities.filter((authority) => authority.kind === 'ABH');
  const bavarianAbh = abhs.find((authority) => authority.landCode === 'DE-BY')!;

  it('is the benchmark directory: 600 entries, 16 Länder with LAND authorities, 531 Ausländerbehörden', () => {
    expect(nationwide.authorities).toHaveLength(NATIONWIDE_DIRECTORY_SIZE);
    expect(new Set(nationwide.authorities.filter((authority) => authority.kind === 'LAND').map((authority) => authority.landCode)).size).toBe(16);
    expect(abhs).toHaveLength(531);
  });

  it('retires a Bavarian ABH with BAMF and one of Bavaria\'s three LAND authorities; no other Land counts', () => {
    const proposal = decideProposeChange(allSeated, undefined, { proposalId: pid, authority: { ...bavarianAbh, active: false } }, admin('BAMFMSP'));
    expect(summaryMembers(allSeated, proposal)).toEqual([['BAMFMSP'], ['LAND-DE-BY-DISTRIBUTION', 'LAND-DE-BY-RECEPTION', 'LAND-DE-BY-ZAB']]);
    expect(codeOf(() => decideApproveChange(allSeated, proposal, admin('LAND-DE-SN-RECEPTION')))).toBe('FORBIDDEN_ORG');
    expect(codeOf(() => decideApproveChange(allSeated, proposal, admin(abhs[0]!.mspId)))).toBe('FORBIDDEN_ORG');
    expect(decideApproveChange(allSeated, proposal, admin('LAND-DE-BY-ZAB'))).toMatchObject({ applied: true });
  });

  it('adds a LAND authority with BAMF and 9 of 16 Länder: 22 Saxon authorities are one vote, 8 Länder are too few', () => {
    const proposal = decideProposeChange(allSeated, undefined, { proposalId: pid, authority: { mspId: 'LAND-DE-BY-NEW', kind: 'LAND', landCode: 'DE-BY', active: true } }, admin('BAMFMSP'));
    const [, quorum] = requiredApprovals(allSeated, proposal);
    expect(quorum).toMatchObject({ rule: 'LAENDER_QUORUM', required: 9 });
    expect(quorum!.members).toHaveLength(16 * 3 + 19);
    const saxons = allSeated.authorities.filter((authority) => authority.kind === 'LAND' && authority.landCode === 'DE-SN').map((authority) => authority.mspId);
    expect(saxons).toHaveLength(SAXON_LAND_AUTHORITIES);
    let open = proposal;
    for (const mspId of saxons) open = decideApproveChange(allSeated, open, admin(mspId)).proposal;
    const eightLands = LANDS.filter((land) => land !== 'SN').slice(0, 7).map((land) => `LAND-DE-${land}-RECEPTION`);
    for (const mspId of eightLands) {
      const outcome = decideApproveChange(allSeated, open, admin(mspId));
      expect(outcome.applied).toBe(false);
      open = outcome.proposal;
    }
    expect(decideApproveChange(allSeated, open, admin('LAND-DE-TH-ZAB'))).toMatchObject({ applied: true });
  });

  it('with only Saxony connected (seated), the fifteen Länder that cannot sign block nothing', () => {
    const saxonyOnly = withSeatOf(nationwide, 'LDSMSP');
    const proposal = decideProposeChange(saxonyOnly, undefined, { proposalId: pid, authority: { ...bavarianAbh, active: false } }, admin('BAMFMSP'));
    expect(decideApproveChange(saxonyOnly, proposal, admin('LAND-DE-SN-ZAB'))).toMatchObject({ applied: true });
  });

  it("keeps the directory key's policy to BAMF AND one of the 67 LAND authorities: no ABH is named", () => {
    const policy = directoryEndorsementPolicy(nationwide);
    const members = policyMembers(policy);
    expect(members).toHaveLength(1 + 16 * 3 + 19);
    expect(members.some((mspId) => mspId.startsWith('ABH-'))).toBe(false);
    expect(satisfiesPolicy(policy, ['BAMFMSP', 'LDSMSP', 'ABHMSP'])).toBe(true);
  });

  function summaryMembers(directory: AuthorityDirectory, change: DirectoryChange): string[][] {
    return requiredApprovals(directory, change).map((clause) => [...clause.members]);
  }
});
