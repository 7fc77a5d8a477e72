import { orgEndpoints, type NetworkConfig, type OrgConfig } from './layout';

/** Official images of the topology; Fabric and Fabric CA versions match the native network. */
export const composeImages = {
  ca: 'hyperledger/fabric-ca:1.5.21',
  orderer: 'hyperledger/fabric-orderer:2.5.16',
  peer: 'hyperledger/fabric-peer:2.5.16',
  node: 'node:20-bookworm-slim',
} as const;

type Service = Record<string, unknown>;

const header = `# Generated from network/config/network.json by \`npm run network:compose\`; do not edit.
# The reference network (Dresden pilot) with the official images, for hosts with a Docker engine.
# Host networking keeps every process on its org's \`host\` address (127.0.0.1 unless the table says
# otherwise) with the ports of the network table, so the crypto material, genesis block and chaincode
# packages that \`npm run network:up\` writes to network/run/ (channel endpoints, anchor peers and
# Raft consenters on those addresses) work unchanged.
# Ledgers live in named volumes. Package IDs come from network/run/chaincode/*/state.json.
# The gateways (profile "gateway") run in the production profile and serve HTTPS themselves. Their
# secrets are compose secrets, never values in this file: before \`docker compose --profile gateway up\`,
# put into network/run/compose-secrets/<org>/ the local reference key (64 hex digits), the gateway's
# TLS certificate and key, and the public key (PEM) of the authority's identity provider; set
# <ORG>_JWT_ISSUER to that IdP's issuer (the .invalid default refuses every token).
`;

/** Where a gateway container finds the compose secrets it is given (compose mounts them there). */
export const GATEWAY_SECRETS_DIR = '/run/secrets';

/** The secrets of one gateway: compose secret name suffix, file name on the host, and the gateway variable that names it. */
export const gatewaySecrets = [
  { name: 'local-reference-key', file: 'local-reference.key', variable: 'LOCAL_REF_KEY_FILE' },
  { name: 'gateway-tls-cert', file: 'gateway-tls-cert.pem', variable: 'TLS_CERT_FILE' },
  { name: 'gateway-tls-key', file: 'gateway-tls-key.pem', variable: 'TLS_KEY_FILE' },
  { name: 'idp-public-key', file: 'idp-public-key.pem', variable: 'JWT_PUBLIC_KEY_FILE' },
] as const;

/** The host folder of one org's gateway secrets (ignored by git: under network/run/). */
export function gatewaySecretsFolder(org: OrgConfig): string {
  return `./network/run/compose-secrets/${org.key}`;
}

/** Where the repository root is, seen from the compose file ('.' for the root file). */
type Root = string;

function caService(org: OrgConfig, root: Root): Service {
  const at = orgEndpoints(org);
  return {
    image: composeImages.ca,
    network_mode: 'host',
    command: 'fabric-ca-server start --home /etc/hyperledger/fabric-ca-server',
    environment: {
      FABRIC_CA_SERVER_ADDRESS: at.host,
      FABRIC_CA_SERVER_PORT: String(org.ports.ca),
      FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: at.caOperations,
    },
    volumes: [`${root}/network/run/orgs/${org.key}/ca-server:/etc/hyperledger/fabric-ca-server`],
  };
}

function ordererService(org: OrgConfig, root: Root): Service {
  const at = orgEndpoints(org);
  const id = `/etc/hyperledger/orgs/${org.key}/identities/orderer0`;
  return {
    image: composeImages.orderer,
    network_mode: 'host',
    environment: {
      ORDERER_GENERAL_LISTENADDRESS: at.host,
      ORDERER_GENERAL_LISTENPORT: String(org.ports.orderer),
      ORDERER_GENERAL_LOCALMSPID: org.mspId,
      ORDERER_GENERAL_LOCALMSPDIR: `${id}/msp`,
      ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
      ORDERER_GENERAL_TLS_ENABLED: 'true',
      ORDERER_GENERAL_TLS_CERTIFICATE: `${id}/tls/signcerts/cert.pem`,
      ORDERER_GENERAL_TLS_PRIVATEKEY: `${id}/tls/keystore/key.pem`,
      ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
      ORDERER_ADMIN_LISTENADDRESS: at.ordererAdmin,
      ORDERER_OPERATIONS_LISTENADDRESS: at.ordererOperations,
      ORDERER_FILELEDGER_LOCATION: '/var/hyperledger/production/orderer',
    },
    volumes: [`${root}/network/run/orgs:/etc/hyperledger/orgs:ro`, `orderer-${org.key}:/var/hyperledger/production`],
  };
}

