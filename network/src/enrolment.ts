import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { clientRegistrarName, registrarName, registrarSecret } from './ca-server';
import type { NetworkConfig, OrgConfig } from './layout';
import { NetworkError } from './network-error';
import { normaliseEnrolledMsp, normaliseEnrolledTls, writeOrgMsp } from './msp-layout';
import { runCommand, type CommandOutput, type RunCommandOptions } from './run-command';
import { chaincodeClientIdentity, chaincodeServerIdentity, fabricAdminIdentity, hostNames, identityNameForRole, orgEndpoints, tlsAddresses, type RunLayout } from './layout';
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
  /** True when only a TLS certificate is enrolled (no enrolment certificate, no MSP folder). */
  readonly tlsOnly?: boolean;
  /** How often its secret may be used to enrol: once per certificate it needs. */
  readonly maxEnrollments: number;
}

/**
 * Every identity of an org: its peer, its orderer, its Fabric admin, the TLS identity of its
 * chaincode servers, and one client identity per role. The Fabric admin (NodeOU `admin`) carries
 * no `role` attribute: it does operator work (lifecycle, channel), and the chaincode refuses it
 * every case transaction and directory change. Every role, ADMIN included, gets a client identity
 * (NodeOU `client`, `role` attribute): those are what the gateway signs with. Each may enrol only
 * as often as it needs certificates (re-enrolling with a secret that leaked is refused).
 */
export function planIdentities(config: NetworkConfig, org: OrgConfig): IdentityPlan[] {
  const hosts = hostNames(org, config.domain);
  const local = tlsAddresses(org);
  const node = `${org.key}.nodes`;
  return [
    { name: 'peer0', type: 'peer', affiliation: node, tlsHosts: [hosts.peer, ...local], maxEnrollments: 2 },
    { name: 'orderer0', type: 'orderer', affiliation: node, tlsHosts: [hosts.orderer, ...local], maxEnrollments: 2 },
    // a TLS client certificate for the orderers' channel participation API (osnadmin)
    { name: fabricAdminIdentity, type: 'admin', affiliation: `${org.key}.admins`, tlsHosts: [`admin.${org.key}.${config.domain}`, ...local], maxEnrollments: 2 },
    // the chaincode servers' TLS server certificate (the chaincode-as-a-service link is mutual TLS)
    { name: chaincodeServerIdentity, type: 'client', affiliation: node, tlsHosts: [hosts.chaincode, ...local], tlsOnly: true, maxEnrollments: 1 },
    // and the client certificate the peer presents to them
    { name: chaincodeClientIdentity, type: 'client', affiliation: node, tlsHosts: [hosts.peer], tlsOnly: true, maxEnrollments: 1 },
    ...org.roles.map((role): IdentityPlan => ({
      name: identityNameForRole(role), type: 'client', affiliation: `${org.key}.clients`, role, maxEnrollments: 1,
    })),
  ];
}

/** Runs one command; `runCommand` unless a test records the calls. */
export type CommandRunner = (file: string, args: readonly string[], options: RunCommandOptions) => Promise<CommandOutput>;

/** Dependencies of the enrolment step. */
export interface EnrolmentOptions {
  readonly config: NetworkConfig;
  readonly layout: RunLayout;
  readonly caClientBinary: string;
  readonly log: (line: string) => void;
  /** Runs fabric-ca-client; default `runCommand`. */
  readonly run?: CommandRunner;
}

/** One fabric-ca-client call: secrets travel in its environment, never in its arguments. */
interface CaCall {
  readonly args: readonly string[];
  /** What the call does, for the error message. */
  readonly what: string;
  /** The registrar whose home (and so whose enrolment certificate) the call uses. */
  readonly registrar: string;
  /** FABRIC_CA_CLIENT_* variables, read by the client as if they were the matching flags. */
  readonly env: Readonly<Record<string, string>>;
  readonly secret: string;
}

function caUrl(org: OrgConfig, user?: string, secret?: string): string {
  return `https://${user ? `${user}:${secret ?? ''}@` : ''}${orgEndpoints(org).ca}`;
}

/** The enrolment URL (with the password) goes in FABRIC_CA_CLIENT_URL: /proc/<pid>/environ is readable by its owner only. */
function enrolCall(org: OrgConfig, registrar: string, user: string, secret: string, args: readonly string[], what: string): CaCall {
  return { args: ['enroll', ...args], what, registrar, env: { FABRIC_CA_CLIENT_URL: caUrl(org, user, secret) }, secret };
}

