import { z } from 'zod';
import { absentExactlyWhen, atLeastOneField, exactlyOneOf, presentExactlyWhen } from './object-rules';
import { CorrectedFields, CorrectEventInput, ListCasesInput, RecordCourtOutcomeInput } from './transition-inputs';

const CASE_REF = 'a'.repeat(32);
const REQUEST_ID = '00000000-0000-4000-8000-000000000000';
const TX_ID = 'b'.repeat(64);
const ids = { caseRef: CASE_REF, requestId: REQUEST_ID };
const court = { ...ids, effectiveOn: '2026-11-20' };

/** The first issue of a refused value as `path: message`, or 'ok'. */
function verdict(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) return 'ok';
  const [issue] = result.error.issues;
  return `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`;
}

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input' });
}

describe('object rules of the input schemas keep their verdicts', () => {
  it.each<[string, z.ZodType, unknown, string]>([
    ['list by state', ListCasesInput, { state: 'DECIDED' }, 'ok'],
    ['list by responsible', ListCasesInput, { responsible: 'ABHMSP' }, 'ok'],
    ['list by both', ListCasesInput, { state: 'DECIDED', responsible: 'ABHMSP' }, ': give exactly one of state or responsible'],
    ['list by neither', ListCasesInput, { pageSize: 5 }, ': give exactly one of state or responsible'],
    ['corrected fields, one', CorrectedFields, { effectiveOn: '2026-11-20' }, 'ok'],
    ['corrected fields, none', CorrectedFields, {}, ': a correction must replace at least one field'],
    ['voiding correction', CorrectEventInput, { ...ids, correctsTxId: TX_ID, reasonCode: 'WRONG_CASE' }, 'ok'],
    [
      'voiding correction with fields',
      CorrectEventInput,
      { ...ids, correctsTxId: TX_ID, reasonCode: 'WRONG_CASE', corrected: { effectiveOn: '2026-11-20' } },
      'corrected: WRONG_CASE voids the event and carries no fields; every other reason carries the replaced fields',
    ],
    [
      'replacing correction without fields',
      CorrectEventInput,
      { ...ids, correctsTxId: TX_ID, reasonCode: 'DATA_ENTRY_ERROR' },
      'corrected: WRONG_CASE voids the event and carries no fields; every other reason carries the replaced fields',
    ],
    ['replacing correction with empty fields', CorrectEventInput, { ...ids, correctsTxId: TX_ID, reasonCode: 'DATA_ENTRY_ERROR', corrected: {} }, 'corrected: a correction must replace at least one field'],
    ['replacing correction with fields', CorrectEventInput, { ...ids, correctsTxId: TX_ID, reasonCode: 'DATA_ENTRY_ERROR', corrected: { dueBy: '2026-12-01' } }, 'ok'],
    ['annulment with outcome', RecordCourtOutcomeInput, { ...court, result: 'DECISION_ANNULLED', outcomeClass: 'PROTECTION' }, 'ok'],
    ['annulment without outcome', RecordCourtOutcomeInput, { ...court, result: 'DECISION_ANNULLED' }, 'outcomeClass: outcomeClass is required for DECISION_ANNULLED and not allowed otherwise'],
    ['dismissal with outcome', RecordCourtOutcomeInput, { ...court, result: 'APPEAL_DISMISSED', outcomeClass: 'PROTECTION' }, 'outcomeClass: outcomeClass is required for DECISION_ANNULLED and not allowed otherwise'],
    ['dismissal without outcome', RecordCourtOutcomeInput, { ...court, result: 'APPEAL_DISMISSED' }, 'ok'],
  ])('%s', (_name, schema, value, expected) => {
    expect(verdict(schema, value)).toBe(expected);
  });
});

describe('object rules in the generated JSON Schema', () => {
  it('lists cases by exactly one index: oneOf', () => {
    expect(jsonSchemaOf(ListCasesInput)).toMatchObject({ oneOf: [{ required: ['state'] }, { required: ['responsible'] }], additionalProperties: false });
  });

  it('corrects at least one field: minProperties', () => {
    expect(jsonSchemaOf(CorrectedFields)).toMatchObject({ minProperties: 1, additionalProperties: false });
    const corrected = (jsonSchemaOf(CorrectEventInput).properties as Record<string, unknown>).corrected;
    expect(corrected).toMatchObject({ minProperties: 1 });
  });

  it('voids without fields and replaces with them: if/then/else on reasonCode', () => {
    expect(jsonSchemaOf(CorrectEventInput)).toMatchObject({
      if: { properties: { reasonCode: { const: 'WRONG_CASE' } }, required: ['reasonCode'] },
      then: { not: { required: ['corrected'] } },
      else: { required: ['corrected'] },
    });
  });

  it('names an outcome exactly for an annulment: if/then/else on result', () => {
    expect(jsonSchemaOf(RecordCourtOutcomeInput)).toMatchObject({
      if: { properties: { result: { const: 'DECISION_ANNULLED' } }, required: ['result'] },
      then: { required: ['outcomeClass'] },
      else: { not: { required: ['outcomeClass'] } },
    });
  });
});

describe('object rules combined', () => {
  const Pair = z.strictObject({ kind: z.enum(['A', 'B']), a: z.string().optional(), b: z.string().optional() });

  it('keep the keywords of earlier rules', () => {
    const schema = presentExactlyWhen(exactlyOneOf(Pair, ['a', 'b'], 'one of a and b'), { field: 'a', when: 'kind', equals: 'A', message: 'a for A' });
    expect(jsonSchemaOf(schema)).toMatchObject({ oneOf: [{ required: ['a'] }, { required: ['b'] }], if: { properties: { kind: { const: 'A' } } } });
    expect(verdict(schema, { kind: 'A', a: 'x' })).toBe('ok');
    expect(verdict(schema, { kind: 'B', b: 'x' })).toBe('ok');
    expect(verdict(schema, { kind: 'B', a: 'x' })).toBe('a: a for A');
    expect(verdict(schema, { kind: 'A', a: 'x', b: 'y' })).toBe(': one of a and b');
  });

  it('refuse two rules that need the same keywords', () => {
    const first = absentExactlyWhen(Pair, { field: 'a', when: 'kind', equals: 'B', message: 'no a for B' });
    expect(() => presentExactlyWhen(first, { field: 'b', when: 'kind', equals: 'B', message: 'b for B' })).toThrow('if, then, else');
    expect(() => atLeastOneField(atLeastOneField(Pair.partial(), 'one'), 'two')).toThrow('minProperties');
  });
});
