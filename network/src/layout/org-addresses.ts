import type { OrgConfig } from './network-config';

/** The address an org's processes listen on, and are dialled at, when the table gives no `host`. */
export const defaultOrgHost = '127.0.0.1';

/** The IPv4 address the org's nodes listen on and every other org dials (`host`, default 127.0.0.1). */
export function orgHost(org: Pick<OrgConfig, 'host'>): string {
  return org.host ?? defaultOrgHost;
}

/**
 * The address of the org's operations endpoints (`/healthz`, `/metrics`, `/logspec`): loopback unless
 * the table sets `operationsHost` (they have no TLS; docs/operations-network.md).
 */
export function orgOperationsHost(org: Pick<OrgConfig, 'operationsHost'>): string {
  return org.operationsHost ?? defaultOrgHost;
}

/** Every `address:port` of an org's processes, as they listen and as others dial them. */
export interface OrgEndpoints {
  readonly host: string;
  readonly operationsHost: string;
  readonly ca: string;
  readonly caOperations: string;
  readonly orderer: string;
  readonly ordererAdmin: string;
  readonly ordererOperations: string;
  readonly peer: string;
  readonly peerChaincode: string;
  readonly peerOperations: string;
  readonly gatewayApi: string;
  /** The chaincode server of one chaincode (port 0 when the table has none). */
  chaincode(name: string): string;
}

/** The endpoints of an org from its `host`, `operationsHost` and ports in the network table. */
export function orgEndpoints(org: Pick<OrgConfig, 'host' | 'operationsHost' | 'ports'>): OrgEndpoints {
  const host = orgHost(org);
  const operationsHost = orgOperationsHost(org);
  const { ports } = org;
  const at = (port: number): string => `${host}:${String(port)}`;
  const ops = (port: number): string => `${operationsHost}:${String(port)}`;
  return {
    host,
    operationsHost,
    ca: at(ports.ca),
    caOperations: ops(ports.caOperations),
    orderer: at(ports.orderer),
    ordererAdmin: at(ports.ordererAdmin),
    ordererOperations: ops(ports.ordererOperations),
    peer: at(ports.peer),
    peerChaincode: at(ports.peerChaincode),
    peerOperations: ops(ports.peerOperations),
    gatewayApi: at(ports.gatewayApi),
    chaincode: (name) => at(ports.chaincode[name] ?? 0),
  };
}

/**
 * The addresses an org's TLS certificates carry besides its DNS names: loopback (operator tools on
 * the same host) and the org's `host` when it is another address, so that a client dialling that
 * IP address verifies the certificate.
 */
export function tlsAddresses(org: Pick<OrgConfig, 'host'>): string[] {
  const host = orgHost(org);
  return host === defaultOrgHost ? [defaultOrgHost, 'localhost'] : [host, defaultOrgHost, 'localhost'];
}