/**
 * @param ordererServices the orderers this file starts (a file per host has only its own org's;
 *   the peer reaches the others at their hosts, and compose cannot wait for another host).
 */
function peerService(config: NetworkConfig, org: OrgConfig, root: Root, ordererServices: readonly string[]): Service {
  const id = `/etc/hyperledger/orgs/${org.key}/identities/peer0`;
  const at = orgEndpoints(org);
  const address = at.peer;
  return {
    image: composeImages.peer,
    network_mode: 'host',
    command: 'peer node start',
    environment: {
      CORE_PEER_ID: `peer0.${org.key}.${config.domain}`,
      CORE_PEER_LISTENADDRESS: address,
      CORE_PEER_ADDRESS: address,
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
      CORE_PEER_CHAINCODELISTENADDRESS: at.peerChaincode,
      CORE_PEER_LOCALMSPID: org.mspId,
      CORE_PEER_MSPCONFIGPATH: `${id}/msp`,
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_CERT_FILE: `${id}/tls/signcerts/cert.pem`,
      CORE_PEER_TLS_KEY_FILE: `${id}/tls/keystore/key.pem`,
      CORE_LEDGER_STATE_STATEDATABASE: 'goleveldb',
      CORE_LEDGER_HISTORY_ENABLEHISTORYDATABASE: 'true',
      CORE_LEDGER_PVTDATASTORE_PURGEINTERVAL: String(config.peerLedger.pvtdataPurgeInterval),
      CORE_CHAINCODE_EXTERNALBUILDERS: '[{name: ccaas, path: /opt/asylum-ledger/builders/ccaas}]',
      CORE_CHAINCODE_KEEPALIVE: '0',
      CORE_VM_ENDPOINT: '',
      CORE_OPERATIONS_LISTENADDRESS: at.peerOperations,
    },
    volumes: [
      `${root}/network/run/orgs:/etc/hyperledger/orgs:ro`,
      `${root}/network/builders/ccaas:/opt/asylum-ledger/builders/ccaas:ro`,
      `peer-${org.key}:/var/hyperledger/production`,
    ],
    depends_on: [...ordererServices],
  };
}

function chaincodeService(org: OrgConfig, name: string, path: string, root: Root): Service {
  return {
    image: composeImages.node,
    network_mode: 'host',
    working_dir: `/app/${path}`,
    command: [
      'node', '/app/node_modules/fabric-shim/cli.js', 'server',
      '--chaincode-address', orgEndpoints(org).chaincode(name),
      '--chaincode-id', `\${${name.toUpperCase()}_PACKAGE_ID_${org.key.toUpperCase()}}`,
    ],
    volumes: [`${root}:/app:ro`],
  };
}

/**
 * One org's gateway in the production profile: the Fabric ledger through its own peer (found in the
 * network table and run folder), HTTPS with its own certificate, the IdP's public key, and the local
 * reference key as a secret file apart from the database volume.
 */
function gatewayService(org: OrgConfig, root: Root): Service {
  const secretFiles = Object.fromEntries(gatewaySecrets.map((secret) => [secret.variable, `${GATEWAY_SECRETS_DIR}/${secret.name}`]));
  return {
    image: composeImages.node,
    network_mode: 'host',
    working_dir: '/app/gateway-api',
    command: ['node', 'dist/main.js'],
    environment: {
      ASYLUM_LEDGER_PROFILE: 'production',
      ORG_MSP_ID: org.mspId,
      ORG_KIND: org.kind,
      HOST: '0.0.0.0',
      PORT: String(org.ports.gatewayApi),
      LEDGER: 'fabric',
      ASYLUM_NETWORK_CONFIG: '/app/network/config/network.json',
      ASYLUM_NETWORK_RUN_DIR: '/app/network/run',
      JWT_ISSUER: `\${${org.key.toUpperCase()}_JWT_ISSUER:-https://idp.${org.key}.invalid}`,
      JWT_AUDIENCE: `asylum-ledger-gateway:${org.mspId}`,
      JWT_ORG_CLAIM: 'org',
      DB_PATH: '/var/lib/asylum-ledger/gateway/gateway.sqlite',
      ...secretFiles,
    },
    secrets: gatewaySecrets.map((secret) => ({ source: `${org.key}-${secret.name}`, target: secret.name })),
    volumes: [`${root}:/app:ro`, `gateway-${org.key}:/var/lib/asylum-ledger/gateway`],
    depends_on: [`peer-${org.key}`],
    profiles: ['gateway'],
  };
}

