/** Who is calling: the verified token's subject and the role it grants at this gateway's org. */
import type { Role } from '@asylum-ledger/domain';

/** The authenticated caller. */
export interface Principal {
  /** The token subject (a clerk id of the authority's IdP); goes to the local audit log only. */
  readonly subject: string;
  /** The role claim; picks the Fabric identity that signs. */
  readonly role: Role;
}

/** Verifies a bearer token and returns the caller, or throws a LedgerError (UNAUTHENTICATED, FORBIDDEN_ROLE). */
export type TokenVerifier = (token: string) => Promise<Principal>;
