import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { NetworkConfig, OrgConfig } from './layout';
import type { ProcessRegistry } from './process-registry';
import { assertPortsFree, waitForCaInfo } from './readiness';
import { hostNames, processNames, type RunLayout } from './layout';
import { readOrCreateSecret } from './secrets';

/** The registrar that the CA creates at its first start. */
export const registrarName = 'registrar';

/** Affiliations of an org's CA: one per kind of identity, under the org's own key. */
export function caAffiliations(org: OrgConfig): Record<string, string[]> {
  return { [org.key]: ['nodes', 'admins', 'clients'] };
}

/** Builds the Fabric CA server config of one org (written by us, not copied from Fabric). */
export function createCaServerConfig(config: NetworkConfig, org: OrgConfig, registrarSecret: string): unknown {
  const hosts = hostNames(org, config.domain);
  return {
    port: org.ports.ca,
    address: '127.0.0.1',
    debug: false,
    tls: { enabled: true, clientauth: { type: 'noclientcert' } },
    ca: { name: `ca-${org.key}` },
    registry: {
      maxenrollments: -1,
      identities: [
        {
          name: registrarName,
          pass: registrarSecret,
          type: 'client',
          affiliation: '',
          attrs: {
            'hf.Registrar.Roles': '*',
            'hf.Registrar.DelegateRoles': '*',
            'hf.Registrar.Attributes': '*',
            'hf.Revoker': true,
            'hf.GenCRL': true,
            'hf.IntermediateCA': true,
            'hf.AffiliationMgr': true,
          },
        },
      ],
    },
    db: { type: 'sqlite3', datasource: 'fabric-ca-server.db' },
    affiliations: caAffiliations(org),
    csr: {
      cn: hosts.ca,
      names: [{ C: 'DE', O: org.mspId, OU: org.kind }],
      hosts: [hosts.ca, 'localhost', '127.0.0.1'],
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
    operations: { listenAddress: `127.0.0.1:${org.ports.caOperations}`, tls: { enabled: false } },
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
  const wait = { what: `Fabric CA of ${org.mspId}`, logFile: layout.logFile(name), exited: () => registry.hasExited(name) };
  if (registry.runningPid(name) === undefined) {
    await assertPortsFree([org.ports.ca, org.ports.caOperations], `Fabric CA of ${org.mspId}`);
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
    options.log(`started ${name} on 127.0.0.1:${org.ports.ca}`);
  }
  const certFile = layout.caCert(org);
  await waitForCaInfo(org.ports.ca, () => (existsSync(certFile) ? certFile : undefined), wait);
}
