/**
 * The generated parts of docs/api.md: the error table (from the problem table and the domain's
 * error descriptions) and the endpoint table (from the route registrations). A test fails when the
 * committed document differs from what this renders; `npm run docs:api -w gateway-api` (or
 * `tsx gateway-api/scripts/generate-api-docs.ts`) rewrites it.
 */
import { ERROR_CODE_DESCRIPTIONS, isErrorCode } from '@asylum-ledger/domain';
import { problemsOf } from '../http/openapi';
import { PROBLEM_TABLE, type ProblemCode } from '../http/problem';
import { API_ROUTE_MODULES } from '../http/route-catalog';
import type { RouteServices } from '../http/route-context';
import type { RouteSpec } from '../http/route-spec';

/** The routes of the v1 API, for documentation (their handlers are never called). */
export function documentedRoutes(): RouteSpec[] {
  const unavailable = (): never => {
    throw new Error('documentation only');
  };
  const services = new Proxy({}, { get: unavailable }) as RouteServices;
  return API_ROUTE_MODULES.flatMap((module) => module(services));
}

function meaning(code: ProblemCode): string {
  return isErrorCode(code) ? ERROR_CODE_DESCRIPTIONS[code] : PROBLEM_TABLE[code].title;
}

/** The error table: every code, its status, what it means, and whether to retry. */
export function renderProblemTable(): string {
  const rows = (Object.keys(PROBLEM_TABLE) as ProblemCode[])
    .sort((a, b) => PROBLEM_TABLE[a].status - PROBLEM_TABLE[b].status || a.localeCompare(b))
    .map((code) => `| \`${code}\` | ${PROBLEM_TABLE[code].status} | ${meaning(code).replace(/\|/g, '\\|')} | ${PROBLEM_TABLE[code].retryable ? 'yes, same Idempotency-Key' : 'no'} |`);
  return ['| code | status | meaning | retry? |', '|---|---|---|---|', ...rows].join('\n');
}

/** The endpoint table of the v1 API. */
export function renderEndpointTable(routes: readonly RouteSpec[] = documentedRoutes()): string {
  const rows = routes.map((route) => {
    const success = Object.keys(route.responses).join(', ');
    const problems = problemsOf(route)
      .filter((code) => !['INTERNAL', 'LEDGER_UNAVAILABLE', 'LEDGER_INTERNAL', 'SHUTTING_DOWN', 'UNAUTHENTICATED', 'RATE_LIMITED', 'AUTHENTICATION_RATE_LIMITED', 'IDP_UNAVAILABLE'].includes(code))
      .map((code) => `\`${code}\``)
      .join(', ');
    return `| ${route.method.toUpperCase()} | \`${route.path}\` | ${route.summary} | ${success} | ${problems} |`;
  });
  return ['| method | path | what | success | specific problems |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** Every generated block of docs/api.md by name. */
export function generatedBlocks(): Record<string, string> {
  return { errors: renderProblemTable(), endpoints: renderEndpointTable() };
}

/**
 * Replaces the content between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`.
 * @throws {Error} when a block's markers are missing.
 */
export function updateGeneratedBlocks(markdown: string, blocks: Readonly<Record<string, string>>): string {
  let result = markdown;
  for (const [name, content] of Object.entries(blocks)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/api.md lacks the markers of block "${name}"`);
    result = `${result.slice(0, from + start.length)}\n${content}\n${result.slice(to)}`;
  }
  return result;
}
