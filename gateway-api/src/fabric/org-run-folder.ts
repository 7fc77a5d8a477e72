/**
 * What a gateway needs from the local network's table and run folder to reach its own org's peer:
 * the peer's address, TLS root and host name, the channel, and the role identities the org's CA
 * enrolled. Mirrors network/src/run-layout.ts (which gateway-api cannot import: it lies outside this
 * workspace's sources); test/e2e/fabric-ledger.test.ts checks that the two agree.
 */
import { Role } from '@asylum-ledger/chaincode/dist/domain';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { MspFiles } from './role-identities';

/** The part of the network table (network/config/network.json) a gateway reads; other fields are ignored. */
export const networkTableSchema = z.object({
  domain: z.string().min(1),
  channel: z.string().min(1),
  orgs: z
    .array(
      z.object({
        key: z.string().min(1),
        mspId: z.string().min(1),
        roles: z.array(z.string()),
        ports: z.object({ peer: z.number().int().min(1).max(65535) }),
      }),
    )
    .min(1),
});

/** The network table as a gateway sees it. */
export type NetworkTable = z.infer<typeof networkTableSchema>;

/** One org's row of the table. */
export type NetworkTableOrg = NetworkTable['orgs'][number];

/**
 * Reads and checks the network table.
 * @param file path of network.json.
 * @throws {Error} naming the file and the first problem when it is not a network table.
 */
export function loadNetworkTable(file: string): NetworkTable {
  const parsed = networkTableSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} is not a network table: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data;
}

/** How to reach an org's own peer and where its identities are. */
export interface OrgRunFolder {
  readonly mspId: string;
  readonly channel: string;
  /** `127.0.0.1:<peer port>` from the table. */
  readonly peerAddress: string;
  /** The host name the peer's TLS certificate carries (`peer0.<key>.<domain>`). */
  readonly peerHostName: string;
  /** The org CA's root certificate file (also the TLS root of its peer). */
  readonly tlsRootCertificate: string;
  /** The roles the table lists for the org that the domain knows. */
  readonly roles: readonly Role[];
  /** The MSP files of a role's identity. */
  mspFiles(role: Role): MspFiles;
}

/**
 * The identity folder name of a role: `user-<role in kebab case>`, ADMIN included (`user-admin`).
 * Every one is a client identity; the org's Fabric admin (folder `admin`) is never a gateway's.
 */
export function identityNameForRole(role: Role): string {
  return `user-${role.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * Finds an org in the table and the paths of its material in the run folder.
 * @param table the network table.
 * @param runDir the network's run folder (network/run unless the network was started elsewhere).
 * @param org the org's MSP ID or key, e.g. `LDSMSP` or `lds`.
 * @throws {Error} when the table has no such org.
 */
export function findOrgRunFolder(table: NetworkTable, runDir: string, org: string): OrgRunFolder {
  const row = table.orgs.find((entry) => entry.mspId === org || entry.key === org);
  if (!row) throw new Error(`no org ${org} in the network table (have ${table.orgs.map((entry) => entry.mspId).join(', ')})`);
  const orgDir = path.join(runDir, 'orgs', row.key);
  return {
    mspId: row.mspId,
    channel: table.channel,
    peerAddress: `127.0.0.1:${row.ports.peer}`,
    peerHostName: `peer0.${row.key}.${table.domain}`,
    tlsRootCertificate: path.join(orgDir, 'ca-server', 'ca-cert.pem'),
    roles: row.roles.filter((role): role is Role => Role.safeParse(role).success),
    mspFiles: (role) => {
      const msp = path.join(orgDir, 'identities', identityNameForRole(role), 'msp');
      return { signcert: path.join(msp, 'signcerts', 'cert.pem'), keystore: path.join(msp, 'keystore') };
    },
  };
}
