import { channelProfile, createConfigtx } from './channel-config';
import { loadNetworkConfig } from './layout';
import { RunLayout } from './layout';

interface Profile {
  Orderer: {
    OrdererType: string;
    BatchTimeout: string;
    BatchSize: { MaxMessageCount: number };
    EtcdRaft: { Consenters: { Host: string; Port: number }[] };
    Organizations: { Name: string }[];
  };
  Application: {
    Organizations: { Name: string; AnchorPeers: { Host: string; Port: number }[] }[];
    Capabilities: object;
    Policies: Record<string, { Type: string; Rule: string }>;
  };
}

describe('generated configtx.yaml', () => {
  const config = loadNetworkConfig();
  const configtx = createConfigtx(config, new RunLayout('/tmp/run')) as { Profiles: Record<string, Profile> };
  const profile = configtx.Profiles[channelProfile] as Profile;

  it('has one Raft consenter per org on its table port, so no single authority orders alone', () => {
    expect(profile.Orderer.OrdererType).toBe('etcdraft');
    expect(profile.Orderer.EtcdRaft.Consenters).toEqual(
      config.orgs.map((org) => expect.objectContaining({ Host: '127.0.0.1', Port: org.ports.orderer }) as unknown),
    );
  });

  it('cuts blocks with the table settings', () => {
    expect(profile.Orderer.BatchTimeout).toBe(config.blockCutting.batchTimeout);
    expect(profile.Orderer.BatchSize.MaxMessageCount).toBe(config.blockCutting.maxMessageCount);
  });

  it('sets every org anchor peer to its peer port and uses the 2.5 application capability', () => {
    expect(profile.Application.Organizations.map((org) => [org.Name, org.AnchorPeers])).toEqual(
      config.orgs.map((org) => [org.mspId, [{ Host: '127.0.0.1', Port: org.ports.peer }]]),
    );
    expect(profile.Application.Capabilities).toEqual({ V2_5: true });
  });

  it("has the CaseEndorsement policy that the case chaincode's definition references: 2 of every org's peer", () => {
    expect(profile.Application.Policies.CaseEndorsement).toEqual({ Type: 'Signature', Rule: "OutOf(2,'BAMFMSP.peer','LDSMSP.peer','ABHMSP.peer')" });
  });
});
