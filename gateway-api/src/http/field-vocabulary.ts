/**
 * The field names the API knows anywhere: an unknown field is named back to the client only when
 * its name is one of these (e.g. a field of another transition) or a generic personal-data word;
 * any other name is the client's own text, possibly a person's name, and is never repeated.
 */
import { CorrectedFields, ListCasesInput, PrivateCaseFields, TRANSITIONS, TRANSITION_TYPES } from '@asylum-ledger/domain';
import type { z } from 'zod';

function shapeKeys(schema: unknown): string[] {
  const shape = (schema as Partial<z.ZodObject>).shape;
  return shape ? Object.keys(shape) : [];
}

const KNOWN: ReadonlySet<string> = new Set([
  ...TRANSITION_TYPES.flatMap((type) => shapeKeys(TRANSITIONS[type].input)),
  ...shapeKeys(CorrectedFields),
  ...shapeKeys(PrivateCaseFields),
  ...shapeKeys(ListCasesInput),
  'type',
  'private',
  'localReference',
  'salt',
]);

/** Whether a field name is part of the API's vocabulary. */
export function isKnownFieldName(name: string): boolean {
  return KNOWN.has(name);
}
