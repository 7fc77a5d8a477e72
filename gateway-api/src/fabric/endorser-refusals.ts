/**
 * Whose chaincode refusal counts. A Fabric Gateway error lists what each endorser answered (MSP ID,
 * address, message). A coded refusal speaks for the ledger only when the gateway's own org's peer
 * gave it: another org's peer may be behind, ahead, or lying, and believing it would let that org
 * make a write look refused, or committed, when it was not.
 */
import { decodeError, type DecodedError } from '@asylum-ledger/domain';
import type { ErrorDetail } from '@hyperledger/fabric-gateway';

/** What the endorsers' coded refusals amount to for the gateway of one org. */
export type RefusalVerdict =
  /** The own org's peer refused with a code: that refusal counts. */
  | { readonly kind: 'own'; readonly refusal: DecodedError }
  /** Only other orgs' peers refused with a code (the own peer was not asked, accepted, or failed uncoded). */
  | { readonly kind: 'others-only'; readonly orgs: readonly string[]; readonly codes: readonly string[] }
  /** No endorser gave a coded refusal. */
  | { readonly kind: 'none' };

/**
 * Sorts the coded refusals in an error's details by whose peer gave them. The error's own message
 * is never decoded: it repeats one endorser's message without saying whose (an evaluate answered by
 * another org's peer reads exactly like one answered by the own peer).
 * @param details the GatewayError's details.
 * @param ownMspId the gateway's own MSP ID; when undefined, no refusal counts.
 * @returns the own peer's refusal, the other orgs that refused, or none.
 */
export function judgeRefusals(details: readonly ErrorDetail[], ownMspId: string | undefined): RefusalVerdict {
  const refusals = details.flatMap((detail) => {
    const decoded = decodeError(detail.message);
    return decoded ? [{ mspId: detail.mspId, refusal: decoded }] : [];
  });
  const own = refusals.find((entry) => ownMspId !== undefined && entry.mspId === ownMspId);
  if (own) return { kind: 'own', refusal: own.refusal };
  if (refusals.length === 0) return { kind: 'none' };
  return {
    kind: 'others-only',
    orgs: [...new Set(refusals.map((entry) => entry.mspId))].sort(),
    codes: [...new Set(refusals.map((entry) => entry.refusal.code))].sort(),
  };
}
