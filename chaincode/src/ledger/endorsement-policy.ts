/**
 * Key-level (state-based) endorsement policies as Fabric SignaturePolicyEnvelope bytes. Built from
 * the protos because the shim's KeyEndorsementPolicy can only say "all of these".
 */
import { common, msp } from '@hyperledger/fabric-protos';
import { policyMembers, type PolicyNode } from '@asylum-ledger/domain';

export type { PolicyNode } from '@asylum-ledger/domain';


function toSignaturePolicy(node: PolicyNode, index: readonly string[]): common.SignaturePolicy {
  const policy = new common.SignaturePolicy();
  if ('signedBy' in node) {
    policy.setSignedBy(index.indexOf(node.signedBy));
    return policy;
  }
  const nOutOf = new common.SignaturePolicy.NOutOf();
  nOutOf.setN(node.outOf);
  nOutOf.setRulesList(node.of.map((child) => toSignaturePolicy(child, index)));
  policy.setNOutOf(nOutOf);
  return policy;
}

/** Encodes a policy tree as SignaturePolicyEnvelope bytes requiring peer signatures. */
export function encodePolicy(root: PolicyNode): Uint8Array {
  const mspIds = policyMembers(root);
  const principals = mspIds.map((mspId) => {
    const role = new msp.MSPRole();
    role.setMspIdentifier(mspId);
    role.setRole(msp.MSPRole.MSPRoleType.PEER);
    const principal = new msp.MSPPrincipal();
    principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
    principal.setPrincipal(role.serializeBinary());
    return principal;
  });
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setIdentitiesList(principals);
  envelope.setRule(toSignaturePolicy(root, mspIds));
  return envelope.serializeBinary();
}

function fromSignaturePolicy(policy: common.SignaturePolicy, index: readonly string[]): PolicyNode {
  if (policy.hasSignedBy()) return { signedBy: index[policy.getSignedBy()] ?? '?' };
  const nOutOf = policy.getNOutOf();
  return {
    outOf: nOutOf?.getN() ?? 0,
    of: (nOutOf?.getRulesList() ?? []).map((child) => fromSignaturePolicy(child, index)),
  };
}

/** Decodes SignaturePolicyEnvelope bytes into a policy tree (for queries and tests). */
export function decodePolicy(bytes: Uint8Array): PolicyNode {
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
  const index = envelope
    .getIdentitiesList()
    .map((principal) => msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8()).getMspIdentifier());
  const rule = envelope.getRule();
  return rule ? fromSignaturePolicy(rule, index) : { outOf: 0, of: [] };
}
