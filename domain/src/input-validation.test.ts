import { ChaincodeError } from './chaincode-error';
import { parseTransitionInput } from './decide-transition';
import { FIXTURES } from './test-support/fixtures';
import { ListCasesInput } from './transition-inputs';
import { TRANSITION_TYPES, type TransitionType } from './transitions';
import { parseJsonInput } from './validate-input';

function failure(type: TransitionType, input: unknown): ChaincodeError | undefined {
  try {
    parseTransitionInput(type, input);
    return undefined;
  } catch (error) {
    return error as ChaincodeError;
  }
}

const personalData: [string, unknown][] = [
  ['name', 'Max Mustermann'],
  ['birthDate', '1990-01-01'],
  ['nationality', 'SYR'],
  ['address', 'Hauptstraße 1'],
  ['comment', 'free text'],
  ['azrNumber', '123456789012'],
];

describe('strict inputs', () => {
  it.each(TRANSITION_TYPES)('%s accepts its fixture', (type) => {
    expect(failure(type, FIXTURES[type].input)).toBeUndefined();
  });

  const unknownFieldCases = TRANSITION_TYPES.flatMap((type) => personalData.map(([field, value]) => [type, field, value] as const));
  it.each(unknownFieldCases)('%s rejects an unknown field %s with VALIDATION_FAILED, echoing neither its name nor its value', (type, field, value) => {
    const error = failure(type, { ...FIXTURES[type].input, [field]: value });
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(error!.message).toContain('unrecognized_keys (1)');
    expect(JSON.stringify(error!.details) + error!.message).not.toContain(String(value));
    expect(JSON.stringify(error!.details) + error!.message).not.toContain(field);
  });

  it.each(TRANSITION_TYPES)('%s rejects a caseRef that is not a 128-bit pseudonym', (type) => {
    for (const caseRef of ['Mustermann-Max-1990', '0123456789ABCDEF0123456789ABCDEF', 'abc', 42]) {
      expect(failure(type, { ...FIXTURES[type].input, caseRef })).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('rejects free text in coded fields, wrong types, bad dates and non-UUID request ids', () => {
    const base = FIXTURES.recordDecision.input;
    expect(failure('recordDecision', { ...base, outcomeClass: 'granted because ...' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(failure('recordDecision', { ...base, effectiveOn: '20.11.2026' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(failure('recordDecision', { ...base, effectiveOn: '2026-11-20T10:00:00Z' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(failure('recordDecision', { ...base, expectedSeq: '3' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(failure('recordDecision', { ...base, requestId: 'Max Mustermann' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(failure('recordDecision', { ...base, docRef: 'passport 12345' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(failure('recordDecision', { ...base, outcomeClass: 'DISCONTINUED' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(failure('recordDecision', null)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(failure('recordDecision', [base])).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('requires outcomeClass exactly when a court annuls a decision', () => {
    const base = { ...FIXTURES.recordCourtOutcome.input };
    expect(failure('recordCourtOutcome', { ...base, result: 'DECISION_ANNULLED' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(failure('recordCourtOutcome', { ...base, result: 'APPEAL_DISMISSED', outcomeClass: 'PROTECTION' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(failure('recordCourtOutcome', { ...base, result: 'DECISION_ANNULLED', outcomeClass: 'PROTECTION' })).toBeUndefined();
  });

  it('rejects oversize and non-JSON text before parsing it', () => {
    const schema = ListCasesInput;
    expect(() => parseJsonInput(schema, `{"state":"${'A'.repeat(5000)}"}`, 'input')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { maxBytes: 4096 } }),
    );
    expect(() => parseJsonInput(schema, '{state:', 'input')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('lists cases by exactly one index, with a bounded page size', () => {
    expect(ListCasesInput.parse({ state: 'DECIDED' })).toEqual({ state: 'DECIDED', pageSize: 50, bookmark: '' });
    expect(ListCasesInput.safeParse({}).success).toBe(false);
    expect(ListCasesInput.safeParse({ state: 'DECIDED', responsible: 'ABHMSP' }).success).toBe(false);
    expect(ListCasesInput.safeParse({ state: 'DECIDED', pageSize: 1000 }).success).toBe(false);
  });
});
