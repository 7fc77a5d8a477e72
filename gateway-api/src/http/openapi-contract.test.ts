/**
 * The served /openapi.json promises exactly what the server checks: each sample request is judged
 * twice, by a JSON Schema validator (ajv, draft 2020-12) against the published document, and by the
 * gateway itself, and the two verdicts must agree with each other and with the expected one.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { createTestGateway, registerBody, type TestGateway } from '../test-support/test-gateway';

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly explode?: boolean;
  readonly schema: { readonly type?: string };
}

interface Operation {
  readonly parameters: readonly Parameter[];
  readonly requestBody?: { readonly required: boolean; readonly content: { readonly 'application/json': { readonly schema: object } } };
}

interface Document {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
}

/** One request as a client would build it: path values, query string values, headers, JSON body. */
interface Sample {
  readonly path?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

type Verdict = 'valid' | 'invalid';

/** [rule, method, path template, sample, expected verdict]. */
type Probe = readonly [string, 'get' | 'post' | 'delete', string, Sample, Verdict];

const CASE_REF = 'c'.repeat(32);
const TX_ID = 'd'.repeat(64);
const DAY = '2026-11-20';
const LIST = '/v1/cases';
const ONE_CASE = '/v1/cases/{caseRef}';
const HISTORY = '/v1/cases/{caseRef}/history';
const TRANSITIONS = '/v1/cases/{caseRef}/transitions';
const REFERENCE = '/v1/local-references/{ref}';

let keys = 0;
/** A fresh Idempotency-Key, so that no sample replays another's outcome. */
const freshKey = (): Readonly<Record<string, string>> => ({ 'Idempotency-Key': `contract-${String((keys += 1))}` });
const transition = (body: Record<string, unknown>): Sample => ({ path: { caseRef: CASE_REF }, headers: freshKey(), body });
const register = (body: Record<string, unknown>): Sample => ({ headers: freshKey(), body });
const keyed = (key: string | undefined): Sample => ({ body: registerBody(), ...(key !== undefined ? { headers: { 'Idempotency-Key': key } } : {}) });
const correction = { type: 'correctEvent', correctsTxId: TX_ID };
const courtOutcome = { type: 'recordCourtOutcome', effectiveOn: DAY };

const PROBES: readonly Probe[] = [
  ['list by state', 'get', LIST, { query: { state: 'DECIDED' } }, 'valid'],
  ['list by responsible', 'get', LIST, { query: { responsible: 'ABHMSP', pageSize: '10' } }, 'valid'],
  ['list by state and responsible', 'get', LIST, { query: { state: 'DECIDED', responsible: 'ABHMSP' } }, 'invalid'],
  ['list by neither', 'get', LIST, { query: { pageSize: '10' } }, 'invalid'],
  ['list without a query', 'get', LIST, {}, 'invalid'],
  ['list an unknown state', 'get', LIST, { query: { state: 'NOPE' } }, 'invalid'],
  ['list by a malformed org', 'get', LIST, { query: { responsible: 'A' } }, 'invalid'],
  ['list with an unknown parameter', 'get', LIST, { query: { state: 'DECIDED', sort: 'seq' } }, 'invalid'],
  ['list 200 a page', 'get', LIST, { query: { state: 'DECIDED', pageSize: '200' } }, 'valid'],
  ['list 0 a page', 'get', LIST, { query: { state: 'DECIDED', pageSize: '0' } }, 'invalid'],
  ['list 201 a page', 'get', LIST, { query: { state: 'DECIDED', pageSize: '201' } }, 'invalid'],
  ['list 2.5 a page', 'get', LIST, { query: { state: 'DECIDED', pageSize: '2.5' } }, 'invalid'],
  ['list "many" a page', 'get', LIST, { query: { state: 'DECIDED', pageSize: 'many' } }, 'invalid'],
  ['list from a bookmark of the listing', 'get', LIST, { query: { state: 'DECIDED', bookmark: `\u0000case~state\u0000DECIDED\u0000${'a'.repeat(32)}\u0000` } }, 'valid'],
  ['list from a bookmark that is not an index entry', 'get', LIST, { query: { state: 'DECIDED', bookmark: 'b'.repeat(40) } }, 'invalid'],

  ['read a case', 'get', ONE_CASE, { path: { caseRef: CASE_REF } }, 'valid'],
  ['read a case by an upper-case ref', 'get', ONE_CASE, { path: { caseRef: CASE_REF.toUpperCase() } }, 'invalid'],
  ['read a case by a short ref', 'get', ONE_CASE, { path: { caseRef: 'c'.repeat(31) } }, 'invalid'],
  ['read a history', 'get', HISTORY, { path: { caseRef: CASE_REF } }, 'valid'],
  ['read a history by a malformed ref', 'get', HISTORY, { path: { caseRef: 'case-1' } }, 'invalid'],

  ['resolve a reference', 'get', REFERENCE, { path: { ref: 'AZ 2026/0001-ä' } }, 'valid'],
  ['resolve a reference of 128 characters', 'get', REFERENCE, { path: { ref: 'r'.repeat(128) } }, 'valid'],
  ['resolve a reference of 129 characters', 'get', REFERENCE, { path: { ref: 'r'.repeat(129) } }, 'invalid'],
  ['resolve a reference of 128 astral characters', 'get', REFERENCE, { path: { ref: '𝔄'.repeat(128) } }, 'valid'],
  ['resolve a reference of 129 astral characters', 'get', REFERENCE, { path: { ref: '𝔄'.repeat(129) } }, 'invalid'],
  ['resolve a reference with NUL', 'get', REFERENCE, { path: { ref: 'AZ\u0000' } }, 'invalid'],
  ['resolve a reference with a C0 control', 'get', REFERENCE, { path: { ref: 'AZ\u001F1' } }, 'invalid'],
  ['resolve a reference with DEL', 'get', REFERENCE, { path: { ref: 'AZ\u007F1' } }, 'invalid'],
  ['resolve a reference with a C1 control', 'get', REFERENCE, { path: { ref: 'AZ\u00851' } }, 'invalid'],
  ['resolve a reference with U+00A0', 'get', REFERENCE, { path: { ref: 'AZ\u00A01' } }, 'valid'],
  ['delete a reference for one case', 'delete', REFERENCE, { path: { ref: 'AZ-1' }, query: { caseRef: CASE_REF } }, 'valid'],
  ['delete a reference for a malformed case', 'delete', REFERENCE, { path: { ref: 'AZ-1' }, query: { caseRef: 'x' } }, 'invalid'],
  ['delete a reference with an unknown parameter', 'delete', REFERENCE, { path: { ref: 'AZ-1' }, query: { all: 'yes' } }, 'invalid'],
  ['delete a reference with a control character', 'delete', REFERENCE, { path: { ref: '\u0007' } }, 'invalid'],

  ['register with a UUID key', 'post', LIST, keyed('5b0c2f0e-2f56-4a07-9d0e-2f1d1c7a9e11'), 'valid'],
  ['register with a 255-character key', 'post', LIST, keyed('!'.repeat(254) + '~'), 'valid'],
  ['register with a 256-character key', 'post', LIST, keyed('k'.repeat(256)), 'invalid'],
  ['register with a key containing a space', 'post', LIST, keyed('two words'), 'invalid'],
  ['register with a non-ASCII key', 'post', LIST, keyed('schlüssel'), 'invalid'],
  ['register with an empty key', 'post', LIST, keyed(''), 'invalid'],
  ['register without a key', 'post', LIST, keyed(undefined), 'invalid'],
  ['register', 'post', LIST, register(registerBody()), 'valid'],
  ['register with a reference', 'post', LIST, register(registerBody({ localReference: 'AZ-0001' })), 'valid'],
  ['register with a 128-astral-character reference', 'post', LIST, register(registerBody({ localReference: '😀'.repeat(128) })), 'valid'],
  ['register with a 129-character reference', 'post', LIST, register(registerBody({ localReference: 'r'.repeat(129) })), 'invalid'],
  ['register with an empty reference', 'post', LIST, register(registerBody({ localReference: '' })), 'invalid'],
  ['register with a TAB in the reference', 'post', LIST, register(registerBody({ localReference: 'AZ\t1' })), 'invalid'],
  ['register with a C1 control in the reference', 'post', LIST, register(registerBody({ localReference: 'AZ\u009F' })), 'invalid'],
  ['register with a caseRef', 'post', LIST, register(registerBody({ caseRef: CASE_REF })), 'invalid'],
  ['register with a name', 'post', LIST, register(registerBody({ name: 'Max' })), 'invalid'],
  ['register on 30 February', 'post', LIST, register(registerBody({ effectiveOn: '2026-02-30' })), 'invalid'],
  ['register without a body', 'post', LIST, { headers: freshKey() }, 'invalid'],

  ['void an event', 'post', TRANSITIONS, transition({ ...correction, reasonCode: 'WRONG_CASE' }), 'valid'],
  ['void an event with fields', 'post', TRANSITIONS, transition({ ...correction, reasonCode: 'WRONG_CASE', corrected: { effectiveOn: DAY } }), 'invalid'],
  ['correct an event without fields', 'post', TRANSITIONS, transition({ ...correction, reasonCode: 'DATA_ENTRY_ERROR' }), 'invalid'],
  ['correct an event with no field', 'post', TRANSITIONS, transition({ ...correction, reasonCode: 'DATA_ENTRY_ERROR', corrected: {} }), 'invalid'],
  ['correct an event with one field', 'post', TRANSITIONS, transition({ ...correction, reasonCode: 'LATE_INFORMATION', corrected: { effectiveOn: DAY } }), 'valid'],
  ['correct an event with an unknown field', 'post', TRANSITIONS, transition({ ...correction, reasonCode: 'DATA_ENTRY_ERROR', corrected: { state: 'FINAL' } }), 'invalid'],
  ['annul a decision with an outcome', 'post', TRANSITIONS, transition({ ...courtOutcome, result: 'DECISION_ANNULLED', outcomeClass: 'PROTECTION' }), 'valid'],
  ['annul a decision without an outcome', 'post', TRANSITIONS, transition({ ...courtOutcome, result: 'DECISION_ANNULLED' }), 'invalid'],
  ['dismiss an appeal with an outcome', 'post', TRANSITIONS, transition({ ...courtOutcome, result: 'APPEAL_DISMISSED', outcomeClass: 'REJECTED' }), 'invalid'],
  ['dismiss an appeal', 'post', TRANSITIONS, transition({ ...courtOutcome, result: 'APPEAL_DISMISSED' }), 'valid'],
  ['decide with a private protection type', 'post', TRANSITIONS, transition({ type: 'recordDecision', effectiveOn: DAY, outcomeClass: 'PROTECTION', private: { protectionType: 'PAR3' } }), 'valid'],
  ['decide with a private field it does not carry', 'post', TRANSITIONS, transition({ type: 'recordDecision', effectiveOn: DAY, outcomeClass: 'PROTECTION', private: { titleType: 'X' } }), 'invalid'],
  ['decide with null private fields', 'post', TRANSITIONS, transition({ type: 'recordDecision', effectiveOn: DAY, outcomeClass: 'PROTECTION', private: null }), 'invalid'],
  ['attest with private fields', 'post', TRANSITIONS, transition({ type: 'attestMappingDeleted', private: {} }), 'invalid'],
  ['attest at an expected seq', 'post', TRANSITIONS, transition({ type: 'attestMappingDeleted', expectedSeq: 3 }), 'valid'],
  ['attest at seq 0', 'post', TRANSITIONS, transition({ type: 'attestMappingDeleted', expectedSeq: 0 }), 'invalid'],
  ['attest with a requestId', 'post', TRANSITIONS, transition({ type: 'attestMappingDeleted', requestId: '00000000-0000-4000-8000-000000000000' }), 'invalid'],
  ['register through the transitions route', 'post', TRANSITIONS, transition({ type: 'registerCase', procedureKind: 'ERSTANTRAG', effectiveOn: DAY }), 'invalid'],
  ['apply an unknown transition', 'post', TRANSITIONS, transition({ type: 'deport' }), 'invalid'],
  ['apply a transition without a type', 'post', TRANSITIONS, transition({ effectiveOn: DAY }), 'invalid'],
];

/** Judges samples against the published document, as a generated client's validator would. */
class PublishedContract {
  readonly #document: Document;
  /** Parameters arrive as text, so their values are read by their schema's type (as OpenAPI tools do). */
  readonly #parameters = new Ajv2020({ strictTypes: false, coerceTypes: true });
  readonly #bodies = new Ajv2020({ strictTypes: false });
  readonly #compiled = new Map<object, ValidateFunction>();

