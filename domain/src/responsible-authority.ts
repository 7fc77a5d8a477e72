/**
 * Who becomes responsible for a case when a transition hands it on, checked against the authority
 * directory: the Land authority a distribution names (or the only one of that Land), or the
 * authority an allocation or transfer names.
 */
import type { OrgKind } from './authorities';
import { findAuthority } from './authority-directory';
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import type { TransitionContext } from './transition-rule';

/**
 * The precondition of a handover within the case's Land: the named authority is an active one of
 * the given kinds in the case's Land, and not the one already responsible.
 * @param kinds - The org kinds that may take the case over.
 * @returns a precondition hook that answers VALIDATION_FAILED (field `responsible`), or undefined.
 */
export function newResponsibleOfKinds(
  kinds: readonly OrgKind[],
): (current: CaseRecord, input: { readonly responsible: string }, context: TransitionContext) => ChaincodeError | undefined {
  return (current, input, context) => {
    const authority = findAuthority(context.directory, input.responsible);
    if (!authority || !kinds.includes(authority.kind) || authority.landCode !== current.landCode) {
      return new ChaincodeError(
        'VALIDATION_FAILED',
        `responsible must be an active ${kinds.join(' or ')} authority of ${current.landCode ?? 'the case Land'}`,
        { field: 'responsible' },
      );
    }
    if (input.responsible === current.responsible) {
      return new ChaincodeError('VALIDATION_FAILED', 'the new responsible authority is already responsible', { field: 'responsible' });
    }
    return undefined;
  };
}

/**
 * The Land authority that becomes responsible on distribution: the one named, or else the only
 * active LAND authority of the Land.
 * @throws {ChaincodeError} VALIDATION_FAILED (field `responsible`) when the named one is not an active
 *   LAND authority of the Land, or none is named and the Land has not exactly one.
 */
export function resolveLandAuthority(input: { readonly landCode: string; readonly responsible?: string | undefined }, context: TransitionContext): string {
  const lands = context.directory.authorities.filter(
    (entry) => entry.active && entry.kind === 'LAND' && entry.landCode === input.landCode,
  );
  const chosen = input.responsible ? lands.find((entry) => entry.mspId === input.responsible) : lands[0];
  if (!chosen || (!input.responsible && lands.length > 1)) {
    throw new ChaincodeError('VALIDATION_FAILED', `no unique active LAND authority for ${input.landCode}`, {
      field: 'responsible',
      landCode: input.landCode,
    });
  }
  return chosen.mspId;
}
