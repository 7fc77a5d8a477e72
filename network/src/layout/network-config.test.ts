import { listPorts, loadNetworkConfig, parseNetworkConfig, type NetworkConfig } from './network-config';

function cloneConfig(): NetworkConfig {
  return structuredClone(loadNetworkConfig());
}

describe('the network table (network/config/network.json)', () => {
  const config = loadNetworkConfig();

  it('defines the Dresden pilot orgs with their kinds and Land codes', () => {
    expect(config.orgs.map((org) => [org.mspId, org.kind, org.landCode])).toEqual([
      ['BAMFMSP', 'FEDERAL', 'DE'],
      ['LDSMSP', 'LAND', 'DE-SN'],
      ['ABHMSP', 'ABH', 'DE-SN'],
    ]);
  });

  it.each([
    ['BAMFMSP', ['BAMF_REGISTRATION', 'BAMF_CASEWORKER', 'BAMF_DUBLIN', 'BAMF_LITIGATION', 'ADMIN', 'AUDITOR']],
    ['LDSMSP', ['LAND_RECEPTION', 'LAND_DISTRIBUTION', 'LAND_ZAB', 'ADMIN', 'AUDITOR']],
    ['ABHMSP', ['ABH', 'ADMIN', 'AUDITOR']],
  ])('gives %s the roles of the domain model', (mspId, roles) => {
    expect(config.orgs.find((org) => org.mspId === mspId)?.roles).toEqual(roles);
  });

  it('uses every port once, all outside the Fabric defaults', () => {
    const ports = listPorts(config).map((entry) => entry.port);
    expect(new Set(ports).size).toBe(ports.length);
    for (const fabricDefault of [7050, 7051, 7052, 7053, 7054, 8443, 9443]) expect(ports).not.toContain(fabricDefault);
  });

  it('has a gateway-api port and a chaincode server port for every chaincode in every org', () => {
    for (const org of config.orgs) {
      expect(org.ports.gatewayApi).toBeGreaterThan(0);
      for (const cc of config.chaincodes) expect(org.ports.chaincode[cc.name]).toBeGreaterThan(0);
    }
  });

  it('has every peer apply a purge of private data at the block that commits it (purge interval 1)', () => {
    expect(config.peerLedger.pvtdataPurgeInterval).toBe(1);
  });

  it('rejects a port used twice, naming both owners', () => {
    const broken = cloneConfig();
    const [bamf, lds] = broken.orgs;
    if (!bamf || !lds) throw new Error('table changed');
    lds.ports.peer = bamf.ports.peer;
    expect(() => parseNetworkConfig(broken)).toThrow(/port 7151 is used twice: BAMFMSP peer, LDSMSP peer/);
  });

  type Breaker = (config: NetworkConfig) => void;
  const breakers: [string, Breaker][] = [
    ['an unknown field', (c) => { Object.assign(c, { extra: 1 }); }],
    ['a duplicate MSP ID', (c) => { Object.assign(c.orgs[1] ?? {}, { mspId: 'BAMFMSP' }); }],
    ['an org without ADMIN', (c) => { Object.assign(c.orgs[2] ?? {}, { roles: ['ABH'] }); }],
    ['an unknown role', (c) => { Object.assign(c.orgs[2] ?? {}, { roles: ['ADMIN', 'JUDGE'] }); }],
    ['a missing chaincode port', (c) => { delete c.orgs[0]?.ports.chaincode.baseline; }],
    ['a private data purge interval of 0 blocks', (c) => { c.peerLedger.pvtdataPurgeInterval = 0; }],
    ['an endorsement policy larger than the network', (c) => { Object.assign(c.chaincodes[0] ?? {}, { endorsement: { outOf: 4 } }); }],
    ['two chaincodes that reference the channel policy with a different n', (c) => {
      Object.assign(c.chaincodes[1] ?? {}, { endorsement: { outOf: 1, channelPolicy: true } });
    }],
  ];
  it.each(breakers)('rejects %s', (_what, breakIt) => {
    const broken = cloneConfig();
    breakIt(broken);
    expect(() => parseNetworkConfig(broken)).toThrow(/invalid network config/);
  });
});
