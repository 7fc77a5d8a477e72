import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { composeImages, renderComposeFile } from './docker-compose-file';
import { loadNetworkConfig, repoDir } from './layout';

interface ComposeService {
  image: string;
  network_mode?: string;
  environment?: Record<string, string>;
  command?: string | string[];
  volumes?: string[];
}

describe('docker-compose.yml (no Docker engine here: checked against the network table)', () => {
  const config = loadNetworkConfig();
  const text = readFileSync(path.join(repoDir, 'docker-compose.yml'), 'utf8');
  const compose = parse(text) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

  it('is what the generator makes from the current table (run compose:generate when it is stale)', () => {
    expect(text).toBe(renderComposeFile(config, (value) => stringify(value, { lineWidth: 0 })));
  });

  it('has a CA, an orderer, a peer, a server per chaincode and a gateway for every org', () => {
    const expected = config.orgs.flatMap((org) => [
      `ca-${org.key}`,
      `orderer-${org.key}`,
      `peer-${org.key}`,
      ...config.chaincodes.map((cc) => `chaincode-${cc.name}-${org.key}`),
      `gateway-${org.key}`,
    ]);
    expect(Object.keys(compose.services).sort()).toEqual(expected.sort());
  });

  it.each(loadNetworkConfig().orgs.map((org) => [org.mspId, org] as const))('runs %s on its table ports with the official images', (_id, org) => {
    const service = (name: string): ComposeService => compose.services[`${name}-${org.key}`] as ComposeService;
    expect(service('ca').image).toBe(composeImages.ca);
    expect(service('orderer').image).toBe(composeImages.orderer);
    expect(service('peer').image).toBe(composeImages.peer);
    expect(service('gateway').image).toBe(composeImages.node);
    expect(service('ca').environment?.FABRIC_CA_SERVER_PORT).toBe(String(org.ports.ca));
    expect(service('orderer').environment?.ORDERER_GENERAL_LISTENPORT).toBe(String(org.ports.orderer));
    expect(service('orderer').environment?.ORDERER_ADMIN_LISTENADDRESS).toBe(`127.0.0.1:${org.ports.ordererAdmin}`);
    expect(service('peer').environment?.CORE_PEER_LISTENADDRESS).toBe(`127.0.0.1:${org.ports.peer}`);
    expect(service('peer').environment?.CORE_OPERATIONS_LISTENADDRESS).toBe(`127.0.0.1:${org.ports.peerOperations}`);
    expect(service('peer').environment?.CORE_LEDGER_PVTDATASTORE_PURGEINTERVAL).toBe(String(config.peerLedger.pvtdataPurgeInterval));
    expect(service('gateway').environment?.PORT).toBe(String(org.ports.gatewayApi));
    for (const cc of config.chaincodes) {
      const server = compose.services[`chaincode-${cc.name}-${org.key}`] as ComposeService;
      expect(server.image).toBe(composeImages.node);
      expect(server.command).toContain(`127.0.0.1:${org.ports.chaincode[cc.name] ?? 0}`);
    }
  });

  it('keeps ledgers in named volumes and mounts the identities read-only', () => {
    for (const org of config.orgs) {
      expect(compose.volumes).toHaveProperty(`peer-${org.key}`);
      expect(compose.volumes).toHaveProperty(`orderer-${org.key}`);
      expect(compose.services[`peer-${org.key}`]?.volumes).toContain(`peer-${org.key}:/var/hyperledger/production`);
      expect(compose.services[`peer-${org.key}`]?.volumes).toContain('./network/run/orgs:/etc/hyperledger/orgs:ro');
    }
  });

  it('uses host networking everywhere, as the channel config names 127.0.0.1 endpoints', () => {
    for (const service of Object.values(compose.services)) expect(service.network_mode).toBe('host');
  });
});
