/**
 * Builds the express application of one gateway from its dependencies, with no I/O: supertest
 * drives it with fakes at the ports, and main.ts with the real adapters.
 */
import { AuditReads } from './audit/audit-reads';
import type { ExportSigner } from './audit/case-export';
import type { EndorsementRule, PeerBlockReader } from './audit/chain-verification';
import type { OrgKind } from '@asylum-ledger/domain';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { FailedAuthenticationLimiter, type FailedAuthenticationLimits } from './auth/failed-authentication-limiter';
import { SubjectRateLimiter } from './auth/subject-rate-limiter';
import type { TokenVerifier } from './auth/principal';
import { EventDelivery, type EventDeliveryOptions } from './events/event-delivery';
import { authenticate, jsonBody, notFound, problemHandler, requestLog, routeLabel, securityHeaders } from './http/middleware';
import { allowedMethodsByPath, methodNotAllowed } from './http/method-not-allowed';
import { buildOpenApi, type OpenApiDocument } from './http/openapi';
import { opsRoutes } from './http/ops.routes';
import { API_ROUTE_MODULES, type RouteModule } from './http/route-catalog';
import type { RouteServices } from './http/route-context';
import { expressPath, type RouteSpec } from './http/route-spec';
import type { GatewayMetrics } from './observability/gateway-metrics';
import type { GatewayStore } from './ports/gateway-store';
import type { LedgerPort } from '@asylum-ledger/domain';
import { CaseLedger } from './services/case-ledger';
import { CaseReads } from './services/case-reads';
import { CaseWrites, DEFAULT_CATCH_UP } from './services/case-writes';
import { InFlight } from './services/in-flight';
import { LedgerProgress } from './services/ledger-progress';
import { LocalReferences } from './services/local-references';
import { createFingerprinter, createKeyDigester } from './services/request-fingerprint';

/** Settings of the application (from Config in production, literal in tests). */
export interface AppOptions {
  readonly orgMspId: string;
  readonly orgKind: OrgKind;
  readonly bodyLimitBytes: number;
  readonly rateLimitPerMinute: number;
  /** Failed token verifications allowed a minute, per client address and in all (defaults 30 and 600). */
  readonly authFailures?: FailedAuthenticationLimits;
  /** Whether a proxy on this host forwards requests: client addresses then come from X-Forwarded-For. */
  readonly behindLocalProxy?: boolean;
  readonly mvccRetries: number;
  /** Base of the jittered MVCC retry backoff (default 25 ms). */
  readonly retryBaseDelayMs?: number;
  /** How long a write waits for a lagging own peer to reach the required block (default 3000 ms). */
  readonly catchUpWaitMs?: number;
  /** Secret for request fingerprints (the local reference key; a purpose-bound key is derived). */
  readonly fingerprintSecret: Buffer;
  /** API version shown in the OpenAPI document. */
  readonly version?: string;
  /** Event listener and webhook settings (defaults when omitted). */
  readonly events?: EventDeliveryOptions;
}

/** Everything the application depends on. */
export interface AppDependencies {
  readonly ledger: LedgerPort;
  readonly store: GatewayStore;
  readonly verifyToken: TokenVerifier;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly options: AppOptions;
  readonly now?: () => Date;
  /** Clock of the rate limiter, in ms (tests). */
  readonly nowMs?: () => number;
  /** How webhook deliveries are sent (tests inject faults here; the global fetch otherwise). */
  readonly fetch?: typeof fetch;
  /** Extra resource modules (the seam for audit). */
  readonly extraRoutes?: readonly RouteModule[];
  /** What /v1/audit/verify checks beyond the own peer's chain: the endorsement rule, other orgs' peers (Fabric). */
  readonly audit?: Readonly<{ rule?: EndorsementRule; peerBlock?: PeerBlockReader; signer?: ExportSigner }>;
}

/** The application and its lifecycle hooks. */
export interface GatewayApp {
  readonly app: Express;
  readonly routes: readonly RouteSpec[];
  readonly openApi: OpenApiDocument;
  /** Event delivery: `start()` begins listening and delivering (run-gateway calls it once listening). */
  readonly events: EventDelivery;
  /** Refuses new writes, ends event delivery and SSE streams, and resolves once the writes in flight have finished. */
  drain(): Promise<void>;
}

