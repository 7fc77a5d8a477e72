/**
 * The signing identities of one org: one per role, each a client identity (NodeOU client) enrolled
 * at the org's Fabric CA with the `role` attribute in its certificate. The request's role picks
 * which one signs. The org's Fabric admin is refused: its key is for operators, not for the gateway.
 */
import type { Role } from '@asylum-ledger/domain';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readNodeOuTypes, type NodeOuType } from './certificate-node-ou';
import { RoleIdentityError } from './role-identity-error';

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

function readKeyFile(role: Role, mspId: string, keystore: string): string {
  let keyFiles: string[];
  try {
    keyFiles = readdirSync(keystore).filter((name) => !name.startsWith('.'));
  } catch (error) {
    throw new RoleIdentityError('IDENTITY_UNREADABLE', `no keystore for ${mspId} ${role} at ${keystore}`, error);
  }
  const [keyFile] = keyFiles;
  if (keyFile === undefined || keyFiles.length > 1) {
    throw new RoleIdentityError('IDENTITY_UNREADABLE', `expected one private key for ${mspId} ${role} in ${keystore}, found ${keyFiles.length}`);
  }
  return path.join(keystore, keyFile);
}

function nodeOuTypesOf(role: Role, mspId: string, signcert: string): { certificate: Buffer; types: NodeOuType[] } {
  try {
    const certificate = readFileSync(signcert);
    return { certificate, types: readNodeOuTypes(certificate) };
  } catch (error) {
    throw new RoleIdentityError('IDENTITY_UNREADABLE', `cannot read the certificate of ${mspId} ${role} at ${signcert}`, error);
  }
}

/**
 * Refuses any certificate that is not exactly a NodeOU client.
 * @throws {RoleIdentityError} IDENTITY_NOT_CLIENT naming the NodeOU types found.
 */
function assertClientIdentity(role: Role, mspId: string, signcert: string, types: readonly NodeOuType[]): void {
  if (types.length === 1 && types[0] === 'client') return;
  const found = types.length === 0 ? 'no NodeOU type' : `NodeOU ${types.join('+')}`;
  const why = types.includes('admin')
    ? 'an org admin\'s key can change the channel and the chaincode and stays with the operators'
    : 'the gateway signs only with client identities';
  throw new RoleIdentityError(
    'IDENTITY_NOT_CLIENT',
    `refusing the identity of ${mspId} ${role} at ${signcert}: its certificate has ${found}, not client (${why}); ` +
      'enrol a client identity with the role attribute for it (npm run network:up does)',
  );
}

/**
 * Reads a role's identity from an MSP folder as `fabric-ca-client enroll` writes it, and checks that
 * it is a client identity (NodeOU client, never an org admin).
 * @param role the role the certificate was enrolled for.
 * @param mspId the org's MSP ID.
 * @param files where the certificate and the key are.
 * @throws {RoleIdentityError} IDENTITY_UNREADABLE naming the missing or unreadable file;
 *   IDENTITY_NOT_CLIENT when the certificate is a NodeOU admin (or peer, orderer, or none).
 */
export function loadRoleIdentity(role: Role, mspId: string, files: Readonly<MspFiles>): RoleIdentity {
  const keyFile = readKeyFile(role, mspId, files.keystore);
  const { certificate, types } = nodeOuTypesOf(role, mspId, files.signcert);
  assertClientIdentity(role, mspId, files.signcert, types);
  return { role, mspId, certificate, privateKey: createPrivateKey(readFileSync(keyFile)) };
}
