import { createDirectoryBootstrap } from './collections-config';
import type { LifecycleOptions } from './chaincode-lifecycle';
import type { ChaincodeConfig, OrgConfig } from './layout';
import { NetworkError } from './network-error';
import { createPeerCliEnv } from './peer-node';
import { runCommand, runCommandWithRetry } from './run-command';
import { identityNameForRole, orgEndpoints, runsOrderer } from './layout';

/**
 * The directory is application data: its transactions are signed by the org's ADMIN client identity
 * (the chaincode checks the `role` attribute), never by the org's Fabric admin, which has no role.
 */
const directoryIdentity = identityNameForRole('ADMIN');

function invocation(fn: string, input: unknown): string {
  return JSON.stringify({ function: fn, Args: [JSON.stringify(input)] });
}

/** The MSP IDs the on-ledger authority directory lists (empty before bootstrap), read as the first org's ADMIN client. */
export async function listDirectoryMspIds(options: LifecycleOptions, cc: ChaincodeConfig): Promise<string[]> {
  const org = options.config.orgs[0] as OrgConfig;
  const query = JSON.stringify({ function: 'directory:getDirectory', Args: [] });
  try {
    const { stdout } = await runCommandWithRetry(
      options.binaries.peer,
      ['chaincode', 'query', '-C', options.config.channel, '-n', cc.name, '-c', query],
      { env: createPeerCliEnv(options.layout, org, directoryIdentity), deadlineMs: 15_000, retryIf: (error) => !/DIRECTORY_ERROR/.test(error.message) },
    );
    const directory = JSON.parse(stdout) as { authorities?: { mspId: string }[] };
    return (directory.authorities ?? []).map((entry) => entry.mspId);
  } catch (error) {
    if (error instanceof NetworkError && /DIRECTORY_ERROR/.test(error.message)) return [];
    throw error;
  }
}

/**
 * Registers the founding orgs of the table in the authority directory (`directory:bootstrap`), once,
 * as the first org's ADMIN client identity, endorsed by as many orgs as the chaincode policy needs.
 * A directory that exists is left alone: orgs added later enter it by governance (network:add-org).
 * @throws {NetworkError} COMMAND_FAILED when the chaincode rejects the bootstrap.
 */
export async function bootstrapDirectory(options: LifecycleOptions, cc: ChaincodeConfig): Promise<void> {
  const { layout } = options;
  const config = { ...options.config, orgs: options.config.orgs.filter(runsOrderer) };
  const listed = await listDirectoryMspIds(options, cc);
  if (listed.length > 0) return;
  const first = config.orgs[0] as OrgConfig;
  const endorsers = config.orgs.slice(0, cc.endorsement.outOf);
  const peers = endorsers.flatMap((org) => ['--peerAddresses', orgEndpoints(org).peer, '--tlsRootCertFiles', layout.caCert(org)]);
  await runCommand(
    options.binaries.peer,
    [
      'chaincode', 'invoke', '-o', orgEndpoints(first).orderer, '--tls', '--cafile', layout.caCert(first),
      '-C', config.channel, '-n', cc.name, ...peers, '--waitForEvent',
      '-c', invocation('directory:bootstrap', createDirectoryBootstrap(config)),
    ],
    { env: createPeerCliEnv(layout, first, directoryIdentity) },
  );
  options.log(`bootstrapped the authority directory: ${config.orgs.map((org) => org.mspId).join(', ')}`);
}
