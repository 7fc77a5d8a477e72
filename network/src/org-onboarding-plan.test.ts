import { listPorts, loadNetworkConfig, parseNetworkConfig, type NetworkConfig } from './layout';
import { allocateOrgPorts, defaultOrgKey, planAddedOrg } from './org-onboarding-plan';

function withOrg(config: NetworkConfig, mspId: string, kind: 'LAND' | 'ABH', landCode: string): NetworkConfig {
  return parseNetworkConfig({ ...config, orgs: [...config.orgs, planAddedOrg(config, { mspId, kind, landCode })] });
}

describe('onboarding plan of an org added to the running network', () => {
  const table = loadNetworkConfig();

  it('gives the first added org the 74xx block, laid out as the founding orgs have theirs', () => {
    const ports = allocateOrgPorts(table);
    expect(ports).toEqual({
      ca: 7454, caOperations: 7455, orderer: 7450, ordererAdmin: 7457, ordererOperations: 7458,
      peer: 7451, peerChaincode: 7452, peerOperations: 7453,
      chaincode: { casestatus: 7460, baseline: 7461, nationwide: 7462, conformance: 7463 },
      gatewayApi: 7480,
    });
  });

  it('gives the next org the next block, so the merged table stays valid (every port once)', () => {
    const one = withOrg(table, 'BBMSP', 'LAND', 'DE-BB');
    const two = withOrg(one, 'BBABHMSP', 'ABH', 'DE-BB');
    expect(two.orgs.map((org) => org.ports.peer)).toEqual([7151, 7251, 7351, 7451, 7551]);
    const ports = listPorts(two).map((entry) => entry.port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('is deterministic: the same table gives the same ports', () => {
    expect(allocateOrgPorts(table)).toEqual(allocateOrgPorts(structuredClone(table)));
  });

  it('skips a block whose ports the table uses already', () => {
    const crowded = structuredClone(table);
    const abh = crowded.orgs[2];
    if (!abh) throw new Error('table changed');
    abh.ports.gatewayApi = 7451; // a port of the 74xx block
    expect(allocateOrgPorts(crowded).peer).toBe(7551);
  });

  it.each([
    ['LAND', ['LAND_RECEPTION', 'LAND_DISTRIBUTION', 'LAND_ZAB', 'ADMIN', 'AUDITOR']],
    ['ABH', ['ABH', 'ADMIN', 'AUDITOR']],
  ] as const)('gives a %s org the roles of its kind, its own key and no orderer', (kind, roles) => {
    const org = planAddedOrg(table, { mspId: kind === 'LAND' ? 'BBMSP' : 'BBABHMSP', kind, landCode: 'DE-BB' });
    expect(org.roles).toEqual(roles);
    expect(org.key).toBe(kind === 'LAND' ? 'bb' : 'bbabh');
    expect(org.runsOrderer).toBe(false);
  });

  it('refuses an MSP ID or a key that the network has', () => {
    expect(() => planAddedOrg(table, { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN' })).toThrow(/LDSMSP is in the network already/);
    expect(() => planAddedOrg(table, { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB', key: 'lds' })).toThrow(/org key lds is taken/);
  });

  it("records the org's host and operations host when given, and neither when not (127.0.0.1)", () => {
    const placed = planAddedOrg(table, { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB', host: '10.232.0.2', operationsHost: '10.232.0.2' });
    expect([placed.host, placed.operationsHost]).toEqual(['10.232.0.2', '10.232.0.2']);
    expect(parseNetworkConfig({ ...table, orgs: [...table.orgs, placed] }).orgs.at(-1)?.host).toBe('10.232.0.2');
    const local = planAddedOrg(table, { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB' });
    expect(Object.keys(local)).not.toContain('host');
    expect(Object.keys(local)).not.toContain('operationsHost');
  });

  it('derives the key from the MSP ID', () => {
    expect(defaultOrgKey('BBABHMSP')).toBe('bbabh');
  });
});
