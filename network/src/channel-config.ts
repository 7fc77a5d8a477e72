import { CASE_ENDORSEMENT_POLICY_NAME, caseEndorsementOutOf, createChannelEndorsementPolicy } from './collections-config';
import type { NetworkConfig, OrgConfig } from './layout';
import { orgEndpoints, orgHost, type RunLayout } from './layout';

/** Name of the channel profile in the generated configtx.yaml. */
export const channelProfile = 'AsylumChannel';

function signature(rule: string): { Type: string; Rule: string } {
  return { Type: 'Signature', Rule: rule };
}

function implicitMeta(rule: string): { Type: string; Rule: string } {
  return { Type: 'ImplicitMeta', Rule: rule };
}

function principals(org: OrgConfig, roles: readonly string[]): string {
  return `OR(${roles.map((role) => `'${org.mspId}.${role}'`).join(',')})`;
}

function organisation(layout: RunLayout, org: OrgConfig): unknown {
  return {
    Name: org.mspId,
    ID: org.mspId,
    MSPDir: layout.orgMsp(org),
    Policies: {
      Readers: signature(principals(org, ['admin', 'peer', 'client', 'orderer'])),
      Writers: signature(principals(org, ['admin', 'client', 'orderer'])),
      Admins: signature(principals(org, ['admin'])),
      Endorsement: signature(principals(org, ['peer'])),
    },
    OrdererEndpoints: [orgEndpoints(org).orderer],
    AnchorPeers: [{ Host: orgHost(org), Port: org.ports.peer }],
  };
}

/**
 * Builds configtx.yaml for the channel: every org is an application org with an anchor peer and an
 * orderer org with one Raft consenter, so no single authority controls ordering. The Application
 * group carries `CaseEndorsement` (n of every org's peer), the chaincode-level policy that the case
 * chaincode's definition references.
 */
export function createConfigtx(config: NetworkConfig, layout: RunLayout): unknown {
  const orgs = config.orgs.map((org) => organisation(layout, org));
  const { blockCutting } = config;
  return {
    Organizations: orgs,
    Profiles: {
      [channelProfile]: {
        Policies: {
          Readers: implicitMeta('ANY Readers'),
          Writers: implicitMeta('ANY Writers'),
          Admins: implicitMeta('MAJORITY Admins'),
        },
        Capabilities: { V2_0: true },
        Orderer: {
          OrdererType: 'etcdraft',
          BatchTimeout: blockCutting.batchTimeout,
          BatchSize: {
            MaxMessageCount: blockCutting.maxMessageCount,
            AbsoluteMaxBytes: blockCutting.absoluteMaxBytes,
            PreferredMaxBytes: blockCutting.preferredMaxBytes,
          },
          EtcdRaft: {
            Consenters: config.orgs.map((org) => {
              const tls = layout.identity(org, 'orderer0');
              return { Host: orgHost(org), Port: org.ports.orderer, ClientTLSCert: tls.tlsCert, ServerTLSCert: tls.tlsCert };
            }),
            // 250 ms ticks: a lost leader is replaced in ~2.5 s instead of ~5 s, cheap on loopback
            Options: { TickInterval: '250ms', ElectionTick: 10, HeartbeatTick: 1, MaxInflightBlocks: 5, SnapshotIntervalSize: '16 MB' },
          },
          Organizations: orgs,
          Policies: {
            Readers: implicitMeta('ANY Readers'),
            Writers: implicitMeta('ANY Writers'),
            Admins: implicitMeta('MAJORITY Admins'),
            BlockValidation: implicitMeta('ANY Writers'),
          },
          Capabilities: { V2_0: true },
        },
        Application: {
          Organizations: orgs,
          Policies: {
            Readers: implicitMeta('ANY Readers'),
            Writers: implicitMeta('ANY Writers'),
            Admins: implicitMeta('MAJORITY Admins'),
            LifecycleEndorsement: implicitMeta('MAJORITY Endorsement'),
            Endorsement: implicitMeta('MAJORITY Endorsement'),
            // referenced by the case chaincode's definition (ADR 0009); add-org rewrites it with the new org's peer
            [CASE_ENDORSEMENT_POLICY_NAME]: createChannelEndorsementPolicy(config, caseEndorsementOutOf(config)),
          },
          Capabilities: { V2_5: true },
        },
      },
    },
  };
}
