/**
 * The private fields a transition carries as transient data: only the fields its rule accepts,
 * only on a case with a Land, and a municipality only of that Land.
 */
import { AGS_LAND_KEYS } from './authorities';
import { PrivateInput } from './case-record';
import { ChaincodeError } from './chaincode-error';
import type { TransitionRule } from './transition-rule';
import type { TransitionType } from './transitions';
import { parseInput } from './validate-input';

/**
 * Parses the private fields of a transition, if any were given.
 * @param landCode - The Land of the case after the transition.
 * @throws {ChaincodeError} VALIDATION_FAILED naming the refused fields or the reason.
 */
export function parsePrivateInput(type: TransitionType, rule: TransitionRule, raw: unknown, landCode: string | null): PrivateInput | undefined {
  if (raw === undefined) return undefined;
  const fields = parseInput(PrivateInput, raw, `private data of ${type}`);
  const names = Object.keys(fields).filter((name) => name !== 'salt');
  const extra = names.filter((name) => !(rule.privateFields as readonly string[]).includes(name));
  if (extra.length > 0 || names.length === 0) {
    throw new ChaincodeError('VALIDATION_FAILED', `private data of ${type} may carry only: ${rule.privateFields.join(', ') || 'nothing'}`, {
      fields: extra,
    });
  }
  if (landCode === null) {
    throw new ChaincodeError('VALIDATION_FAILED', 'private data needs a case with a Land (after distribution)', {});
  }
  if (fields.municipalityCode !== undefined && fields.municipalityCode.slice(0, 2) !== AGS_LAND_KEYS[landCode]) {
    throw new ChaincodeError('VALIDATION_FAILED', "the municipality key (AGS) is not one of the case's Land", { field: 'private.municipalityCode' });
  }
  return fields;
}
