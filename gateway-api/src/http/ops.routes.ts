/** Operations routes: liveness, readiness, metrics, the OpenAPI document and the docs page. No token needed. */
import type { GatewayMetrics } from '../observability/gateway-metrics';
import type { LedgerPort } from '@asylum-ledger/domain';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from './docs-page';
import { HealthResponse } from './response-mappers';
import type { RouteSpec } from './route-spec';

/** What the ops routes need. */
export interface OpsRouteOptions {
  readonly ledger: LedgerPort;
  readonly metrics: GatewayMetrics;
  /** The OpenAPI document (built once the routes are known). */
  readonly openApi: () => unknown;
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
      tags: ['ops'],
      authenticated: false,
      responses: { 200: { description: 'Ready', schema: HealthResponse }, 503: { description: 'Not ready', schema: HealthResponse } },
      problems: [],
      handler: async (_req, res) => {
        const readiness = await options.ledger.ready().catch((error: unknown) => ({
          ready: false,
          mode: options.ledger.mode,
          detail: error instanceof Error ? error.message : 'readiness check failed',
        }));
        if (!readiness.ready) res.setHeader('Retry-After', '5');
        res.status(readiness.ready ? 200 : 503).json({
          status: readiness.ready ? 'ready' : 'not ready',
          ledger: readiness.mode,
          mode: readiness.mode,
          detail: readiness.detail,
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