async function caClient(options: EnrolmentOptions, org: OrgConfig, call: CaCall): Promise<string> {
  const { layout } = options;
  const common = ['--home', layout.registrarHome(org, call.registrar), '--tls.certfiles', layout.caCert(org)];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...call.env };
  try {
    const { stdout, stderr } = await (options.run ?? runCommand)(options.caClientBinary, [...call.args, ...common], { env, secrets: [call.secret] });
    return `${stdout}\n${stderr}`;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new NetworkError('ENROLMENT_FAILED', `${call.what} at the CA of ${org.mspId} failed (${detail.split(call.secret).join('***')}); ` +
      `run 'npm run network:reset' if the CA database and the run folder disagree`);
  }
}

/** The registrar that registers an identity: clients (role attribute) by one, nodes and admins by the other. */
export function registrarFor(plan: IdentityPlan): string {
  return plan.type === 'client' ? clientRegistrarName : registrarName;
}

async function registerIdentity(options: EnrolmentOptions, org: OrgConfig, plan: IdentityPlan, secret: string): Promise<void> {
  const args = ['register', '--id.name', plan.name, '--id.type', plan.type, '--id.affiliation', plan.affiliation];
  args.push('--id.maxenrollments', String(plan.maxEnrollments));
  if (plan.role) args.push('--id.attrs', `role=${plan.role}:ecert`);
  const env = { FABRIC_CA_CLIENT_URL: caUrl(org), FABRIC_CA_CLIENT_ID_SECRET: secret };
  try {
    await caClient(options, org, { args, what: `registering ${plan.name}`, registrar: registrarFor(plan), env, secret });
  } catch (error) {
    // a re-run after a partial enrolment: the CA already knows the identity with the same secret
    if (!(error instanceof Error && /already registered/i.test(error.message))) throw error;
  }
}

async function enrollIdentity(options: EnrolmentOptions, org: OrgConfig, plan: IdentityPlan, secret: string): Promise<void> {
  const paths = options.layout.identity(org, plan.name);
  const names = ['--csr.names', `C=DE,O=${org.mspId}`];
  const registrar = registrarFor(plan);
  if (!plan.tlsOnly) {
    await caClient(options, org, enrolCall(org, registrar, plan.name, secret, ['-M', paths.msp, ...names], `enrolling ${plan.name}`));
    normaliseEnrolledMsp(paths.msp);
  }
  if (plan.tlsHosts) {
    const args = ['-M', paths.tls, ...names, '--enrollment.profile', 'tls', '--csr.hosts', plan.tlsHosts.join(',')];
    await caClient(options, org, enrolCall(org, registrar, plan.name, secret, args, `enrolling the TLS certificate of ${plan.name}`));
    normaliseEnrolledTls(paths.tls);
  }
}

async function enrollRegistrar(options: EnrolmentOptions, org: OrgConfig, bootstrap: string, registrar: string): Promise<void> {
  const home = options.layout.registrarHome(org, registrar);
  if (existsSync(path.join(home, 'msp', 'signcerts'))) return;
  mkdirSync(home, { recursive: true });
  await caClient(options, org, enrolCall(org, registrar, registrar, registrarSecret(bootstrap, registrar), [], `enrolling the ${registrar}`));
}

function isEnrolled(layout: RunLayout, org: OrgConfig, plan: IdentityPlan): boolean {
  const paths = layout.identity(org, plan.name);
  return existsSync(plan.tlsOnly ? paths.tlsCert : paths.signcert);
}

/**
 * Registers and enrolls every identity of an org that has no certificate yet, and writes the org MSP.
 * No secret appears in a command line or an error message.
 * @throws {NetworkError} ENROLMENT_FAILED naming the identity and the CA.
 */
export async function enrollOrgIdentities(options: EnrolmentOptions, org: OrgConfig): Promise<void> {
  const { layout } = options;
  const bootstrap = readOrCreateSecret(layout.caBootstrapSecret(org));
  const plans = planIdentities(options.config, org).filter((plan) => !isEnrolled(layout, org, plan));
  if (plans.length > 0) {
    for (const registrar of new Set(plans.map(registrarFor))) await enrollRegistrar(options, org, bootstrap, registrar);
    for (const plan of plans) {
      const secret = deriveEnrollSecret(bootstrap, plan.name);
      await registerIdentity(options, org, plan, secret);
      await enrollIdentity(options, org, plan, secret);
    }
    options.log(`enrolled ${plans.length} identities at the CA of ${org.mspId}`);
  }
  writeOrgMsp(layout.orgMsp(org), layout.caCert(org));
}
