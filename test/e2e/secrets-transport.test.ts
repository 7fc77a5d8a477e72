/**
 * Secrets and transport on the real network (issue 20): the CA's registrars may register only what
 * the network needs, no identity enrols more often than it needs certificates, and a chaincode
 * server talks only mutual TLS, to a client holding a certificate of its org's CA.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { clientRegistrarName, registrarName, registrarSecret } from '../../network/src/ca-server';
import { chaincodeClientIdentity, identityNameForRole, processNames, type OrgConfig } from '../../network/src/layout';
import type { NetworkContext } from '../../network/src/network-context';
import { runCommand } from '../../network/src/run-command';
import { deriveEnrollSecret, readOrCreateSecret } from '../../network/src/secrets';
import { findOrg } from '../support/fabric-clients';
import { describeRealNetwork } from '../support/real-network';

/** One fabric-ca-client call as a registrar of the org; resolves to the CA's refusal, or '' when it succeeded. */
async function caRefusal(ctx: NetworkContext, org: OrgConfig, registrar: string, args: string[], env: Record<string, string>): Promise<string> {
  const client = path.join(ctx.env.fabricCaBin, 'fabric-ca-client');
  const common = ['--home', ctx.layout.registrarHome(org, registrar), '--tls.certfiles', ctx.layout.caCert(org)];
  try {
    await runCommand(client, [...args, ...common], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Registers a probe identity under the org's clients with a fresh secret; resolves to the refusal or ''. */
function register(ctx: NetworkContext, org: OrgConfig, registrar: string, name: string, secret: string, extra: string[]): Promise<string> {
  const args = ['register', '--id.name', name, '--id.affiliation', `${org.key}.clients`, ...extra];
  return caRefusal(ctx, org, registrar, args, { FABRIC_CA_CLIENT_URL: `https://127.0.0.1:${String(org.ports.ca)}`, FABRIC_CA_CLIENT_ID_SECRET: secret });
}

/** Revokes a probe identity, so that no registered-but-unused identity stays enrollable. */
async function revoke(ctx: NetworkContext, org: OrgConfig, registrar: string, name: string): Promise<void> {
  expect(await caRefusal(ctx, org, registrar, ['revoke', '--revoke.name', name], { FABRIC_CA_CLIENT_URL: `https://127.0.0.1:${String(org.ports.ca)}` })).toBe('');
}

function enrol(ctx: NetworkContext, org: OrgConfig, name: string, secret: string): Promise<string> {
  const msp = mkdtempSync(path.join(os.tmpdir(), 'enrol-probe-'));
  return caRefusal(ctx, org, clientRegistrarName, ['enroll', '-M', msp], { FABRIC_CA_CLIENT_URL: `https://${name}:${secret}@127.0.0.1:${String(org.ports.ca)}` });
}

/** The CA tells a client only "Authentication failure"; its log says why. */
function caLogShowsEnrolmentLimit(ctx: NetworkContext, org: OrgConfig, name: string): boolean {
  const log = readFileSync(ctx.layout.logFile(processNames.ca(org)), 'utf8');
  return new RegExp(`The identity ${name} has already enrolled \\d+ times, it has reached its maximum enrollment allowance`).test(log);
}

const probeName = (): string => `probe-${randomUUID().slice(0, 8)}`;
const probeSecret = (): string => randomUUID();

/**
 * The gRPC status of a call to a method no server has, on the org's casestatus server with these
 * credentials: UNIMPLEMENTED means the connection was accepted, UNAVAILABLE that it was refused.
 */
function probeStatus(org: OrgConfig, credentials: grpc.ChannelCredentials): Promise<grpc.status> {
  const client = new grpc.Client(`127.0.0.1:${String(org.ports.chaincode.casestatus)}`, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
  const same = (value: Buffer): Buffer => value;
  return new Promise((resolve) => {
    client.makeUnaryRequest('/probe.Probe/Ping', same, same, Buffer.alloc(0), { deadline: Date.now() + 5000 }, (error) => {
      client.close();
      resolve(error?.code ?? grpc.status.OK);
    });
  });
}

describeRealNetwork('secrets and transport: limited registrars, counted enrolments, mutual TLS to chaincode servers', (network) => {
  describe('the Fabric CA of LDS', () => {
    const lds = (): OrgConfig => findOrg(network().ctx, 'LDSMSP');

    it('lets the client registrar issue a role identity that enrols once and is refused a second enrolment', async () => {
      const { ctx } = network();
      const [name, secret] = [probeName(), probeSecret()];
      expect(await register(ctx, lds(), clientRegistrarName, name, secret, ['--id.type', 'client', '--id.maxenrollments', '1', '--id.attrs', 'role=AUDITOR:ecert'])).toBe('');
      expect(await enrol(ctx, lds(), name, secret)).toBe('');
      expect(await enrol(ctx, lds(), name, secret)).toMatch(/Authentication failure/);
      expect(caLogShowsEnrolmentLimit(ctx, lds(), name)).toBe(true);
      await revoke(ctx, lds(), clientRegistrarName, name);
    });

    it.each([
      ['a role identity (user-land-reception)', identityNameForRole('LAND_RECEPTION')],
      ['the client registrar', clientRegistrarName],
      ['the peer, which enrolled its enrolment and TLS certificates', 'peer0'],
      ['the bootstrap registrar', registrarName],
    ])('refuses %s a further enrolment with its secret', async (_who, name) => {
      const { ctx } = network();
      const bootstrap = readOrCreateSecret(ctx.layout.caBootstrapSecret(lds()));
      const secret = [registrarName, clientRegistrarName].includes(name) ? registrarSecret(bootstrap, name) : deriveEnrollSecret(bootstrap, name);
      expect(await enrol(ctx, lds(), name, secret)).toMatch(/Authentication failure/);
      expect(caLogShowsEnrolmentLimit(ctx, lds(), name)).toBe(true);
    });

    // each refusal beside the same registration without the offending part, which is accepted
    it.each([
      ['a reserved registrar attribute', clientRegistrarName, ['--id.type', 'client', '--id.attrs', 'hf.Registrar.Roles=client'], ['--id.type', 'client', '--id.attrs', 'role=AUDITOR:ecert']],
      ['an attribute other than role', clientRegistrarName, ['--id.type', 'client', '--id.attrs', 'clearance=top:ecert'], ['--id.type', 'client', '--id.attrs', 'role=AUDITOR:ecert']],
      ['an identity of type admin', clientRegistrarName, ['--id.type', 'admin'], ['--id.type', 'client']],
      ['a role attribute, from the node registrar', registrarName, ['--id.type', 'peer', '--id.attrs', 'role=ADMIN:ecert'], ['--id.type', 'peer']],
      ['a client identity, from the node registrar', registrarName, ['--id.type', 'client'], ['--id.type', 'peer']],
    ])('refuses %s', async (_what, registrar, refused, accepted) => {
      const { ctx } = network();
      const limit = ['--id.maxenrollments', '1'];
      expect(await register(ctx, lds(), registrar, probeName(), probeSecret(), [...refused, ...limit])).toMatch(/Authorization failure/);
      const control = probeName();
      expect(await register(ctx, lds(), registrar, control, probeSecret(), [...accepted, ...limit])).toBe('');
      await revoke(ctx, lds(), registrar, control);
    });

    it('refuses a registration with more enrolments than the CA allows', async () => {
      const { ctx } = network();
      const refusal = await register(ctx, lds(), clientRegistrarName, probeName(), probeSecret(), ['--id.type', 'client', '--id.maxenrollments', '5']);
      expect(refusal).toMatch(/exceeds maximum allowable enrollments \(2\)/);
    });
  });

  describe('the casestatus chaincode server of BAMF', () => {
    const bamf = (): OrgConfig => findOrg(network().ctx, 'BAMFMSP');
    const ca = (): Buffer => readFileSync(network().ctx.layout.caCert(bamf()));

    it('accepts the peer\'s chaincode client certificate over TLS (the positive control)', async () => {
      const client = network().ctx.layout.identity(bamf(), chaincodeClientIdentity);
      const credentials = grpc.credentials.createSsl(ca(), readFileSync(client.tlsKey), readFileSync(client.tlsCert));
      expect(await probeStatus(bamf(), credentials)).toBe(grpc.status.UNIMPLEMENTED);
    });

    it('refuses a plain-text gRPC connection', async () => {
      expect(await probeStatus(bamf(), grpc.credentials.createInsecure())).toBe(grpc.status.UNAVAILABLE);
    });

    it('refuses a TLS connection without a client certificate', async () => {
      expect(await probeStatus(bamf(), grpc.credentials.createSsl(ca()))).toBe(grpc.status.UNAVAILABLE);
    });
  });
});
