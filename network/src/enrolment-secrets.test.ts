import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caRegistrars, registrarSecret } from './ca-server';
import { enrollOrgIdentities, planIdentities, type CommandRunner } from './enrolment';
import { loadNetworkConfig, RunLayout, type OrgConfig } from './layout';
import type { RunCommandOptions } from './run-command';
import { deriveEnrollSecret } from './secrets';

interface RecordedCall {
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

function valueAfter(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index < 0 ? undefined : args[index + 1];
}

/** Stands in for fabric-ca-client: records each call and writes what an enrolment writes. */
function recordingRunner(calls: RecordedCall[]): CommandRunner {
  return (_file, args, options: RunCommandOptions) => {
    calls.push({ args, env: options.env ?? {} });
    if (args[0] === 'enroll') {
      const msp = valueAfter(args, '-M') ?? path.join(valueAfter(args, '--home') ?? '', 'msp');
      for (const [dir, file] of [['signcerts', 'cert.pem'], ['keystore', 'abc_sk'], ['cacerts', 'ca-7154.pem']]) {
        mkdirSync(path.join(msp, dir as string), { recursive: true });
        writeFileSync(path.join(msp, dir as string, file as string), 'pem');
      }
    }
    return Promise.resolve({ stdout: '', stderr: '' });
  };
}

function newRunFolder(org: OrgConfig): { layout: RunLayout; bootstrap: string } {
  const layout = new RunLayout(mkdtempSync(path.join(os.tmpdir(), 'enrol-secrets-')));
  mkdirSync(layout.caHome(org), { recursive: true });
  writeFileSync(layout.caCert(org), 'ca pem');
  const bootstrap = 'b00t5trap5ecret0f7heca';
  mkdirSync(path.dirname(layout.caBootstrapSecret(org)), { recursive: true });
  writeFileSync(layout.caBootstrapSecret(org), `${bootstrap}\n`);
  return { layout, bootstrap };
}

describe('secrets at the CA never appear in a command line or an error message', () => {
  const config = loadNetworkConfig();
  const org = config.orgs[1] as OrgConfig;
  const plans = planIdentities(config, org);

  function allSecrets(bootstrap: string): string[] {
    return [
      ...caRegistrars.map((registrar) => registrarSecret(bootstrap, registrar.name)),
      ...plans.map((plan) => deriveEnrollSecret(bootstrap, plan.name)),
    ];
  }

  it('passes every password of a full enrolment in the environment of fabric-ca-client, none in its argv', async () => {
    const { layout, bootstrap } = newRunFolder(org);
    const calls: RecordedCall[] = [];
    await enrollOrgIdentities({ config, layout, caClientBinary: 'fabric-ca-client', log: () => undefined, run: recordingRunner(calls) }, org);

    // two registrars, then each identity registered once and enrolled once per certificate
    const enrolments = plans.reduce((sum, plan) => sum + plan.maxEnrollments, 0);
    expect(calls).toHaveLength(caRegistrars.length + plans.length + enrolments);
    const secrets = allSecrets(bootstrap);
    for (const call of calls) {
      const argv = call.args.join(' ');
      for (const secret of secrets) expect(argv).not.toContain(secret);
      expect(argv).not.toMatch(/:\/\/[^/\s]*@/);
    }
    const registrations = calls.filter((call) => call.args[0] === 'register');
    for (const plan of plans) {
      const registration = registrations.find((call) => valueAfter(call.args, '--id.name') === plan.name);
      expect(registration?.env.FABRIC_CA_CLIENT_ID_SECRET).toBe(deriveEnrollSecret(bootstrap, plan.name));
      expect(valueAfter(registration?.args ?? [], '--id.maxenrollments')).toBe(String(plan.maxEnrollments));
    }
    const enrolUrls = calls.filter((call) => call.args[0] === 'enroll').map((call) => call.env.FABRIC_CA_CLIENT_URL);
    expect(enrolUrls).toContain(`https://registrar:${bootstrap}@127.0.0.1:${org.ports.ca}`);
    expect(enrolUrls).toContain(`https://peer0:${deriveEnrollSecret(bootstrap, 'peer0')}@127.0.0.1:${org.ports.ca}`);
  });

  it('names the failing step but neither the arguments nor the environment of a failed fabric-ca-client', async () => {
    const { layout, bootstrap } = newRunFolder(org);
    // a client that echoes its arguments and its FABRIC_CA_CLIENT_* variables in its error
    const fake = path.join(layout.root, 'fabric-ca-client');
    writeFileSync(fake, '#!/bin/sh\necho "Error: could not enroll: $* $FABRIC_CA_CLIENT_URL $FABRIC_CA_CLIENT_ID_SECRET" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    const failure = enrollOrgIdentities({ config, layout, caClientBinary: fake, log: () => undefined }, org);
    await expect(failure).rejects.toMatchObject({ code: 'ENROLMENT_FAILED', message: expect.stringMatching(/^enrolling the registrar at the CA of LDSMSP failed \(fabric-ca-client enroll failed: Error: could not enroll/) as unknown });
    const error = await failure.catch((caught: unknown) => caught);
    let text = '';
    for (let link: unknown = error; link instanceof Error; link = link.cause) text += `${link.message}\n${String(link.stack)}\n`;
    for (const secret of allSecrets(bootstrap)) expect(text).not.toContain(secret);
  });
});
