import { existsSync } from 'node:fs';
import { deployChaincode, queryCommittedSequence, type LifecycleOptions } from './chaincode-lifecycle';
import { ensureChaincodeBuilt } from './chaincode-build';
import { startCaServer } from './ca-server';
import { createGenesisBlock, joinOrdererToChannel, joinPeerToChannel } from './channel-join';
import { bootstrapDirectory } from './directory-bootstrap';
import { enrollOrgIdentities } from './enrolment';
import { resolveFabricBinaries } from './fabric-binaries';
import { installFabricCa } from './fabric-ca-install';
import { runsOrderer, type ChaincodeConfig } from './layout';
import type { NetworkContext } from './network-context';
import { startOrderer, type NodeStepOptions } from './orderer-node';
import { startPeer, waitForPeerDiscovery } from './peer-node';
import { readNetworkStatus } from './network-status';

/** Options of `up`. */
export interface NetworkUpOptions {
  /** Chaincodes to deploy even if the table says deployOnUp false (e.g. the benchmark's baseline). */
  readonly alsoDeploy?: readonly string[];
}

async function ensureChaincode(options: LifecycleOptions, cc: ChaincodeConfig, wanted: boolean): Promise<void> {
  if (!wanted && (await queryCommittedSequence(options, cc.name)) === 0) return;
  await ensureChaincodeBuilt(cc, options.log);
  await deployChaincode(options, cc, false);
  if (cc.bootstrapDirectory) await bootstrapDirectory(options, cc);
}

/**
 * Brings the whole network up, skipping every step already done: Fabric CA install, CAs and
 * identities, genesis block, orderers and channel join, peers and channel join, chaincode servers,
 * chaincode definitions, directory bootstrap. After `down` it resumes the same ledger.
 * @throws {NetworkError} MISSING_BINARY, UNSUPPORTED_FABRIC_VERSION, GO_MISSING, PORT_IN_USE,
 *   ENROLMENT_FAILED, NOT_READY, COMMAND_FAILED, CHAINCODE_NOT_BUILT.
 */
export async function networkUp(ctx: NetworkContext, options: NetworkUpOptions = {}): Promise<void> {
  const { config, env, layout, registry, log } = ctx;
  const binaries = await resolveFabricBinaries(env);
  const nodes = (await readNetworkStatus(ctx)).filter((row) => !row.name.startsWith('chaincode-'));
  if (nodes.every((row) => row.state === 'running')) log('the network is already running: checking channel and chaincodes');
  log(`Fabric ${binaries.version} from ${env.fabricBin}`);
  const ca = await installFabricCa(env, log);
  const caOptions = { config, layout, registry, caServerBinary: ca.server, caClientBinary: ca.client, log };
  await Promise.all(config.orgs.map((org) => startCaServer(caOptions, org)));
  await Promise.all(config.orgs.map((org) => enrollOrgIdentities(caOptions, org)));
  const nodeOptions: NodeStepOptions = { config, layout, registry, binaries, fabricCfg: env.fabricCfg, log };
  await createGenesisBlock(nodeOptions);
  // orgs added to the running network (network:add-org) run no orderer
  const ordering = config.orgs.filter(runsOrderer);
  await Promise.all(ordering.map((org) => startOrderer(nodeOptions, org)));
  for (const org of ordering) await joinOrdererToChannel(nodeOptions, org);
  // an added org's peer is started again once network:add-org has brought it onto the channel
  const peering = config.orgs.filter((org) => runsOrderer(org) || existsSync(layout.peerLedger(org)));
  await Promise.all(peering.map((org) => startPeer(nodeOptions, org)));
  // in parallel, so that each peer's first probe of the other orgs' anchor peers finds them on the channel
  await Promise.all(ordering.map((org) => joinPeerToChannel(nodeOptions, org)));
  // gossip membership forms while the chaincode is deployed (the lifecycle names its peers explicitly)
  const peers = { ...nodeOptions, config: { ...config, orgs: peering } };
  const discovery = Promise.all(peering.map((org) => waitForPeerDiscovery(peers, org)));
  discovery.catch(() => undefined);
  const lifecycle: LifecycleOptions = { config, layout, registry, binaries, log };
  for (const cc of config.chaincodes) {
    await ensureChaincode(lifecycle, cc, cc.deployOnUp || (options.alsoDeploy ?? []).includes(cc.name));
  }
  await discovery;
}
