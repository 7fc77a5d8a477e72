/**
 * Rules across the fields of an input object, each declared once: the same call adds the zod check
 * (what the chaincode and the gateway enforce) and the JSON Schema keywords that state the same rule
 * (which `z.toJSONSchema` copies from the schema's metadata into the gateway's OpenAPI document).
 * A plain `.refine` would check the rule but leave it out of every generated description.
 */
import { z } from 'zod';

type FieldOf<S extends z.ZodObject> = keyof z.output<S> & string;

/**
 * Adds a check and the JSON Schema keywords that describe it, keeping earlier rules' keywords.
 * @throws {Error} when two rules on one schema need the same keyword (a declaration mistake).
 */
function withRule<S extends z.ZodObject>(
  schema: S,
  check: (value: z.output<S>) => boolean,
  params: Readonly<{ message: string; path?: string[] }>,
  keywords: Readonly<Record<string, unknown>>,
): S {
  const earlier: Record<string, unknown> = { ...schema.meta() };
  const clash = Object.keys(keywords).filter((keyword) => keyword in earlier);
  if (clash.length > 0) throw new Error(`object rules clash on the JSON Schema keywords ${clash.join(', ')}`);
  return schema.refine(check, params).meta({ ...earlier, ...keywords });
}

/**
 * Refuses an object without any field. JSON Schema: `minProperties: 1`.
 * @param schema - An object schema whose fields are all optional (e.g. a `.partial()` one).
 * @param message - Why an empty object is refused.
 */
export function atLeastOneField<S extends z.ZodObject>(schema: S, message: string): S {
  return withRule(schema, (value) => Object.keys(value).length > 0, { message }, { minProperties: 1 });
}

/**
 * Requires exactly one of the given optional fields. JSON Schema: `oneOf` of one `required` each.
 * @param fields - At least two field names of the schema.
 * @param message - Why none or several are refused.
 */
export function exactlyOneOf<S extends z.ZodObject>(schema: S, fields: readonly [FieldOf<S>, FieldOf<S>, ...FieldOf<S>[]], message: string): S {
  const given = (value: z.output<S>): number => fields.filter((field) => value[field] !== undefined).length;
  return withRule(schema, (value) => given(value) === 1, { message }, { oneOf: fields.map((field) => ({ required: [field] })) });
}

/** A field whose presence depends on the value of another field. */
export interface PresenceRule<S extends z.ZodObject> {
  /** The optional field whose presence is ruled. */
  readonly field: FieldOf<S>;
  /** The field that decides (a required enum field). */
  readonly when: FieldOf<S>;
  /** The value of `when` that decides. */
  readonly equals: string;
  /** Why a body that breaks the rule is refused (reported at `field`). */
  readonly message: string;
}

function presence<S extends z.ZodObject>(schema: S, rule: PresenceRule<S>, presentWhenEqual: boolean): S {
  const present = { required: [rule.field] };
  const absent = { not: present };
  return withRule(
    schema,
    (value) => (value[rule.when] === rule.equals) === (presentWhenEqual === (value[rule.field] !== undefined)),
    { message: rule.message, path: [rule.field] },
    {
      if: { properties: { [rule.when]: { const: rule.equals } }, required: [rule.when] },
      then: presentWhenEqual ? present : absent,
      else: presentWhenEqual ? absent : present,
    },
  );
}

/**
 * Requires `field` when `when` equals the value, and refuses it otherwise.
 * JSON Schema: `if` (the value) `then` (required) `else` (not required).
 */
export function presentExactlyWhen<S extends z.ZodObject>(schema: S, rule: PresenceRule<S>): S {
  return presence(schema, rule, true);
}

/**
 * Refuses `field` when `when` equals the value, and requires it otherwise.
 * JSON Schema: `if` (the value) `then` (not required) `else` (required).
 */
export function absentExactlyWhen<S extends z.ZodObject>(schema: S, rule: PresenceRule<S>): S {
  return presence(schema, rule, false);
}

/**
 * Refuses `field` when `when` equals the value, and leaves it optional otherwise.
 * JSON Schema: `if` (the value) `then` (not required).
 */
export function absentWhen<S extends z.ZodObject>(schema: S, rule: PresenceRule<S>): S {
  return withRule(
    schema,
    (value) => value[rule.when] !== rule.equals || value[rule.field] === undefined,
    { message: rule.message, path: [rule.field] },
    { if: { properties: { [rule.when]: { const: rule.equals } }, required: [rule.when] }, then: { not: { required: [rule.field] } } },
  );
}
