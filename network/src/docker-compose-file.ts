import type { NetworkConfig, OrgConfig } from './layout';

/** Official images of the topology; Fabric and Fabric CA versions match the native network. */
export const composeImages = {
  ca: 'hyperledger/fabric-ca:1.5.21',
  orderer: 'hyperledger/fabric-orderer:2.5.16',
  peer: 'hyperledger/fabric-peer:2.5.16',
  node: 'node:20-bookworm-slim',
} as const;

type Service = Record<string, unknown>;

const header = `# Generated from network/config/network.json by \`npm run compose:generate -w network\`; do not edit.
# The reference network (Dresden pilot) with the official images, for hosts with a Docker engine.
# Host networking keeps every process on 127.0.0.1 with the ports of the network table, so the
# crypto material, genesis block and chaincode packages that \`npm run network:up\` writes to
# network/run/ (channel endpoints, anchor peers and Raft consenters on 127.0.0.1) work unchanged.
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

function caService(org: OrgConfig): Service {
  return {
    image: composeImages.ca,
    network_mode: 'host',
    command: 'fabric-ca-server start --home /etc/hyperledger/fabric-ca-server',
    environment: {
      FABRIC_CA_SERVER_ADDRESS: '127.0.0.1',
      FABRIC_CA_SERVER_PORT: String(org.ports.ca),
      FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${org.ports.caOperations}`,
    },
    volumes: [`./network/run/orgs/${org.key}/ca-server:/etc/hyperledger/fabric-ca-server`],
  };
}

function ordererService(org: OrgConfig): Service {
  const id = `/etc/hyperledger/orgs/${org.key}/identities/orderer0`;
  return {
    image: composeImages.orderer,
    network_mode: 'host',
    environment: {
      ORDERER_GENERAL_LISTENADDRESS: '127.0.0.1',
      ORDERER_GENERAL_LISTENPORT: String(org.ports.orderer),
      ORDERER_GENERAL_LOCALMSPID: org.mspId,
      ORDERER_GENERAL_LOCALMSPDIR: `${id}/msp`,
      ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
      ORDERER_GENERAL_TLS_ENABLED: 'true',
      ORDERER_GENERAL_TLS_CERTIFICATE: `${id}/tls/signcerts/cert.pem`,
      ORDERER_GENERAL_TLS_PRIVATEKEY: `${id}/tls/keystore/key.pem`,
      ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
      ORDERER_ADMIN_LISTENADDRESS: `127.0.0.1:${org.ports.ordererAdmin}`,
      ORDERER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${org.ports.ordererOperations}`,
      ORDERER_FILELEDGER_LOCATION: '/var/hyperledger/production/orderer',
    },
    volumes: [`./network/run/orgs:/etc/hyperledger/orgs:ro`, `orderer-${org.key}:/var/hyperledger/production`],
  };
}

function peerService(config: NetworkConfig, org: OrgConfig): Service {
  const id = `/etc/hyperledger/orgs/${org.key}/identities/peer0`;
  const address = `127.0.0.1:${org.ports.peer}`;
  return {
    image: composeImages.peer,
    network_mode: 'host',
    command: 'peer node start',
    environment: {
      CORE_PEER_ID: `peer0.${org.key}.${config.domain}`,
      CORE_PEER_LISTENADDRESS: address,
      CORE_PEER_ADDRESS: address,
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
      CORE_PEER_CHAINCODELISTENADDRESS: `127.0.0.1:${org.ports.peerChaincode}`,
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
      CORE_OPERATIONS_LISTENADDRESS: `127.0.0.1:${org.ports.peerOperations}`,
    },
    volumes: [
      './network/run/orgs:/etc/hyperledger/orgs:ro',
      './network/builders/ccaas:/opt/asylum-ledger/builders/ccaas:ro',
      `peer-${org.key}:/var/hyperledger/production`,
    ],
    depends_on: config.orgs.map((other) => `orderer-${other.key}`),
  };
}

function chaincodeService(org: OrgConfig, name: string, path: string): Service {
  const port = org.ports.chaincode[name] ?? 0;
  return {
    image: composeImages.node,
    network_mode: 'host',
    working_dir: `/app/${path}`,
    command: [
      'node', '/app/node_modules/fabric-shim/cli.js', 'server',
      '--chaincode-address', `127.0.0.1:${port}`,
      '--chaincode-id', `\${${name.toUpperCase()}_PACKAGE_ID_${org.key.toUpperCase()}}`,
    ],
    volumes: ['.:/app:ro'],
  };
}

/**
 * One org's gateway in the production profile: the Fabric ledger through its own peer (found in the
 * network table and run folder), HTTPS with its own certificate, the IdP's public key, and the local
 * reference key as a secret file apart from the database volume.
 */
function gatewayService(org: OrgConfig): Service {
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
    volumes: ['.:/app:ro', `gateway-${org.key}:/var/lib/asylum-ledger/gateway`],
    depends_on: [`peer-${org.key}`],
    profiles: ['gateway'],
  };
}

/** The compose model of the whole topology: per org a CA, an orderer, a peer, chaincode servers, a gateway (and its secrets). */
export function createComposeModel(config: NetworkConfig): {
  services: Record<string, Service>;
  volumes: Record<string, null>;
  secrets: Record<string, { file: string }>;
} {
  const services: Record<string, Service> = {};
  const volumes: Record<string, null> = {};
  const secrets: Record<string, { file: string }> = {};
  for (const org of config.orgs) {
    services[`ca-${org.key}`] = caService(org);
    services[`orderer-${org.key}`] = ordererService(org);
    services[`peer-${org.key}`] = peerService(config, org);
    for (const cc of config.chaincodes) services[`chaincode-${cc.name}-${org.key}`] = chaincodeService(org, cc.name, cc.path);
    services[`gateway-${org.key}`] = gatewayService(org);
    volumes[`orderer-${org.key}`] = null;
    volumes[`peer-${org.key}`] = null;
    volumes[`gateway-${org.key}`] = null;
    for (const secret of gatewaySecrets) secrets[`${org.key}-${secret.name}`] = { file: `${gatewaySecretsFolder(org)}/${secret.file}` };
  }
  return { services, volumes, secrets };
}

/** The docker-compose.yml text: the header comment and the model as YAML. */
export function renderComposeFile(config: NetworkConfig, toYaml: (value: unknown) => string): string {
  return `${header}${toYaml({ name: 'asylum-ledger', ...createComposeModel(config) })}`;
}
