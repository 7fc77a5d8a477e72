/**
 * The shape of a route registration: method, path, the zod schemas of its input and output (the
 * same objects validate requests and generate the OpenAPI document), the problem codes it can
 * answer, and its handler. Each `<resource>.routes.ts` exports a factory of these.
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ProblemCode } from './problem';

/** A JSON Schema object (draft 2020-12, as OpenAPI 3.1 uses). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A schema for the docs: a zod schema, or a JSON Schema derived from zod schemas. */
export type DocSchema = z.ZodType | { readonly jsonSchema: JsonSchema };

/** A documented request header. */
export interface HeaderDoc {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** The schema that validates it; a visible-ASCII string of 1-255 characters when omitted. */
  readonly schema?: z.ZodType;
}

/** A documented success response. */
export interface ResponseDoc {
  readonly description: string;
  readonly schema?: DocSchema;
  /** Content type when not JSON (e.g. text/plain for metrics, text/html for docs). */
  readonly contentType?: string;
}

/** One registered route. */
export interface RouteSpec {
  readonly method: 'get' | 'post' | 'delete';
  /** OpenAPI path template, e.g. `/v1/cases/{caseRef}` (express gets `:caseRef`). */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Whether a bearer token is required (and the per-subject rate limit applies). */
  readonly authenticated: boolean;
  /** Whether the route takes a JSON body (then the size limit and content type apply). */
  readonly jsonBody?: boolean;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodType;
  readonly headers?: readonly HeaderDoc[];
  readonly body?: DocSchema;
  /** Success responses by status. */
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /** Problem codes this route answers besides the generic ones (401, 413, 429, 500, 503). */
  readonly problems: readonly ProblemCode[];
  readonly handler: (req: Request, res: Response) => Promise<void>;
}

/** Turns an OpenAPI path template into an express path. */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
