/**
 * Governance of the authority directory: the first bootstrap and later changes (a new Land, a new
 * Ausländerbehörde, an authority leaving). Only ADMIN identities may change it, and only with the
 * approvals that directory-approvals.ts requires for the change (the federal office and the Land
 * concerned, or the Länder quorum); on the ledger the directory key also needs the endorsement of
 * a federal peer and a Land's peer (directoryEndorsementPolicy).
 */
import { z } from 'zod';
import { Authority, AuthorityDirectory, MspId, Role } from './authorities';
import { MAX_AUTHORITIES } from './directory-limits';
import { RequestId } from './identifiers';
import { authoritiesOf, participantOrgs, resolveActor } from './authority-directory';
import { APPROVER_RULE_DESCRIPTIONS, countsForChange, isApproved, requiredApprovals, seatedLands, withSeatOf } from './directory-approvals';
import { ChaincodeError } from './chaincode-error';
import { RetentionYears, retentionYearsOf } from './retention';

export const BootstrapDirectoryInput = z.strictObject({
  authorities: z.array(Authority).min(1).max(MAX_AUTHORITIES),
  /** The network's retention period; the default when not given (retention.ts). */
  retentionYears: RetentionYears.optional(),
});
export type BootstrapDirectoryInput = z.infer<typeof BootstrapDirectoryInput>;

/**
 * A proposal to add, change or retire (active: false) one authority, or to change the network's
 * retention period.
 */
export const ProposeAuthorityChangeInput = z.union([
  z.strictObject({ proposalId: RequestId, authority: Authority }),
  z.strictObject({ proposalId: RequestId, retentionYears: RetentionYears }),
]);
export type ProposeAuthorityChangeInput = z.infer<typeof ProposeAuthorityChangeInput>;

/** An approval of an open proposal by another participant's ADMIN, or the proposal id an evaluation asks about. */
export const ApproveAuthorityChangeInput = z.strictObject({ proposalId: RequestId });
export type ApproveAuthorityChangeInput = z.infer<typeof ApproveAuthorityChangeInput>;

/** An open directory change, as stored until the approvals it needs are complete (directory-approvals.ts). */
export const AuthorityChangeProposal = z.union([
  z.strictObject({ proposalId: RequestId, authority: Authority, approvals: z.array(MspId).max(MAX_AUTHORITIES) }),
  z.strictObject({ proposalId: RequestId, retentionYears: RetentionYears, approvals: z.array(MspId).max(MAX_AUTHORITIES) }),
]);
export type AuthorityChangeProposal = z.infer<typeof AuthorityChangeProposal>;

/**
 * What an approval leads to: the proposal with one more approval; the directory to write when it
 * changed (the change applied, or only the approver's Land took its seat); and whether the change
 * applied.
 */
export interface ApprovalOutcome {
  readonly proposal: AuthorityChangeProposal;
  readonly directory: AuthorityDirectory | undefined;
  readonly applied: boolean;
}

/** The input of `takeSeat`: nothing but the submitter's certificate (an empty object, so that every transaction takes one JSON argument). */
export const TakeSeatInput = z.strictObject({});

export const GetAuthorityInput = z.strictObject({ mspId: MspId });

function sorted(
  authorities: readonly Authority[],
  settings: Pick<AuthorityDirectory, 'retentionYears' | 'seatedLands'> = {},
): AuthorityDirectory {
  const listed = [...authorities].sort((a, b) => a.mspId.localeCompare(b.mspId));
  const seats = settings.seatedLands === undefined ? [] : seatedLands({ authorities: listed, seatedLands: settings.seatedLands });
  return {
    authorities: listed,
    ...(settings.retentionYears === undefined ? {} : { retentionYears: settings.retentionYears }),
    ...(seats.length === 0 ? {} : { seatedLands: seats }),
  };
}

/** The MSP ID a proposal changes, or undefined for a change of the network's settings. */
export function proposedMspId(proposal: ProposeAuthorityChangeInput): string | undefined {
  return 'authority' in proposal ? proposal.authority.mspId : undefined;
}

/**
 * Decides the first content of the directory. A LAND submitter's Land takes its seat; no other
 * Land is seated by the bootstrap (a seat is proven by a signature, never declared).
 * @throws {ChaincodeError} DIRECTORY_CONFLICT when it exists already; DIRECTORY_CHANGE_INVALID when it
 *   lists an MSP twice, fewer than two active participants or no active FEDERAL authority;
 *   FORBIDDEN_ROLE/FORBIDDEN_ORG when the submitter is not an ADMIN of a listed authority.
 */
