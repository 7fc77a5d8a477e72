/**
 * The signing identities of one org: one per role, each enrolled at the org's Fabric CA with the
 * `role` attribute in its certificate. The request's role picks which one signs.
 */
import type { Role } from '@asylum-ledger/chaincode/dist/domain';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One role's identity: MSP, certificate and private key. */
export interface RoleIdentity {
  readonly role: Role;
  readonly mspId: string;
  /** The enrolment certificate (PEM bytes), carrying the `role` attribute. */
  readonly certificate: Uint8Array;
  readonly privateKey: KeyObject;
}

/** Where an MSP folder keeps the certificate and the key. */
export interface MspFiles {
  /** The certificate file, e.g. `…/msp/signcerts/cert.pem`. */
  readonly signcert: string;
  /** The folder holding exactly one private key file, e.g. `…/msp/keystore`. */
  readonly keystore: string;
}

/**
 * Reads a role's identity from an MSP folder as `fabric-ca-client enroll` writes it.
 * @param role the role the certificate was enrolled for.
 * @param mspId the org's MSP ID.
 * @param files where the certificate and the key are.
 * @throws {Error} naming the missing file when the folder is incomplete.
 */
export function loadRoleIdentity(role: Role, mspId: string, files: Readonly<MspFiles>): RoleIdentity {
  let keyFiles: string[];
  try {
    keyFiles = readdirSync(files.keystore).filter((name) => !name.startsWith('.'));
  } catch (error) {
    throw new Error(`no keystore for ${mspId} ${role} at ${files.keystore}`, { cause: error });
  }
  const [keyFile] = keyFiles;
  if (keyFile === undefined || keyFiles.length > 1) {
    throw new Error(`expected one private key for ${mspId} ${role} in ${files.keystore}, found ${keyFiles.length}`);
  }
  return {
    role,
    mspId,
    certificate: readFileSync(files.signcert),
    privateKey: createPrivateKey(readFileSync(path.join(files.keystore, keyFile))),
  };
}
