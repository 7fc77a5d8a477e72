import { createCollectionsConfig, createDirectoryBootstrap, createEndorsementPolicy, listLands } from './collections-config';
import { loadNetworkConfig } from './layout';

describe('chaincode definition derived from the network table', () => {
  const config = loadNetworkConfig();

  it('has one private collection per Land, shared by BAMF and the orgs of that Land', () => {
    expect(createCollectionsConfig(config)).toEqual([
      {
        name: 'land-DE-SN',
        policy: "OR('BAMFMSP.member','LDSMSP.member','ABHMSP.member')",
        requiredPeerCount: 0,
        maxPeerCount: 2,
        blockToLive: 0,
        memberOnlyRead: true,
        memberOnlyWrite: true,
      },
    ]);
  });

  it('adds a collection when an org of another Land joins, without BAMF or the Saxon orgs in it', () => {
    const base = structuredClone(config);
    const other = structuredClone(base.orgs[2]);
    if (!other) throw new Error('table changed');
    const orgs = [...base.orgs, { ...other, key: 'abhl', mspId: 'ABHLMSP', landCode: 'DE-BY' }];
    expect(listLands({ orgs })).toEqual(['DE-BY', 'DE-SN']);
    expect(createCollectionsConfig({ orgs })[0]?.policy).toBe("OR('BAMFMSP.member','ABHLMSP.member')");
  });

  it('makes the chaincode endorsement policy 2 of the three peers', () => {
    expect(createEndorsementPolicy(config, 2)).toBe("OutOf(2,'BAMFMSP.peer','LDSMSP.peer','ABHMSP.peer')");
  });

  it("bootstraps the authority directory with every org of the table and the network's retention period", () => {
    expect(createDirectoryBootstrap(config)).toEqual({
      authorities: [
        { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE' },
        { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN' },
        { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN' },
      ],
      retentionYears: 10,
    });
  });
});
