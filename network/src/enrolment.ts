import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { registrarName } from './ca-server';
import type { NetworkConfig, OrgConfig } from './layout';
import { NetworkError } from './network-error';
import { normaliseEnrolledMsp, normaliseEnrolledTls, writeOrgMsp } from './msp-layout';
import { runCommand } from './run-command';
import { fabricAdminIdentity, hostNames, identityNameForRole, type RunLayout } from './layout';
import { deriveEnrollSecret, readOrCreateSecret } from './secrets';

/** One identity an org's CA issues. */
export interface IdentityPlan {
  readonly name: string;
  readonly type: 'peer' | 'orderer' | 'admin' | 'client';
  readonly affiliation: string;
  /** Value of the `role` attribute in the enrolment certificate, if any. */
  readonly role?: string;
  /** Host names for a TLS certificate; none means no TLS enrolment. */
  readonly tlsHosts?: readonly string[];
}

/**
 * Every identity of an org: its peer, its orderer, its Fabric admin, and one client identity per
 * role. The Fabric admin (NodeOU `admin`) carries no `role` attribute: it does operator work
 * (lifecycle, channel), and the chaincode refuses it every case transaction and directory change.
 * Every role, ADMIN included, gets a client identity (NodeOU `client`, `role` attribute): those are
 * what the gateway signs with.
 */
export function planIdentities(config: NetworkConfig, org: OrgConfig): IdentityPlan[] {
  const hosts = hostNames(org, config.domain);
  const local = ['127.0.0.1', 'localhost'];
  return [
    { name: 'peer0', type: 'peer', affiliation: `${org.key}.nodes`, tlsHosts: [hosts.peer, ...local] },
    { name: 'orderer0', type: 'orderer', affiliation: `${org.key}.nodes`, tlsHosts: [hosts.orderer, ...local] },
    // a TLS client certificate for the orderers' channel participation API (osnadmin)
    { name: fabricAdminIdentity, type: 'admin', affiliation: `${org.key}.admins`, tlsHosts: [`admin.${org.key}.${config.domain}`, ...local] },
    ...org.roles.map((role): IdentityPlan => ({ name: identityNameForRole(role), type: 'client', affiliation: `${org.key}.clients`, role })),
  ];
}

/** Dependencies of the enrolment step. */
export interface EnrolmentOptions {
  readonly config: NetworkConfig;
  readonly layout: RunLayout;
  readonly caClientBinary: string;
  readonly log: (line: string) => void;
}

function caUrl(org: OrgConfig, user?: string, secret?: string): string {
  return `https://${user ? `${user}:${secret ?? ''}@` : ''}127.0.0.1:${org.ports.ca}`;
}

async function caClient(options: EnrolmentOptions, org: OrgConfig, args: string[], what: string): Promise<string> {
  const common = ['--home', options.layout.caClientHome(org), '--tls.certfiles', options.layout.caCert(org)];
  try {
    const { stdout, stderr } = await runCommand(options.caClientBinary, [...args, ...common]);
    return `${stdout}\n${stderr}`;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new NetworkError('ENROLMENT_FAILED', `${what} at the CA of ${org.mspId} failed (${detail}); ` +
      `run 'npm run network:reset' if the CA database and the run folder disagree`, error);
  }
}

async function registerIdentity(options: EnrolmentOptions, org: OrgConfig, plan: IdentityPlan, secret: string): Promise<void> {
  const args = ['register', '-u', caUrl(org), '--id.name', plan.name, '--id.secret', secret, '--id.type', plan.type];
  args.push('--id.affiliation', plan.affiliation);
  if (plan.role) args.push('--id.attrs', `role=${plan.role}:ecert`);
  try {
    await caClient(options, org, args, `registering ${plan.name}`);
  } catch (error) {
    // a re-run after a partial enrolment: the CA already knows the identity with the same secret
    if (!(error instanceof Error && /already registered/i.test(error.message))) throw error;
  }
}

async function enrollIdentity(options: EnrolmentOptions, org: OrgConfig, plan: IdentityPlan, secret: string): Promise<void> {
  const paths = options.layout.identity(org, plan.name);
  const url = caUrl(org, plan.name, secret);
  const names = ['--csr.names', `C=DE,O=${org.mspId}`];
  await caClient(options, org, ['enroll', '-u', url, '-M', paths.msp, ...names], `enrolling ${plan.name}`);
  normaliseEnrolledMsp(paths.msp);
  if (plan.tlsHosts) {
    const hosts = plan.tlsHosts.join(',');
    await caClient(options, org, ['enroll', '-u', url, '-M', paths.tls, ...names, '--enrollment.profile', 'tls', '--csr.hosts', hosts],
      `enrolling the TLS certificate of ${plan.name}`);
    normaliseEnrolledTls(paths.tls);
  }
}

/**
 * Registers and enrolls every identity of an org that has no certificate yet, and writes the org MSP.
 * @throws {NetworkError} ENROLMENT_FAILED naming the identity and the CA.
 */
export async function enrollOrgIdentities(options: EnrolmentOptions, org: OrgConfig): Promise<void> {
  const { layout } = options;
  const bootstrap = readOrCreateSecret(layout.caBootstrapSecret(org));
  const plans = planIdentities(options.config, org).filter((plan) => !existsSync(layout.identity(org, plan.name).signcert));
  if (plans.length > 0) {
    mkdirSync(layout.caClientHome(org), { recursive: true });
    if (!existsSync(path.join(layout.caClientHome(org), 'msp', 'signcerts'))) {
      await caClient(options, org, ['enroll', '-u', caUrl(org, registrarName, bootstrap)], 'enrolling the registrar');
    }
    for (const plan of plans) {
      const secret = deriveEnrollSecret(bootstrap, plan.name);
      await registerIdentity(options, org, plan, secret);
      await enrollIdentity(options, org, plan, secret);
    }
    options.log(`enrolled ${plans.length} identities at the CA of ${org.mspId}`);
  }
  writeOrgMsp(layout.orgMsp(org), layout.caCert(org));
}
