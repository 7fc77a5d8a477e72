import type { NetworkConfig } from './layout';

/** One entry of a Fabric private data collections config file. */
export interface CollectionConfig {
  readonly name: string;
  readonly policy: string;
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
}

/** Name of a Land's private data collection. */
export function landCollectionName(landCode: string): string {
  return `land-${landCode}`;
}

/** The Land codes that have a collection: every landCode of an org that is not federal. */
export function listLands(config: Pick<NetworkConfig, 'orgs'>): string[] {
  return [...new Set(config.orgs.filter((org) => org.kind !== 'FEDERAL').map((org) => org.landCode))].sort();
}

/**
 * One collection per Land, shared by the federal orgs and every org of that Land.
 * requiredPeerCount 0: every case write is endorsed by at least two member orgs (chaincode and
 * key-level policies), so the data is on two peers at commit already; requiring a further copy
 * would make writes fail while one member peer is down. maxPeerCount 2 still spreads it at once.
 * blockToLive 0: data is kept until the chaincode purges it explicitly (erasure).
 */
export function createCollectionsConfig(config: Pick<NetworkConfig, 'orgs'>): CollectionConfig[] {
  const federal = config.orgs.filter((org) => org.kind === 'FEDERAL');
  return listLands(config).map((land) => {
    const members = [...federal, ...config.orgs.filter((org) => org.kind !== 'FEDERAL' && org.landCode === land)];
    return {
      name: landCollectionName(land),
      policy: `OR(${members.map((org) => `'${org.mspId}.member'`).join(',')})`,
      requiredPeerCount: 0,
      maxPeerCount: 2,
      blockToLive: 0,
      memberOnlyRead: true,
      memberOnlyWrite: true,
    };
  });
}

/** The chaincode-level endorsement policy: n of the orgs' peers. */
export function createEndorsementPolicy(config: Pick<NetworkConfig, 'orgs'>, outOf: number): string {
  return `OutOf(${outOf},${config.orgs.map((org) => `'${org.mspId}.peer'`).join(',')})`;
}

/** The input of `directory:bootstrap`: every org of the table as an authority, and the network's retention period. */
export function createDirectoryBootstrap(config: Pick<NetworkConfig, 'orgs' | 'retentionYears'>): {
  authorities: { mspId: string; kind: string; landCode: string }[];
  retentionYears: number;
} {
  return {
    authorities: config.orgs.map((org) => ({ mspId: org.mspId, kind: org.kind, landCode: org.landCode })),
    retentionYears: config.retentionYears,
  };
}
