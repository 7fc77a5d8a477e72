import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { composeImages, createComposeModel, GATEWAY_SECRETS_DIR, gatewaySecrets, perHostComposeFile, renderComposeFile, renderPerHostComposeFile } from './docker-compose-file';
import { loadNetworkConfig, parseNetworkConfig, repoDir, type OrgConfig } from './layout';

interface ComposeService {
  image: string;
  network_mode?: string;
  environment?: Record<string, string>;
  command?: string | string[];
  volumes?: string[];
  secrets?: { source: string; target: string }[];
}

describe('docker-compose.yml (no Docker engine here: checked against the network table)', () => {
  const config = loadNetworkConfig();
  const text = readFileSync(path.join(repoDir, 'docker-compose.yml'), 'utf8');
  const compose = parse(text) as { services: Record<string, ComposeService>; volumes: Record<string, unknown>; secrets?: Record<string, { file: string }> };
  const gitignore = readFileSync(path.join(repoDir, '.gitignore'), 'utf8').split('\n');

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

  describe.each(loadNetworkConfig().orgs.map((org) => [org.mspId, org] as const))('the gateway of %s', (_id, org) => {
    const gateway = (): ComposeService => compose.services[`gateway-${org.key}`] as ComposeService;
    const env = (): Record<string, string> => gateway().environment ?? {};

    it('runs in the production profile on Fabric, as its org and kind, serving HTTPS itself', () => {
      expect(env()).toMatchObject({ ASYLUM_LEDGER_PROFILE: 'production', LEDGER: 'fabric', ORG_MSP_ID: org.mspId, ORG_KIND: org.kind, PORT: String(org.ports.gatewayApi) });
      expect(env().TLS_CERT_FILE).toBeDefined();
      expect(env().TLS_KEY_FILE).toBeDefined();
      expect(env().DB_PATH).toMatch(/^\/var\/lib\/asylum-ledger\/gateway\//);
      expect(gateway().volumes).toContain(`gateway-${org.key}:/var/lib/asylum-ledger/gateway`);
    });

    it('holds no secret values: keys come as compose secrets, mounted where the *_FILE variables point', () => {
      const values = Object.values(env());
      expect(env()).not.toHaveProperty('LOCAL_REF_KEY');
      expect(env()).not.toHaveProperty('JWT_PUBLIC_KEY');
      expect(values.filter((value) => /^[0-9a-fA-F]{64}$|^[A-Za-z0-9+/]{43}=$|BEGIN /.test(value))).toEqual([]);
      const mounted = (gateway().secrets ?? []).map((secret) => `${GATEWAY_SECRETS_DIR}/${secret.target}`);
      for (const secret of gatewaySecrets) expect(mounted).toContain(env()[secret.variable]);
      for (const { source } of gateway().secrets ?? []) {
        const file = compose.secrets?.[source]?.file ?? '';
        // the secret files live in the ignored run folder, never in the repository
        expect(file.startsWith(`./network/run/compose-secrets/${org.key}/`)).toBe(true);
        expect(gitignore).toContain('network/run/');
      }
    });

    it('keeps the local reference key apart from the database volume', () => {
      expect(path.posix.dirname(env().LOCAL_REF_KEY_FILE ?? '')).not.toBe(path.posix.dirname(env().DB_PATH ?? ''));
    });
  });

  it('uses host networking everywhere, as the channel config names 127.0.0.1 endpoints', () => {
    for (const service of Object.values(compose.services)) expect(service.network_mode).toBe('host');
  });
});

describe('one compose file per authority host (network/compose/<org>.yml)', () => {
  const config = loadNetworkConfig();
  const toYaml = (value: unknown): string => stringify(value, { lineWidth: 0 });
  type Compose = { name: string; services: Record<string, ComposeService & { depends_on?: string[] }>; volumes: Record<string, unknown>; secrets: Record<string, { file: string }> };

  describe.each(config.orgs.map((org) => [org.key, org] as const))('the host of %s', (key, org) => {
    const text = readFileSync(path.join(repoDir, perHostComposeFile(org)), 'utf8');
    const compose = parse(text) as Compose;

    it('is what the generator makes from the current table (run npm run network:compose when it is stale)', () => {
      expect(text).toBe(renderPerHostComposeFile(config, org, toYaml));
    });

    it("runs that org's CA, orderer, peer, chaincode servers and gateway, and nothing of another org", () => {
      expect(Object.keys(compose.services).sort()).toEqual(
        [`ca-${key}`, `orderer-${key}`, `peer-${key}`, ...config.chaincodes.map((cc) => `chaincode-${cc.name}-${key}`), `gateway-${key}`].sort(),
      );
      expect(Object.keys(compose.volumes).sort()).toEqual([`gateway-${key}`, `orderer-${key}`, `peer-${key}`]);
      expect(Object.keys(compose.secrets).every((name) => name.startsWith(`${key}-`))).toBe(true);
      // compose cannot wait for a service on another host: the peer waits for its own orderer only
      expect(compose.services[`peer-${key}`]?.depends_on).toEqual([`orderer-${key}`]);
    });

    it('reaches the repository from its folder (network/compose): mounts and secret files under ../..', () => {
      const mounts = Object.values(compose.services).flatMap((service) => service.volumes ?? []).filter((volume) => volume.startsWith('.'));
      expect(mounts.length).toBeGreaterThan(0);
      for (const mount of mounts) expect(mount.startsWith('../..')).toBe(true);
      for (const secret of Object.values(compose.secrets)) expect(secret.file.startsWith(`../../network/run/compose-secrets/${key}/`)).toBe(true);
    });
  });

  it("puts every service of a host on that org's `host` address, with operations on loopback", () => {
    const table = structuredClone(config);
    Object.assign(table.orgs.find((org) => org.key === 'abh') ?? {}, { host: '10.231.0.2' });
    const abh = parseNetworkConfig(table).orgs.find((org) => org.key === 'abh') as OrgConfig;
    const model = createComposeModel(parseNetworkConfig(table), { org: 'abh', root: '../..' });
    const env = (name: string): Record<string, unknown> => (model.services[name]?.environment ?? {}) as Record<string, unknown>;
    expect(env('ca-abh')).toMatchObject({ FABRIC_CA_SERVER_ADDRESS: '10.231.0.2', FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: '127.0.0.1:7355' });
    expect(env('orderer-abh')).toMatchObject({ ORDERER_GENERAL_LISTENADDRESS: '10.231.0.2', ORDERER_ADMIN_LISTENADDRESS: '10.231.0.2:7357', ORDERER_OPERATIONS_LISTENADDRESS: '127.0.0.1:7358' });
    expect(env('peer-abh')).toMatchObject({ CORE_PEER_LISTENADDRESS: '10.231.0.2:7351', CORE_PEER_GOSSIP_EXTERNALENDPOINT: '10.231.0.2:7351', CORE_OPERATIONS_LISTENADDRESS: '127.0.0.1:7353' });
    expect(model.services['chaincode-casestatus-abh']?.command).toContain(`10.231.0.2:${String(abh.ports.chaincode.casestatus)}`);
    expect(renderPerHostComposeFile(parseNetworkConfig(table), abh, toYaml)).toContain('BAMFMSP at 127.0.0.1, LDSMSP at 127.0.0.1');
    expect(() => createComposeModel(config, { org: 'nrw' })).toThrow(/no org nrw/);
  });
});
