import type { NetworkConfig } from './layout';
import { AGS_LAND_KEYS, landCollectionMembers } from '@asylum-ledger/domain';

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

/**
 * One Land's collection: its members, and the shared settings. requiredPeerCount 0: every write
 * of a case is endorsed by the federal office's peer (the case key's policy), a member of every
 * collection, so the data is on a member peer at commit already; requiring a further copy would
 * make writes fail while one member peer is down. maxPeerCount 2 still spreads it at once.
 * blockToLive 0: data is kept until the chaincode purges it explicitly (erasure).
 * memberOnlyRead/memberOnlyWrite false: see {@link createCollectionsConfigForGrowth}.
 */
function landCollection(land: string, members: readonly { readonly mspId: string }[]): CollectionConfig {
  return {
    name: landCollectionName(land),
    policy: `OR(${members.map((org) => `'${org.mspId}.member'`).join(',')})`,
    requiredPeerCount: 0,
    maxPeerCount: 2,
    blockToLive: 0,
    memberOnlyRead: false,
    memberOnlyWrite: false,
  };
}

/** The chaincode-level endorsement policy: n of the orgs' peers. */
export function createEndorsementPolicy(config: { readonly orgs: readonly { readonly mspId: string }[] }, outOf: number): string {
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

/** Name of the channel policy that the case chaincode's definition references for its endorsement (ADR 0009). */
export const CASE_ENDORSEMENT_POLICY_NAME = 'CaseEndorsement';

/** The reference a chaincode definition takes (`--channel-config-policy`) instead of a signature policy of its own. */
export const CASE_ENDORSEMENT_POLICY_REFERENCE = `/Channel/Application/${CASE_ENDORSEMENT_POLICY_NAME}`;

/**
 * The n of `CaseEndorsement`: the outOf of the chaincodes that reference it (the table validation
 * makes them agree), 2 when none does.
 */
export function caseEndorsementOutOf(config: Pick<NetworkConfig, 'chaincodes'>): number {
  return config.chaincodes.find((cc) => cc.endorsement.channelPolicy === true)?.endorsement.outOf ?? 2;
}

/**
 * The chaincode-level endorsement policy as a channel policy (configtx.yaml form), to be placed
 * under `Application.Policies.CaseEndorsement`: the same rule as {@link createEndorsementPolicy},
 * n of the application orgs' peers. A chaincode definition that references it
 * ({@link CASE_ENDORSEMENT_POLICY_REFERENCE}) grows with the channel: adding an org rewrites this
 * policy in the same channel config update that adds the org, and the definition stays as it is.
 */
export function createChannelEndorsementPolicy(config: { readonly orgs: readonly { readonly mspId: string }[] }, outOf: number): { Type: 'Signature'; Rule: string } {
  return { Type: 'Signature', Rule: createEndorsementPolicy(config, outOf) };
}

/** One principal of a signature policy as configtxlator writes it (an org's peer role). */
interface PeerPrincipalJson {
  readonly principal_classification: 'ROLE';
  readonly principal: { readonly msp_identifier: string; readonly role: 'PEER' };
}

/** A channel config policy of type Signature as configtxlator's JSON shows it (the form a config update edits). */
export interface SignatureConfigPolicyJson {
  readonly mod_policy: 'Admins';
  readonly policy: {
    readonly type: 1;
    readonly value: {
      readonly version: 0;
      readonly rule: { readonly n_out_of: { readonly n: number; readonly rules: readonly { readonly signed_by: number }[] } };
      readonly identities: readonly PeerPrincipalJson[];
    };
  };
  readonly version: string;
}

/**
 * The same channel policy in configtxlator's JSON form, for a channel config update (add-org):
 * written at `channel_group.groups.Application.policies.CaseEndorsement`, modifiable by the
 * Application group's Admins (a majority of the orgs' Fabric admins).
 * @param version the policy's config version: the current one plus one when an update changes it.
 * @throws {Error} when `outOf` is not between 1 and the number of orgs.
 */
export function createChannelEndorsementPolicyJson(config: { readonly orgs: readonly { readonly mspId: string }[] }, outOf: number, version = 0): SignatureConfigPolicyJson {
  if (!Number.isInteger(outOf) || outOf < 1 || outOf > config.orgs.length) {
    throw new Error(`an endorsement policy needs between 1 and ${String(config.orgs.length)} of the orgs, not ${String(outOf)}`);
  }
  return {
    mod_policy: 'Admins',
    policy: {
      type: 1,
      value: {
        version: 0,
        rule: { n_out_of: { n: outOf, rules: config.orgs.map((_org, index) => ({ signed_by: index })) } },
        identities: config.orgs.map((org) => ({ principal_classification: 'ROLE', principal: { msp_identifier: org.mspId, role: 'PEER' } })),
      },
    },
    version: String(version),
  };
}

/** The sixteen Länder, by ISO 3166-2:DE code. */
export const ALL_LANDS: readonly string[] = Object.keys(AGS_LAND_KEYS).sort();

/**
 * The private data collections of a definition that does not change when an authority joins
 * (ADR 0009): one collection for each of the sixteen Länder from the start, whose members are the
 * federal orgs and the LAND orgs of that Land in the table (a Land without a LAND org yet: the
 * federal orgs alone). Ausländerbehörden are not members: their peers hold no copy of the Land's
 * private data; they read and write the fields of their own cases through the chaincode, which
 * checks that they take part in the case, at a member's peer. So memberOnlyRead and
 * memberOnlyWrite are false (the peer would otherwise refuse a non-member client before the
 * chaincode's own check); a new ABH needs no definition change, a new LAND org one (once).
 */
export function createCollectionsConfigForGrowth(config: Pick<NetworkConfig, 'orgs'>): CollectionConfig[] {
  // the policy lists the federal orgs first; the order is the config's, membership is the domain's
  return ALL_LANDS.map((land) => {
    const members = landCollectionMembers(config.orgs, land);
    return landCollection(land, config.orgs.filter((org) => members.includes(org.mspId)).sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind)));
  });
}

/** Federal orgs before LAND orgs in a collection's member policy, as the definition has always listed them. */
function kindOrder(kind: string): number {
  return kind === 'FEDERAL' ? 0 : 1;
}
