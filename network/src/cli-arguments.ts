/** The flags of the network CLI's onboarding verbs, parsed and checked before anything runs. */
import { parseArgs } from 'node:util';
import { AddOrgRequest } from './org-onboarding-plan';
import { NetworkError } from './network-error';

/** The parsed flags of `add-org`. */
export interface AddOrgArguments {
  readonly request: AddOrgRequest;
  readonly collectSignaturesLocally: boolean;
}

/**
 * Parses `--msp BBMSP --kind LAND --land DE-BB [--key bb] [--name "..."] [--collect-signatures-locally]`.
 * @throws {NetworkError} COMMAND_FAILED naming the flag that is missing or wrong.
 */
export function parseAddOrgArguments(args: readonly string[]): AddOrgArguments {
  const { values } = parseFlags(args, {
    msp: { type: 'string' }, kind: { type: 'string' }, land: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' },
    'collect-signatures-locally': { type: 'boolean' },
  });
  const result = AddOrgRequest.safeParse({
    mspId: values.msp, kind: values.kind, landCode: values.land,
    ...(values.key === undefined ? {} : { key: values.key }),
    ...(values.name === undefined ? {} : { name: values.name }),
  });
  if (!result.success) {
    const flags: Record<string, string> = { mspId: '--msp', kind: '--kind', landCode: '--land', key: '--key', name: '--name' };
    const problems = result.error.issues.map((issue) => `${flags[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
    throw new NetworkError('COMMAND_FAILED', `add-org: ${problems.join('; ')}`);
  }
  return { request: result.data, collectSignaturesLocally: values['collect-signatures-locally'] === true };
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
