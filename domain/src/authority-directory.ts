/**
 * Questions answered from the authority directory: who is acting, who must react, who endorses.
 */
import {
  type Actor,
  type Authority,
  type AuthorityDirectory,
  type OrgKind,
  PARTICIPANT_KINDS,
  Role,
  isRoleOfKind,
} from './authorities';
import { ChaincodeError } from './chaincode-error';

/** The active directory entry of an MSP ID, if any. */
export function findAuthority(directory: AuthorityDirectory, mspId: string): Authority | undefined {
  return directory.authorities.find((entry) => entry.mspId === mspId && entry.active);
}

/** Active authorities of one kind, optionally within one Land, sorted by MSP ID. */
export function authoritiesOf(directory: AuthorityDirectory, kind: OrgKind, landCode?: string | null): string[] {
  return directory.authorities
    .filter((entry) => entry.active && entry.kind === kind && (landCode === undefined || entry.landCode === landCode))
    .map((entry) => entry.mspId)
    .sort();
}

/**
 * Resolves the submitter from its MSP ID and the `role` attribute of its certificate.
 * @throws {ChaincodeError} FORBIDDEN_ORG when the MSP is not an active authority;
 *   FORBIDDEN_ROLE when the role is missing, unknown, or not one its org kind may hold.
 */
export function resolveActor(directory: AuthorityDirectory, mspId: string, roleAttribute: string | null): Actor {
  const authority = findAuthority(directory, mspId);
  if (!authority) {
    throw new ChaincodeError('FORBIDDEN_ORG', `organisation ${mspId} is not an active authority in the directory`, {
      mspId,
    });
  }
  const role = Role.safeParse(roleAttribute);
  if (!role.success) {
    throw new ChaincodeError('FORBIDDEN_ROLE', 'the certificate carries no known role attribute', { mspId });
  }
  if (!isRoleOfKind(role.data, authority.kind)) {
    throw new ChaincodeError('FORBIDDEN_ROLE', `role ${role.data} cannot be held by an authority of kind ${authority.kind}`, {
      mspId,
      role: role.data,
      kind: authority.kind,
    });
  }
  return { mspId, role: role.data, kind: authority.kind, landCode: authority.landCode };
}

/** MSP IDs of every active authority that takes part in cases (may endorse case keys). */
export function participantOrgs(directory: AuthorityDirectory): string[] {
  return PARTICIPANT_KINDS.flatMap((kind) => authoritiesOf(directory, kind)).sort();
}
