import { applicationAdminsRequirement, applicationOrgs, configUpdateSigners, missingSigners, withApplicationOrg, withCaseEndorsementPolicy, type ChannelConfigJson } from './channel-org-update';
import { createChannelEndorsementPolicyJson } from './collections-config';

/** A channel configuration as configtxlator prints it, reduced to what onboarding reads. */
function channelConfig(orgs: readonly string[], rule = 'MAJORITY'): ChannelConfigJson {
  return {
    channel_group: {
      groups: {
        Application: {
          groups: Object.fromEntries(orgs.map((mspId) => [mspId, { values: { MSP: { value: { name: mspId } } } }])),
          policies: { Admins: { policy: { type: 3, value: { rule, sub_policy: 'Admins' } } } },
        },
        Orderer: { groups: {} },
      },
    },
  };
}

const printedOrg = {
  mod_policy: 'Admins',
  policies: { Admins: {}, Readers: {}, Writers: {}, Endorsement: {} },
  values: { MSP: { value: { name: 'BBMSP' } }, Endpoints: { value: { addresses: ['127.0.0.1:7450'] } } },
  version: '0',
};

describe('the channel update that adds an application org', () => {
  const founding = ['BAMFMSP', 'LDSMSP', 'ABHMSP'];

  it('adds the org group with its anchor peer and without orderer endpoints', () => {
    const updated = withApplicationOrg(channelConfig(founding), 'BBMSP', printedOrg, { host: '127.0.0.1', port: 7451 });
    expect(applicationOrgs(updated)).toEqual(['ABHMSP', 'BAMFMSP', 'BBMSP', 'LDSMSP']);
    const group = updated.channel_group.groups?.Application?.groups?.BBMSP;
    expect(group?.values?.AnchorPeers).toEqual({ mod_policy: 'Admins', value: { anchor_peers: [{ host: '127.0.0.1', port: 7451 }] }, version: '0' });
    expect(group?.values).not.toHaveProperty('Endpoints');
    expect(group?.values?.MSP).toEqual({ value: { name: 'BBMSP' } });
  });

  it('leaves the fetched configuration as it was (it is the original of compute_update)', () => {
    const original = channelConfig(founding);
    withApplicationOrg(original, 'BBMSP', printedOrg, { host: '127.0.0.1', port: 7451 });
    expect(applicationOrgs(original)).toEqual(['ABHMSP', 'BAMFMSP', 'LDSMSP']);
  });

  it('refuses an org that is in the channel already', () => {
    expect(() => withApplicationOrg(channelConfig(founding), 'LDSMSP', printedOrg, { host: '127.0.0.1', port: 7251 })).toThrow(/LDSMSP is an application org/);
  });

  it.each([
    [3, 'MAJORITY', 2],
    [4, 'MAJORITY', 3],
    [5, 'MAJORITY', 3],
    [4, 'ANY', 1],
    [4, 'ALL', 4],
  ])('with %i orgs and the rule %s needs %i admin signatures', (count, rule, required) => {
    const orgs = ['BAMFMSP', 'LDSMSP', 'ABHMSP', 'BBMSP', 'BBABHMSP'].slice(0, count);
    expect(applicationAdminsRequirement(channelConfig(orgs, rule)).required).toBe(required);
  });

  it('refuses to count for a rule it does not know', () => {
    expect(() => applicationAdminsRequirement(channelConfig(founding, 'SOME'))).toThrow(/collect its signatures by hand/);
  });

  it('reads the signers of an envelope, each once, and says how many are missing', () => {
    const signed = (mspid: string): { signature_header: { creator: { mspid: string } } } => ({ signature_header: { creator: { mspid } } });
    const envelope = { payload: { data: { signatures: [signed('BAMFMSP'), signed('BAMFMSP'), signed('OTHERMSP')] } } };
    const signers = configUpdateSigners(envelope);
    expect(signers).toEqual(['BAMFMSP', 'OTHERMSP']);
    const requirement = applicationAdminsRequirement(channelConfig(founding));
    expect(missingSigners(requirement, signers)).toEqual({ count: 1, candidates: ['ABHMSP', 'LDSMSP'] });
    expect(missingSigners(requirement, [...signers, 'LDSMSP']).count).toBe(0);
  });

  describe('CaseEndorsement in the same update (ADR 0009)', () => {
    const founded = {
      ...channelConfig(founding),
    };
    const withPolicy: ChannelConfigJson = {
      channel_group: {
        groups: {
          ...founded.channel_group.groups,
          Application: {
            ...founded.channel_group.groups?.Application,
            policies: {
              ...founded.channel_group.groups?.Application?.policies,
              CaseEndorsement: createChannelEndorsementPolicyJson({ orgs: founding.map((mspId) => ({ mspId })) }, 2, 4),
            },
          },
        },
      },
    };
    type PolicyValue = { rule: { n_out_of: { n: number; rules: { signed_by: number }[] } }; identities: { principal: { msp_identifier: string; role: string } }[] };
    const caseEndorsement = (config: ChannelConfigJson): { version?: string; policy?: { type?: number; value?: unknown } } | undefined =>
      config.channel_group.groups?.Application?.policies?.CaseEndorsement;

    it("rewrites the policy as 2 of every application org's peer, the new org's included, at the next version", () => {
      const composed = withCaseEndorsementPolicy(withApplicationOrg(withPolicy, 'BBMSP', printedOrg, { host: '127.0.0.1', port: 7451 }), 2);
      const policy = caseEndorsement(composed);
      expect(policy?.version).toBe('5');
      expect(policy?.policy?.type).toBe(1);
      const value = policy?.policy?.value as PolicyValue;
      expect(value.rule.n_out_of.n).toBe(2);
      expect(value.identities.map((id) => id.principal)).toEqual(
        ['ABHMSP', 'BAMFMSP', 'BBMSP', 'LDSMSP'].map((mspId) => ({ msp_identifier: mspId, role: 'PEER' })),
      );
      expect(value.rule.n_out_of.rules.map((rule) => rule.signed_by)).toEqual([0, 1, 2, 3]);
      // the org group is still there: one update carries both
      expect(applicationOrgs(composed)).toContain('BBMSP');
    });

    it('leaves the fetched configuration as it was', () => {
      withCaseEndorsementPolicy(withApplicationOrg(withPolicy, 'BBMSP', printedOrg, { host: '127.0.0.1', port: 7451 }), 2);
      expect(caseEndorsement(withPolicy)?.version).toBe('4');
      expect((caseEndorsement(withPolicy)?.policy?.value as PolicyValue).identities).toHaveLength(3);
    });

    it('adds the policy at version 0 to a channel made before it existed', () => {
      const composed = withCaseEndorsementPolicy(withApplicationOrg(channelConfig(founding), 'BBMSP', printedOrg, { host: '127.0.0.1', port: 7451 }), 2);
      expect(caseEndorsement(composed)?.version).toBe('0');
      expect((caseEndorsement(composed)?.policy?.value as PolicyValue).identities).toHaveLength(4);
    });

    it('refuses an n larger than the channel has orgs', () => {
      expect(() => withCaseEndorsementPolicy(channelConfig(founding), 4)).toThrow(/between 1 and 3/);
    });
  });
});
