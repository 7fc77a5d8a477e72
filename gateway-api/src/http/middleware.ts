/**
 * Cross-cutting middleware: security headers (helmet-style, written out), the Ledger-Mode header,
 * request logging and metrics by route template, authentication with the per-subject rate limit,
 * the JSON body limit, and the one error handler that answers problem+json.
 */
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { LedgerError, type LedgerMode } from '@asylum-ledger/domain';
import type { FailedAuthenticationLimiter } from '../auth/failed-authentication-limiter';
import type { SubjectRateLimiter } from '../auth/subject-rate-limiter';
import type { TokenVerifier } from '../auth/principal';
import type { GatewayMetrics } from '../observability/gateway-metrics';
import { newProblem, sendProblem, toProblem, type Problem, type ProblemCode } from './problem';
import { setPrincipal } from './route-context';

/** Sets security headers on every response, and the ledger mode (fabric or embedded). */
export function securityHeaders(mode: LedgerMode): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Ledger-Mode', mode);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    res.setHeader('Cache-Control', 'no-store');
    const docs = req.path === '/docs' || req.path.startsWith('/docs/');
    res.setHeader('Content-Security-Policy', docs ? "default-src 'self'; frame-ancestors 'none'" : "default-src 'none'; frame-ancestors 'none'");
    next();
  };
}

/** Names the route template of the request (for logs and metrics; the URL itself is never logged). */
export function routeLabel(template: string): RequestHandler {
  return (_req, res, next) => {
    (res.locals as { route?: string }).route = template;
    next();
  };
}

/** The request id of a response (the client's X-Request-Id when it is 16-64 hex digits and dashes, else a fresh UUID). */
export function requestIdOf(res: { locals: unknown }): string | undefined {
  return (res.locals as { requestId?: string }).requestId;
}

/**
 * Logs one line per request and records its duration, by method, route template and status.
 * Every response carries X-Request-Id, which the log line repeats (quote it in support requests).
 */
export function requestLog(logger: Logger, metrics: GatewayMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const offered = req.get('X-Request-Id');
    // hex digits and dashes only (a UUID, a W3C trace id): no name fits, so echoing and logging it is safe
    const requestId = offered !== undefined && /^[0-9A-Fa-f-]{16,64}$/.test(offered) ? offered : randomUUID();
    (res.locals as { requestId?: string }).requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (res.locals as { route?: string }).route ?? 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const code = (res.locals as { problemCode?: string }).problemCode;
      logger.info({ requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000), ...(code ? { code } : {}) }, 'request');
    });
    next();
  };
}

/** Whether a failed verification counts against the client (a bad token; not an IdP outage or a wrong role). */
function isFailedAuthentication(error: unknown): boolean {
  return error instanceof LedgerError && error.code === 'UNAUTHENTICATED';
}

/**
 * Verifies the bearer token, then takes one request from the caller's rate limit. A client address
 * (Express's `req.ip`: the socket's peer, or the forwarding proxy's client when the proxy is trusted)
 * whose failed verifications are used up is answered 429 AUTHENTICATION_RATE_LIMITED unverified.
 */
export function authenticate(verify: TokenVerifier, limiter: SubjectRateLimiter, failures: FailedAuthenticationLimiter): RequestHandler {
  return (req, res, next) => {
    const client = req.ip ?? 'unknown';
    const allowed = failures.check(client);
    if (!allowed.allowed) {
      next(new LedgerError('AUTHENTICATION_RATE_LIMITED', 'too many failed authentications; wait before sending a token again', { details: { retryAfterSeconds: allowed.retryAfterSeconds } }));
      return;
    }
    const header = req.get('Authorization') ?? '';
    // The scheme name is case-insensitive and may be followed by several spaces (RFC 9110 §11.4),
    // as clients built from the OpenAPI `http`/`bearer` scheme may send it.
    const match = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header);
    if (!match?.[1]) {
      next(new LedgerError('UNAUTHENTICATED', 'send Authorization: Bearer <token>', { details: { reason: 'missing token' } }));
      return;
    }
    verify(match[1]).then(
      (principal) => {
        const decision = limiter.take(principal.subject);
        if (!decision.allowed) {
          next(new LedgerError('RATE_LIMITED', 'too many requests for this token subject', { details: { retryAfterSeconds: decision.retryAfterSeconds } }));
          return;
        }
        setPrincipal(res, principal);
        next();
      },
      (error: unknown) => {
        if (isFailedAuthentication(error)) failures.recordFailure(client);
        next(error);
      },
    );
  };
}

/** Requires a JSON body and parses it within the size limit. */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, strict: true, type: ['application/json', 'application/*+json'] });
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = (req.get('Content-Length') ?? '0') !== '0' || req.get('Transfer-Encoding') !== undefined;
    if (hasBody && req.is(['application/json', 'application/*+json']) === false) {
      next(new LedgerError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json'));
      return;
    }
    next();
  };
  return [requireJson, parse];
}

/**
 * Body-parser failures by their `type`: the code and a detail that quotes nothing of the input.
 * An aborted body is the client closing the connection mid-body: nothing to answer, nothing broken here.
 */
const BODY_FAILURES: Readonly<Record<string, readonly [ProblemCode, string]>> = {
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'the request body exceeds the size limit'],
  'entity.parse.failed': ['VALIDATION_FAILED', 'the request body is not valid JSON'],
  'encoding.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'unsupported body encoding'],
  'charset.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'unsupported body encoding'],
  'request.aborted': ['VALIDATION_FAILED', 'the connection was closed before the request body was complete'],
  'request.size.invalid': ['VALIDATION_FAILED', 'the request body does not match its Content-Length'],
};

/**
 * Translates framework failures of the request itself: body-parser errors carry a `type` and a
 * `status`; a malformed URL (e.g. a bad %-escape in a path parameter) throws a URIError-like error
 * with status 400 during routing. Their messages may quote the input, so they are never passed on.
 */
function requestProblem(error: unknown): Problem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (!('type' in error)) {
    const status = (error as { status?: unknown }).status;
    return typeof status === 'number' && status >= 400 && status < 500 ? newProblem('VALIDATION_FAILED', 'the request URL is malformed') : undefined;
  }
  const failure = typeof error.type === 'string' && Object.hasOwn(BODY_FAILURES, error.type) ? BODY_FAILURES[error.type] : undefined;
  return failure ? newProblem(failure[0], failure[1]) : undefined;
}

/** The one error handler: every failure leaves as problem+json, counted by code; 5xx are logged with their cause. */
export function problemHandler(logger: Logger, metrics: GatewayMetrics): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const problem = requestProblem(error) ?? toProblem(error);
    (res.locals as { problemCode?: string }).problemCode = problem.code;
    metrics.errors.inc({ code: problem.code });
    const requestId = requestIdOf(res);
    if (problem.status >= 500) logger.error({ err: error, code: problem.code, requestId }, 'request failed');
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="asylum-ledger", error="invalid_token"');
    if (res.headersSent) {
      next(error);
      return;
    }
    sendProblem(res, problem);
  };
}

/** Answers unknown paths with 404 NOT_FOUND as problem+json. */
export function notFound(): RequestHandler {
  return (_req, _res, next) => {
    next(new LedgerError('NOT_FOUND', 'no such resource'));
  };
}