export function decideBootstrap(
  existing: AuthorityDirectory | undefined,
  input: BootstrapDirectoryInput,
  submitter: { mspId: string; role: string | null },
): AuthorityDirectory {
  if (existing) throw new ChaincodeError('DIRECTORY_CONFLICT', 'the authority directory exists already', {});
  const ids = input.authorities.map((entry) => entry.mspId);
  if (new Set(ids).size !== ids.length) {
    throw new ChaincodeError('DIRECTORY_CHANGE_INVALID', 'an MSP ID is listed twice', {});
  }
  const directory = sorted(input.authorities, { retentionYears: input.retentionYears });
  const submitterMsp = requireAdmin(directory, submitter);
  requireGovernable(directory);
  return withSeatOf(directory, submitterMsp);
}

/** @throws {ChaincodeError} DIRECTORY_CHANGE_INVALID unless the directory has two active participants, one of them FEDERAL (every change needs it). */
function requireGovernable(directory: AuthorityDirectory): void {
  if (participantOrgs(directory).length < 2) {
    throw new ChaincodeError('DIRECTORY_CHANGE_INVALID', 'a directory needs at least two active participants', {});
  }
  if (authoritiesOf(directory, 'FEDERAL').length === 0) {
    throw new ChaincodeError('DIRECTORY_CHANGE_INVALID', 'a directory needs an active FEDERAL authority: every change needs its approval', {});
  }
}

/**
 * Decides that the submitter's Land takes its seat in directory governance (counts towards the
 * Länder quorum from now on) without a proposal; a proposal or an approval by its ADMIN does the
 * same on the way.
 * @throws {ChaincodeError} DIRECTORY_ERROR before bootstrap; FORBIDDEN_ROLE/FORBIDDEN_ORG unless an
 *   ADMIN of an active participant; DIRECTORY_CHANGE_INVALID unless a LAND authority;
 *   DIRECTORY_CONFLICT when its Land is seated already.
 */
export function decideTakeSeat(directory: AuthorityDirectory | undefined, submitter: { mspId: string; role: string | null }): AuthorityDirectory {
  if (!directory) throw new ChaincodeError('DIRECTORY_ERROR', 'the authority directory is not bootstrapped', {});
  const mspId = requireAdmin(directory, submitter);
  const land = directory.authorities.find((entry) => entry.mspId === mspId);
  if (land?.kind !== 'LAND') throw new ChaincodeError('DIRECTORY_CHANGE_INVALID', 'only a LAND authority takes a seat for its Land', { mspId });
  const seated = withSeatOf(directory, mspId);
  if (seated === directory) throw new ChaincodeError('DIRECTORY_CONFLICT', `the Land ${land.landCode} is seated already`, { landCode: land.landCode });
  return seated;
}

/**
 * Decides a proposal to change one authority; the proposer's approval counts (where the change
 * needs it, see directory-approvals.ts). A LAND proposer's Land takes its seat: write
 * `withSeatOf(directory, proposer)` when it differs from the directory.
 * @throws {ChaincodeError} DIRECTORY_ERROR before bootstrap; DIRECTORY_CONFLICT for a proposal id in
 *   use or a change that changes nothing; FORBIDDEN_ROLE/FORBIDDEN_ORG unless an ADMIN of an active participant.
 */
export function decideProposeChange(
  directory: AuthorityDirectory | undefined,
  existing: AuthorityChangeProposal | undefined,
  input: ProposeAuthorityChangeInput,
  submitter: { mspId: string; role: string | null },
): AuthorityChangeProposal {
  if (!directory) throw new ChaincodeError('DIRECTORY_ERROR', 'the authority directory is not bootstrapped', {});
  const proposer = requireAdmin(directory, submitter);
  if (existing) throw new ChaincodeError('DIRECTORY_CONFLICT', 'this proposal id is in use', { proposalId: input.proposalId });
  if ('retentionYears' in input) {
    if (retentionYearsOf(directory) === input.retentionYears) {
      throw new ChaincodeError('DIRECTORY_CONFLICT', 'the proposal changes nothing', { retentionYears: input.retentionYears });
    }
    return { proposalId: input.proposalId, retentionYears: input.retentionYears, approvals: [proposer] };
  }
  const current = directory.authorities.find((entry) => entry.mspId === input.authority.mspId);
  if (current && JSON.stringify(sorted([current])) === JSON.stringify(sorted([input.authority]))) {
    throw new ChaincodeError('DIRECTORY_CONFLICT', 'the proposal changes nothing', { mspId: current.mspId });
  }
  return { proposalId: input.proposalId, authority: input.authority, approvals: [proposer] };
}

