import request from 'supertest';
import { TRANSITION_TYPES } from '@asylum-ledger/domain';
import { createTestGateway, type TestGateway } from '../test-support/test-gateway';
import { problemsOf } from './openapi';
import { PROBLEM_TABLE } from './problem';

interface SchemaObject {
  title: string;
  if: SchemaObject;
  properties: Record<string, SchemaObject>;
  required: string[];
  additionalProperties: boolean;
  oneOf: SchemaObject[];
}

interface Operation {
  requestBody: { content: Record<string, { schema: SchemaObject }> };
  responses: Record<string, { description: string }>;
  parameters: { name: string; in: string; required: boolean; schema: SchemaObject }[];
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route express actually serves, as "METHOD /openapi/{path}". */
function servedRoutes(gw: TestGateway): string[] {
  const stack = (gw.app as unknown as { router: { stack: Layer[] } }).router.stack;
  return stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`),
    );
}

describe('the OpenAPI document', () => {
  let gw: TestGateway;
  let spec: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

  beforeAll(async () => {
    gw = await createTestGateway();
    spec = (await request(gw.app).get('/openapi.json')).body;
  });
  afterAll(async () => {
    await gw.close();
  });

  it('is OpenAPI 3.1', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every route express serves (a route missing from the spec fails here)', () => {
    const served = servedRoutes(gw);
    expect(served.length).toBeGreaterThanOrEqual(14);
    const documented = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
  });

  it('documents the v1 contract', () => {
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/cases', '/v1/cases/{caseRef}', '/v1/cases/{caseRef}/transitions', '/v1/cases/{caseRef}/history', '/v1/local-references/{ref}', '/livez', '/readyz', '/metrics', '/openapi.json', '/docs']),
    );
  });

  it('derives the transition body from the domain table: one alternative per type, ids removed', () => {
    const body = spec.paths['/v1/cases/{caseRef}/transitions']!.post!.requestBody.content['application/json']!.schema;
    const titles = body.oneOf.map((alternative) => alternative.title);
    expect(titles).toEqual(TRANSITION_TYPES.filter((type) => type !== 'registerCase'));
    const decision = body.oneOf.find((alternative) => alternative.title === 'recordDecision')!;
    expect(decision.properties.type).toEqual({ const: 'recordDecision' });
    expect(decision.properties).not.toHaveProperty('caseRef');
    expect(decision.properties).not.toHaveProperty('requestId');
    expect(decision.properties.private!.properties).toHaveProperty('protectionType');
    expect(decision.additionalProperties).toBe(false);
    expect(decision.required).toEqual(expect.arrayContaining(['type', 'effectiveOn', 'outcomeClass']));
  });

  it('derives the registration body from RegisterCaseInput plus localReference', () => {
    const body = spec.paths['/v1/cases']!.post!.requestBody.content['application/json']!.schema;
    // no docRef: it is salted per case, so it comes with a transition once the case exists
    expect(Object.keys(body.properties).sort()).toEqual(['effectiveOn', 'localReference', 'previousCaseRef', 'procedureKind', 'screeningCompletedOn']);
    expect(body.additionalProperties).toBe(false);
  });

  it('documents each route problem under its status', () => {
    const transitions = spec.paths['/v1/cases/{caseRef}/transitions']!.post!;
    expect(transitions.responses['409']!.description).toContain('INVALID_TRANSITION');
    expect(transitions.responses['422']!.description).toContain('IDEMPOTENCY_KEY_REUSED');
    expect(transitions.responses['504']!.description).toContain('COMMIT_TIMEOUT');
    for (const route of gw.routes) {
      for (const code of problemsOf(route)) {
        const documented = spec.paths[route.path]![route.method]!.responses[String(PROBLEM_TABLE[code].status)];
        expect(documented!.description).toContain(code);
      }
    }
  });

  it('documents the query string as one exploded object, so its own rules (oneOf, no other parameter) survive', () => {
    const [query, ...others] = spec.paths['/v1/cases']!.get!.parameters;
    expect(others).toEqual([]);
    expect(query).toMatchObject({ in: 'query', required: true, style: 'form', explode: true });
    expect(Object.keys(query!.schema.properties)).toEqual(['state', 'responsible', 'pageSize', 'bookmark']);
    expect(query!.schema).toMatchObject({ additionalProperties: false, oneOf: [{ required: ['state'] }, { required: ['responsible'] }] });
    const deletion = spec.paths['/v1/local-references/{ref}']!.delete!.parameters.find((parameter) => parameter.in === 'query');
    expect(deletion).toMatchObject({ required: false, schema: { additionalProperties: false } });
  });

  it('documents the Idempotency-Key and Ledger-Min-Block headers of both writes with the patterns the gateway checks', () => {
    for (const path of ['/v1/cases', '/v1/cases/{caseRef}/transitions']) {
      const headers = spec.paths[path]!.post!.parameters.filter((parameter) => parameter.in === 'header');
      expect(headers).toEqual([
        expect.objectContaining({ name: 'Idempotency-Key', required: true, schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[!-~]+$' } }),
        expect.objectContaining({ name: 'Ledger-Min-Block', required: false, schema: expect.objectContaining({ type: 'string', pattern: '^(0|[1-9][0-9]{0,14})$' }) }),
      ]);
    }
  });

  it('derives the correction rules: corrected has a field, and is absent exactly for WRONG_CASE', () => {
    const body = spec.paths['/v1/cases/{caseRef}/transitions']!.post!.requestBody.content['application/json']!.schema;
    const correction = body.oneOf.find((alternative) => alternative.title === 'correctEvent')!;
    expect(correction.properties.corrected).toMatchObject({ minProperties: 1, additionalProperties: false });
    expect(correction).toMatchObject({
      if: { properties: { reasonCode: { const: 'WRONG_CASE' } } },
      then: { not: { required: ['corrected'] } },
      else: { required: ['corrected'] },
    });
  });
});
