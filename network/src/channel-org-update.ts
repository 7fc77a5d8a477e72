/**
 * The pure part of a channel configuration update that adds an application org: the changed
 * configuration, who must sign it, and who has signed it, all over the JSON that configtxlator
 * prints. The binaries' part is in channel-update-steps.ts.
 */

import { CASE_ENDORSEMENT_POLICY_NAME, createChannelEndorsementPolicyJson } from './collections-config';

/** A config group as configtxlator prints it (only what these functions read). */
export interface ConfigGroupJson {
  readonly groups?: Record<string, ConfigGroupJson>;
  readonly values?: Record<string, unknown>;
  readonly policies?: Record<string, { readonly policy?: { readonly type?: number; readonly value?: unknown }; readonly version?: string }>;
  readonly mod_policy?: string;
  readonly version?: string;
}

/** A channel's configuration (`common.Config`) as configtxlator prints it. */
export interface ChannelConfigJson {
  readonly channel_group: ConfigGroupJson;
  readonly sequence?: string;
}

/** An anchor peer of an org (where other orgs' peers reach it through gossip). */
export interface AnchorPeer {
  readonly host: string;
  readonly port: number;
}

function applicationGroup(config: ChannelConfigJson): ConfigGroupJson {
  const group = config.channel_group.groups?.Application;
  if (!group) throw new Error('the channel configuration has no Application group');
  return group;
}

/** The MSP IDs of the channel's application orgs. */
export function applicationOrgs(config: ChannelConfigJson): string[] {
  return Object.keys(applicationGroup(config).groups ?? {}).sort();
}

/**
 * The configuration with one more application org: its group as `configtxgen -printOrg` prints it
 * (MSP and its Readers, Writers, Admins, Endorsement policies), without orderer endpoints, with its
 * anchor peer. The input is not changed.
 * @throws {Error} when the org is in the channel already.
 */
export function withApplicationOrg(config: ChannelConfigJson, mspId: string, orgGroup: ConfigGroupJson, anchor: AnchorPeer): ChannelConfigJson {
  if (applicationOrgs(config).includes(mspId)) throw new Error(`${mspId} is an application org of the channel already`);
  // an application org has no orderer endpoints (configtxgen -printOrg writes them when given)
  const values = Object.fromEntries(Object.entries(orgGroup.values ?? {}).filter(([name]) => name !== 'Endpoints'));
  const group: ConfigGroupJson = {
    ...orgGroup,
    values: {
      ...values,
      AnchorPeers: { mod_policy: 'Admins', value: { anchor_peers: [{ host: anchor.host, port: anchor.port }] }, version: '0' },
    },
  };
  const application = applicationGroup(config);
  return {
    ...config,
    channel_group: {
      ...config.channel_group,
      groups: { ...config.channel_group.groups, Application: { ...application, groups: { ...application.groups, [mspId]: group } } },
    },
  };
}

/**
 * The configuration with `CaseEndorsement` (the chaincode-level endorsement policy the case
 * chaincode's definition references, ADR 0009) rewritten as n of the peers of every application
 * org in it, at the policy's version plus one (version 0 when the channel had no such policy yet).
 * Applied after {@link withApplicationOrg}, it lets the new org's peer count in the same update
 * that the admins sign, with no new chaincode definition. The input is not changed.
 * @throws {Error} when n is larger than the number of application orgs.
 */
export function withCaseEndorsementPolicy(config: ChannelConfigJson, outOf: number): ChannelConfigJson {
  const application = applicationGroup(config);
  const current = application.policies?.[CASE_ENDORSEMENT_POLICY_NAME];
  const version = current === undefined ? 0 : Number(current.version ?? '0') + 1;
  const orgs = applicationOrgs(config).map((mspId) => ({ mspId }));
  const policy = createChannelEndorsementPolicyJson({ orgs }, outOf, version);
  return {
    ...config,
    channel_group: {
      ...config.channel_group,
      groups: {
        ...config.channel_group.groups,
        Application: { ...application, policies: { ...application.policies, [CASE_ENDORSEMENT_POLICY_NAME]: policy } },
      },
    },
  };
}

/** How many org admins must sign a change of the Application group, and of which orgs. */
export interface SignatureRequirement {
  /** The ImplicitMeta rule of /Channel/Application/Admins (MAJORITY unless the channel was made otherwise). */
  readonly rule: string;
  readonly orgs: readonly string[];
  readonly required: number;
}

/**
 * What the channel's Application Admins policy asks of an update that changes the Application
 * group (adding an org does): ANY, MAJORITY or ALL of the application orgs' Admins.
 * @throws {Error} when the policy is not an ImplicitMeta policy over the orgs' Admins.
 */
export function applicationAdminsRequirement(config: ChannelConfigJson): SignatureRequirement {
  const group = applicationGroup(config);
  const value = group.policies?.Admins?.policy?.value as { rule?: string; sub_policy?: string } | undefined;
  const orgs = applicationOrgs(config);
  const rule = value?.rule ?? '';
  const counts: Record<string, number> = { ANY: 1, MAJORITY: Math.floor(orgs.length / 2) + 1, ALL: orgs.length };
  const required = counts[rule];
  if (required === undefined || value?.sub_policy !== 'Admins') {
    throw new Error('the Application Admins policy is not an ImplicitMeta rule over the orgs\' Admins: collect its signatures by hand');
  }
  return { rule, orgs, required };
}

/** A decoded `common.Envelope` of a config update, as configtxlator prints it (only what is read here). */
export interface ConfigUpdateEnvelopeJson {
  readonly payload: {
    readonly data: {
      readonly signatures?: readonly { readonly signature_header?: { readonly creator?: { readonly mspid?: string } } }[];
    };
  };
}

/** The MSP IDs that have signed a config update envelope, in signing order, each once. */
export function configUpdateSigners(envelope: ConfigUpdateEnvelopeJson): string[] {
  const ids = (envelope.payload.data.signatures ?? []).map((entry) => entry.signature_header?.creator?.mspid ?? '?');
  return [...new Set(ids)];
}

/** The orgs whose admins still have to sign, given who signed: the first `required` that count, minus the signers. */
export function missingSigners(requirement: SignatureRequirement, signers: readonly string[]): { count: number; candidates: string[] } {
  const counted = signers.filter((mspId) => requirement.orgs.includes(mspId));
  return {
    count: Math.max(0, requirement.required - counted.length),
    candidates: requirement.orgs.filter((mspId) => !counted.includes(mspId)),
  };
}
