/**
 * Builds the OpenAPI 3.1 document from the route registrations: the same zod schemas that validate
 * requests describe them (converted with zod 4's native z.toJSONSchema). A route that is registered
 * is documented; a test checks every express route appears here.
 */
import { z } from 'zod';
import { PROBLEM_TABLE, type ProblemCode } from './problem';
import { ProblemResponse } from './response-mappers';
import type { DocSchema, JsonSchema, RouteSpec } from './route-spec';
import { toJsonSchema } from './write-bodies';

/** Title, version and description of the API. */
export interface ApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

/** An OpenAPI 3.1 document (as plain JSON). */
export type OpenApiDocument = Readonly<Record<string, unknown>> & { readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>> };

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

function schemaOf(doc: DocSchema, io: 'input' | 'output'): JsonSchema {
  return doc instanceof z.ZodType ? toJsonSchema(doc, io) : doc.jsonSchema;
}

function pathParameters(schema: z.ZodObject | undefined): Record<string, unknown>[] {
  if (!schema) return [];
  const properties = (toJsonSchema(schema, 'input').properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'path', required: true, schema: property }));
}

/**
 * The query string as ONE parameter whose schema is the whole query object (style `form`, exploded:
 * each property is a query parameter of its own name). Separate parameters could not carry the
 * object's own keywords: `oneOf` across parameters, `additionalProperties: false`.
 */
function queryParameters(schema: z.ZodType | undefined): Record<string, unknown>[] {
  if (!schema) return [];
  return [
    {
      name: 'query',
      in: 'query',
      description: 'The query string: each property of this object is one query parameter of that name.',
      required: !schema.safeParse({}).success,
      style: 'form',
      explode: true,
      schema: toJsonSchema(schema, 'input'),
    },
  ];
}

function headerParameters(route: RouteSpec): Record<string, unknown>[] {
  return (route.headers ?? []).map((header) => ({
    name: header.name,
    in: 'header',
    required: header.required,
    description: header.description,
    schema: toJsonSchema(header.schema, 'input'),
  }));
}

/** The problem codes a route can answer: its own plus those every route of its kind can. */
export function problemsOf(route: RouteSpec): ProblemCode[] {
  const generic: ProblemCode[] = route.path.startsWith('/v1/') ? ['INTERNAL', 'LEDGER_UNAVAILABLE', 'LEDGER_INTERNAL', 'SHUTTING_DOWN'] : [];
  const auth: ProblemCode[] = route.authenticated ? ['UNAUTHENTICATED', 'RATE_LIMITED', 'AUTHENTICATION_RATE_LIMITED', 'IDP_UNAVAILABLE'] : [];
  const body: ProblemCode[] = route.jsonBody === true ? ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED'] : [];
  return [...new Set([...route.problems, ...auth, ...body, ...generic])];
}

function problemResponses(route: RouteSpec): Record<string, unknown> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of problemsOf(route)) {
    const status = PROBLEM_TABLE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, codes]) => [
      String(status),
      { description: `Problem: ${codes.join(', ')}`, content: { 'application/problem+json': { schema: PROBLEM_REF } } },
    ]),
  );
}

function successResponses(route: RouteSpec): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: schemaOf(response.schema, 'output') } } } : {}),
      },
    ]),
  );
}

function operationOf(route: RouteSpec): Record<string, unknown> {
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description !== undefined ? { description: route.description } : {}),
    tags: [...route.tags],
    security: route.authenticated ? [{ bearerAuth: [] }] : [],
    parameters: [...pathParameters(route.params), ...queryParameters(route.query), ...headerParameters(route)],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } } : {}),
    responses: { ...successResponses(route), ...problemResponses(route) },
  };
}

/** Builds the OpenAPI 3.1 document of a set of routes. */
export function buildOpenApi(routes: readonly RouteSpec[], info: ApiInfo): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: { ...info },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: toJsonSchema(ProblemResponse, 'output') },
    },
  };
}
