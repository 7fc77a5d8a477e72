import { createCaServerConfig } from './ca-server';
import { createChaincodeServerArgs } from './chaincode-server';
import { createConfigtx } from './channel-config';
import { planIdentities } from './enrolment';
import { loadNetworkConfig, orgEndpoints, parseNetworkConfig, RunLayout, type NetworkConfig, type OrgConfig } from './layout';
import { createOrdererEnv, type NodeStepOptions } from './orderer-node';
import { createPeerCliEnv, createPeerEnv } from './peer-node';

/** The reference table with ABH moved to another host, 10.231.0.2. */
function tableWithAbhAt(host: string): NetworkConfig {
  const table = structuredClone(loadNetworkConfig());
  const abh = table.orgs.find((org) => org.key === 'abh');
  if (!abh) throw new Error('table changed');
  abh.host = host;
  return parseNetworkConfig(table);
}

describe("an org's host address (the `host` field of the network table)", () => {
  const config = tableWithAbhAt('10.231.0.2');
  const layout = new RunLayout('/run');
  const options = { config, layout, fabricCfg: '/cfg', log: () => undefined } as unknown as NodeStepOptions;
  const org = (key: string): OrgConfig => config.orgs.find((entry) => entry.key === key) ?? (config.orgs[0] as OrgConfig);
  const abh = org('abh');
  const lds = org('lds');

  it('defaults to 127.0.0.1 and accepts only IPv4 addresses', () => {
    expect(orgEndpoints(lds)).toMatchObject({ host: '127.0.0.1', peer: '127.0.0.1:7251', operationsHost: '127.0.0.1' });
    for (const bad of ['abh.example', '10.231.0.256', '::1', '']) {
      const table = structuredClone(loadNetworkConfig());
      Object.assign(table.orgs[2] ?? {}, { host: bad });
      expect(() => parseNetworkConfig(table)).toThrow(/orgs\.2\.host/);
    }
  });

  it('makes the peer listen on it and announce it to gossip; its operations stay on loopback', () => {
    const env = createPeerEnv(options, abh);
    expect(env).toMatchObject({
      CORE_PEER_LISTENADDRESS: '10.231.0.2:7351',
      CORE_PEER_ADDRESS: '10.231.0.2:7351',
      CORE_PEER_GOSSIP_ENDPOINT: '10.231.0.2:7351',
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: '10.231.0.2:7351',
      CORE_PEER_CHAINCODELISTENADDRESS: '10.231.0.2:7352',
      CORE_OPERATIONS_LISTENADDRESS: '127.0.0.1:7353',
    });
    expect(createPeerCliEnv(layout, abh).CORE_PEER_ADDRESS).toBe('10.231.0.2:7351');
    expect(createPeerEnv(options, lds).CORE_PEER_LISTENADDRESS).toBe('127.0.0.1:7251');
  });

  it('makes the orderer and its admin endpoint listen on it', () => {
    expect(createOrdererEnv(options, abh)).toMatchObject({
      ORDERER_GENERAL_LISTENADDRESS: '10.231.0.2',
      ORDERER_GENERAL_LISTENPORT: '7350',
      ORDERER_ADMIN_LISTENADDRESS: '10.231.0.2:7357',
      ORDERER_OPERATIONS_LISTENADDRESS: '127.0.0.1:7358',
    });
  });

  it('makes the CA listen on it and carry it in its TLS certificate', () => {
    const ca = createCaServerConfig(config, abh, 'secret') as { address: string; csr: { hosts: string[] }; operations: { listenAddress: string } };
    expect(ca.address).toBe('10.231.0.2');
    expect(ca.csr.hosts).toEqual(['ca.abh.asylum.local', '10.231.0.2', '127.0.0.1', 'localhost']);
    expect(ca.operations.listenAddress).toBe('127.0.0.1:7355');
  });

  it('puts it into the TLS certificates of the nodes, the admin and the chaincode server (enrolment --csr.hosts)', () => {
    const hosts = Object.fromEntries(planIdentities(config, abh).filter((plan) => plan.tlsHosts).map((plan) => [plan.name, plan.tlsHosts]));
    expect(hosts).toMatchObject({
      peer0: ['peer0.abh.asylum.local', '10.231.0.2', '127.0.0.1', 'localhost'],
      orderer0: ['orderer0.abh.asylum.local', '10.231.0.2', '127.0.0.1', 'localhost'],
      admin: ['admin.abh.asylum.local', '10.231.0.2', '127.0.0.1', 'localhost'],
      chaincode0: ['chaincode0.abh.asylum.local', '10.231.0.2', '127.0.0.1', 'localhost'],
    });
    expect(planIdentities(config, lds).find((plan) => plan.name === 'peer0')?.tlsHosts).toEqual(['peer0.lds.asylum.local', '127.0.0.1', 'localhost']);
  });

  it('names it in the channel config: orderer endpoint, anchor peer and Raft consenter', () => {
    const configtx = createConfigtx(config, layout) as {
      Organizations: { ID: string; OrdererEndpoints: string[]; AnchorPeers: { Host: string; Port: number }[] }[];
      Profiles: Record<string, { Orderer: { EtcdRaft: { Consenters: { Host: string; Port: number }[] } } }>;
    };
    const abhOrg = configtx.Organizations.find((entry) => entry.ID === 'ABHMSP');
    expect(abhOrg).toMatchObject({ OrdererEndpoints: ['10.231.0.2:7350'], AnchorPeers: [{ Host: '10.231.0.2', Port: 7351 }] });
    const consenters = Object.values(configtx.Profiles)[0]?.Orderer.EtcdRaft.Consenters.map((entry) => `${entry.Host}:${String(entry.Port)}`);
    expect(consenters).toEqual(['127.0.0.1:7150', '127.0.0.1:7250', '10.231.0.2:7350']);
  });

  it("starts the org's chaincode server on it, where its connection.json points", () => {
    const args = createChaincodeServerArgs(layout, { org: abh, chaincode: 'casestatus', chaincodeDir: '/cc', packageId: 'casestatus_1:abc', port: 7360 }, '/cli.js');
    expect(args[args.indexOf('--chaincode-address') + 1]).toBe('10.231.0.2:7360');
    expect(orgEndpoints(abh).chaincode('casestatus')).toBe('10.231.0.2:7360');
  });

  it('moves the operations endpoints only when operationsHost says so', () => {
    const moved = { ...abh, operationsHost: '10.231.0.2' };
    expect(createPeerEnv(options, moved).CORE_OPERATIONS_LISTENADDRESS).toBe('10.231.0.2:7353');
    expect(orgEndpoints(moved)).toMatchObject({ peerOperations: '10.231.0.2:7353', ordererOperations: '10.231.0.2:7358', caOperations: '10.231.0.2:7355' });
  });
});
