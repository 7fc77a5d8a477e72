/**
 * Who must endorse a write, as policy trees over MSP IDs (peer signatures). The ledger glue encodes
 * them as Fabric SignaturePolicyEnvelopes; the rules themselves are the domain's (see
 * docs/adr/0003-key-level-endorsement.md).
 */
import type { AuthorityDirectory } from './authorities';
import type { CaseRecord } from './case-record';
import { authoritiesOf, participantOrgs } from './authority-directory';

/** A policy tree over MSP IDs: one org's peer, or n out of some sub-policies. */
export type PolicyNode = { readonly signedBy: string } | { readonly outOf: number; readonly of: readonly PolicyNode[] };

function anyOf(mspIds: readonly string[]): PolicyNode {
  const [only] = mspIds;
  if (mspIds.length === 1 && only !== undefined) return { signedBy: only };
  return { outOf: 1, of: mspIds.map((signedBy) => ({ signedBy })) };
}

function allOf(nodes: readonly PolicyNode[]): PolicyNode {
  return { outOf: nodes.length, of: nodes };
}

/**
 * The key-level policy of a case: the responsible org AND the federal office (BAMF); when the
 * federal office is itself responsible, BAMF AND any one other participant. So every write of a
 * case, above all a decision, finality, a departure or removal and the end of a hold, needs BAMF's
 * peer and the responsible org's peer, and no write of a case commits with one org's endorsement.
 * While a redistribution is pending, the co-endorsers ({@link caseCoEndorsers}) must sign as well.
 * @param directory the authority directory.
 * @param responsible the org responsible for the case after the write.
 * @param coEndorsers further orgs that must each sign (the Länder of a pending redistribution).
 */
export function caseEndorsementPolicy(directory: AuthorityDirectory, responsible: string, coEndorsers: readonly string[] = []): PolicyNode {
  const federal = authoritiesOf(directory, 'FEDERAL');
  const others = participantOrgs(directory).filter((mspId) => mspId !== responsible);
  const partners = federal.includes(responsible) || federal.length === 0 ? others : federal;
  const required = [responsible, ...coEndorsers.filter((mspId) => mspId !== responsible && !federal.includes(mspId))];
  const mustSign = [...new Set(required)].map((signedBy): PolicyNode => ({ signedBy }));
  if (partners.length === 0) return mustSign.length === 1 ? { signedBy: responsible } : allOf(mustSign);
  return allOf([...mustSign, anyOf(partners)]);
}

/**
 * The orgs that must endorse every write of a case besides its responsible org and the federal
 * office: while a redistribution to another Land is pending (§ 51 AsylG), the requesting Land's and
 * the receiving Land's LAND authorities, so that the write which moves the case to the receiving
 * Land (its consent) commits only with the endorsement of both Länder.
 */
export function caseCoEndorsers(record: Pick<CaseRecord, 'redistribution'>): string[] {
  const pending = record.redistribution;
  return pending ? [pending.requestedBy, pending.receiving] : [];
}

/** MSP IDs named anywhere in a policy tree, in order of first appearance. */
export function policyMembers(node: PolicyNode, into: string[] = []): string[] {
  if ('signedBy' in node) {
    if (!into.includes(node.signedBy)) into.push(node.signedBy);
    return into;
  }
  for (const child of node.of) policyMembers(child, into);
  return into;
}

/** Whether a set of endorsing orgs satisfies a policy tree. */
export function satisfiesPolicy(node: PolicyNode, endorsers: readonly string[]): boolean {
  if ('signedBy' in node) return endorsers.includes(node.signedBy);
  return node.of.filter((child) => satisfiesPolicy(child, endorsers)).length >= node.outOf;
}

/**
 * The orgs whose peers a write with private fields is sent to. With transient data, Fabric's
 * gateway lets discovery pick only members of the collection, and an Ausländerbehörde is none
 * (ADR 0009), so such a write names its endorsers: few enough that the private values reach no
 * peer that has no business with the case, enough for every policy the write is validated
 * against. It satisfies the case key's policy, choosing among alternatives the orgs already
 * chosen, then `preferred` in order (see privateWriteEndorsers in land-collections.ts), and has
 * at least `minimum` orgs (the chaincode-level policy, n of the orgs' peers, for the keys without
 * a policy of their own: request marker, indexes, private fields).
 * @param policy the case key's policy ({@link caseEndorsementPolicy}).
 * @param preferred the orgs to choose first, in order.
 * @param minimum the n of the chaincode-level policy.
 */
export function chooseEndorsers(policy: PolicyNode, preferred: readonly string[], minimum = 2): string[] {
  const chosen: string[] = [];
  const rank = (node: PolicyNode): number => {
    if (satisfiesPolicy(node, chosen)) return -1;
    const ranks = policyMembers(node).map((mspId) => (preferred.includes(mspId) ? preferred.indexOf(mspId) : preferred.length));
    return Math.min(...ranks);
  };
  const visit = (node: PolicyNode): void => {
    if ('signedBy' in node) {
      if (!chosen.includes(node.signedBy)) chosen.push(node.signedBy);
      return;
    }
    const open = [...node.of];
    for (let taken = 0; taken < node.outOf; taken += 1) {
      // the cheapest alternative next: satisfied already, else the best-preferred org it names
      const best = open.reduce<PolicyNode | undefined>((found, child) => (found === undefined || rank(child) < rank(found) ? child : found), undefined);
      if (best === undefined) break;
      open.splice(open.indexOf(best), 1);
      visit(best);
    }
  };
  visit(policy);
  for (const mspId of preferred) {
    if (chosen.length >= minimum) break;
    if (!chosen.includes(mspId)) chosen.push(mspId);
  }
  return chosen;
}
