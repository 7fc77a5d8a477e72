/**
 * Validation of request parts with zod, failing as VALIDATION_FAILED that names paths and reasons
 * but never echoes a value (values may be personal data).
 */
import type { z } from 'zod';
import { LedgerError } from '@asylum-ledger/domain';
import { isKnownFieldName } from './field-vocabulary';

/** Field names that look like personal data: refused with a pointed message. */
const PERSONAL_DATA_NAMES = new Set([
  'name', 'firstname', 'lastname', 'surname', 'givenname', 'familyname', 'fullname',
  'birthdate', 'dateofbirth', 'dob', 'birthplace', 'age', 'sex', 'gender',
  'nationality', 'citizenship', 'origin', 'countryoforigin', 'address', 'street', 'phone', 'email',
  'religion', 'ethnicity', 'language', 'azr', 'azrnumber', 'passportnumber', 'photo', 'fingerprint',
]);

/** One failing field. */
export interface FieldIssue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** The issues of a failed parse, at most 20, with paths prefixed by the request part. */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[], where: string): FieldIssue[] {
  return issues.slice(0, 20).flatMap((issue) => {
    const base = [where, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      // a key is the client's text: named only when it is a word of the API or a generic personal-data word
      return issue.keys.map((key) => {
        const nameable = isKnownFieldName(key) || PERSONAL_DATA_NAMES.has(key.toLowerCase().replace(/[_-]/g, ''));
        return { path: nameable ? `${base}.${key}` : `${base}.(unknown field)`, code: 'unrecognized_key', message: 'unknown field' };
      });
    }
    return [{ path: base, code: issue.code, message: issue.message }];
  });
}

/** Whether any unknown field looks like personal data. */
function mentionsPersonalData(issues: readonly FieldIssue[]): boolean {
  return issues.some((issue) => {
    const last = issue.path.split('.').at(-1) ?? '';
    return issue.code === 'unrecognized_key' && PERSONAL_DATA_NAMES.has(last.toLowerCase().replace(/[_-]/g, ''));
  });
}

/** Builds the VALIDATION_FAILED error for a list of issues. */
export function validationError(issues: readonly FieldIssue[], what: string): LedgerError {
  const personal = mentionsPersonalData(issues);
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  const detail = personal
    ? `${what} is invalid: personal data is never accepted (the ledger holds codes only); ${summary}`
    : `${what} is invalid: ${summary}`;
  return new LedgerError('VALIDATION_FAILED', detail, { details: { issues } });
}

/**
 * Parses one part of a request.
 * @throws {LedgerError} VALIDATION_FAILED listing the failing paths.
 */
export function parseRequestPart<S extends z.ZodType>(schema: S, raw: unknown, where: 'body' | 'query' | 'path' | 'header'): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw validationError(toFieldIssues(result.error.issues, where), `the request ${where}`);
}

/** Returns a plain JSON object body, or fails. */
export function requireObjectBody(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw validationError([{ path: 'body', code: 'invalid_type', message: 'expected a JSON object' }], 'the request body');
  }
  return raw as Record<string, unknown>;
}