/** A compose model: services, named volumes and secrets. */
export interface ComposeModel {
  services: Record<string, Service>;
  volumes: Record<string, null>;
  secrets: Record<string, { file: string }>;
}

/** Which orgs a compose file runs, and where the repository root is seen from it. */
export interface ComposeScope {
  /** The key of the one org this file runs (a file per authority host); default every org. */
  readonly org?: string;
  /** The repository root relative to the file's folder; default '.' (the root file). */
  readonly root?: string;
}

/**
 * The compose model of the topology, or of one authority's host: per org a CA, an orderer, a peer,
 * chaincode servers, a gateway (and its secrets), each on the org's `host` address.
 * @throws {Error} when `scope.org` is not in the table.
 */
export function createComposeModel(config: NetworkConfig, scope: ComposeScope = {}): ComposeModel {
  const root = scope.root ?? '.';
  const orgs = scope.org === undefined ? config.orgs : config.orgs.filter((org) => org.key === scope.org);
  if (orgs.length === 0) throw new Error(`no org ${String(scope.org)} in the network table`);
  const ordererServices = orgs.map((org) => `orderer-${org.key}`);
  const model: ComposeModel = { services: {}, volumes: {}, secrets: {} };
  for (const org of orgs) {
    model.services[`ca-${org.key}`] = caService(org, root);
    model.services[`orderer-${org.key}`] = ordererService(org, root);
    model.services[`peer-${org.key}`] = peerService(config, org, root, ordererServices);
    for (const cc of config.chaincodes) model.services[`chaincode-${cc.name}-${org.key}`] = chaincodeService(org, cc.name, cc.path, root);
    model.services[`gateway-${org.key}`] = gatewayService(org, root);
    for (const volume of ['orderer', 'peer', 'gateway']) model.volumes[`${volume}-${org.key}`] = null;
    for (const secret of gatewaySecrets) model.secrets[`${org.key}-${secret.name}`] = { file: `${root}/${gatewaySecretsFolder(org).slice(2)}/${secret.file}` };
  }
  return model;
}

/** The docker-compose.yml text: the header comment and the model as YAML. */
export function renderComposeFile(config: NetworkConfig, toYaml: (value: unknown) => string): string {
  return `${header}${toYaml({ name: 'asylum-ledger', ...createComposeModel(config) })}`;
}

/** Folder of the per-host compose files, relative to the repository root. */
export const perHostComposeDir = 'network/compose';

/** Path of one authority host's compose file, relative to the repository root. */
export function perHostComposeFile(org: Pick<OrgConfig, 'key'>): string {
  return `${perHostComposeDir}/${org.key}.yml`;
}

function perHostHeader(config: NetworkConfig, org: OrgConfig): string {
  const others = config.orgs.filter((other) => other.key !== org.key).map((other) => `${other.mspId} at ${orgEndpoints(other).host}`);
  return `# Generated from network/config/network.json by \`npm run network:compose\`; do not edit.
# The host of ${org.mspId} (${org.name}) alone: its CA, orderer, peer, chaincode servers and gateway,
# listening on its \`host\` ${orgEndpoints(org).host} with host networking. The other authorities run their own
# file on their own hosts and are reached at theirs (${others.join(', ')}), as the channel
# configuration names them. Run from this folder: docker compose -f ${org.key}.yml [--profile gateway] up.
# Paths are relative to this folder: the repository root is ../.. (network/run/ holds the org's material).
# Which ports the other hosts must reach: docs/operations-network.md ("One host per authority").
`;
}

/** The compose file of one authority's host (network/compose/<org>.yml). */
export function renderPerHostComposeFile(config: NetworkConfig, org: OrgConfig, toYaml: (value: unknown) => string): string {
  return `${perHostHeader(config, org)}${toYaml({ name: `asylum-ledger-${org.key}`, ...createComposeModel(config, { org: org.key, root: '../..' }) })}`;
}
