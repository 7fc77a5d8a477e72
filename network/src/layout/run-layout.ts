import path from 'node:path';
import type { OrgConfig, Role } from './network-config';

/** Where an identity's MSP folder and TLS key pair live. */
export interface IdentityPaths {
  readonly dir: string;
  readonly msp: string;
  readonly tls: string;
  readonly signcert: string;
  readonly keystore: string;
  readonly tlsCert: string;
  readonly tlsKey: string;
}

/**
 * The identity folder of the org's Fabric admin: NodeOU `admin`, no `role` attribute, with a TLS
 * client certificate for the orderers' admin endpoint. Only the network scripts use it (chaincode
 * lifecycle, channel joins, channel configuration); no gateway ever loads it.
 */
export const fabricAdminIdentity = 'admin';

/**
 * The identity folder of the org's chaincode servers: only a TLS key pair (no enrolment
 * certificate), which they present to the peer, and which the peer checks against the org's CA.
 */
export const chaincodeServerIdentity = 'chaincode0';

/**
 * The identity folder of the TLS client key pair the org's peer presents to its chaincode servers;
 * it travels in the org's chaincode packages (connection.json), so it is not the peer's own TLS pair.
 */
export const chaincodeClientIdentity = 'peer0-chaincode-client';

/**
 * The identity folder of a role's client identity (NodeOU `client`, `role=<ROLE>` attribute), the
 * one a gateway signs with: `user-<role in kebab case>`, the ADMIN role included (`user-admin`).
 * gateway-api/src/fabric/org-run-folder.ts mirrors it.
 */
export function identityNameForRole(role: Role): string {
  return `user-${role.toLowerCase().replace(/_/g, '-')}`;
}

/** Paths inside the run folder; the only place that knows the layout. */
export class RunLayout {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  get logs(): string {
    return path.join(this.root, 'logs');
  }

  get pids(): string {
    return path.join(this.root, 'pids');
  }

  /** Orgs added to the running network (network:add-org), one JSON row per org; the table loader merges them. */
  get addedOrgs(): string {
    return path.join(this.root, 'orgs.d');
  }

  /** Channel configuration updates in progress (network:add-org), one folder per update. */
  configUpdateDir(name: string): string {
    return path.join(this.root, 'config-updates', name);
  }

  get channelDir(): string {
    return path.join(this.root, 'channel');
  }

  get genesisBlock(): string {
    return path.join(this.channelDir, 'genesis.block');
  }

  logFile(process: string): string {
    return path.join(this.logs, `${process}.log`);
  }

  pidFile(process: string): string {
    return path.join(this.pids, `${process}.pid`);
  }

  orgDir(org: OrgConfig): string {
    return path.join(this.root, 'orgs', org.key);
  }

  caHome(org: OrgConfig): string {
    return path.join(this.orgDir(org), 'ca-server');
  }

  /** The CA's self-signed root certificate, also the TLS root of everything the org issues. */
  caCert(org: OrgConfig): string {
    return path.join(this.caHome(org), 'ca-cert.pem');
  }

  caClientHome(org: OrgConfig): string {
    return path.join(this.orgDir(org), 'ca-client');
  }

  /** The fabric-ca-client home of one of the CA's registrars (the node registrar's is `caClientHome`). */
  registrarHome(org: OrgConfig, registrar: string): string {
    return registrar === 'registrar' ? this.caClientHome(org) : path.join(this.orgDir(org), `ca-client-${registrar}`);
  }

  caBootstrapSecret(org: OrgConfig): string {
    return path.join(this.orgDir(org), 'ca-bootstrap-secret');
  }

  /** The org's MSP definition for the channel (CA certs and NodeOUs, no keys). */
  orgMsp(org: OrgConfig): string {
    return path.join(this.orgDir(org), 'msp');
  }

  identity(org: OrgConfig, name: string): IdentityPaths {
    const dir = path.join(this.orgDir(org), 'identities', name);
    const tls = path.join(dir, 'tls');
    return {
      dir,
      msp: path.join(dir, 'msp'),
      tls,
      signcert: path.join(dir, 'msp', 'signcerts', 'cert.pem'),
      keystore: path.join(dir, 'msp', 'keystore'),
      tlsCert: path.join(tls, 'signcerts', 'cert.pem'),
      tlsKey: path.join(tls, 'keystore', 'key.pem'),
    };
  }

  peerConfigDir(org: OrgConfig): string {
    return path.join(this.root, 'peers', org.key, 'config');
  }

  peerLedger(org: OrgConfig): string {
    return path.join(this.root, 'peers', org.key, 'ledger');
  }

  ordererDir(org: OrgConfig): string {
    return path.join(this.root, 'orderers', org.key);
  }

  chaincodeDir(name: string): string {
    return path.join(this.root, 'chaincode', name);
  }

  chaincodeState(name: string): string {
    return path.join(this.chaincodeDir(name), 'state.json');
  }

  collectionsConfig(name: string): string {
    return path.join(this.chaincodeDir(name), 'collections.json');
  }
}

/** Host names of an org's nodes; certificates carry them and the addresses of `tlsAddresses`. */
export function hostNames(org: OrgConfig, domain: string): { ca: string; peer: string; orderer: string; chaincode: string } {
  const base = `${org.key}.${domain}`;
  return { ca: `ca.${base}`, peer: `peer0.${base}`, orderer: `orderer0.${base}`, chaincode: `chaincode0.${base}` };
}

/** Process names used for pid files, logs and status. */
export const processNames = {
  ca: (org: OrgConfig): string => `ca-${org.key}`,
  orderer: (org: OrgConfig): string => `orderer-${org.key}`,
  peer: (org: OrgConfig): string => `peer-${org.key}`,
  chaincode: (org: OrgConfig, chaincode: string): string => `chaincode-${chaincode}-${org.key}`,
};
