/** Why a gateway refuses to start with a role identity; codes are API (add, never rename). */
export type RoleIdentityErrorCode =
  /** The MSP folder lacks the certificate or the one private key, or the certificate cannot be read. */
  | 'IDENTITY_UNREADABLE'
  /**
   * The certificate is not a NodeOU client: e.g. the org's Fabric admin (NodeOU admin), whose key
   * changes the channel and the chaincode, and which a gateway never signs with.
   */
  | 'IDENTITY_NOT_CLIENT';

/** A role identity the gateway cannot or must not sign with, found at start-up. */
export class RoleIdentityError extends Error {
  readonly code: RoleIdentityErrorCode;

  /**
   * @param code stable code of the problem.
   * @param message one line: which org, role and file, and what to do.
   * @param cause the underlying error, if any.
   */
  constructor(code: RoleIdentityErrorCode, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'RoleIdentityError';
    this.code = code;
  }
}