  constructor(document: Document) {
    this.#document = document;
    addFormats(this.#parameters);
    addFormats(this.#bodies);
  }

  /** Whether the published document describes the sample as a valid request. */
  verdict(method: string, path: string, sample: Sample): Verdict {
    const operation = this.#document.paths[path]?.[method];
    if (!operation) throw new Error(`${method} ${path} is not documented`);
    const parametersOk = operation.parameters.every((parameter) => this.#parameterOk(parameter, sample));
    return parametersOk && this.#bodyOk(operation, sample) ? 'valid' : 'invalid';
  }

  #parameterOk(parameter: Parameter, sample: Sample): boolean {
    const value = this.#valueOf(parameter, sample);
    if (value === undefined) return !parameter.required;
    return this.#validate(this.#parameters, parameter.schema, structuredClone(value));
  }

  #valueOf(parameter: Parameter, sample: Sample): unknown {
    if (parameter.in === 'path') return sample.path?.[parameter.name];
    if (parameter.in === 'header') return sample.headers?.[parameter.name];
    // An exploded object parameter (style form) is the whole query string; any other one is one entry.
    if (parameter.schema.type !== 'object' || parameter.explode !== true) return sample.query?.[parameter.name];
    return sample.query !== undefined && Object.keys(sample.query).length > 0 ? sample.query : undefined;
  }

  #bodyOk(operation: Operation, sample: Sample): boolean {
    if (!operation.requestBody) return sample.body === undefined;
    if (sample.body === undefined) return !operation.requestBody.required;
    return this.#validate(this.#bodies, operation.requestBody.content['application/json'].schema, sample.body);
  }

