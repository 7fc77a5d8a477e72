/**
 * Request bodies of the write routes, parsed once with the domain's own input schemas (imported,
 * never restated) into typed fields that the write use case takes as data. The gateway owns
 * `caseRef` (from the path, or made for a registration) and `requestId` (from the idempotency
 * record), so a body that carries either is refused. The JSON Schemas for OpenAPI are derived from
 * the same zod schemas.
 */
import {
  PrivateCaseFields,
  RegisterCaseInput,
  TRANSITION_TYPES,
  TRANSITIONS,
  type TransitionType,
} from '@asylum-ledger/domain';
import { z } from 'zod';
import type { PrivateFields } from '../services/case-ledger';
import type { TransitionWrite } from '../services/write-command';
import { parseRequestPart, requireObjectBody, toFieldIssues, validationError, type FieldIssue } from './parse-request';
import { DocumentHash, LocalReference } from './request-formats';

/** The local reference of a registration, parsed on its own so that its issues name its path. */
const LocalReferencePart = z.object({ localReference: LocalReference });
import type { JsonSchema } from './route-spec';

/**
 * Placeholders that satisfy the domain formats while the real ids are not yet known: the body is
 * checked by the domain schema of its type, ids included, and the placeholders are dropped again.
 */
const PLACEHOLDER_IDS = { caseRef: '0'.repeat(32), requestId: '00000000-0000-4000-8000-000000000000' } as const;

const GATEWAY_OWNED = ['caseRef', 'requestId'] as const;

/** Transition types that go through POST /v1/cases/{caseRef}/transitions (registration has its own route). */
export const TRANSITION_ROUTE_TYPES = TRANSITION_TYPES.filter(
  (type): type is Exclude<TransitionType, 'registerCase'> => type !== 'registerCase',
);

const TransitionType = z.enum(TRANSITION_ROUTE_TYPES);

/** A parsed write body: the type and its fields (the domain input without the gateway-owned ids), and what travels beside them. */
export type ParsedWrite = TransitionWrite & {
  readonly privateFields?: PrivateFields;
  /** The authority's own file reference (registration only). */
  readonly localReference?: string;
};

function refuseGatewayOwned(fields: Readonly<Record<string, unknown>>): void {
  const issues: FieldIssue[] = GATEWAY_OWNED.filter((key) => key in fields).map((key) => ({
    path: `body.${key}`,
    code: 'gateway_owned',
    message: `${key} is set by the gateway`,
  }));
  if (issues.length > 0) throw validationError(issues, 'the request body');
}

/** The one parse of a body's fields, with the domain schema of its type; the placeholder ids are dropped from the result. */
function parseFields(type: TransitionType, fields: Readonly<Record<string, unknown>>): TransitionWrite {
  const schema: z.ZodType<Readonly<Record<string, unknown>>> = TRANSITIONS[type].input;
  const result = schema.safeParse({ ...fields, ...PLACEHOLDER_IDS });
  if (!result.success) throw validationError(toFieldIssues(result.error.issues, 'body'), 'the request body');
  const parsed = Object.fromEntries(Object.entries(result.data).filter(([key]) => !isGatewayOwned(key)));
  // the schema of `type` decided the shape of the fields; TypeScript cannot follow that correlation
  return { type, fields: parsed } as TransitionWrite;
}

function privateSchema(type: TransitionType): z.ZodType | undefined {
  const allowed = TRANSITIONS[type].privateFields;
  if (allowed.length === 0) return undefined;
  return PrivateCaseFields.pick(Object.fromEntries(allowed.map((name) => [name, true])) as Record<keyof PrivateCaseFields, true>);
}

function parsePrivate(type: TransitionType, raw: unknown): PrivateFields | undefined {
  if (raw === undefined) return undefined;
  const schema = privateSchema(type);
  if (!schema) {
    throw validationError([{ path: 'body.private', code: 'not_allowed', message: `${type} carries no private fields` }], 'the request body');
  }
  const parsed = parseRequestPart(schema, raw, 'body') as Record<string, string>;
  return Object.keys(parsed).length > 0 ? parsed : undefined;
}

/**
 * Parses the body of POST /v1/cases.
 * @throws {LedgerError} VALIDATION_FAILED.
 */
export function parseRegisterBody(raw: unknown): ParsedWrite {
  const { localReference, ...fields } = requireObjectBody(raw);
  refuseGatewayOwned(fields);
  if ('docRef' in fields) {
    throw validationError([{ path: 'body.docRef', code: 'not_allowed', message: 'docRef is salted per case: send it with a transition once the case exists' }], 'the request body');
  }
  const reference = localReference === undefined ? undefined : parseRequestPart(LocalReferencePart, { localReference }, 'body').localReference;
  return { ...parseFields('registerCase', fields), ...(reference !== undefined ? { localReference: reference } : {}) };
}

