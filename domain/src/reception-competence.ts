/**
 * What a Land's central foreigners' authority (LAND_ZAB) may do for the residents of its reception
 * centres: serve BAMF's decision there (§ 10 (4) AsylG: the reception centre serves on its
 * residents) and grant a toleration (§ 60a AufenthG, § 71 (1) AufenthG with Land law). For a
 * person already allocated to a municipality, its Ausländerbehörde does this, not the ZAB.
 */
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import type { TransitionContext } from './transition-rule';

/**
 * The precondition of a transaction LAND_ZAB may record only for a resident of a reception centre.
 * Other roles pass; the Land scope (CASE_LAND) already keeps a ZAB to cases of its own Land.
 * @param what - What is recorded, for the message.
 * @returns a precondition hook that answers FORBIDDEN_ORG, or undefined.
 */
export function receptionResidentsForZab(
  what: string,
): (current: CaseRecord, input: unknown, context: TransitionContext) => ChaincodeError | undefined {
  return (current, _input, context) => {
    if (context.actor.role !== 'LAND_ZAB' || current.placement === 'RECEPTION_FACILITY') return undefined;
    return new ChaincodeError(
      'FORBIDDEN_ORG',
      `LAND_ZAB records ${what} only for a resident of a reception centre; the case's placement is ${current.placement}`,
      { mspId: context.actor.mspId, role: context.actor.role, placement: current.placement },
    );
  };
}