  #validate(ajv: Ajv2020, schema: object, value: unknown): boolean {
    const validate = this.#compiled.get(schema) ?? ajv.compile(schema);
    this.#compiled.set(schema, validate);
    return validate(value);
  }
}

/** Whether the gateway accepted the sample's shape (anything but a 400 for the request's form). */
async function serverVerdict(gw: TestGateway, method: 'get' | 'post' | 'delete', path: string, sample: Sample): Promise<Verdict> {
  const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(sample.path?.[name] ?? ''));
  const query = new URLSearchParams(sample.query ?? {}).toString();
  let req = request(gw.app)[method](query === '' ? url : `${url}?${query}`).set('Authorization', `Bearer ${await gw.token('LAND_ZAB')}`);
  for (const [name, value] of Object.entries(sample.headers ?? {})) req = req.set(name, value);
  const res = sample.body === undefined ? await req : await req.send(sample.body as object);
  expect(res.status).toBeLessThan(500);
  const refused = res.status === 400 && ['VALIDATION_FAILED', 'IDEMPOTENCY_KEY_MISSING'].includes((res.body as { code?: string }).code ?? '');
  return refused ? 'invalid' : 'valid';
}

/** Every string anywhere in a JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, child]) => [key, ...stringsOf(child)]);
  return [];
}

/** Every `pattern` keyword anywhere in a JSON value. */
function patternsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(patternsOf);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => (key === 'pattern' && typeof child === 'string' ? [child] : patternsOf(child)));
}