/**
 * Parses the body of POST /v1/cases/{caseRef}/transitions. A `docRef` is the document's hash
 * (`sha256:<hex>`), which `saltDocRef` turns into the salted docRef of the case.
 * @throws {LedgerError} VALIDATION_FAILED.
 */
export function parseTransitionBody(raw: unknown, saltDocRef: (documentHash: string) => string): ParsedWrite {
  const { type: rawType, private: rawPrivate, ...fields } = requireObjectBody(raw);
  const type = parseRequestPart(TransitionType, rawType, 'body');
  refuseGatewayOwned(fields);
  const write = parseFields(type, withSaltedDocRef(type, fields, saltDocRef));
  const privateFields = parsePrivate(type, rawPrivate);
  return { ...write, ...(privateFields ? { privateFields } : {}) };
}

/** The fields with a client's document hash replaced by the salted docRef (when the type has a docRef). */
function withSaltedDocRef(type: TransitionType, fields: Readonly<Record<string, unknown>>, saltDocRef: (documentHash: string) => string): Readonly<Record<string, unknown>> {
  const corrected = fields.corrected;
  // a correction may replace the docRef of the corrected event: the same rule inside `corrected`
  if (isRecord(corrected) && 'docRef' in corrected) {
    return { ...fields, corrected: { ...corrected, docRef: salted(corrected.docRef, 'body.corrected.docRef', saltDocRef) } };
  }
  if (!('docRef' in fields) || !hasDocRef(type)) return fields;
  return { ...fields, docRef: salted(fields.docRef, 'body.docRef', saltDocRef) };
}

function salted(raw: unknown, where: string, saltDocRef: (documentHash: string) => string): string {
  const parsed = DocumentHash.safeParse(raw);
  if (!parsed.success) throw validationError(toFieldIssues(parsed.error.issues, where), 'the request body');
  return saltDocRef(parsed.data.slice('sha256:'.length));
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasDocRef(type: TransitionType): boolean {
  const properties = toJsonSchema(TRANSITIONS[type].input).properties as Record<string, unknown> | undefined;
  return properties !== undefined && 'docRef' in properties;
}

function isGatewayOwned(key: string): boolean {
  return (GATEWAY_OWNED as readonly string[]).includes(key);
}

function withoutGatewayOwned(rest: JsonSchema): Record<string, unknown> {
  const properties = Object.fromEntries(Object.entries(rest.properties as Record<string, unknown>).filter(([key]) => !isGatewayOwned(key)));
  const required = ((rest.required ?? []) as string[]).filter((key) => !isGatewayOwned(key));
  return { ...rest, properties, required };
}

/** The JSON Schema of a zod schema, as an OpenAPI 3.1 schema object (no `$schema` keyword). */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(json).filter(([key]) => key !== '$schema'));
}

/** JSON Schema of the registration body, derived from RegisterCaseInput. */
export function registerBodySchema(): JsonSchema {
  const base = withoutGatewayOwned(toJsonSchema(RegisterCaseInput));
  // no docRef at registration: it is salted per case, and the case does not exist yet
  const fields = Object.fromEntries(Object.entries(base.properties as Record<string, unknown>).filter(([key]) => key !== 'docRef'));
  const properties = {
    ...fields,
    localReference: { ...toJsonSchema(LocalReference), description: 'Your own file reference; stored encrypted in this gateway only, never sent to the ledger.' },
  };
  return { ...base, properties };
}

/** JSON Schema of one transition body: the domain input without the ids, plus `type` and `private`. */
export function transitionBodySchema(type: TransitionType): JsonSchema {
  const base = withoutGatewayOwned(toJsonSchema(TRANSITIONS[type].input));
  const privateFields = privateSchema(type);
  const properties: Record<string, unknown> = {
    type: { const: type },
    ...(base.properties as Record<string, unknown>),
    ...(hasDocRef(type) ? { docRef: { ...toJsonSchema(DocumentHash), description: "The document's SHA-256 as sha256:<hex>; the gateway salts it per case (the salt stays here and goes with the case's mapping)." } } : {}),
    ...(privateFields ? { private: { ...withoutGatewayOwned(toJsonSchema(privateFields)), description: 'Private fields (transient data; stored in the Land collection only).' } } : {}),
  };
  return { ...base, title: type, description: TRANSITIONS[type].summary, properties, required: ['type', ...(base.required as string[])] };
}
