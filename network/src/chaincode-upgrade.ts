/**
 * `network:upgrade-chaincode` (and `deploy`): the next sequence of a chaincode on the running
 * network, with the definition derived from the table as it is now, added orgs included: their
 * peers get the package and approve, and a new Land gets its private data collection. The case
 * chaincode's endorsement policy is the channel's CaseEndorsement, which add-org has grown already
 * (ADR 0009); a chaincode with a signature policy of its own gets one that names the added orgs. Cases, history and private data stay: only the definition changes.
 */
import { deployChaincode, type ChaincodeDeployState } from './chaincode-lifecycle';
import { ensureChaincodeBuilt } from './chaincode-build';
import { bootstrapDirectory } from './directory-bootstrap';
import { resolveFabricBinaries } from './fabric-binaries';
import type { NetworkContext } from './network-context';
import { NetworkError } from './network-error';
import { readNetworkStatus } from './network-status';

/**
 * Packages the chaincode for every org, installs it on every peer, starts the servers on the new
 * package, approves sequence + 1 for every org and commits it.
 * @param name the chaincode of the table (default casestatus).
 * @throws {NetworkError} COMMAND_FAILED for an unknown chaincode; NOT_RUNNING when a peer is down;
 *   COMMAND_FAILED from the peer CLI.
 */
export async function upgradeChaincode(ctx: NetworkContext, name = 'casestatus'): Promise<ChaincodeDeployState> {
  const cc = ctx.config.chaincodes.find((entry) => entry.name === name);
  if (!cc) throw new NetworkError('COMMAND_FAILED', `no chaincode '${name}' in network/config/network.json`);
  const running = (await readNetworkStatus(ctx)).filter((row) => row.name.startsWith('peer-') && row.state === 'running');
  if (running.length < ctx.config.orgs.length) {
    throw new NetworkError('NOT_RUNNING', "the network's peers are not all running: run 'npm run network:up' first");
  }
  const binaries = await resolveFabricBinaries(ctx.env);
  await ensureChaincodeBuilt(cc, ctx.log);
  const options = { ...ctx, binaries };
  const state = await deployChaincode(options, cc, true);
  if (cc.bootstrapDirectory) await bootstrapDirectory(options, cc);
  return state;
}
