/**
 * The composition of a {@link FabricLedger} for one org of the local network: its own peer's
 * address and TLS root from the network table and run folder, and the client identity its CA
 * enrolled for every role (never the org's Fabric admin).
 */
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { FabricLedger, type FabricLedgerOptions } from './fabric-ledger';
import { findOrgRunFolder, type NetworkTable } from './org-run-folder';
import { loadRoleIdentity } from './role-identities';

/** Which org, where its material is, and the adapter's tuning. */
export interface FabricOrgLedgerOptions extends Omit<FabricLedgerOptions, 'client' | 'identities' | 'channel'> {
  /** The network table (see {@link loadNetworkTable} for reading network/config/network.json). */
  readonly network: NetworkTable;
  /** The network's run folder (network/run unless ASYLUM_NETWORK_RUN_DIR moved it). */
  readonly runDir: string;
  /** The gateway's own org: MSP ID or key, e.g. `LDSMSP` or `lds`. */
  readonly org: string;
  /** Where to dial instead of the table's peer port (e.g. a proxy); the TLS host name stays the peer's. */
  readonly peerAddress?: string;
}

/**
 * Builds the Fabric ledger of one org: one TLS connection to its own peer, one Gateway per role.
 * Reads files; does not dial (gRPC connects on first use; call `ready()` to probe).
 * @param options the table, run folder, org and tuning.
 * @returns the adapter; close it on shutdown.
 * @throws {Error} when the org is not in the table, or its TLS root is missing (the network was not
 * brought up with `npm run up -w network`).
 * @throws {RoleIdentityError} IDENTITY_UNREADABLE when a role's identity is missing;
 * IDENTITY_NOT_CLIENT when one is not a NodeOU client (e.g. the org's Fabric admin).
 */
export function createFabricLedgerForOrg(options: Readonly<FabricOrgLedgerOptions>): FabricLedger {
  const folder = findOrgRunFolder(options.network, options.runDir, options.org);
  let tlsRoot: Buffer;
  try {
    tlsRoot = readFileSync(folder.tlsRootCertificate);
  } catch (error) {
    throw new Error(`no TLS root certificate for ${folder.mspId} at ${folder.tlsRootCertificate}; is the network up?`, { cause: error });
  }
  const identities = folder.roles.map((role) => loadRoleIdentity(role, folder.mspId, folder.mspFiles(role)));
  const client = new grpc.Client(options.peerAddress ?? folder.peerAddress, grpc.credentials.createSsl(tlsRoot), {
    'grpc.ssl_target_name_override': folder.peerHostName,
  });
  try {
    const peerOrgs = options.network.orgs.map((org) => org.mspId);
    return new FabricLedger({ peerOrgs, ...options, client, identities, channel: folder.channel });
  } catch (error) {
    client.close();
    throw error;
  }
}