function createServices(deps: AppDependencies, inFlight: InFlight, events: EventDelivery): RouteServices {
  const now = deps.now ?? ((): Date => new Date());
  const ledger = new CaseLedger({
    ledger: deps.ledger,
    retry: { retries: deps.options.mvccRetries, baseDelayMs: deps.options.retryBaseDelayMs ?? 25 },
  });
  return {
    writes: new CaseWrites({
      ledger,
      store: deps.store,
      inFlight,
      orgKind: deps.options.orgKind,
      keyDigest: createKeyDigester(deps.options.fingerprintSecret),
      progress: new LedgerProgress({ highestHandedOut: deps.store.idempotency.highestBlock() }),
      catchUp: { ...DEFAULT_CATCH_UP, waitMs: deps.options.catchUpWaitMs ?? DEFAULT_CATCH_UP.waitMs },
      now,
    }),
    reads: new CaseReads({ ledger, audit: deps.store.audit, now }),
    localReferences: new LocalReferences({ store: deps.store, now }),
    fingerprint: createFingerprinter(deps.options.fingerprintSecret),
    events,
    audit: new AuditReads({
      ledger: deps.ledger,
      audit: deps.store.audit,
      ownMspId: deps.options.orgMspId,
      ...(deps.audit?.rule ? { rule: deps.audit.rule } : {}),
      ...(deps.audit?.peerBlock ? { peerBlock: deps.audit.peerBlock } : {}),
      ...(deps.audit?.signer ? { signer: deps.audit.signer } : {}),
      now,
    }),
  };
}

function mount(app: Express, route: RouteSpec, guards: Readonly<{ auth: RequestHandler; body: RequestHandler[] }>): void {
  const chain: RequestHandler[] = [routeLabel(route.path)];
  if (route.authenticated) chain.push(guards.auth);
  if (route.jsonBody === true) chain.push(...guards.body);
  const handler: RequestHandler = (req, res, next) => {
    route.handler(req, res).catch(next);
  };
  app[route.method](expressPath(route.path), ...chain, handler);
}

/** Builds the gateway's express application. Performs no I/O. */
export function createApp(deps: AppDependencies): GatewayApp {
  const inFlight = new InFlight();
  const events = new EventDelivery({
    ledger: deps.ledger,
    store: deps.store,
    mspId: deps.options.orgMspId,
    logger: deps.logger,
    metrics: deps.metrics,
    ...(deps.options.events ? { options: deps.options.events } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const services = createServices(deps, inFlight, events);
  const apiRoutes = [...API_ROUTE_MODULES, ...(deps.extraRoutes ?? [])].flatMap((module) => module(services));
  const spec: { document?: OpenApiDocument } = {};
  const ops = opsRoutes({ ledger: deps.ledger, metrics: deps.metrics, openApi: () => spec.document, verifyToken: deps.verifyToken, logger: deps.logger });
  const routes = [...apiRoutes, ...ops];
  const openApi = buildOpenApi(routes, {
    title: `asylum-ledger gateway (${deps.options.orgMspId})`,
    version: deps.options.version ?? '1.0.0',
    description: 'Pseudonymous asylum case status on Hyperledger Fabric: the REST interface of one authority.',
  });
  spec.document = openApi;

  const app = express();
  app.disable('x-powered-by');
  // only a proxy on loopback may name the client (TLS_TERMINATED_BY); otherwise the socket's peer counts
  app.set('trust proxy', deps.options.behindLocalProxy === true ? 'loopback' : false);
  app.set('etag', false);
  app.use(securityHeaders(deps.ledger.mode));
  app.use(requestLog(deps.logger, deps.metrics));
  const guards = {
    auth: authenticate(
      deps.verifyToken,
      new SubjectRateLimiter({ perMinute: deps.options.rateLimitPerMinute, ...(deps.nowMs ? { nowMs: deps.nowMs } : {}) }),
      new FailedAuthenticationLimiter(deps.options.authFailures ?? { perClientPerMinute: 30, perMinute: 600 }, deps.nowMs),
    ),
    body: jsonBody(deps.options.bodyLimitBytes),
  };
  for (const route of routes) mount(app, route, guards);
  for (const [path, allowed] of allowedMethodsByPath(routes)) app.route(expressPath(path)).all(routeLabel(path), methodNotAllowed(allowed));
  app.use(notFound());
  app.use(problemHandler(deps.logger, deps.metrics));

  return {
    app,
    routes,
    openApi,
    events,
    drain: async () => {
      services.writes.stopAccepting();
      await Promise.all([inFlight.idle(), events.stop()]);
    },
  };
}
