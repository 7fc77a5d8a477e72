import {
  ALL_LANDS,
  CASE_ENDORSEMENT_POLICY_REFERENCE,
  createChannelEndorsementPolicy,
  createChannelEndorsementPolicyJson,
  createCollectionsConfigForGrowth,
  createDirectoryBootstrap,
  createEndorsementPolicy,
} from './collections-config';
import { loadNetworkConfig } from './layout';

describe('chaincode definition derived from the network table', () => {
  const config = loadNetworkConfig();

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

describe('a definition that does not change when an authority joins (ADR 0009)', () => {
  const config = loadNetworkConfig();
  const withOrg = (mspId: string, kind: 'LAND' | 'ABH', landCode: string) => {
    const template = structuredClone(config.orgs[2]);
    if (!template) throw new Error('table changed');
    return { orgs: [...config.orgs, { ...template, key: mspId.toLowerCase(), mspId, kind, landCode }] };
  };

  it('references the channel policy /Channel/Application/CaseEndorsement, which holds the rule the definition held', () => {
    expect(CASE_ENDORSEMENT_POLICY_REFERENCE).toBe('/Channel/Application/CaseEndorsement');
    expect(createChannelEndorsementPolicy(config, 2)).toEqual({ Type: 'Signature', Rule: "OutOf(2,'BAMFMSP.peer','LDSMSP.peer','ABHMSP.peer')" });
    expect(createChannelEndorsementPolicy(withOrg('LBYMSP', 'LAND', 'DE-BY'), 2).Rule).toBe("OutOf(2,'BAMFMSP.peer','LDSMSP.peer','ABHMSP.peer','LBYMSP.peer')");
  });

  it("writes the policy in configtxlator's JSON form for the add-org config update: n of the orgs' peers, by index", () => {
    const json = createChannelEndorsementPolicyJson(withOrg('LBYMSP', 'LAND', 'DE-BY'), 2, 1);
    expect(json.version).toBe('1');
    expect(json.mod_policy).toBe('Admins');
    expect(json.policy.value.rule).toEqual({ n_out_of: { n: 2, rules: [{ signed_by: 0 }, { signed_by: 1 }, { signed_by: 2 }, { signed_by: 3 }] } });
    expect(json.policy.value.identities.map((identity) => identity.principal)).toEqual(
      ['BAMFMSP', 'LDSMSP', 'ABHMSP', 'LBYMSP'].map((msp_identifier) => ({ msp_identifier, role: 'PEER' })),
    );
    expect(() => createChannelEndorsementPolicyJson(config, 0)).toThrow(/between 1 and 3/);
    expect(() => createChannelEndorsementPolicyJson(config, 4)).toThrow(/between 1 and 3/);
  });

  it('has a collection for each of the 16 Länder from the start: BAMF and the Land\'s LAND orgs, no ABH', () => {
    const collections = createCollectionsConfigForGrowth(config);
    expect(collections.map((collection) => collection.name)).toEqual(ALL_LANDS.map((land) => `land-${land}`));
    expect(ALL_LANDS).toHaveLength(16);
    expect(collections.find((collection) => collection.name === 'land-DE-SN')).toEqual({
      name: 'land-DE-SN',
      policy: "OR('BAMFMSP.member','LDSMSP.member')",
      requiredPeerCount: 0,
      maxPeerCount: 2,
      blockToLive: 0,
      memberOnlyRead: false,
      memberOnlyWrite: false,
    });
    expect(collections.find((collection) => collection.name === 'land-DE-BY')?.policy).toBe("OR('BAMFMSP.member')");
  });

  it('stays the same when an ABH joins; changes only the joining Land\'s collection when a LAND org joins', () => {
    const before = createCollectionsConfigForGrowth(config);
    expect(createCollectionsConfigForGrowth(withOrg('ABHLEIPZIGMSP', 'ABH', 'DE-SN'))).toEqual(before);
    expect(createCollectionsConfigForGrowth(withOrg('ABHMUCMSP', 'ABH', 'DE-BY'))).toEqual(before);
    const after = createCollectionsConfigForGrowth(withOrg('LBYMSP', 'LAND', 'DE-BY'));
    const changed = after.filter((collection, index) => JSON.stringify(collection) !== JSON.stringify(before[index]));
    expect(changed).toEqual([expect.objectContaining({ name: 'land-DE-BY', policy: "OR('BAMFMSP.member','LBYMSP.member')" })]);
  });
});
