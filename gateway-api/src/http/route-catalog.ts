/**
 * The list of API resource route modules. Audit (/v1/audit) joins here as a further module; the
 * ledger port already offers provenance.
 */
import { auditRoutes } from './audit.routes';
import { caseRoutes } from './cases.routes';
import { eventRoutes } from './events.routes';
import { historyRoutes } from './history.routes';
import { privateFieldsRoutes } from './private-fields.routes';
import { localReferenceRoutes } from './local-references.routes';
import type { RouteServices } from './route-context';
import type { RouteSpec } from './route-spec';
import { transitionRoutes } from './transitions.routes';

/** A resource's routes, made from the services. */
export type RouteModule = (services: RouteServices) => RouteSpec[];

/** Every resource of the v1 API, in documentation order. */
export const API_ROUTE_MODULES: readonly RouteModule[] = [caseRoutes, transitionRoutes, historyRoutes, privateFieldsRoutes, localReferenceRoutes, eventRoutes, auditRoutes];
