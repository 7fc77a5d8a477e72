import { endorsementPolicyArgs } from './chaincode-lifecycle';
import { CASE_ENDORSEMENT_POLICY_REFERENCE } from './collections-config';
import { loadNetworkConfig } from './layout';

describe("a chaincode definition's endorsement policy arguments", () => {
  it('passes the CaseEndorsement reference as --channel-config-policy, naming no org', () => {
    expect(endorsementPolicyArgs(CASE_ENDORSEMENT_POLICY_REFERENCE)).toEqual(['--channel-config-policy', '/Channel/Application/CaseEndorsement']);
  });

  it('passes a signature policy recorded by an older definition as --signature-policy, unchanged', () => {
    const recorded = "OutOf(2,'BAMFMSP.peer','LDSMSP.peer','ABHMSP.peer')";
    expect(endorsementPolicyArgs(recorded)).toEqual(['--signature-policy', recorded]);
  });

  it('has the table let the case chaincode reference the channel policy, and only it', () => {
    const config = loadNetworkConfig();
    expect(config.chaincodes.filter((cc) => cc.endorsement.channelPolicy === true).map((cc) => cc.name)).toEqual(['casestatus']);
  });
});
