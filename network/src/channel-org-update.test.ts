import { applicationAdminsRequirement, applicationOrgs, configUpdateSigners, missingSigners, withApplicationOrg, type ChannelConfigJson } from './channel-org-update';

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
});
