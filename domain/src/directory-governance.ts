/**
 * Governance of the authority directory: the first bootstrap and later changes (a new Land, a new
 * Ausländerbehörde, an authority leaving). Only ADMIN identities may change it; on the ledger the
 * directory key also needs the endorsement of a majority of participants.
 */
import { z } from 'zod';
import { Authority, AuthorityDirectory, MspId, Role } from './authorities';
import { MAX_AUTHORITIES } from './directory-limits';
import { RequestId } from './identifiers';
import { participantOrgs, resolveActor } from './authority-directory';
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

/** An approval of an open proposal by another participant's ADMIN. */
export const ApproveAuthorityChangeInput = z.strictObject({ proposalId: RequestId });
export type ApproveAuthorityChangeInput = z.infer<typeof ApproveAuthorityChangeInput>;

/** An open directory change, as stored until a majority of participants approved it. */
export const AuthorityChangeProposal = z.union([
  z.strictObject({ proposalId: RequestId, authority: Authority, approvals: z.array(MspId).max(MAX_AUTHORITIES) }),
  z.strictObject({ proposalId: RequestId, retentionYears: RetentionYears, approvals: z.array(MspId).max(MAX_AUTHORITIES) }),
]);
export type AuthorityChangeProposal = z.infer<typeof AuthorityChangeProposal>;

/** What an approval leads to: the proposal with one more approval, and the new directory once it carries. */
export interface ApprovalOutcome {
  readonly proposal: AuthorityChangeProposal;
  readonly directory: AuthorityDirectory | undefined;
}

export const GetAuthorityInput = z.strictObject({ mspId: MspId });

function sorted(authorities: readonly Authority[], settings: Pick<AuthorityDirectory, 'retentionYears'> = {}): AuthorityDirectory {
  return {
    authorities: [...authorities].sort((a, b) => a.mspId.localeCompare(b.mspId)),
    ...(settings.retentionYears === undefined ? {} : { retentionYears: settings.retentionYears }),
  };
}

/** The MSP ID a proposal changes, or undefined for a change of the network's settings. */
export function proposedMspId(proposal: ProposeAuthorityChangeInput): string | undefined {
  return 'authority' in proposal ? proposal.authority.mspId : undefined;
}

/**
 * Decides the first content of the directory.
 * @throws {ChaincodeError} DIRECTORY_CONFLICT when it exists already; DIRECTORY_CHANGE_INVALID when it
 *   lists an MSP twice or fewer than two active participants; FORBIDDEN_ROLE/FORBIDDEN_ORG when the submitter is not an ADMIN of a listed authority.
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
  const directory = sorted(input.authorities, input);
  requireAdmin(directory, submitter);
  if (participantOrgs(directory).length < 2) {
    throw new ChaincodeError('DIRECTORY_CHANGE_INVALID', 'a directory needs at least two active participants', {});
  }
  return directory;
}

/**
 * Decides a proposal to change one authority; the proposer's approval counts.
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
 * Decides one approval; when a strict majority of active participants approved, the change is applied.
 * @throws {ChaincodeError} DIRECTORY_ERROR before bootstrap; DIRECTORY_CONFLICT for an unknown
 *   proposal or a second approval by the same org; DIRECTORY_CHANGE_INVALID for a change that would
 *   leave fewer than two participants; RESPONSIBILITY_OPEN when the change
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
  const approved = { ...proposal, approvals: [...proposal.approvals, approver].sort() };
  const { members, required } = directoryQuorum(directory);
  const votes = approved.approvals.filter((mspId) => members.includes(mspId)).length;
  if (votes < required) return { proposal: approved, directory: undefined };
  if ('retentionYears' in proposal) {
    return { proposal: approved, directory: sorted(directory.authorities, { retentionYears: proposal.retentionYears }) };
  }
  if (facts.responsibleForCases && changeEndsResponsibility(directory, proposal.authority)) {
    throw new ChaincodeError('RESPONSIBILITY_OPEN', `${proposal.authority.mspId} is still responsible for cases; hand them over first (transferResponsibility)`, {
      mspId: proposal.authority.mspId,
    });
  }
  const others = directory.authorities.filter((entry) => entry.mspId !== proposal.authority.mspId);
  const next = sorted([...others, proposal.authority], directory);
  if (participantOrgs(next).length < 2) {
    throw new ChaincodeError('DIRECTORY_CHANGE_INVALID', 'a directory needs at least two active participants', {});
  }
  return { proposal: approved, directory: next };
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

/** How many participants must endorse a directory change: a strict majority. */
export function directoryQuorum(directory: AuthorityDirectory): { members: string[]; required: number } {
  const members = participantOrgs(directory);
  return { members, required: Math.floor(members.length / 2) + 1 };
}
