/**
 * Turns untrusted JSON text into a typed input, or a VALIDATION_FAILED error that names the fields
 * (never their values, which might be personal data).
 */
import type { z } from 'zod';
import { ChaincodeError } from './chaincode-error';
import { MAX_INPUT_BYTES } from './transition-inputs';

/**
 * Parses JSON text against a schema; at most `maxBytes` (the case input limit unless given).
 * @throws {ChaincodeError} VALIDATION_FAILED when the text is too long, not JSON, or does not match.
 */
export function parseJsonInput<S extends z.ZodType>(schema: S, text: string, what: string, maxBytes = MAX_INPUT_BYTES): z.infer<S> {
  return parseInput(schema, parseJsonText(text, what, maxBytes), what);
}

/**
 * Parses untrusted JSON text of bounded size, without checking its shape.
 * @throws {ChaincodeError} VALIDATION_FAILED when the text is too long or not JSON.
 */
export function parseJsonText(text: string, what: string, maxBytes = MAX_INPUT_BYTES): unknown {
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new ChaincodeError('VALIDATION_FAILED', `${what} is longer than ${maxBytes} bytes`, { maxBytes });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ChaincodeError('VALIDATION_FAILED', `${what} is not valid JSON`);
  }
}

/**
 * Checks a value against a schema.
 * @throws {ChaincodeError} VALIDATION_FAILED listing each failing path and the reason.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  // Field paths come from the schema, never from the input; unknown keys are input, so they are
  // counted, not named (the peer logs whatever the chaincode returns).
  const issues = result.error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.length})` : '';
    return `${path}: ${issue.code}${keys}`;
  });
  throw new ChaincodeError('VALIDATION_FAILED', `${what} is invalid: ${issues.join('; ')}`, { issues });
}
