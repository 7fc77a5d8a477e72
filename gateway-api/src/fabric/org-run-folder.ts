/**
 * What a gateway needs from the local network's table and run folder to reach its own org's peer:
 * the peer's address, TLS root and host name, the channel, and the role identities the org's CA
 * enrolled. Read through the network's own layout module, so the two cannot drift apart.
 */
import { Role } from '@asylum-ledger/domain';
import { hostNames, identityNameForRole, loadNetworkConfig, loadRunningNetworkConfig, orgEndpoints, RunLayout, type NetworkConfig } from '@asylum-ledger/network/layout';
import type { MspFiles } from './role-identities';

/** The network table (network/config/network.json), as the network's layout module reads it. */
export type NetworkTable = NetworkConfig;

/**
 * Reads and checks the network table, with the orgs added to the running network when the run
 * folder is given (its `orgs.d/`, written by `network:add-org`).
 * @param file path of network.json.
 * @param runDir the network's run folder.
 * @throws {Error} naming the file and the first problem when it is not a network table.
 */
export function loadNetworkTable(file: string, runDir?: string): NetworkTable {
  try {
    return runDir === undefined ? loadNetworkConfig(file) : loadRunningNetworkConfig(file, runDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${file} is not a network table: ${reason}`, { cause: error });
  }
}

/** How to reach an org's own peer and where its identities are. */
export interface OrgRunFolder {
  readonly mspId: string;
  readonly channel: string;
  /** `<host>:<peer port>` from the table (the org's `host`, default 127.0.0.1). */
  readonly peerAddress: string;
  /** The host name the peer's TLS certificate carries (`peer0.<key>.<domain>`). */
  readonly peerHostName: string;
  /** The org CA's root certificate file (also the TLS root of its peer). */
  readonly tlsRootCertificate: string;
  /** The roles the table lists for the org. */
  readonly roles: readonly Role[];
  /** The MSP files of a role's identity. */
  mspFiles(role: Role): MspFiles;
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
  const layout = new RunLayout(runDir);
  return {
    mspId: row.mspId,
    channel: table.channel,
    peerAddress: orgEndpoints(row).peer,
    peerHostName: hostNames(row, table.domain).peer,
    tlsRootCertificate: layout.caCert(row),
    roles: row.roles,
    mspFiles: (role) => {
      const paths = layout.identity(row, identityNameForRole(role));
      return { signcert: paths.signcert, keystore: paths.keystore };
    },
  };
}

export { identityNameForRole };
