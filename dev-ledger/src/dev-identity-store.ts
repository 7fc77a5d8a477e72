/**
 * The dev ledger's identities: one dev CA per org, one X.509 certificate per org and role
 * (with the `role` attribute where Fabric CA puts it), kept on disk so they survive restarts.
 * Layout: `<dir>/<mspId>/ca.pem` and `<dir>/<mspId>/<role>/{cert,key}.pem`; files 0600, folders 0700.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevCertificateAuthority } from './dev-identities';
import { ROLES, type Role } from '@asylum-ledger/domain';
import { LedgerError } from '@asylum-ledger/domain';

/** The default identity folder (under the ignored `.run/`). */
export const DEFAULT_IDENTITY_DIR = '.run/embedded/identities';

/** The identity "folder" that keeps a fresh set in memory only (tests, throwaway ledgers). */
export const IN_MEMORY_IDENTITIES = ':memory:';

/** One org's identity for one role. */
export interface DevLedgerIdentity {
  readonly mspId: string;
  readonly role: Role;
  /** Enrollment certificate, PEM. */
  readonly certificatePem: string;
  /** Private key, PKCS #8 PEM. */
  readonly privateKeyPem: string;
}

/** Options of {@link loadDevIdentities}. */
export interface DevIdentityStoreOptions {
  /** Folder holding the identities; created when missing. */
  readonly dir: string;
  /** Orgs to hold identities for. */
  readonly mspIds: readonly string[];
  /** Roles to issue per org; every role of the domain when omitted (the chaincode decides). */
  readonly roles?: readonly Role[];
}

/** Identities by org and role, loaded from (or first written to) the identity folder. */
export class DevIdentityStore {
  readonly #identities: ReadonlyMap<string, DevLedgerIdentity>;

  /**
   * Wraps loaded identities; use {@link loadDevIdentities}.
   *
   * @param identities - Every identity.
   */
  constructor(identities: readonly DevLedgerIdentity[]) {
    this.#identities = new Map(identities.map((identity) => [`${identity.mspId}/${identity.role}`, identity]));
  }

  /** The orgs that have identities. */
  get mspIds(): string[] {
    return [...new Set([...this.#identities.values()].map((identity) => identity.mspId))];
  }

  /**
   * The identity of a role in an org.
   *
   * @param mspId - The org.
   * @param role - The role.
   * @returns The identity.
   * @throws {@link LedgerError} `NOT_FOUND` when the org or role has no identity.
   */
  identity(mspId: string, role: Role): DevLedgerIdentity {
    const identity = this.#identities.get(`${mspId}/${role}`);
    if (!identity) throw new LedgerError('NOT_FOUND', `no dev identity for ${role} of ${mspId}`, { details: { mspId, role } });
    return identity;
  }
}

/**
 * Loads every org's identities from the folder; an org with any file missing gets a new dev CA
 * and a complete new set (so one CA signs all of an org's certificates).
 *
 * @param options - Folder, orgs and roles.
 * @returns The identity store.
 */
export async function loadDevIdentities(options: Readonly<DevIdentityStoreOptions>): Promise<DevIdentityStore> {
  const roles = options.roles ?? ROLES;
  if (options.dir === IN_MEMORY_IDENTITIES) return new DevIdentityStore(await issueInMemory(options.mspIds, roles));
  ensurePrivateDir(options.dir);
  const identities: DevLedgerIdentity[] = [];
  for (const mspId of options.mspIds) {
    identities.push(...(readOrgIdentities(options.dir, mspId, roles) ?? (await issueOrgIdentities(options.dir, mspId, roles))));
  }
  return new DevIdentityStore(identities);
}

function readOrgIdentities(dir: string, mspId: string, roles: readonly Role[]): DevLedgerIdentity[] | undefined {
  const paths = roles.map((role) => ({ role, cert: join(dir, mspId, role, 'cert.pem'), key: join(dir, mspId, role, 'key.pem') }));
  if (!existsSync(join(dir, mspId, 'ca.pem')) || !paths.every((path) => existsSync(path.cert) && existsSync(path.key))) {
    return undefined;
  }
  return paths.map((path) => ({
    mspId,
    role: path.role,
    certificatePem: readFileSync(path.cert, 'utf8'),
    privateKeyPem: readFileSync(path.key, 'utf8'),
  }));
}

async function issueForOrg(ca: DevCertificateAuthority, mspId: string, roles: readonly Role[]): Promise<DevLedgerIdentity[]> {
  const identities: DevLedgerIdentity[] = [];
  for (const role of roles) {
    const issued = await ca.createDevIdentity({ mspId, role, enrollmentId: `${role.toLowerCase()}@${mspId}` });
    identities.push({ mspId, role, certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem });
  }
  return identities;
}

async function issueInMemory(mspIds: readonly string[], roles: readonly Role[]): Promise<DevLedgerIdentity[]> {
  const ca = new DevCertificateAuthority();
  const identities: DevLedgerIdentity[] = [];
  for (const mspId of mspIds) identities.push(...(await issueForOrg(ca, mspId, roles)));
  return identities;
}

async function issueOrgIdentities(dir: string, mspId: string, roles: readonly Role[]): Promise<DevLedgerIdentity[]> {
  // Removed first: its presence marks the org's set as complete.
  rmSync(join(dir, mspId, 'ca.pem'), { force: true });
  const ca = new DevCertificateAuthority();
  const identities = await issueForOrg(ca, mspId, roles);
  for (const identity of identities) {
    ensurePrivateDir(join(dir, mspId, identity.role));
    writePrivateFile(join(dir, mspId, identity.role, 'cert.pem'), identity.certificatePem);
    writePrivateFile(join(dir, mspId, identity.role, 'key.pem'), identity.privateKeyPem);
  }
  ensurePrivateDir(join(dir, mspId));
  writePrivateFile(join(dir, mspId, 'ca.pem'), await ca.caCertificatePem(mspId));
  return identities;
}

function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

function writePrivateFile(path: string, content: string): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
