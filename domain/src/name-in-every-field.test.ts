/**
 * A name sent in any string field of any transaction is refused, and the refusal does not repeat
 * it: the peer logs whatever the chaincode returns, and the gateway stores refusals.
 */
import { ChaincodeError } from './chaincode-error';
import { CorrectedFields } from './transition-inputs';
import { decideTransition, parseTransitionInput } from './decide-transition';
import { allowedActorFor, contextFor, FIXTURES, SALT } from './test-support/fixtures';
import { PrivateCaseFields } from './case-record';
import { TRANSITIONS, TRANSITION_TYPES, type TransitionType } from './transitions';
import type { z } from 'zod';

/** Names shaped to slip through loose formats: an MSP-ID-like one, an upper-case code-like one, a dated one. */
export const NAME_MARKERS = ['Jonas.Mueller', 'MUELLERJONAS', 'SCHMIDT-ANNA', 'Klaus-Bauer-1962-05-05', 'AE-Mueller'] as const;

/** A valid value of each private field, for the controls. */
const VALID_PRIVATE: Record<string, string> = { protectionType: 'PAR3', responsibleUnit: 'AE-01', municipalityCode: '14612000', titleType: 'AE_25_1' };

function fieldsOf(type: TransitionType): string[] {
  return Object.keys((TRANSITIONS[type].input as unknown as z.ZodObject).shape);
}

/** Every (transaction, where the name goes, marker) to try. */
const cases: [TransitionType, string, string, () => { input: Record<string, unknown>; privateInput?: unknown }][] = TRANSITION_TYPES.flatMap((type) => {
  const base = FIXTURES[type].input;
  const publicFields = fieldsOf(type).map((field) => [field, (marker: string) => ({ input: { ...base, [field]: marker } })] as const);
  const correctedFields =
    type === 'correctEvent'
      ? Object.keys(CorrectedFields.shape).map((field) => [`corrected.${field}`, (marker: string) => ({ input: { ...base, corrected: { [field]: marker } } })] as const)
      : [];
  const privateFields = TRANSITIONS[type].privateFields.map(
    (field) => [`private.${field}`, (marker: string) => ({ input: base, privateInput: { [field]: marker, salt: SALT } })] as const,
  );
  const unknownKey = [['an unknown field named like a person', (marker: string) => ({ input: { ...base, [marker]: 'x' } })] as const];
  return [...publicFields, ...correctedFields, ...privateFields, ...unknownKey].flatMap(([where, build]) =>
    NAME_MARKERS.map((marker): [TransitionType, string, string, () => { input: Record<string, unknown>; privateInput?: unknown }] => [type, where, marker, () => build(marker)]),
  );
});

describe('a name in any field', () => {
  it('covers every field of every transaction, every correctable field and every private field', () => {
    const fields = new Set(cases.map(([type, where]) => `${type}:${where}`));
    const expected = TRANSITION_TYPES.reduce((sum, type) => sum + fieldsOf(type).length + TRANSITIONS[type].privateFields.length + 1, 0) + Object.keys(CorrectedFields.shape).length;
    expect(fields.size).toBe(expected);
    expect(Object.keys(PrivateCaseFields.shape).sort()).toEqual(['municipalityCode', 'protectionType', 'responsibleUnit', 'titleType']);
  });

  it.each(TRANSITION_TYPES)('%s with its valid fixture input succeeds for the same actor (so a refusal below is about the name)', (type) => {
    const valid = Object.fromEntries(TRANSITIONS[type].privateFields.map((field) => [field, VALID_PRIVATE[field]]));
    const extra = Object.keys(valid).length > 0 ? { privateInput: { ...valid, salt: SALT } } : {};
    const outcome = decideTransition(type, FIXTURES[type].current, parseTransitionInput(type, FIXTURES[type].input), contextFor(allowedActorFor(type), extra));
    expect(outcome.event.type).toBe(type);
    expect(outcome.privateFields).toEqual(Object.keys(valid).length > 0 ? { ...valid, salt: SALT } : undefined);
  });

  it.each(cases)('%s, %s = %s: refused, and the refusal does not repeat it', (type, _where, marker, build) => {
    const { input, privateInput } = build();
    let refusal: ChaincodeError | undefined;
    try {
      const parsed = parseTransitionInput(type, input);
      decideTransition(type, FIXTURES[type].current, parsed, contextFor(allowedActorFor(type), privateInput === undefined ? {} : { privateInput }));
    } catch (error) {
      if (!(error instanceof ChaincodeError)) throw error;
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ChaincodeError);
    expect(`${refusal!.message} ${JSON.stringify(refusal!.details)}`).not.toContain(marker);
  });
});