describe('the published OpenAPI document promises what the server checks', () => {
  let gw: TestGateway;
  let document: Document;
  let contract: PublishedContract;

  beforeAll(async () => {
    gw = await createTestGateway({ rateLimitPerMinute: 100_000 });
    document = (await request(gw.app).get('/openapi.json')).body as Document;
    contract = new PublishedContract(document);
  });
  afterAll(async () => {
    await gw.close();
  });

  it.each(PROBES.map(([rule, method, path, sample, expected]) => ({ rule, method, path, sample, expected })))(
    '$rule ($method $path): $expected',
    async ({ method, path, sample, expected }) => {
      const verdicts = { described: contract.verdict(method, path, sample), server: await serverVerdict(gw, method, path, sample) };
      expect(verdicts).toEqual({ described: expected, server: expected });
    },
  );

  it('uses no Unicode property classes (\\p{...}), which common generators cannot compile', () => {
    expect(stringsOf(document).filter((text) => /\\[pP]\{/.test(text))).toEqual([]);
  });

  it('writes every pattern so that it compiles with and without the u flag', () => {
    const patterns = patternsOf(document);
    expect(patterns.length).toBeGreaterThan(5);
    for (const pattern of patterns) {
      expect(() => new RegExp(pattern)).not.toThrow();
      expect(() => new RegExp(pattern, 'u')).not.toThrow();
    }
  });

  it('has no raw control character anywhere (they are written as escapes)', () => {
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(stringsOf(document).filter((text) => /[\u0000-\u001F\u007F-\u009F]/.test(text))).toEqual([]);
  });
});
