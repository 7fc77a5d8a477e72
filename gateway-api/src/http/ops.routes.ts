/** Operations routes: liveness, readiness, metrics, the OpenAPI document and the docs page. No token needed. */
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { LedgerPort, LedgerReadiness } from '@asylum-ledger/domain';
import type { TokenVerifier } from '../auth/principal';
import type { GatewayMetrics } from '../observability/gateway-metrics';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from './docs-page';
import { HealthResponse } from './response-mappers';
import type { RouteSpec } from './route-spec';

/** What the ops routes need. */
export interface OpsRouteOptions {
  readonly ledger: LedgerPort;
  readonly metrics: GatewayMetrics;
  /** The OpenAPI document (built once the routes are known). */
  readonly openApi: () => unknown;
  /** Verifies an optional bearer token on /readyz: only operators' roles see the readiness detail. */
  readonly verifyToken: TokenVerifier;
  /** Where the readiness detail of a gateway that is not ready goes (peer address, error). */
  readonly logger: Logger;
}

/** Roles that see the readiness detail (peer address, error text) in the /readyz body. */
const DETAIL_ROLES: ReadonlySet<string> = new Set(['ADMIN', 'AUDITOR']);

/** Whether the request carries a valid token of a role that may see the readiness detail; never throws. */
async function maySeeDetail(req: Request, verifyToken: TokenVerifier): Promise<boolean> {
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(req.get('Authorization') ?? '');
  if (!match?.[1]) return false;
  try {
    return DETAIL_ROLES.has((await verifyToken(match[1])).role);
  } catch {
    return false;
  }
}

/** The ledger's readiness; a failing check is a readiness that is not ready, with the error as detail. */
async function readinessOf(ledger: LedgerPort): Promise<LedgerReadiness> {
  return ledger.ready().catch((error: unknown) => ({
    ready: false,
    mode: ledger.mode,
    detail: error instanceof Error ? error.message : 'readiness check failed',
  }));
}

function staticRoute(path: string, operationId: string, contentType: string, content: string): RouteSpec {
  return {
    method: 'get',
    path,
    operationId,
    summary: `Docs asset ${path}`,
    tags: ['ops'],
    authenticated: false,
    responses: { 200: { description: contentType, contentType } },
    problems: [],
    handler: async (_req, res) => {
      res.type(contentType).send(content);
    },
  };
}

/** The ops routes. */
export function opsRoutes(options: OpsRouteOptions): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/livez',
      operationId: 'livez',
      summary: 'Liveness: the process answers (says nothing about the ledger)',
      tags: ['ops'],
      authenticated: false,
      responses: { 200: { description: 'Alive', schema: HealthResponse } },
      problems: [],
      handler: async (_req, res) => {
        res.json({ status: 'live' });
      },
    },
    {
      method: 'get',
      path: '/readyz',
      operationId: 'readyz',
      summary: 'Readiness: the ledger is reachable and the chaincode answers (and which ledger it is)',
      description: 'No token needed. The detail (peer address, error) is in the body only with a valid ADMIN or AUDITOR token; otherwise it goes to the log.',
      tags: ['ops'],
      authenticated: false,
      responses: { 200: { description: 'Ready', schema: HealthResponse }, 503: { description: 'Not ready', schema: HealthResponse } },
      problems: [],
      handler: async (req, res) => {
        const readiness = await readinessOf(options.ledger);
        if (!readiness.ready) {
          options.logger.warn({ mode: readiness.mode, detail: readiness.detail }, 'ledger not ready');
          res.setHeader('Retry-After', '5');
        }
        const detail = (await maySeeDetail(req, options.verifyToken)) ? { detail: readiness.detail } : {};
        res.status(readiness.ready ? 200 : 503).json({
          status: readiness.ready ? 'ready' : 'not ready',
          ledger: readiness.mode,
          mode: readiness.mode,
          ...detail,
        });
      },
    },
    {
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      tags: ['ops'],
      authenticated: false,
      responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
      problems: [],
      handler: async (_req, res) => {
        res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
      },
    },
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      summary: 'This API as OpenAPI 3.1, generated from the zod schemas',
      tags: ['ops'],
      authenticated: false,
      responses: { 200: { description: 'The OpenAPI document' } },
      problems: [],
      handler: async (_req, res) => {
        res.json(options.openApi());
      },
    },
    staticRoute('/docs', 'docs', 'text/html', DOCS_HTML),
    staticRoute('/docs/docs.js', 'docsScript', 'text/javascript', DOCS_JS),
    staticRoute('/docs/docs.css', 'docsStyle', 'text/css', DOCS_CSS),
  ];
}
