/**
 * Governance of the authority directory: the first bootstrap and later changes (a new Land, a new
 * Ausländerbehörde, an authority leaving). Only ADMIN identities may change it; on the ledger the
 * directory key also needs the endorsement of a majority of participants.
 */
import { z } from 'zod';
import { Authority, AuthorityDirectory, MspId, Role } from './authorities';
import { participantOrgs, resolveActor } from './authority-directory';
import { ChaincodeError } from './chaincode-error';

export const BootstrapDirectoryInput = z.strictObject({
  authorities: z.array(Authority).min(1).max(200),
});
export type BootstrapDirectoryInput = z.infer<typeof BootstrapDirectoryInput>;

export const RegisterAuthorityInput = z.strictObject({ authority: Authority });
export type RegisterAuthorityInput = z.infer<typeof RegisterAuthorityInput>;

export const GetAuthorityInput = z.strictObject({ mspId: MspId });

function sorted(authorities: readonly Authority[]): AuthorityDirectory {
  return { authorities: [...authorities].sort((a, b) => a.mspId.localeCompare(b.mspId)) };
}

/**
 * Decides the first content of the directory.
 * @throws {ChaincodeError} DIRECTORY_ERROR when it exists already or lists an MSP twice;
 *   FORBIDDEN_ROLE/FORBIDDEN_ORG when the submitter is not an ADMIN of a listed authority.
 */
export function decideBootstrap(
  existing: AuthorityDirectory | undefined,
  input: BootstrapDirectoryInput,
  submitter: { mspId: string; role: string | null },
): AuthorityDirectory {
  if (existing) throw new ChaincodeError('DIRECTORY_ERROR', 'the authority directory exists already', {});
  const ids = input.authorities.map((entry) => entry.mspId);
  if (new Set(ids).size !== ids.length) {
    throw new ChaincodeError('DIRECTORY_ERROR', 'an MSP ID is listed twice', {});
  }
  const directory = sorted(input.authorities);
  requireAdmin(directory, submitter);
  if (participantOrgs(directory).length < 2) {
    throw new ChaincodeError('DIRECTORY_ERROR', 'a directory needs at least two active participants', {});
  }
  return directory;
}

/**
 * Decides adding or changing one authority (set `active: false` to retire it).
 * @throws {ChaincodeError} DIRECTORY_ERROR when the directory is missing or would keep fewer than two
 *   participants; FORBIDDEN_ROLE/FORBIDDEN_ORG when the submitter is not an ADMIN of an active authority.
 */
export function decideRegisterAuthority(
  existing: AuthorityDirectory | undefined,
  input: RegisterAuthorityInput,
  submitter: { mspId: string; role: string | null },
): AuthorityDirectory {
  if (!existing) throw new ChaincodeError('DIRECTORY_ERROR', 'the authority directory is not bootstrapped', {});
  requireAdmin(existing, submitter);
  const others = existing.authorities.filter((entry) => entry.mspId !== input.authority.mspId);
  const directory = sorted([...others, input.authority]);
  if (participantOrgs(directory).length < 2) {
    throw new ChaincodeError('DIRECTORY_ERROR', 'a directory needs at least two active participants', {});
  }
  return directory;
}

function requireAdmin(directory: AuthorityDirectory, submitter: { mspId: string; role: string | null }): void {
  const actor = resolveActor(directory, submitter.mspId, submitter.role);
  if (actor.role !== Role.enum.ADMIN) {
    throw new ChaincodeError('FORBIDDEN_ROLE', 'only an ADMIN may change the authority directory', {
      role: actor.role,
    });
  }
}

/** How many participants must endorse a directory change: a strict majority. */
export function directoryQuorum(directory: AuthorityDirectory): { members: string[]; required: number } {
  const members = participantOrgs(directory);
  return { members, required: Math.floor(members.length / 2) + 1 };
}