/** Whether a change takes an authority out of the cases it is responsible for (retires it, or moves its kind or Land). */
export function changeEndsResponsibility(directory: AuthorityDirectory, authority: Authority): boolean {
  const current = directory.authorities.find((entry) => entry.mspId === authority.mspId);
  if (!current?.active) return false;
  return !authority.active || authority.kind !== current.kind || authority.landCode !== current.landCode;
}

/** What the ledger knows about the authority a proposal changes. */
export interface ProposalFacts {
  /** Whether it is responsible for any case that is not erased. */
  readonly responsibleForCases: boolean;
}

/**
 * Decides one approval; once the approvals meet every condition that {@link requiredApprovals}
 * sets for the change (the approver's Land seated first), the change is applied.
 * @throws {ChaincodeError} DIRECTORY_ERROR before bootstrap; DIRECTORY_CONFLICT for an unknown
 *   proposal or a second approval by the same org; FORBIDDEN_ORG when the approver's approval does
 *   not count for this change; DIRECTORY_CHANGE_INVALID for a change that would leave fewer than
 *   two participants or no FEDERAL authority; RESPONSIBILITY_OPEN when the change
 *   would retire (or move) an authority still responsible for cases (they are handed over first, so
 *   that none of them is left without an endorser); FORBIDDEN_ROLE/FORBIDDEN_ORG unless an ADMIN of
 *   an active participant.
 */
export function decideApproveChange(
  directory: AuthorityDirectory | undefined,
  proposal: AuthorityChangeProposal | undefined,
  submitter: { mspId: string; role: string | null },
  facts: ProposalFacts = { responsibleForCases: false },
): ApprovalOutcome {
  if (!directory) throw new ChaincodeError('DIRECTORY_ERROR', 'the authority directory is not bootstrapped', {});
  const approver = requireAdmin(directory, submitter);
  if (!proposal) throw new ChaincodeError('DIRECTORY_CONFLICT', 'no open proposal with this id', {});
  if (proposal.approvals.includes(approver)) {
    throw new ChaincodeError('DIRECTORY_CONFLICT', `${approver} approved this proposal already`, { mspId: approver });
  }
  const seated = withSeatOf(directory, approver);
  const clauses = requiredApprovals(seated, proposal);
  if (!countsForChange(clauses, approver)) {
    throw new ChaincodeError('FORBIDDEN_ORG', `the approval of ${approver} does not count for this change`, {
      mspId: approver,
      needs: clauses.map((clause) => APPROVER_RULE_DESCRIPTIONS[clause.rule]),
    });
  }
  const approved = { ...proposal, approvals: [...proposal.approvals, approver].sort() };
  if (!isApproved(seated, clauses, approved.approvals)) {
    return { proposal: approved, directory: seated === directory ? undefined : seated, applied: false };
  }
  return { proposal: approved, directory: applyChange(seated, proposal, facts), applied: true };
}

function applyChange(directory: AuthorityDirectory, proposal: AuthorityChangeProposal, facts: ProposalFacts): AuthorityDirectory {
  if ('retentionYears' in proposal) return sorted(directory.authorities, { ...directory, retentionYears: proposal.retentionYears });
  if (facts.responsibleForCases && changeEndsResponsibility(directory, proposal.authority)) {
    throw new ChaincodeError('RESPONSIBILITY_OPEN', `${proposal.authority.mspId} is still responsible for cases; hand them over first (transferResponsibility)`, {
      mspId: proposal.authority.mspId,
    });
  }
  const others = directory.authorities.filter((entry) => entry.mspId !== proposal.authority.mspId);
  const next = sorted([...others, proposal.authority], directory);
  requireGovernable(next);
  return next;
}

function requireAdmin(directory: AuthorityDirectory, submitter: { mspId: string; role: string | null }): string {
  const actor = resolveActor(directory, submitter.mspId, submitter.role);
  if (actor.role !== Role.enum.ADMIN) {
    throw new ChaincodeError('FORBIDDEN_ROLE', 'only an ADMIN may change the authority directory', {
      role: actor.role,
    });
  }
  if (!participantOrgs(directory).includes(actor.mspId)) {
    throw new ChaincodeError('FORBIDDEN_ORG', 'only participants govern the directory', { mspId: actor.mspId });
  }
  return actor.mspId;
}
