import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { networkDir, type OrgConfig } from './layout';
import type { NodeStepOptions } from './orderer-node';
import { assertPortsFree, waitForGossipMembership, waitForHealthz } from './readiness';
import { fabricAdminIdentity, hostNames, orgEndpoints, processNames, type RunLayout } from './layout';

/** Folder of our chaincode-as-a-service external builder (bin/detect, bin/build, bin/release). */
export const ccaasBuilderDir = path.join(networkDir, 'builders', 'ccaas');

/**
 * Writes the peer's run-time copy of Fabric's core.yaml with only `vm.endpoint` emptied: an empty
 * CORE_VM_ENDPOINT counts as unset, so the environment cannot stop the peer from pinging Docker.
 */
export function writePeerCoreYaml(fabricCfg: string, targetDir: string): void {
  const doc = parseDocument(readFileSync(path.join(fabricCfg, 'core.yaml'), 'utf8'));
  doc.setIn(['vm', 'endpoint'], '');
  mkdirSync(targetDir, { recursive: true });
  writeFileSync(path.join(targetDir, 'core.yaml'), doc.toString());
}

/**
 * Environment that makes the `peer` CLI act as one of an org's identities against its own peer.
 * @param identity the identity folder; default the org's Fabric admin (operator work).
 */
export function createPeerCliEnv(layout: RunLayout, org: OrgConfig, identity: string = fabricAdminIdentity): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FABRIC_CFG_PATH: layout.peerConfigDir(org),
    FABRIC_LOGGING_SPEC: 'WARNING',
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: layout.identity(org, identity).msp,
    CORE_PEER_ADDRESS: orgEndpoints(org).peer,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: layout.caCert(org),
    CORE_PEER_TLS_CLIENTAUTHREQUIRED: 'false',
  };
}

/** Environment of an org's peer: LevelDB, history on, external builder only, explicit ports. */
export function createPeerEnv(options: NodeStepOptions, org: OrgConfig): NodeJS.ProcessEnv {
  const { layout } = options;
  const node = layout.identity(org, 'peer0');
  const endpoints = orgEndpoints(org);
  const address = endpoints.peer;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FABRIC_CFG_PATH: layout.peerConfigDir(org),
    FABRIC_LOGGING_SPEC: 'INFO',
    CORE_PEER_ID: hostNames(org, options.config.domain).peer,
    CORE_PEER_NETWORKID: 'asylum-ledger',
    CORE_PEER_LISTENADDRESS: address,
    CORE_PEER_ADDRESS: address,
    CORE_PEER_CHAINCODELISTENADDRESS: endpoints.peerChaincode,
    CORE_PEER_CHAINCODEADDRESS: endpoints.peerChaincode,
    CORE_PEER_GOSSIP_BOOTSTRAP: address,
    CORE_PEER_GOSSIP_ENDPOINT: address,
    CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
    // the first probe of another org's anchor peer fails while that peer has not joined the channel
    // yet; retry every 2 s instead of 25 s, so discovery knows every org soon after start-up
    CORE_PEER_GOSSIP_RECONNECTINTERVAL: '2s',
    // faster alive and state-info rounds (cheap on loopback with three peers): membership forms in
    // seconds after start-up and a stopped peer is noticed within 10 s
    CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
    CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '10s',
    CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: node.msp,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_CERT_FILE: node.tlsCert,
    CORE_PEER_TLS_KEY_FILE: node.tlsKey,
    CORE_PEER_TLS_ROOTCERT_FILE: layout.caCert(org),
    CORE_PEER_FILESYSTEMPATH: options.layout.peerLedger(org),
    CORE_PEER_GATEWAY_ENABLED: 'true',
    CORE_LEDGER_STATE_STATEDATABASE: 'goleveldb',
    CORE_LEDGER_HISTORY_ENABLEHISTORYDATABASE: 'true',
    // apply purges of private data at the block that commits them, not only every 100th block
    CORE_LEDGER_PVTDATASTORE_PURGEINTERVAL: String(options.config.peerLedger.pvtdataPurgeInterval),
    CORE_CHAINCODE_EXTERNALBUILDERS: `[{name: ccaas, path: ${ccaasBuilderDir}}]`,
    CORE_CHAINCODE_KEEPALIVE: '0',
    CORE_OPERATIONS_LISTENADDRESS: endpoints.peerOperations,
    CORE_METRICS_PROVIDER: 'prometheus',
  };
}

/**
 * Starts an org's peer unless it runs, and waits for /healthz.
 * @throws {NetworkError} PORT_IN_USE or NOT_READY.
 */
export async function startPeer(options: NodeStepOptions, org: OrgConfig): Promise<void> {
  const { registry, layout } = options;
  const name = processNames.peer(org);
  const ports = [org.ports.peer, org.ports.peerChaincode, org.ports.peerOperations];
  const endpoints = orgEndpoints(org);
  if (registry.runningPid(name) === undefined) {
    await assertPortsFree([endpoints.peer, endpoints.peerChaincode, endpoints.peerOperations], `peer of ${org.mspId}`);
    writePeerCoreYaml(options.fabricCfg, layout.peerConfigDir(org));
    mkdirSync(layout.peerLedger(org), { recursive: true });
    registry.start({ name, command: options.binaries.peer, args: ['node', 'start'], env: createPeerEnv(options, org), ports });
    options.log(`started ${name} on ${endpoints.peer}`);
  }
  await waitForHealthz(endpoints.peerOperations, {
    what: `peer of ${org.mspId}`,
    logFile: layout.logFile(name),
    exited: () => registry.hasExited(name),
  });
}

/**
 * Waits until the org's peer knows every other org's peer through gossip (service discovery, and
 * so the Gateway's choice of endorsers, needs that).
 * @throws {NetworkError} NOT_READY after 60 s.
 */
export async function waitForPeerDiscovery(options: NodeStepOptions, org: OrgConfig): Promise<void> {
  const others = options.config.orgs.length - 1;
  await waitForGossipMembership(orgEndpoints(org).peerOperations, options.config.channel, others, {
    what: `gossip membership of the peer of ${org.mspId} (${others} other peers)`,
    timeoutMs: 60_000,
    logFile: options.layout.logFile(processNames.peer(org)),
  });
}
