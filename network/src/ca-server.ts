import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { NetworkConfig, OrgConfig } from './layout';
import type { ProcessRegistry } from './process-registry';
import { assertPortsFree, waitForCaInfo } from './readiness';
import { hostNames, orgEndpoints, processNames, tlsAddresses, type RunLayout } from './layout';
import { deriveEnrollSecret, readOrCreateSecret } from './secrets';

/** The registrar of the org's nodes and Fabric admin; its password is the CA's bootstrap secret. */
export const registrarName = 'registrar';

/** The registrar of the org's client identities, the only one that may issue the `role` attribute. */
export const clientRegistrarName = 'client-registrar';

/**
 * The most enrolments the CA allows any identity (`registry.maxenrollments`): peers, orderers and the
 * Fabric admin enrol twice with one secret (enrolment certificate, then TLS certificate); every other
 * identity is registered with fewer (see `planIdentities`). Renewal is `fabric-ca-client reenroll`
 * with the current certificate, which no limit counts.
 */
export const caMaxEnrollments = 2;

/** A registrar the CA creates at start-up, limited to what the network scripts register with it. */
export interface RegistrarPlan {
  readonly name: string;
  /** Identity types it may register (`hf.Registrar.Roles`). */
  readonly roles: readonly string[];
  /** Attribute names it may put into an identity (`hf.Registrar.Attributes`); none for the node registrar. */
  readonly attributes: readonly string[];
}

/**
 * The CA's two registrars: one for nodes and the Fabric admin (no attributes at all), one for
 * clients (the `role` attribute only). Neither may delegate registration, create intermediate CAs
 * or change affiliations, and each may enrol once.
 */
export const caRegistrars: readonly RegistrarPlan[] = [
  { name: registrarName, roles: ['peer', 'orderer', 'admin'], attributes: [] },
  { name: clientRegistrarName, roles: ['client'], attributes: ['role'] },
];

/** The password of a registrar: the bootstrap secret for the first, derived from it for the others. */
export function registrarSecret(bootstrapSecret: string, registrar: string): string {
  return registrar === registrarName ? bootstrapSecret : deriveEnrollSecret(bootstrapSecret, registrar);
}

function registrarIdentity(org: OrgConfig, registrar: RegistrarPlan, bootstrapSecret: string): unknown {
  const attrs: Record<string, string | boolean> = { 'hf.Registrar.Roles': registrar.roles.join(','), 'hf.Revoker': true, 'hf.GenCRL': true };
  if (registrar.attributes.length > 0) attrs['hf.Registrar.Attributes'] = registrar.attributes.join(',');
  return {
    name: registrar.name,
    pass: registrarSecret(bootstrapSecret, registrar.name),
    type: 'client',
    affiliation: org.key,
    maxenrollments: 1,
    attrs,
  };
}

/** Affiliations of an org's CA: one per kind of identity, under the org's own key. */
export function caAffiliations(org: OrgConfig): Record<string, string[]> {
  return { [org.key]: ['nodes', 'admins', 'clients'] };
}

/**
 * Builds the Fabric CA server config of one org (written by us, not copied from Fabric).
 * @param bootstrapSecret the org's CA bootstrap secret; the registrars' passwords come from it.
 */
export function createCaServerConfig(config: NetworkConfig, org: OrgConfig, bootstrapSecret: string): unknown {
  const hosts = hostNames(org, config.domain);
  const endpoints = orgEndpoints(org);
  return {
    port: org.ports.ca,
    address: endpoints.host,
    debug: false,
    tls: { enabled: true, clientauth: { type: 'noclientcert' } },
    ca: { name: `ca-${org.key}` },
    registry: {
      maxenrollments: caMaxEnrollments,
      identities: caRegistrars.map((registrar) => registrarIdentity(org, registrar, bootstrapSecret)),
    },
    db: { type: 'sqlite3', datasource: 'fabric-ca-server.db' },
    affiliations: caAffiliations(org),
    csr: {
      cn: hosts.ca,
      names: [{ C: 'DE', O: org.mspId, OU: org.kind }],
      hosts: [hosts.ca, ...tlsAddresses(org)],
      ca: { expiry: '131400h', pathlength: 1 },
    },
    signing: {
      default: { usage: ['digital signature'], expiry: '8760h' },
      profiles: {
        tls: {
          usage: ['signing', 'key encipherment', 'server auth', 'client auth', 'key agreement'],
          expiry: '8760h',
        },
      },
    },
    operations: { listenAddress: endpoints.caOperations, tls: { enabled: false } },
    metrics: { provider: 'prometheus' },
  };
}

/** Dependencies of the CA step. */
export interface CaStepOptions {
  readonly config: NetworkConfig;
  readonly layout: RunLayout;
  readonly registry: ProcessRegistry;
  readonly caServerBinary: string;
  readonly log: (line: string) => void;
}

/**
 * Starts an org's Fabric CA unless it runs, and waits for /cainfo.
 * @throws {NetworkError} PORT_IN_USE or NOT_READY.
 */
export async function startCaServer(options: CaStepOptions, org: OrgConfig): Promise<void> {
  const { layout, registry, config } = options;
  const name = processNames.ca(org);
  const home = layout.caHome(org);
  const endpoints = orgEndpoints(org);
  const wait = { what: `Fabric CA of ${org.mspId}`, logFile: layout.logFile(name), exited: () => registry.hasExited(name) };
  if (registry.runningPid(name) === undefined) {
    await assertPortsFree([endpoints.ca, endpoints.caOperations], `Fabric CA of ${org.mspId}`);
    mkdirSync(home, { recursive: true });
    const secret = readOrCreateSecret(layout.caBootstrapSecret(org));
    writeFileSync(path.join(home, 'fabric-ca-server-config.yaml'), stringify(createCaServerConfig(config, org, secret)), {
      mode: 0o600,
    });
    registry.start({
      name,
      command: options.caServerBinary,
      args: ['start', '--home', home],
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      ports: [org.ports.ca, org.ports.caOperations],
    });
    options.log(`started ${name} on ${endpoints.ca}`);
  }
  const certFile = layout.caCert(org);
  await waitForCaInfo(endpoints.ca, () => (existsSync(certFile) ? certFile : undefined), wait);
}
