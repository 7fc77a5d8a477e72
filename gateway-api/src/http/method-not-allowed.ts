/**
 * 405 for a method that a declared path does not declare (PUT, PATCH, TRACE, OPTIONS, ...), with an
 * `Allow` header naming the methods it answers; an unknown path stays 404. HEAD is answered wherever
 * GET is (express runs the GET route and sends no body, as HTTP requires of every server), so it
 * is allowed there without an operation of its own in the OpenAPI document. OPTIONS is not: the
 * gateway serves no browsers (no CORS), and the 405 answer carries the same `Allow` header that a
 * successful OPTIONS answer would.
 */
import type { RequestHandler } from 'express';
import { LedgerError } from '@asylum-ledger/domain';
import type { RouteSpec } from './route-spec';

/** The methods each declared path answers (upper case, sorted; HEAD wherever GET is). */
export function allowedMethodsByPath(routes: readonly RouteSpec[]): Map<string, readonly string[]> {
  const byPath = new Map<string, Set<string>>();
  for (const route of routes) {
    const methods = byPath.get(route.path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    if (route.method === 'get') methods.add('HEAD');
    byPath.set(route.path, methods);
  }
  return new Map([...byPath].map(([path, methods]) => [path, [...methods].sort()]));
}

/** Refuses the request with 405 METHOD_NOT_ALLOWED and sets `Allow` to the given methods. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.join(', ');
  return (req, res, next) => {
    res.setHeader('Allow', allow);
    next(new LedgerError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on this resource; allowed: ${allow}`, { details: { allow: [...allowed] } }));
  };
}
