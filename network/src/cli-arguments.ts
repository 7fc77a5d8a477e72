/** The flags of the network CLI's onboarding verbs, parsed and checked before anything runs. */
import { parseArgs } from 'node:util';
import { AddOrgRequest } from './org-onboarding-plan';
import { NetworkError } from './network-error';

/** The parsed flags of `add-org`. */
export interface AddOrgArguments {
  readonly request: AddOrgRequest;
  readonly collectSignaturesLocally: boolean;
  /** The network namespace (`ip netns`) to start the org's CA, peer and chaincode servers in. */
  readonly namespace?: string;
}

const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  mspId: '--msp', kind: '--kind', landCode: '--land', key: '--key', name: '--name', host: '--host', operationsHost: '--operations-host',
};

/** The optional fields given on the command line (absent ones stay absent, as the schema wants). */
function optionalFields(values: Readonly<Record<string, string | boolean | undefined>>): Record<string, unknown> {
  const pairs: [string, unknown][] = [['key', values.key], ['name', values.name], ['host', values.host], ['operationsHost', values['operations-host']]];
  // in a namespace the operations endpoints must be reachable from this host's probes: at the org's address
  if (values.netns !== undefined && values['operations-host'] === undefined) pairs.push(['operationsHost', values.host]);
  return Object.fromEntries(pairs.filter(([, value]) => value !== undefined));
}

/**
 * Parses `--msp BBMSP --kind LAND --land DE-BB [--key bb] [--name "..."] [--host <ipv4>]
 * [--operations-host <ipv4>] [--netns <name>] [--collect-signatures-locally]`. `--netns` needs
 * `--host` (the namespace's address) and sets the operations host to it unless given.
 * @throws {NetworkError} COMMAND_FAILED naming the flag that is missing or wrong.
 */
export function parseAddOrgArguments(args: readonly string[]): AddOrgArguments {
  const { values } = parseFlags(args, {
    msp: { type: 'string' }, kind: { type: 'string' }, land: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' },
    host: { type: 'string' }, 'operations-host': { type: 'string' }, netns: { type: 'string' },
    'collect-signatures-locally': { type: 'boolean' },
  });
  if (values.netns !== undefined && values.host === undefined) {
    throw new NetworkError('COMMAND_FAILED', 'add-org: --netns needs --host <the namespace\'s IPv4 address>');
  }
  const result = AddOrgRequest.safeParse({ mspId: values.msp, kind: values.kind, landCode: values.land, ...optionalFields(values) });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${FLAG_OF_FIELD[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
    throw new NetworkError('COMMAND_FAILED', `add-org: ${problems.join('; ')}`);
  }
  return {
    request: result.data,
    collectSignaturesLocally: values['collect-signatures-locally'] === true,
    ...(values.netns === undefined ? {} : { namespace: values.netns }),
  };
}

/** The parsed flags of `sign-update` and `submit-update`: whose admin acts, on which envelope file. */
export interface UpdateArguments {
  readonly org: string;
  readonly file: string;
}

/**
 * Parses `--org LDSMSP --file <update.pb>`.
 * @throws {NetworkError} COMMAND_FAILED when a flag is missing.
 */
export function parseUpdateArguments(verb: string, args: readonly string[]): UpdateArguments {
  const { values } = parseFlags(args, { org: { type: 'string' }, file: { type: 'string' } });
  if (values.org === undefined || values.file === undefined) throw new NetworkError('COMMAND_FAILED', `${verb}: --org <MSP ID> and --file <update.pb> are required`);
  return { org: values.org, file: values.file };
}

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;

function parseFlags<T extends FlagSpec>(args: readonly string[], options: T): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true }>> {
  try {
    return parseArgs({ args: [...args], options, strict: true });
  } catch (error) {
    throw new NetworkError('COMMAND_FAILED', error instanceof Error ? error.message : String(error));
  }
}
