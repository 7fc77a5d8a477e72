/**
 * The gateways of docker-compose.yml and of the per-host files (network/compose/<org>.yml) start:
 * each service's environment passes the gateway's OWN
 * configuration schema (gateway-api's loadConfig), in the production profile. It lives in test/
 * because network/ may not import gateway-api (the dependency rules: gateway-api depends on network).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../gateway-api/src/config';
import { perHostComposeFile } from '../../network/src/docker-compose-file';
import { loadNetworkConfig, repoDir } from '../../network/src/layout';

interface GatewayService {
  environment?: Record<string, string>;
  secrets?: { source: string; target: string }[];
}

function readCompose(file: string): { services: Record<string, GatewayService> } {
  return parse(readFileSync(path.join(repoDir, file), 'utf8')) as { services: Record<string, GatewayService> };
}

/** Compose's `${NAME:-default}` with NAME unset; any other interpolation is refused (the gateway would see it unresolved). */
function interpolateUnset(value: string): string {
  const resolved = value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, (_match, fallback: string) => fallback);
  if (resolved.includes('$')) throw new Error(`an interpolation without a default: ${value}`);
  return resolved;
}

// every org's gateway in the root file (all orgs on one host) and in its own host's file
const gateways = loadNetworkConfig().orgs.flatMap((org) => [
  ['docker-compose.yml', `gateway-${org.key}`, org] as const,
  [perHostComposeFile(org), `gateway-${org.key}`, org] as const,
]);

describe.each(gateways)('%s service %s', (file, name, org) => {
  const service = readCompose(file).services[name] ?? {};
  const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolateUnset(value)]));
  const mounted = new Set((service.secrets ?? []).map((secret) => `/run/secrets/${secret.target}`));
  /** Reads a secret the way the container would: only a file compose mounts, holding a fresh key. */
  const readMountedSecret = (file: string): string => {
    if (!mounted.has(file)) throw new Error(`${file} is not a mounted compose secret`);
    return randomBytes(32).toString('hex');
  };

  it('is in the file', () => {
    expect(service.environment).toBeDefined();
  });

  it("sets only variables the gateway's configuration knows", () => {
    expect(Object.keys(env).filter((key) => !CONFIG_VARIABLES.includes(key))).toEqual([]);
  });

  it("passes the gateway's configuration schema in the production profile", () => {
    const config = loadConfig(env, readMountedSecret);
    expect(config).toMatchObject({ profile: 'production', ledger: 'fabric', org: { mspId: org.mspId, kind: org.kind }, http: { port: org.ports.gatewayApi } });
    expect(config.http.tls).toMatchObject({ kind: 'serve' });
    expect(config.jwt.key).toMatchObject({ kind: 'pem-file' });
    expect(mounted.has(config.jwt.key.kind === 'pem-file' ? config.jwt.key.file : '')).toBe(true);
  });
});
