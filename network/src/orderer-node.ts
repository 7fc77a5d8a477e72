import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FabricBinaries } from './fabric-binaries';
import type { NetworkConfig, OrgConfig } from './layout';
import type { ProcessRegistry } from './process-registry';
import { assertPortsFree, waitForHealthz } from './readiness';
import { orgEndpoints, processNames, type RunLayout } from './layout';

/** Dependencies of the orderer and peer steps. */
export interface NodeStepOptions {
  readonly config: NetworkConfig;
  readonly layout: RunLayout;
  readonly registry: ProcessRegistry;
  readonly binaries: FabricBinaries;
  readonly fabricCfg: string;
  readonly log: (line: string) => void;
}

/** Environment of an org's orderer: channel participation, no system channel, TLS and mTLS admin. */
export function createOrdererEnv(options: NodeStepOptions, org: OrgConfig): NodeJS.ProcessEnv {
  const { layout } = options;
  const node = layout.identity(org, 'orderer0');
  const dir = layout.ordererDir(org);
  const endpoints = orgEndpoints(org);
  const rootCas = `[${options.config.orgs.map((other) => layout.caCert(other)).join(',')}]`;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FABRIC_CFG_PATH: options.fabricCfg,
    FABRIC_LOGGING_SPEC: 'INFO',
    ORDERER_GENERAL_LISTENADDRESS: endpoints.host,
    ORDERER_GENERAL_LISTENPORT: String(org.ports.orderer),
    ORDERER_GENERAL_LOCALMSPID: org.mspId,
    ORDERER_GENERAL_LOCALMSPDIR: node.msp,
    ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
    ORDERER_GENERAL_TLS_ENABLED: 'true',
    ORDERER_GENERAL_TLS_CERTIFICATE: node.tlsCert,
    ORDERER_GENERAL_TLS_PRIVATEKEY: node.tlsKey,
    ORDERER_GENERAL_TLS_ROOTCAS: rootCas,
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: node.tlsCert,
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: node.tlsKey,
    ORDERER_GENERAL_CLUSTER_ROOTCAS: rootCas,
    ORDERER_GENERAL_KEEPALIVE_SERVERMININTERVAL: '10s',
    ORDERER_FILELEDGER_LOCATION: path.join(dir, 'ledger'),
    ORDERER_CONSENSUS_WALDIR: path.join(dir, 'etcdraft', 'wal'),
    ORDERER_CONSENSUS_SNAPDIR: path.join(dir, 'etcdraft', 'snapshot'),
    ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
    ORDERER_ADMIN_LISTENADDRESS: endpoints.ordererAdmin,
    ORDERER_ADMIN_TLS_ENABLED: 'true',
    ORDERER_ADMIN_TLS_CERTIFICATE: node.tlsCert,
    ORDERER_ADMIN_TLS_PRIVATEKEY: node.tlsKey,
    ORDERER_ADMIN_TLS_ROOTCAS: `[${layout.caCert(org)}]`,
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
    ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${layout.caCert(org)}]`,
    ORDERER_OPERATIONS_LISTENADDRESS: endpoints.ordererOperations,
    ORDERER_METRICS_PROVIDER: 'prometheus',
  };
}

/**
 * Starts an org's orderer unless it runs, and waits for /healthz.
 * @throws {NetworkError} PORT_IN_USE or NOT_READY.
 */
export async function startOrderer(options: NodeStepOptions, org: OrgConfig): Promise<void> {
  const { registry, layout } = options;
  const name = processNames.orderer(org);
  const ports = [org.ports.orderer, org.ports.ordererAdmin, org.ports.ordererOperations];
  const endpoints = orgEndpoints(org);
  if (registry.runningPid(name) === undefined) {
    await assertPortsFree([endpoints.orderer, endpoints.ordererAdmin, endpoints.ordererOperations], `orderer of ${org.mspId}`);
    mkdirSync(layout.ordererDir(org), { recursive: true });
    registry.start({ name, command: options.binaries.orderer, args: [], env: createOrdererEnv(options, org), ports });
    options.log(`started ${name} on ${endpoints.orderer}`);
  }
  await waitForHealthz(endpoints.ordererOperations, {
    what: `orderer of ${org.mspId}`,
    logFile: layout.logFile(name),
    exited: () => registry.hasExited(name),
  });
}
